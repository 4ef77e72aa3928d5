package kernel

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// LabExtensionName is the npm name of the dlfun JupyterLab 4 / Notebook 7
// extension that renders chart outputs (kernel/labextension); it is also
// its folder under <Jupyter data folder>/labextensions.
const LabExtensionName = "@dlfun/echarts"

// LabExtensionBuildDir returns where `make labextension` writes the built
// extension in repo.
func LabExtensionBuildDir(repo string) string {
	return filepath.Join(repo, "kernel", "labextension", "build", filepath.FromSlash(LabExtensionName))
}

// InstallLabExtension builds the chart renderer extension with `make
// labextension` (a no-op when it is up to date) and copies the build into
// dataDir/labextensions/@dlfun/echarts, replacing an older copy, where
// JupyterLab 4 and Notebook 7 load it at their next start. It returns the
// installed folder. Without make, npm or jupyter-builder it returns an error
// that says what is missing; the caller warns and carries on (charts then
// draw in JupyterLab only in trusted notebooks, through their HTML).
func InstallLabExtension(ctx context.Context, repo, dataDir string, out io.Writer) (string, error) {
	if _, err := exec.LookPath("make"); err == nil {
		mk := exec.CommandContext(ctx, "make", "-s", "--no-print-directory", "labextension")
		mk.Dir = repo
		mk.Stdout, mk.Stderr = out, out
		if err := mk.Run(); err != nil {
			return "", fmt.Errorf("make labextension failed: %v", err)
		}
	}
	src := LabExtensionBuildDir(repo)
	if _, err := os.Stat(filepath.Join(src, "package.json")); err != nil {
		return "", fmt.Errorf("the chart extension is not built (%s missing): run `make labextension` in %s (needs Node.js and the venv of `make lab`)", filepath.Join(src, "package.json"), repo)
	}
	dst := filepath.Join(dataDir, "labextensions", filepath.FromSlash(LabExtensionName))
	if err := os.RemoveAll(dst); err != nil {
		return "", err
	}
	if err := copyTree(src, dst); err != nil {
		return "", fmt.Errorf("installing the chart extension into %s: %w", dst, err)
	}
	return dst, nil
}

// copyTree copies the regular files and folders under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("copying %s: %v", p, err)
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		}
		return nil // symlinks and the like are not part of a build
	})
}

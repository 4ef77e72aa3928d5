package kernel

import (
	"context"
	"fmt"
	"github.com/dlfun/dlfun/kernel/assets"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// Tools are the pinned tool dependencies of go.mod that Install builds into
// the repository's bin folder.
var Tools = []string{
	"github.com/janpfeifer/gonb",
	"golang.org/x/tools/cmd/goimports",
	"golang.org/x/tools/gopls",
}

// InstallOptions configure [Install].
type InstallOptions struct {
	// Repo is the dlfun repository (default: found from the current folder).
	Repo string
	// DataDir is the Jupyter data folder the kernelspec goes into, as
	// DataDir/kernels/dlfun (default: [jupyter.UserDataDir], which honours
	// JUPYTER_DATA_DIR).
	DataDir string
	// Online lets cells use the Go module proxy (no GOPROXY=off).
	Online bool
	// SkipPrewarm skips the cache pre-warming and the first-cell check.
	SkipPrewarm bool
	// Out receives what Install does (default: discarded).
	Out io.Writer
}

// Installation describes an installed kernel.
type Installation struct {
	Repo, BinDir, KernelDir string
	Spec                    *jupyter.KernelSpec
	// WarmUp is how long the pre-warming cell took (a cold cache compiles
	// every dependency); FirstCell is how long the first cell of a second,
	// fresh kernel took afterwards: what a student waits for.
	WarmUp, FirstCell time.Duration
}

// Install downloads the modules go.mod requires (cells run offline, from
// the module cache), builds the pinned GoNB, goimports and gopls into Repo/bin, writes
// the dlfun kernelspec into DataDir/kernels/dlfun and pre-warms the Go
// build cache by running, in the new kernel, a cell that imports what the
// notebooks import. It is idempotent: a second run rebuilds nothing that is
// up to date and rewrites the same kernelspec.
func Install(ctx context.Context, opts InstallOptions) (*Installation, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	repo := opts.Repo
	if repo == "" {
		var err error
		if repo, err = FindRepo("."); err != nil {
			return nil, err
		}
	}
	dataDir := opts.DataDir
	if dataDir == "" {
		dataDir = jupyter.UserDataDir()
	}
	inst := &Installation{Repo: repo, BinDir: filepath.Join(repo, "bin")}

	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the go command is not on PATH: install Go 1.26 (https://go.dev/dl) first")
	}
	start := time.Now()
	// Cells run with GOPROXY=off: every module go.mod requires must be in
	// the module cache before the first cell (a no-op when it is).
	download := exec.CommandContext(ctx, goCmd, "mod", "download")
	download.Dir = repo
	if b, err := download.CombinedOutput(); err != nil {
		fmt.Fprintf(out, "warning: go mod download failed (offline?); cells can only import modules already in the cache: %v\n%s", err, b)
	}
	build := exec.CommandContext(ctx, goCmd, append([]string{"build", "-o", inst.BinDir + string(os.PathSeparator)}, Tools...)...)
	build.Dir = repo
	if b, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the kernel tools (go build -o bin/ %s) failed: %v\n%s", strings.Join(Tools, " "), err, b)
	}
	fmt.Fprintf(out, "built gonb, goimports, gopls into %s (%.1fs)\n", inst.BinDir, time.Since(start).Seconds())

	goBin := filepath.Dir(goCmd)
	if resolved, err := filepath.EvalSymlinks(goCmd); err == nil {
		goBin = filepath.Dir(resolved)
	}
	inst.Spec = NewKernelSpec(repo, goBin, opts.Online)
	// Charts load echarts.min.js from the kernelspec folder, which the
	// Jupyter server serves (0 bytes per notebook, offline). Without it
	// (npm unreachable on first install) each notebook's first chart
	// carries the library inline instead: slower, but still offline.
	extra := map[string][]byte{}
	if lib, err := assets.EnsureECharts(repo); err != nil {
		fmt.Fprintf(out, "warning: could not fetch echarts.min.js (%v); charts will inline the library (run `make echarts` once online)\n", err)
	} else if b, err := os.ReadFile(lib); err == nil {
		extra[assets.EChartsFile] = b
		for k, v := range assets.KernelspecEnv(KernelName) {
			inst.Spec.Env[k] = v
		}
	}
	if inst.KernelDir, err = WriteKernelSpecFiles(filepath.Join(dataDir, "kernels"), inst.Spec, extra); err != nil {
		return nil, err
	}
	mode := "offline: GOPROXY=off"
	if opts.Online {
		mode = "online: the Go module proxy is allowed"
	}
	fmt.Fprintf(out, "installed kernelspec %q (%s, %s) in %s\n", KernelName, DisplayName, mode, inst.KernelDir)
	if dir, err := InstallLabExtension(ctx, repo, dataDir, out); err != nil {
		fmt.Fprintf(out, "warning: JupyterLab/Notebook 7 chart renderer not installed: %v\n", err)
	} else {
		fmt.Fprintf(out, "installed the chart renderer for JupyterLab 4 and Notebook 7 in %s\n", dir)
	}
	if opts.SkipPrewarm {
		return inst, nil
	}
	if err := prewarm(ctx, inst, out); err != nil {
		return inst, err
	}
	return inst, nil
}

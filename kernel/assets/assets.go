// Package assets fetches and installs the browser files dlfun notebooks need
// but the repository does not carry: echarts.min.js, the ECharts library that
// draws every chart (Apache-2.0, from the npm package "echarts"), and KaTeX
// (MIT, npm package "katex"), which typesets formulas in the static HTML
// export.
//
// The documented step is
//
//	go run ./kernel/assets/fetchecharts      # or: make echarts
//
// which runs `npm pack echarts@5.6.0` and `npm pack katex@0.19.1` in a
// temporary directory, checks every file's SHA-256 and writes
// kernel/assets/echarts.min.js and kernel/assets/katex/ (both git-ignored).
// `dlfun install` then calls InstallECharts to copy it into the dlfun
// kernelspec directory and puts KernelspecEnv into the kernelspec's env, so
// that the Jupyter server serves the library to the notebook page at
// <base_url>kernelspecs/<name>/echarts.min.js (see dl/echarts).
package assets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// EChartsVersion is the pinned version of the npm package echarts (5.x is
// the major version go-echarts v2.6 targets).
const EChartsVersion = "5.6.0"

// EChartsSHA256 is the SHA-256 of package/dist/echarts.min.js of
// EChartsVersion.
const EChartsSHA256 = "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1"

// EChartsFile is the library's file name, in kernel/assets and in the
// kernelspec directory.
const EChartsFile = "echarts.min.js"

// EChartsPath returns kernel/assets/echarts.min.js under the repository
// root repoRoot.
func EChartsPath(repoRoot string) string {
	return filepath.Join(repoRoot, "kernel", "assets", EChartsFile)
}

// FetchECharts downloads echarts@EChartsVersion with `npm pack` (so the
// user's npm registry, proxy and cache settings apply), verifies its
// checksum and writes dist/echarts.min.js to dst.
func FetchECharts(dst string) error {
	tgz, cleanup, err := npmPack("echarts", EChartsVersion)
	if err != nil {
		return err
	}
	defer cleanup()
	lib, err := extract(tgz, "package/dist/"+EChartsFile)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(lib)
	if got := hex.EncodeToString(sum[:]); got != EChartsSHA256 {
		return fmt.Errorf("%s from npm has SHA-256 %s, want %s", EChartsFile, got, EChartsSHA256)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, lib, 0o644)
}

// npmPack downloads the npm package pkg@version into a temporary directory
// with `npm pack` (so the user's npm registry, proxy and cache settings
// apply) and returns the tarball's path and a function removing it.
func npmPack(pkg, version string) (tgz string, cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", "dlfun-npm-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	cmd := exec.Command("npm", "pack", "--silent", pkg+"@"+version)
	cmd.Dir = tmp
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("npm pack %s@%s: %v: %s (is npm installed and the registry reachable?)",
			pkg, version, err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Fields(string(out))
	if len(lines) == 0 {
		cleanup()
		return "", nil, errors.New("npm pack printed no file name")
	}
	return filepath.Join(tmp, lines[len(lines)-1]), cleanup, nil
}

// extract returns the file called name from the gzipped tar archive tgz.
func extract(tgz, name string) ([]byte, error) {
	f, err := os.Open(tgz)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tgz, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s has no %s", tgz, name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tgz, err)
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

// EnsureECharts returns the path of kernel/assets/echarts.min.js under
// repoRoot, fetching it first if it is missing.
func EnsureECharts(repoRoot string) (string, error) {
	p := EChartsPath(repoRoot)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return p, FetchECharts(p)
}

// InstallECharts copies the library (fetching it if needed) into the
// kernelspec directory kernelDir, where the Jupyter server serves it.
func InstallECharts(repoRoot, kernelDir string) error {
	src, err := EnsureECharts(repoRoot)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(kernelDir, EChartsFile), b, 0o644)
}

// KernelspecEnv returns the environment entries the kernelspec named name
// must set so that charts load the library the server serves from that
// kernelspec's directory (DLFUN_ECHARTS_URL, read by dl/echarts).
func KernelspecEnv(name string) map[string]string {
	return map[string]string{"DLFUN_ECHARTS_URL": "kernelspecs/" + name + "/" + EChartsFile}
}

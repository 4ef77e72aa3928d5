package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// KernelName is the name of the kernelspec dlfun installs.
const KernelName = "dlfun"

// DisplayName is the kernel's name in Jupyter's launcher.
const DisplayName = "Go (dlfun)"

// QuietLogFlags are the GoNB (klog) flags that keep Jupyter's terminal
// quiet. By default GoNB logs an Info line for each message it handles, a
// Go stack trace ("killing gopls: …") at every shutdown, and, because of a
// nil *os.File in an io.Writer in GoNB v0.11.4's setUpKlog, the test lines
// "Info message", "Warning message" and "Error message" at every start.
// The flags send that log to the null device (a file would have to be
// writable by every user a kernel runs as: the grader's sandbox uses
// nobody) and only fatal errors, the ones that end the kernel, to stderr.
// Errors of a cell still show in the notebook. To watch the kernel,
// replace them with -logtostderr=true -v=2 in kernel.json.
var QuietLogFlags = []string{"-logtostderr=false", "-alsologtostderr=false", "-stderrthreshold=FATAL", "-log_file=" + os.DevNull}

// NewKernelSpec returns the dlfun kernelspec for the repository at repo:
// GoNB from repo/bin with -go_work=repo (so notebooks import the local
// github.com/dlfun/dlfun/... packages), repo/bin and goBin (the folder of
// the go command, "" to rely on PATH) first on PATH and, unless online,
// GOPROXY=off and GOTOOLCHAIN=local so cells never touch the network.
func NewKernelSpec(repo, goBin string, online bool) *jupyter.KernelSpec {
	bin := filepath.Join(repo, "bin")
	path := bin
	if goBin != "" && goBin != bin {
		path += string(os.PathListSeparator) + goBin
	}
	env := map[string]string{"PATH": path + string(os.PathListSeparator) + "${PATH}"}
	if !online {
		env["GOPROXY"] = "off"
		env["GOTOOLCHAIN"] = "local"
	}
	return &jupyter.KernelSpec{
		Argv:          append([]string{filepath.Join(bin, "gonb"), "--kernel", "{connection_file}", "-go_work=" + repo}, QuietLogFlags...),
		DisplayName:   DisplayName,
		Language:      "go",
		InterruptMode: "signal",
		Env:           env,
		Metadata:      map[string]any{"dlfun": map[string]any{"repo": repo, "online": online}},
	}
}

// WriteKernelSpec writes spec with its logos as kernelsDir/dlfun, replacing
// an earlier install. The new spec is assembled in a temporary folder
// beside it and renamed into place, so Jupyter never sees half a kernel.
func WriteKernelSpec(kernelsDir string, spec *jupyter.KernelSpec) (string, error) {
	return WriteKernelSpecFiles(kernelsDir, spec, nil)
}

// WriteKernelSpecFiles is WriteKernelSpec with extra files (name → content)
// written into the kernelspec folder in the same atomic step; Install uses it
// for echarts.min.js, which the Jupyter server then serves to chart outputs.
func WriteKernelSpecFiles(kernelsDir string, spec *jupyter.KernelSpec, extra map[string][]byte) (string, error) {
	if err := os.MkdirAll(kernelsDir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(kernelsDir, "."+KernelName+"-new-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	files := map[string][]byte{
		"kernel.json":    append(b, '\n'),
		"logo-32x32.png": Logo(32),
		"logo-64x64.png": Logo(64),
	}
	for name, data := range extra {
		files[name] = data
	}
	for name, data := range files {
		if err := notebook.WriteFileAtomic(filepath.Join(tmp, name), data, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	dir := filepath.Join(kernelsDir, KernelName)
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = filepath.Join(kernelsDir, fmt.Sprintf(".%s-old-%d", KernelName, os.Getpid()))
		os.RemoveAll(old)
		if err := os.Rename(dir, old); err != nil {
			return "", fmt.Errorf("moving the previous kernelspec aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the previous install back
		}
		return "", fmt.Errorf("installing the kernelspec into %s: %w", dir, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return dir, nil
}

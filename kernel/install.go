package kernel

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/assets"
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
	// Quick makes Install return as soon as a cell can run: it builds GoNB
	// and goimports and writes the kernelspec, and leaves building gopls
	// (which serves only completion) and pre-warming the build cache to
	// [Installation.Finish], which [Lab] runs while Jupyter starts.
	Quick bool
	// Out receives what Install does (default: discarded).
	Out io.Writer
}

// Installation describes an installed kernel.
type Installation struct {
	Repo, BinDir, KernelDir string
	// DataDir is the Jupyter data folder the kernelspec went into.
	DataDir string
	Spec    *jupyter.KernelSpec
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
	step := newSteps(out)
	// Cells run with GOPROXY=off: every module go.mod requires must be in
	// the module cache before the first cell (a no-op when it is).
	download := exec.CommandContext(ctx, goCmd, "mod", "download")
	download.Dir = repo
	if b, err := download.CombinedOutput(); err != nil {
		fmt.Fprintf(out, "warning: go mod download failed (offline?); cells can only import modules already in the cache: %v\n%s", err, b)
	}
	step.done("go mod download (the modules go.mod requires, from the Go module proxy when missing)")
	tools := Tools
	if opts.Quick {
		tools = kernelTools
	}
	if err := buildTools(ctx, goCmd, repo, inst.BinDir, tools, false); err != nil {
		return nil, err
	}
	step.done("built %s into %s", toolNames(tools), inst.BinDir)

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
	if _, err := os.Stat(assets.EChartsPath(repo)); err != nil {
		fmt.Fprintf(out, "downloading %s from the npm package echarts@%s (npm pack, about 1 MB, once)\n", assets.EChartsFile, assets.EChartsVersion)
	}
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
	step.done("installed kernelspec %q (%s, %s) in %s", KernelName, DisplayName, mode, inst.KernelDir)
	inst.DataDir = dataDir
	if !opts.Quick { // a Quick install does it in Finish, after the server started
		inst.installLabExtension(ctx, out)
	}
	if opts.SkipPrewarm || opts.Quick {
		return inst, nil
	}
	if err := prewarm(ctx, inst, out, 2); err != nil {
		return inst, err
	}
	return inst, nil
}

// installLabExtension builds (make labextension: npm ci and
// jupyter-builder, about 80 s the first time) and installs the JupyterLab 4
// / Notebook 7 chart renderer into the data folder; a failure is only a
// warning, since charts still draw in trusted notebooks without it.
func (inst *Installation) installLabExtension(ctx context.Context, out io.Writer) bool {
	dir, err := InstallLabExtension(ctx, inst.Repo, inst.DataDir, out)
	if err != nil {
		fmt.Fprintf(out, "warning: JupyterLab/Notebook 7 chart renderer not installed: %v\n", err)
		return false
	}
	fmt.Fprintf(out, "installed the chart renderer for JupyterLab 4 and Notebook 7 in %s\n", dir)
	return true
}

// kernelTools are the tools a cell needs to run; gopls only serves
// completion and inspection.
var kernelTools = []string{
	"github.com/janpfeifer/gonb",
	"golang.org/x/tools/cmd/goimports",
}

// goplsTool is the tool [Installation.Finish] builds after a Quick install.
const goplsTool = "golang.org/x/tools/gopls"

// Finish completes a Quick install: it pre-warms the Go build cache with
// the packages notebooks import (the cells after the first one need them),
// then builds gopls into the bin folder (kernels started from then on offer
// completion: GoNB looks for gopls when a kernel starts). It reports each
// step to out.
func (inst *Installation) Finish(ctx context.Context, out io.Writer) error {
	warmErr := prewarm(ctx, inst, out, 1)
	if inst.installLabExtension(ctx, out) {
		fmt.Fprintln(out, "reload the JupyterLab page to get the chart renderer (until then charts draw in trusted notebooks only)")
	}
	step := newSteps(out)
	if err := BuildGopls(ctx, inst.BinDir); err != nil {
		return err
	}
	step.done("built gopls into %s: Tab completion works in kernels started from now on (restart a running kernel to get it)", inst.BinDir)
	return warmErr
}

// BuildGopls builds gopls into binDir (the repository's bin folder) in a
// temporary folder first, then renames it into place, so a kernel starting
// meanwhile finds either no gopls or a complete one.
func BuildGopls(ctx context.Context, binDir string) error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("the go command is not on PATH: install Go 1.26 (https://go.dev/dl) first")
	}
	tmp, err := os.MkdirTemp(binDir, ".gopls-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := buildTools(ctx, goCmd, filepath.Dir(binDir), tmp, []string{goplsTool}, true); err != nil {
		return err
	}
	return os.Rename(filepath.Join(tmp, "gopls"), filepath.Join(binDir, "gopls"))
}

// buildTools runs `go build -o binDir/ tools...` in repo, under `nice`
// when background is set and nice exists (cells and Jupyter come first).
func buildTools(ctx context.Context, goCmd, repo, binDir string, tools []string, background bool) error {
	args := append([]string{goCmd, "build", "-o", binDir + string(os.PathSeparator)}, tools...)
	if nice, err := exec.LookPath("nice"); err == nil && background {
		args = append([]string{nice, "-n", "10"}, args...)
	}
	build := exec.CommandContext(ctx, args[0], args[1:]...)
	build.Dir = repo
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the kernel tools (go build -o %s/ %s) failed: %v\n%s", binDir, strings.Join(tools, " "), err, b)
	}
	return nil
}

// toolNames returns the command names of tools ("gonb, goimports").
func toolNames(tools []string) string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = filepath.Base(t)
	}
	return strings.Join(names, ", ")
}

// processStart is when the command started: the steps of a first-time
// build say how long after it they ended.
var processStart = time.Now()

// steps reports the steps of a first-time build, each with the time since
// the command started and its own duration.
type steps struct {
	out  io.Writer
	last time.Time
}

func newSteps(out io.Writer) *steps {
	return &steps{out: out, last: time.Now()}
}

// done reports a finished step.
func (s *steps) done(format string, args ...any) {
	now := time.Now()
	fmt.Fprintf(s.out, "[%5.1fs] %s (%.1fs)\n", now.Sub(processStart).Seconds(), fmt.Sprintf(format, args...), now.Sub(s.last).Seconds())
	s.last = now
}

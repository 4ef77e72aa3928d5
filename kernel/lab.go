package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// Jupyter is a working Jupyter installation.
type Jupyter struct {
	// Path of the jupyter command.
	Path string
	// Lab and Notebook say whether `jupyter lab` and `jupyter notebook` work.
	Lab, Notebook bool
}

// jupyterCandidates are tried in order: the jupyter on PATH (if it works:
// a pyenv shim without Jupyter does not), then the system and Homebrew
// ones. userJupyters, tried only when none of these works, adds the one
// `pip install --user` puts in Python's user folder.
func jupyterCandidates() []string {
	var c []string
	if p, err := exec.LookPath("jupyter"); err == nil {
		c = append(c, p)
	}
	return append(c, "/usr/local/bin/jupyter", "/usr/bin/jupyter", "/opt/homebrew/bin/jupyter")
}

// userJupyters returns where `pip install --user` puts jupyter for the
// python3 on PATH (and Debian's /usr/bin/python3 on Linux), a folder often
// not on PATH: ~/.local/bin on Linux, ~/Library/Python/3.x/bin on macOS.
// (On macOS, /usr/bin/python3 is left alone: without the command line
// tools it opens an installer dialog.)
func userJupyters(ctx context.Context) []string {
	pythons := []string{"python3"}
	if runtime.GOOS == "linux" {
		pythons = append(pythons, "/usr/bin/python3")
	}
	var c []string
	for _, py := range pythons {
		if bin := userBaseBin(ctx, py); bin != "" {
			c = append(c, filepath.Join(bin, "jupyter"))
		}
	}
	return c
}

// userBaseBin returns the folder where python's `pip install --user` puts
// commands, or "" if python is missing.
func userBaseBin(ctx context.Context, python string) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-m", "site", "--user-base").Output()
	if err != nil {
		return ""
	}
	base := strings.TrimSpace(string(out))
	if base == "" {
		return ""
	}
	return filepath.Join(base, "bin")
}

// FindJupyter returns the first working Jupyter that has Lab or the classic
// Notebook, or an error saying how to install one.
func FindJupyter(ctx context.Context) (*Jupyter, error) {
	seen := map[string]bool{}
	try := func(candidates []string) *Jupyter {
		for _, p := range candidates {
			if seen[p] {
				continue
			}
			seen[p] = true
			if _, err := os.Stat(p); err != nil {
				continue
			}
			if j := probeJupyter(ctx, p); j != nil {
				return j
			}
		}
		return nil
	}
	if j := try(jupyterCandidates()); j != nil {
		return j, nil
	}
	if j := try(userJupyters(ctx)); j != nil { // starts Python: only when needed
		return j, nil
	}
	return nil, errNoJupyter
}

var errNoJupyter = errors.New(`no working Jupyter found (tried jupyter on PATH, /usr/local/bin, /usr/bin, /opt/homebrew/bin and Python's user folder).
Install one, then run this again:
  with the repository's pinned versions:  make lab (creates .venv/ with python3 -m venv)
  Debian/Ubuntu:  sudo apt-get install -y python3-venv   (then make lab)
  macOS:          brew install jupyterlab
  or use the Docker image (see README.md)`)

// VenvDir is the project-local virtual environment [Lab] creates when the
// machine has no JupyterLab, relative to the repository.
const VenvDir = ".venv"

// LabRequirements is the hash-locked requirements file [Lab] installs into
// [VenvDir], relative to the repository.
const LabRequirements = "python/requirements-lab.txt"

// venvJupyter returns the venv's jupyter if it has JupyterLab (or, for
// classic, a Notebook), else nil.
func venvJupyter(ctx context.Context, repo string, classic bool) *Jupyter {
	p := filepath.Join(repo, VenvDir, "bin", "jupyter")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	j := probeJupyter(ctx, p)
	if j == nil || (!classic && !j.Lab) {
		return nil
	}
	return j
}

// probeJupyter returns what the jupyter at path can start, or nil if it
// starts neither JupyterLab nor a Notebook. Each question starts Python:
// about a second, but tens of seconds on a busy 2-core machine, hence the
// generous time limit.
func probeJupyter(ctx context.Context, path string) *Jupyter {
	works := func(args ...string) bool {
		ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		return exec.CommandContext(ctx, path, args...).Run() == nil
	}
	if !works("--version") {
		return nil
	}
	j := &Jupyter{Path: path, Lab: works("lab", "--version"), Notebook: works("notebook", "--version")}
	if !j.Lab && !j.Notebook {
		return nil
	}
	return j
}

// pinnedPackages returns the "name version" pairs of a hash-locked
// requirements file (lines "name==version ..."), in file order.
func pinnedPackages(requirements []byte) []string {
	var pkgs []string
	for _, line := range strings.Split(string(requirements), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '#' {
			continue
		}
		name, rest, ok := strings.Cut(line, "==")
		if !ok {
			continue
		}
		version, _, _ := strings.Cut(rest, " ")
		pkgs = append(pkgs, name+" "+version)
	}
	return pkgs
}

// CreateVenv creates repo/.venv with `python3 -m venv` and installs the
// hash-locked front-ends of python/requirements-lab.txt into it with pip
// (wheels only, no dependency resolution: the file pins every package).
// No root and no system package is needed. It says what it downloads and
// returns the venv's jupyter.
func CreateVenv(ctx context.Context, repo string, out io.Writer) (*Jupyter, error) {
	reqPath := filepath.Join(repo, LabRequirements)
	req, err := os.ReadFile(reqPath)
	if err != nil {
		return nil, fmt.Errorf("reading the pinned front-ends: %w", err)
	}
	pkgs := pinnedPackages(req)
	step := newSteps(out)
	venv := filepath.Join(repo, VenvDir)
	run := func(name string, args ...string) error {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = repo
		b, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s %s failed: %v\n%s", name, strings.Join(args, " "), err, b)
		}
		return nil
	}
	// Python's ensurepip takes about 15 s to put pip into a new venv; a
	// pip that can install into another interpreter (--python, pip 22.3)
	// skips that.
	hostPip := hostPipWithPython(ctx)
	if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err != nil {
		args := []string{"-m", "venv", venv}
		if hostPip {
			args = append(args, "--without-pip")
		}
		if err := run("python3", args...); err != nil {
			return nil, fmt.Errorf("%w\nOn Debian/Ubuntu, python3 -m venv needs the package python3-venv (sudo apt-get install -y python3-venv); or install JupyterLab yourself and run make lab again", err)
		}
		step.done("created the virtual environment %s (python3 %s)", venv, strings.Join(args, " "))
	}
	fmt.Fprintf(out, "downloading JupyterLab and Notebook from PyPI into %s: %d wheels pinned with hashes in %s, among them %s\n",
		VenvDir, len(pkgs), LabRequirements, strings.Join(topLevel(pkgs), ", "))
	venvPython := filepath.Join(venv, "bin", "python")
	pip := []string{venvPython, "-m", "pip"}
	if hostPip {
		pip = []string{"python3", "-m", "pip", "--python", venvPython}
	}
	// --no-compile: Python compiles the modules it imports on first use
	// instead of pip compiling all of them (most are never imported).
	pip = append(pip, "install", "--quiet", "--disable-pip-version-check", "--no-compile",
		"--require-hashes", "--only-binary=:all:", "--no-deps", "-r", reqPath)
	if err := run(pip[0], pip[1:]...); err != nil {
		return nil, err
	}
	step.done("installed the %d packages into %s (pip install --require-hashes)", len(pkgs), venv)
	// These are the pinned JupyterLab and Notebook: no need to ask them
	// (each question starts Python: seconds).
	j := &Jupyter{Path: filepath.Join(venv, "bin", "jupyter"), Lab: true, Notebook: true}
	if _, err := os.Stat(j.Path); err != nil {
		return nil, fmt.Errorf("pip install -r %s left no %s; remove %s and run make lab again", LabRequirements, j.Path, venv)
	}
	return j, nil
}

// hostPipWithPython reports whether python3 has a pip that installs into
// another interpreter's environment (pip install --python, pip ≥ 22.3).
func hostPipWithPython(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "python3", "-m", "pip", "--version").Output()
	if err != nil {
		return false
	}
	return pipHasPythonOption(string(out))
}

// pipHasPythonOption reports whether the output of `pip --version`
// ("pip 23.2.1 from …") names pip 22.3 or later.
func pipHasPythonOption(version string) bool {
	f := strings.Fields(version)
	if len(f) < 2 || f[0] != "pip" {
		return false
	}
	parts := strings.SplitN(f[1], ".", 3)
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return false
	}
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	return major > 22 || major == 22 && minor >= 3
}

// labFrontEnds are the packages requirements-lab.in asks for; the rest of
// requirements-lab.txt are their dependencies.
var labFrontEnds = []string{"jupyterlab", "notebook", "jupyterlab-rise"}

// topLevel returns the entries of pkgs that are labFrontEnds.
func topLevel(pkgs []string) []string {
	var top []string
	for _, p := range pkgs {
		name, _, _ := strings.Cut(p, " ")
		for _, f := range labFrontEnds {
			if name == f {
				top = append(top, p)
			}
		}
	}
	return top
}

// LabOptions configure [Lab].
type LabOptions struct {
	// Repo is the dlfun repository (default: found from the current folder).
	Repo string
	// Classic starts `jupyter notebook` (the classic Notebook, or Notebook 7)
	// instead of JupyterLab.
	Classic bool
	// IP and Port to listen on (default 127.0.0.1:8888).
	IP   string
	Port int
	// Out and Err receive Jupyter's output (default: os.Stdout, os.Stderr).
	Out, Err io.Writer
}

// Lab installs the kernel if it is missing or belongs to another clone,
// finds a JupyterLab (or, with Classic, a `jupyter notebook`) or installs
// the pinned one into Repo/.venv meanwhile, starts it on Repo/notebooks as
// soon as a cell can run, builds gopls and pre-warms the build cache in
// the background, and waits for Jupyter to exit. The first time, it
// reports each step with the seconds since the command started.
func Lab(ctx context.Context, opts LabOptions) error {
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if opts.Err == nil {
		opts.Err = os.Stderr
	}
	if opts.IP == "" {
		opts.IP = "127.0.0.1"
	}
	if opts.Port == 0 {
		opts.Port = 8888
	}
	repo := opts.Repo
	if repo == "" {
		var err error
		if repo, err = FindRepo("."); err != nil {
			return err
		}
	}
	step := newSteps(opts.Out)
	// The kernel builds while Jupyter is looked for (each candidate starts
	// Python) or installed.
	type installResult struct {
		inst *Installation
		err  error
	}
	var kernelDone chan installResult
	if !Installed(repo) {
		fmt.Fprintln(opts.Out, "installing the dlfun kernel first (once; later starts skip this)")
		kernelDone = make(chan installResult, 1)
		go func() {
			inst, err := Install(ctx, InstallOptions{Repo: repo, Out: opts.Out, Quick: true})
			kernelDone <- installResult{inst, err}
		}()
	}
	// A Jupyter already on the machine is used as it is; without one that
	// starts what was asked for, the venv gets the pinned JupyterLab.
	j := findLabJupyter(ctx, repo, opts.Classic)
	if j != nil {
		step.done("using %s", j.Path)
	} else {
		var err error
		if j, err = CreateVenv(ctx, repo, opts.Out); err != nil {
			return err
		}
	}
	var finish *Installation // what to complete in the background
	if kernelDone != nil {
		r := <-kernelDone
		if r.err != nil {
			return r.err
		}
		finish = r.inst
	} else if _, err := os.Stat(filepath.Join(repo, "bin", "gopls")); err != nil {
		finish = &Installation{Repo: repo, BinDir: filepath.Join(repo, "bin")}
	}
	app := "lab"
	if opts.Classic || !j.Lab {
		app = "notebook"
	}
	if !j.Notebook && app == "notebook" {
		return fmt.Errorf("%s has no classic Notebook; run without --notebook for JupyterLab", j.Path)
	}
	args := []string{app, "--ip=" + opts.IP, "--port=" + strconv.Itoa(opts.Port)}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	dir := filepath.Join(repo, "notebooks")
	step.done("starting %s %s on http://%s:%d in %s (open the URL with the token printed below; Ctrl-C stops it)",
		j.Path, app, opts.IP, opts.Port, dir)
	cmd := exec.Command(j.Path, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr, cmd.Stdin = opts.Out, opts.Err, os.Stdin
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if finish != nil {
		go func() {
			// Not before the server answers: on 2 cores, compiling gopls
			// would double the time JupyterLab takes to start.
			waitListening(ctx, net.JoinHostPort(opts.IP, strconv.Itoa(opts.Port)), 3*time.Minute)
			finishInBackground(ctx, finish, opts.Out)
		}()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Ask Jupyter to shut down (it shuts its kernels down too) without
		// its "Shutdown this notebook server (y/[n])?" question.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			return <-done
		}
	}
}

// waitListening waits until something accepts TCP connections on addr,
// or for at most limit.
func waitListening(ctx context.Context, addr string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// finishInBackground completes a quick install while Jupyter runs.
func finishInBackground(ctx context.Context, inst *Installation, out io.Writer) {
	var err error
	if inst.Spec == nil { // the kernel was installed earlier: only gopls is missing
		err = BuildGopls(ctx, inst.BinDir)
		if err == nil {
			fmt.Fprintf(out, "built gopls into %s: Tab completion works in kernels started from now on\n", inst.BinDir)
		}
	} else {
		err = inst.Finish(ctx, out)
	}
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(out, "warning: %v (cells still run; only Tab completion or the first cell's speed suffer)\n", err)
	}
}

// findLabJupyter returns the Jupyter to start: for JupyterLab, the first
// one on the machine that has it, else the venv's; for the classic
// Notebook, the first one that has `jupyter notebook`, else the venv's.
// It returns nil when there is none.
func findLabJupyter(ctx context.Context, repo string, classic bool) *Jupyter {
	if j, err := FindJupyter(ctx); err == nil && (j.Lab || classic && j.Notebook) {
		return j
	}
	return venvJupyter(ctx, repo, classic)
}

// Installed reports whether the dlfun kernelspec found by Jupyter belongs
// to repo and its GoNB binary exists.
func Installed(repo string) bool {
	spec, err := jupyter.FindKernelSpec(KernelName)
	if err != nil {
		return false
	}
	md, _ := spec.Metadata["dlfun"].(map[string]any)
	if r, _ := md["repo"].(string); r != repo {
		return false
	}
	_, err = os.Stat(spec.Argv[0])
	return err == nil
}

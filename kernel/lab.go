package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	works := func(path string, args ...string) bool {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		return exec.CommandContext(ctx, path, args...).Run() == nil
	}
	seen := map[string]bool{}
	try := func(candidates []string) *Jupyter {
		for _, p := range candidates {
			if seen[p] {
				continue
			}
			seen[p] = true
			if _, err := os.Stat(p); err != nil || !works(p, "--version") {
				continue
			}
			j := &Jupyter{Path: p, Lab: works(p, "lab", "--version"), Notebook: works(p, "notebook", "--version")}
			if j.Lab || j.Notebook {
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
  Debian/Ubuntu:  sudo apt-get install -y jupyter-notebook
  macOS:          brew install jupyterlab
  with pip:       python3 -m pip install --user jupyterlab
  or use the Docker image (see README.md)`)

// installJupyter installs Debian's jupyter-notebook when running as root
// with apt-get, else tries pip; it reports what it ran.
func installJupyter(ctx context.Context, out, errw io.Writer) error {
	run := func(name string, args ...string) error {
		fmt.Fprintf(out, "$ %s %v\n", name, args)
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Stdout, cmd.Stderr = out, errw
		return cmd.Run()
	}
	if _, err := exec.LookPath("apt-get"); err == nil && os.Geteuid() == 0 {
		if err := run("apt-get", "update"); err == nil {
			if err := run("apt-get", "install", "-y", "jupyter-notebook"); err == nil {
				return nil
			}
		}
	}
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if _, err := exec.LookPath(py); err == nil {
			if err := run(py, "-m", "pip", "install", "--user", "jupyterlab"); err == nil {
				return nil
			}
		}
	}
	return errNoJupyter
}

// LabOptions configure [Lab].
type LabOptions struct {
	// Repo is the dlfun repository (default: found from the current folder).
	Repo string
	// Classic starts the classic Notebook instead of JupyterLab.
	Classic bool
	// IP and Port to listen on (default 127.0.0.1:8888).
	IP   string
	Port int
	// Out and Err receive Jupyter's output (default: os.Stdout, os.Stderr).
	Out, Err io.Writer
}

// Lab installs the kernel if it is missing or belongs to another clone,
// then starts JupyterLab (or the classic Notebook) on Repo/notebooks and
// waits for it to exit.
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
	if !Installed(repo) {
		fmt.Fprintln(opts.Out, "installing the dlfun kernel first (once; later starts skip this)")
		if _, err := Install(ctx, InstallOptions{Repo: repo, Out: opts.Out}); err != nil {
			return err
		}
	}
	j, err := FindJupyter(ctx)
	if errors.Is(err, errNoJupyter) {
		fmt.Fprintln(opts.Out, "no Jupyter found: installing one")
		if err := installJupyter(ctx, opts.Out, opts.Err); err != nil {
			return err
		}
		j, err = FindJupyter(ctx)
	}
	if err != nil {
		return err
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
	fmt.Fprintf(opts.Out, "starting %s %s on http://%s:%d in %s (open the URL with the token printed below; Ctrl-C stops it)\n",
		j.Path, app, opts.IP, opts.Port, dir)
	cmd := exec.Command(j.Path, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr, cmd.Stdin = opts.Out, opts.Err, os.Stdin
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
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

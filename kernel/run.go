package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// RunOptions configure [RunNotebook]. The zero value runs with the
// installed "dlfun" kernel, no timeouts, and stops at the first failure.
type RunOptions struct {
	// KernelSpec, if set, is the kernel to run; else KernelSpecDir (a
	// folder with kernel.json); else the installed kernelspec KernelName
	// (default "dlfun") found in the Jupyter data folders.
	KernelSpec    *jupyter.KernelSpec
	KernelSpecDir string
	KernelName    string
	// Dir is the kernel's working folder (default: the notebook's folder,
	// as in Jupyter).
	Dir string
	// Env holds "NAME=value" entries applied after the kernelspec's env
	// (e.g. HOME or GOCACHE for a grader's sandbox).
	Env []string
	// CellTimeout bounds each cell (0: none). A cell past it is interrupted
	// and, if it does not stop within KillAfter, the kernel is killed.
	CellTimeout time.Duration
	// KillAfter is the grace after an interrupt (default 5 s).
	KillAfter time.Duration
	// TotalTimeout bounds the whole notebook, kernel start included (0: none).
	TotalTimeout time.Duration
	// StartTimeout bounds the kernel's start (default 60 s).
	StartTimeout time.Duration
	// MaxOutput bounds the output of one cell in bytes (default 64 MiB;
	// negative: no bound). A cell that prints more is stopped and fails
	// with status jupyter.OutputLimit (see jupyter.Options.MaxOutput).
	MaxOutput int64
	// ContinueOnError runs every cell even after one failed (a grader scores
	// each cell); by default the run stops at the first failure.
	ContinueOnError bool
	// KeepGopls lets GoNB start gopls. By default a headless run hides it:
	// nobody asks for completions and it would compete for the CPU.
	KeepGopls bool
	// HTMLErrors keeps GoNB's HTML error reports; by default GoNB runs with
	// -raw_error=true so compiler messages land in the error text.
	HTMLErrors bool
	// PrepareCmd is called with the kernel's command before it starts: the
	// hook for memory limits, network namespaces and the like (see
	// jupyter.Options.PrepareCmd and [WithPrlimit]).
	PrepareCmd func(cmd *exec.Cmd) error
	// Progress, if set, gets one line per executed cell.
	Progress io.Writer
	// KernelLog, if set, gets the kernel's own log output.
	KernelLog io.Writer
}

// Result is what running a notebook produced.
type Result struct {
	// Path is the notebook file that was run (never modified).
	Path string
	// Notebook is the executed notebook: a copy of the input in which each
	// executed code cell has this run's outputs and execution count, and
	// every other code cell has none.
	Notebook *notebook.Notebook
	// Cells has one entry per executed code cell, in order.
	Cells []CellResult
	// Err is the first failing cell, or nil if every cell ran OK.
	Err *CellError
	// Start is the kernel's start-up time; Duration the whole run's.
	Start, Duration time.Duration
	// Rejected counts kernel messages dropped for a bad signature.
	Rejected int64
}

// CellResult is the outcome of one code cell.
type CellResult struct {
	// Index is the cell's position among all cells (0-based); Number is
	// Index+1, as a person counts cells in the notebook.
	Index, Number  int
	ExecutionCount int
	Status         jupyter.Status
	Outputs        []notebook.Output
	Duration       time.Duration
	// Killed: the cell timed out and the kernel had to be killed.
	Killed bool
	// Late counts outputs that arrived after the cell's idle status (kept);
	// LateBy is how long after it the last one came.
	Late   int
	LateBy time.Duration
	// Err is nil for a cell that ran OK.
	Err *CellError
}

// Text returns the text of the cell's outputs (see notebook.Output.String).
func (c CellResult) Text() string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(o.String())
	}
	return b.String()
}

// Text returns the text of every executed cell's outputs, in order.
func (r *Result) Text() string {
	var b strings.Builder
	for _, c := range r.Cells {
		b.WriteString(c.Text())
	}
	return b.String()
}

// CellError names a failed cell: notebook, cell number (1-based, counting
// every cell), execution count and the kernel's error.
type CellError struct {
	Notebook       string
	Cell           int
	ExecutionCount int
	Status         jupyter.Status
	Ename, Evalue  string
	Traceback      []string
}

// Error returns e.g. "notebooks/x.ipynb: cell 4 (In [3]) failed: error: ...".
func (e *CellError) Error() string {
	in := ""
	if e.ExecutionCount > 0 {
		in = fmt.Sprintf(" (In [%d])", e.ExecutionCount)
	}
	what := "failed"
	switch e.Status {
	case jupyter.Timeout:
		what = "timed out"
	case jupyter.KernelDied:
		what = "killed the kernel"
	case jupyter.OutputLimit:
		what = "printed too much"
	}
	return fmt.Sprintf("%s: cell %d%s %s: %s: %s", e.Notebook, e.Cell, in, what, e.Ename, strings.TrimSpace(e.Evalue))
}

// RunNotebook executes the code cells of the notebook at path in a fresh
// kernel, top to bottom, and returns the executed notebook. It returns an
// error only if the notebook could not be run at all (unreadable file, no
// kernel); a failing cell is reported in Result.Err. The input file is never
// modified; write Result.Notebook where you want it.
func RunNotebook(ctx context.Context, path string, opts RunOptions) (*Result, error) {
	nb, err := notebook.Read(path)
	if err != nil {
		return nil, err
	}
	return Run(ctx, path, nb, opts)
}

// Run is [RunNotebook] for a notebook already in memory; name is used in
// messages and, unless opts.Dir is set, its folder is the working folder.
// nb itself is not modified.
func Run(ctx context.Context, name string, nb *notebook.Notebook, opts RunOptions) (*Result, error) {
	begin := time.Now()
	if opts.TotalTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, opts.TotalTimeout,
			fmt.Errorf("the notebook ran longer than its total timeout of %v", opts.TotalTimeout))
		defer cancel()
	}
	spec, err := opts.kernelSpec()
	if err != nil {
		return nil, err
	}
	jopts, cleanup, err := opts.clientOptions(name, spec)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	if !opts.HTMLErrors && filepath.Base(spec.Argv[0]) == "gonb" && !slices.ContainsFunc(spec.Argv, func(a string) bool { return strings.Contains(a, "raw_error") }) {
		s := *spec
		s.Argv = append(slices.Clone(spec.Argv), "-raw_error=true")
		spec = &s
	}

	out := nb.Clone()
	for _, c := range out.Cells {
		if c.CellType == notebook.Code {
			c.Outputs, c.ExecutionCount = nil, nil
		}
	}
	res := &Result{Path: name, Notebook: out}
	client, err := jupyter.Start(ctx, spec, jopts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer client.Close()
	res.Start = time.Since(begin)

	var execs []*jupyter.Execution
	for i, c := range out.Cells {
		if c.CellType != notebook.Code || strings.TrimSpace(string(c.Source)) == "" {
			continue
		}
		ex, err := client.Execute(ctx, string(c.Source), opts.CellTimeout)
		if ex == nil {
			return nil, fmt.Errorf("%s: cell %d: %w", name, i+1, err)
		}
		execs = append(execs, ex)
		cr := CellResult{Index: i, Number: i + 1, ExecutionCount: ex.ExecutionCount, Status: ex.Status,
			Duration: ex.Duration, Killed: ex.Killed}
		if ex.Status != jupyter.OK {
			cr.Err = &CellError{Notebook: name, Cell: i + 1, ExecutionCount: ex.ExecutionCount, Status: ex.Status,
				Ename: ex.Ename, Evalue: explain(ex.Evalue, ex.Outputs()), Traceback: ex.Traceback}
			if err != nil && ctx.Err() != nil {
				cr.Status, cr.Err.Status, cr.Err.Ename = jupyter.Timeout, jupyter.Timeout, "Timeout"
				cr.Err.Evalue = context.Cause(ctx).Error()
			}
			if res.Err == nil {
				res.Err = cr.Err
			}
		}
		res.Cells = append(res.Cells, cr)
		if opts.Progress != nil {
			status := "ok"
			if cr.Err != nil {
				status = string(cr.Status)
			}
			fmt.Fprintf(opts.Progress, "%s: cell %d [%d] %s in %.2fs\n", name, cr.Number, cr.ExecutionCount, status, cr.Duration.Seconds())
		}
		if cr.Err != nil && (!opts.ContinueOnError || cr.Status == jupyter.KernelDied || cr.Killed || ctx.Err() != nil) {
			break
		}
	}
	// Outputs may arrive after a cell's idle status (GoNB publishes large
	// displays late): wait for the channel to go quiet before reading them.
	client.Drain(500*time.Millisecond, 5*time.Second)
	for k, ex := range execs {
		cr := &res.Cells[k]
		cr.Outputs, cr.Late = ex.Outputs(), ex.LateOutputs()
		cr.LateBy = ex.LateBy
		cell := out.Cells[cr.Index]
		cell.Outputs = cr.Outputs
		if cr.ExecutionCount > 0 {
			n := cr.ExecutionCount
			cell.ExecutionCount = &n
		}
	}
	res.Rejected = client.Rejected()
	res.Duration = time.Since(begin)
	return res, nil
}

func (o *RunOptions) kernelSpec() (*jupyter.KernelSpec, error) {
	switch {
	case o.KernelSpec != nil:
		return o.KernelSpec, nil
	case o.KernelSpecDir != "":
		return jupyter.ReadKernelSpec(o.KernelSpecDir)
	}
	name := o.KernelName
	if name == "" {
		name = KernelName
	}
	return jupyter.FindKernelSpec(name)
}

// clientOptions builds the jupyter options; cleanup removes temporary files.
// The kernel gets its own TMPDIR (unless o.Env sets one), removed after the
// run: GoNB, go build and the cells keep their temporary files there, and a
// killed kernel would otherwise leave them behind.
func (o *RunOptions) clientOptions(name string, spec *jupyter.KernelSpec) (jupyter.Options, func(), error) {
	dir := o.Dir
	if dir == "" {
		dir = filepath.Dir(name)
	}
	jo := jupyter.Options{Dir: dir, Env: slices.Clone(o.Env), PrepareCmd: o.PrepareCmd,
		Stderr: o.KernelLog, StartTimeout: o.StartTimeout, KillAfter: o.KillAfter, MaxOutput: o.MaxOutput}
	switch {
	case o.MaxOutput == 0:
		jo.MaxOutput = 64 << 20
	case o.MaxOutput < 0:
		jo.MaxOutput = 0
	}
	tmp, err := os.MkdirTemp("", "dlfun-run-")
	if err != nil {
		return jo, nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	env := append(spec.Environ(os.Environ()), o.Env...)
	if !slices.ContainsFunc(o.Env, func(kv string) bool { return strings.HasPrefix(kv, "TMPDIR=") }) {
		kernelTmp := filepath.Join(tmp, "tmp")
		if err := os.Mkdir(kernelTmp, 0o700); err != nil {
			cleanup()
			return jo, nil, err
		}
		jo.Env = append(jo.Env, "TMPDIR="+kernelTmp)
	}
	if !o.KeepGopls {
		path, err := jupyter.PathWithout("gopls", jupyter.LookupEnv(env, "PATH"), filepath.Join(tmp, "path"))
		if err != nil {
			cleanup()
			return jo, nil, fmt.Errorf("preparing PATH without gopls: %w", err)
		}
		jo.Env = append(jo.Env, "PATH="+path)
	}
	return jo, cleanup, nil
}

// WithPrlimit returns a PrepareCmd hook that runs the kernel under
// prlimit(1) with an address-space limit of bytes (inherited by every cell
// program and `go build`). It needs util-linux's prlimit on PATH.
func WithPrlimit(bytes int64) func(*exec.Cmd) error {
	return func(cmd *exec.Cmd) error {
		p, err := exec.LookPath("prlimit")
		if err != nil {
			return errors.New("prlimit not found (install util-linux) for the kernel's memory limit")
		}
		cmd.Args = append([]string{p, fmt.Sprintf("--as=%d", bytes), "--"}, cmd.Args...)
		cmd.Path = p
		return nil
	}
}

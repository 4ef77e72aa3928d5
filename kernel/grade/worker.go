package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/internal/sandbox"
	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// workerEnv marks a process started by the grader as a worker: it reads a
// job on stdin, runs it in a kernel and writes the result on stdout.
const workerEnv = "DLFUN_GRADE_WORKER"

// job is what the grader asks a worker to run: the code cells of one
// assembled notebook, with the containment to apply.
type job struct {
	Cells       []jobCell
	Spec        *jupyter.KernelSpec
	SpecDir     string
	KernelEnv   []string // NAME=value for the kernel, after the spec's env
	CheckKey    []byte   // the key dl/check signs result lines with (see writeCheckKey)
	CellTimeout time.Duration
	Deadline    time.Time // the whole run
	Sandbox     sandbox.Plan
}

// jobCell is one code cell to run, preceded by the declaration-only cells
// before it (see planCells).
type jobCell struct {
	Index int // in the assembled notebook
	Decls string
	Code  string
	Test  bool // a test cell: only its Decls are replayed after a restart
}

// source is the code sent to the kernel.
func (c jobCell) source() string {
	if c.Decls == "" {
		return c.Code
	}
	return c.Decls + "\n\n" + c.Code
}

// jobResult is the worker's answer.
type jobResult struct {
	Cells []cellRun
	// Error is set when the worker could not run the notebook at all.
	Error string
}

// cellRun is how one cell ran.
type cellRun struct {
	Index    int
	Status   jupyter.Status // "" when the cell was not run
	Outputs  []notebook.Output
	Ename    string
	Evalue   string
	Duration time.Duration
	// OOM is set when the memory limit was hit while the cell ran.
	OOM bool
}

// errRunnerMemory explains a worker killed for memory: the notebook printed
// more than it can hold.
var errRunnerMemory = errors.New("the notebook printed more output than the grader can hold (over 1 GiB): 0 points")

// startWorker starts this program as a worker for j, contained by
// j.Sandbox, and returns its result. The worker is killed if it outlives
// j.Deadline by a minute.
func startWorker(ctx context.Context, j job) (jobResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return jobResult{}, err
	}
	in, err := json.Marshal(j)
	if err != nil {
		return jobResult{}, err
	}
	ctx, cancel := context.WithDeadline(ctx, j.Deadline.Add(time.Minute))
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = workerEnviron()
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limitedBuffer{max: 256 << 20, b: &stdout}
	cmd.Stderr = &limitedBuffer{max: 64 << 10, b: &stderr}
	cmd.Dir = "/"
	j.Sandbox.Configure(cmd)
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	var res jobResult
	if derr := json.Unmarshal(stdout.Bytes(), &res); derr != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() != nil {
			return jobResult{}, fmt.Errorf("the grading worker did not finish in time: %v", ctx.Err())
		}
		if j.Sandbox.RunnerOOMKills() > 0 || strings.Contains(msg, "out of memory") {
			return jobResult{}, errRunnerMemory
		}
		return jobResult{}, fmt.Errorf("the grading worker failed (%v): %s", err, lastLines(msg, 20))
	}
	return res, nil
}

// workerEnviron is the whole environment of a worker (and so of the
// kernel): nothing of the grader's own environment leaks to student code
// except what Go and the kernel need to run.
func workerEnviron() []string {
	env := []string{workerEnv + "=1", "LANG=C.UTF-8"}
	for _, k := range []string{"PATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "SYSTEMROOT"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	max int
	b   *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// RunWorkerIfRequested turns the current process into a grading worker
// when the grader started it as one, and exits when the job is done; or,
// started by a worker as a kernel's launcher, it enters the sandbox and
// becomes bubblewrap (see sandbox.RunLauncherIfRequested). It returns at
// once otherwise. Programs that grade (the dlfun command, test binaries of
// packages that call Grade) call it first thing, from main, init or
// TestMain.
func RunWorkerIfRequested() {
	sandbox.RunLauncherIfRequested(workerEnv)
	if os.Getenv(workerEnv) != "1" {
		return
	}
	res := runWorker(os.Stdin)
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "dlfun grade worker:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

func runWorker(in io.Reader) (res jobResult) {
	defer func() {
		if r := recover(); r != nil {
			res.Error = fmt.Sprintf("grading worker crashed: %v", r)
		}
	}()
	var j job
	if err := json.NewDecoder(io.LimitReader(in, 64<<20)).Decode(&j); err != nil {
		return jobResult{Error: "reading the job: " + err.Error()}
	}
	sb, err := sandbox.Apply(j.Sandbox)
	if err != nil {
		res.Error = "setting up the sandbox: " + err.Error()
		return res
	}
	if len(j.CheckKey) > 0 {
		kv, err := writeCheckKey(sb, j.CheckKey)
		if err != nil {
			res.Error = "writing the result key: " + err.Error()
			return res
		}
		j.KernelEnv = append(j.KernelEnv, kv)
	}
	j.Spec.Dir = j.SpecDir
	// GoNB starts gopls when it finds one; grading needs no completions,
	// and gopls would take CPU from the cells.
	path, err := jupyter.PathWithout("gopls", jupyter.LookupEnv(j.Spec.Environ(os.Environ()), "PATH"), filepath.Join(sb.Work, ".path"))
	if err != nil {
		res.Error = "preparing PATH: " + err.Error()
		return res
	}
	j.KernelEnv = append(j.KernelEnv, "PATH="+path)
	ctx, cancel := context.WithDeadline(context.Background(), j.Deadline)
	defer cancel()
	res.Cells = runCells(ctx, j, sb)
	return res
}

// runCells runs the job's cells in order in one kernel. A cell that fails
// does not stop the others. When the kernel dies (a cell killed by the
// memory limit can take it along), a new kernel is started and the
// non-test cells run so far are replayed, since GoNB keeps declarations
// in the kernel.
func runCells(ctx context.Context, j job, sb *sandbox.Sandbox) []cellRun {
	runs := make([]cellRun, len(j.Cells))
	execs := make([]*jupyter.Execution, len(j.Cells))
	for i, c := range j.Cells {
		runs[i].Index = c.Index
	}
	var client *jupyter.Client
	defer func() {
		if client != nil {
			client.Close()
		}
	}()
	const maxStarts = 3
	starts := 0
	for i := 0; i < len(j.Cells); i++ {
		if ctx.Err() != nil {
			runs[i].Ename, runs[i].Evalue = "Timeout", "not run: the notebook ran out of its total time"
			continue
		}
		if client == nil || isDead(client) {
			if client != nil {
				client.Close()
				client = nil
			}
			if starts == maxStarts {
				runs[i].Ename, runs[i].Evalue = "KernelDied", fmt.Sprintf("not run: the kernel died %d times", maxStarts)
				continue
			}
			starts++
			var err error
			client, err = startKernel(ctx, j, sb)
			if err != nil {
				runs[i].Ename, runs[i].Evalue = "KernelStart", err.Error()
				client = nil
				continue
			}
			if starts > 1 { // replay the declarations of earlier cells
				for k := 0; k < i; k++ {
					code := j.Cells[k].source()
					if j.Cells[k].Test {
						code = j.Cells[k].Decls
					}
					if code != "" {
						client.Execute(ctx, code, j.CellTimeout)
					}
				}
			}
		}
		oomBefore := sb.OOMKills()
		ex, err := client.Execute(ctx, j.Cells[i].source(), j.CellTimeout)
		if err != nil && ex == nil {
			runs[i].Ename, runs[i].Evalue = "RunnerError", err.Error()
			continue
		}
		execs[i] = ex
		runs[i].Status, runs[i].Ename, runs[i].Evalue, runs[i].Duration = ex.Status, ex.Ename, ex.Evalue, ex.Duration
		runs[i].OOM = sb.OOMKills() > oomBefore
	}
	if client != nil {
		client.Drain(100*time.Millisecond, 2*time.Second)
	}
	for i, ex := range execs {
		if ex != nil {
			runs[i].Outputs = capOutputs(ex.Outputs(), maxCellOutput)
			if !runs[i].OOM && outOfMemory(runs[i]) {
				runs[i].OOM = true
			}
		}
	}
	return runs
}

func isDead(c *jupyter.Client) bool {
	select {
	case <-c.Dead():
		return true
	default:
		return false
	}
}

// startKernel starts the job's kernel inside the sandbox: in the work
// folder, with its own HOME and TMPDIR, as the sandbox user.
func startKernel(ctx context.Context, j job, sb *sandbox.Sandbox) (*jupyter.Client, error) {
	env := append([]string{
		"HOME=" + sb.Home, "TMPDIR=" + sb.Tmp, "USER=student", "LOGNAME=student",
	}, j.KernelEnv...)
	env = append(env, sb.GoEnv...)
	var kernelCmd *exec.Cmd
	client, err := jupyter.Start(ctx, j.Spec, jupyter.Options{
		Dir:          sb.Work,
		Env:          env,
		StartTimeout: 60 * time.Second,
		KillAfter:    3 * time.Second,
		MaxOutput:    maxCellPrint,
		PrepareCmd: func(cmd *exec.Cmd) error {
			kernelCmd = cmd
			return sb.Command(cmd)
		},
	})
	if err != nil {
		return nil, err
	}
	if err := sb.Confine(kernelCmd.Process.Pid); err != nil {
		client.Close()
		return nil, err
	}
	return client, nil
}

// maxCellOutput bounds the output kept of one cell (bytes).
const maxCellOutput = 1 << 20

// maxCellPrint is the most a cell may print: past it the cell is stopped
// (jupyter.OutputLimit), so that a flooding cell fills neither the
// worker's memory nor the kernel's, and the cells after it run as usual.
const maxCellPrint = 1 << 20

// capOutputs keeps at most max bytes of a cell's outputs: stream text is
// cut (keeping its end, where dl/check's result line is), anything else
// past the budget is replaced by a note.
func capOutputs(outs []notebook.Output, max int) []notebook.Output {
	size := 0
	for _, o := range outs {
		size += outputSize(o)
	}
	if size <= max {
		return outs
	}
	budget := max
	res := make([]notebook.Output, 0, len(outs))
	for k := len(outs) - 1; k >= 0; k-- { // from the end: the results come last
		o := outs[k]
		n := outputSize(o)
		switch {
		case n <= budget:
			budget -= n
		case o.OutputType == notebook.Stream && budget > 0:
			t := string(o.Text)
			o.Text = notebook.Text(fmt.Sprintf("[… %d bytes of output cut by the grader …]\n", len(t)-budget) + t[len(t)-budget:])
			budget = 0
		default:
			o = notebook.Output{OutputType: notebook.Stream, Name: "stderr",
				Text: notebook.Text(fmt.Sprintf("[an output of %d bytes was dropped by the grader]\n", n))}
		}
		res = append(res, o)
	}
	for i, j := 0, len(res)-1; i < j; i, j = i+1, j-1 {
		res[i], res[j] = res[j], res[i]
	}
	return res
}

func outputSize(o notebook.Output) int {
	n := len(o.Text) + len(o.Evalue)
	for _, t := range o.Traceback {
		n += len(t)
	}
	for _, v := range o.Data {
		if s, ok := notebook.MIMEText(v); ok {
			n += len(s)
		} else {
			n += 1024
		}
	}
	return n
}

// outOfMemory recognizes a Go program that ran out of its address-space
// limit (RLIMIT_AS): the runtime prints "fatal error: out of memory" or
// fails to reserve memory at start.
func outOfMemory(r cellRun) bool {
	var text strings.Builder
	text.WriteString(r.Evalue)
	for _, o := range r.Outputs {
		text.WriteString(o.String())
		text.WriteString(strings.Join(o.Traceback, "\n"))
	}
	s := text.String()
	for _, sig := range []string{"fatal error: out of memory", "runtime: out of memory", "fatal error: failed to reserve", "cannot allocate memory"} {
		if strings.Contains(s, sig) {
			return true
		}
	}
	return false
}

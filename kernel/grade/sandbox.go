package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/internal/sandbox"
)

// Limits bound what one submission may use while it is graded. Memory,
// Isolate and User are enforced by package kernel/internal/sandbox.
type Limits struct {
	// CellTimeout stops a cell that runs longer (interrupt, then kill).
	CellTimeout time.Duration
	// TotalTimeout bounds the whole notebook, kernel start included.
	TotalTimeout time.Duration
	// Memory is the most memory (bytes) the kernel and its cells may use
	// together; 0 means no limit.
	Memory int64
	// Isolate asks for the full sandbox where the OS allows it (Linux, run
	// as root): new mount, network and PID namespaces, the kernel run as an
	// unprivileged user. Without it, or where it is not possible, the
	// kernel still gets its own folder, HOME, limits and a minimal
	// environment.
	Isolate bool
	// User is the numeric uid:gid the kernel runs as in the full sandbox
	// (default 65534:65534, nobody).
	User string
}

// DefaultLimits are the limits `dlfun grade` uses unless told otherwise.
var DefaultLimits = Limits{
	CellTimeout:  60 * time.Second,
	TotalTimeout: 10 * time.Minute,
	Memory:       2 << 30,
	Isolate:      true,
	User:         "65534:65534",
}

// errRunnerMemory explains a worker killed for memory: the notebook printed
// more than it can hold.
var errRunnerMemory = errors.New("the notebook printed more output than the grader can hold (over 1 GiB): 0 points")

// startWorker starts this program as a worker for j, contained by
// j.Sandbox, and returns its result. The worker is killed if it outlives j.Deadline by a minute.
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

// policy is the containment the limits ask for.
func (l Limits) policy() sandbox.Policy {
	return sandbox.Policy{Memory: l.Memory, Isolate: l.Isolate, User: l.User, NoCgroups: noCgroups}
}

// noCgroups makes the grader use RLIMIT_AS even where cgroups work (tests).
var noCgroups = false

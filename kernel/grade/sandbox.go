package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Limits bound what one submission may use while it is graded.
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

// sandboxPlan is what the grader decided about containment, sent to the
// worker, which applies it (see enterSandbox).
type sandboxPlan struct {
	// Isolated: the worker runs in new mount, network and PID namespaces
	// and starts the kernel through bubblewrap (Bwrap) as UID:GID, in a
	// file system built from an allowlist.
	Isolated bool
	Bwrap    string
	// Root is this submission's private folder. When isolated, a tmpfs
	// of TmpfsSize (e.g. "1g") covers it before the worker fills it.
	Root      string
	TmpfsSize string
	// ShmSize bounds each of the kernel's /tmp, /var/tmp and /dev/shm
	// (bytes).
	ShmSize int64
	// UID and GID of the kernel (-1: unchanged, only without isolation).
	UID, GID int
	// ReadOnly are the host paths the kernel sees, read-only, at their
	// own paths; nothing else of the host is in its file system.
	ReadOnly []string
	// GoCache is the GOCACHE the kernel uses; GoModCache the module cache
	// it reads.
	GoCache, GoModCache string
	// CacheOverlay puts a per-submission overlay on GoCache: the kernel
	// reads the shared cache but its writes go to its own tmpfs, so no
	// submission can plant build results for another one.
	CacheOverlay bool
	// GoEnv holds the other Go settings (GOFLAGS, GOTOOLCHAIN, ...).
	GoEnv []string
	// CgroupProcs are cgroup.procs files the worker joins (its own memory
	// cgroup, the submission's pids cgroup); KernelProcs is the one the
	// kernel joins before it starts (the submission's memory cgroup),
	// whose OOM kills OOMFile counts. The worker's memory (the outputs it
	// collects) is bounded apart from the student's code.
	CgroupProcs []string
	KernelProcs string
	OOMFile     string
	// RunnerRlimitAS is the address-space limit (bytes, 0: none) of the
	// worker, and so of the kernel, where no memory cgroup is available.
	RunnerRlimitAS uint64

	// runnerOOMFile counts the OOM kills of the worker's own memory cgroup
	// (read by the grader, not sent to the worker).
	runnerOOMFile string
}

// sandbox is the worker's view of the plan once applied.
type sandbox struct {
	plan            sandboxPlan
	work, home, tmp string
	goEnv           []string
	uid, gid        int
	oomFile         string
	kernelProcs     string
	path            string // the kernel's PATH, without gopls
	// binds are the host paths, staged where the sandbox user can reach
	// them, that bubblewrap mounts into the kernel's file system.
	binds []bind
}

// bind is one mount of the kernel's file system: Src (a staged path in
// the worker) at Dest; Link, if set, makes Dest a symlink to it instead.
type bind struct {
	Src, Dest, Link string
	Writable        bool
}

// runnerMemory bounds the worker itself: mostly the outputs it collects.
const runnerMemory = 1 << 30

// errRunnerMemory explains a worker killed for memory: the notebook printed
// more than it can hold.
var errRunnerMemory = errors.New("the notebook printed more output than the grader can hold (over 1 GiB): 0 points")

// oomKills returns how many processes the memory cgroup has killed.
func (s *sandbox) oomKills() int {
	if s == nil {
		return 0
	}
	return oomKills(s.oomFile)
}

// oomKills reads the OOM kill count of a memory cgroup from its
// memory.oom_control (v1) or memory.events (v2) file ("" gives 0).
func oomKills(file string) int {
	if file == "" {
		return 0
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "oom_kill "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			return n
		}
	}
	return 0
}

// goSettings returns the Go environment the kernel needs to build cells the
// way the grader itself would: the same toolchain, module cache and flags,
// read from `go env` once.
func goSettings() (map[string]string, error) {
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOTOOLCHAIN", "GOROOT", "GONOSUMDB", "GOSUMDB", "GOPRIVATE").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	return m, nil
}

// runWorker starts this program as a worker for j under plan and returns
// its result. The worker is killed if it outlives j.Deadline by a minute.
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
	configureWorker(cmd, j.Sandbox)
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	var res jobResult
	if derr := json.Unmarshal(stdout.Bytes(), &res); derr != nil {
		msg := strings.TrimSpace(stderr.String())
		if ctx.Err() != nil {
			return jobResult{}, fmt.Errorf("the grading worker did not finish in time: %v", ctx.Err())
		}
		if oomKills(j.Sandbox.runnerOOMFile) > 0 || strings.Contains(msg, "out of memory") {
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

// kernelPaths lists the files and folders the kernel must reach: its
// program, absolute paths in its argv (e.g. -go_work=/repo) and in its env
// (PATH entries), and the kernelspec folder if the argv refers to it.
func kernelPaths(argv []string, specDir string, env map[string]string) []string {
	var out []string
	add := func(p string) {
		// /dev and /proc are the sandbox's own (bwrap --dev, --proc): a
		// bind of a device node over them (e.g. the kernelspec's
		// -log_file=/dev/null) would be mounted nodev, and opening it
		// would fail with "permission denied".
		if p == "/dev" || p == "/proc" || strings.HasPrefix(p, "/dev/") || strings.HasPrefix(p, "/proc/") {
			return
		}
		if filepath.IsAbs(p) {
			if _, err := os.Stat(p); err == nil {
				out = append(out, filepath.Clean(p))
			}
		}
	}
	for _, a := range argv {
		if strings.Contains(a, "{resource_dir}") {
			add(specDir)
		}
	}
	for _, a := range argv {
		if _, v, ok := strings.Cut(a, "="); ok {
			for _, p := range strings.Split(v, ",") {
				add(p)
			}
		}
		add(a)
	}
	if len(argv) > 0 {
		if p, err := exec.LookPath(argv[0]); err == nil {
			add(p)
		}
	}
	for _, v := range env {
		for _, p := range filepath.SplitList(v) {
			add(p)
		}
	}
	return out
}

package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Policy is what the grader asks of the containment of every submission.
type Policy struct {
	// Memory is the most memory (bytes) the kernel and its cells may use
	// together; 0 means no limit.
	Memory int64
	// Isolate asks for the full sandbox: new mount, network and PID
	// namespaces, the kernel run by bubblewrap as the unprivileged User in
	// a file system built from an allowlist. Without it, the kernel still
	// gets its own folder, HOME and limits.
	Isolate bool
	// User is the numeric uid:gid the kernel runs as in the full sandbox.
	User string
	// NoCgroups bounds memory by RLIMIT_AS even where a memory cgroup
	// could be made (for tests of that fallback).
	NoCgroups bool
}

// RunnerMemory bounds the worker process itself (mostly the outputs it
// collects), apart from the submission's own memory.
const RunnerMemory = 1 << 30

// Plan is the containment of one submission, made by Containment.Plan in
// the grader and applied by Apply in the worker process it starts (it
// travels between them as JSON: every field the worker needs is exported).
type Plan struct {
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

	// RunnerOOMFile counts the OOM kills of the worker's own memory
	// cgroup (read by the grader; the worker does not need it).
	RunnerOOMFile string `json:"-"`
}

// Sandbox is a Plan applied in the worker: the folders the kernel works
// in, the Go settings it builds with and what Command needs to start it
// contained.
type Sandbox struct {
	// Work is the kernel's working folder (writable by it); Home and Tmp,
	// inside Work, are its HOME and TMPDIR.
	Work, Home, Tmp string
	// GoEnv is the Go environment (GOCACHE, GOMODCACHE, GOFLAGS, ...) the
	// kernel builds cells with.
	GoEnv []string
	// UID and GID are the kernel's user (-1: the worker's own).
	UID, GID int

	plan        Plan
	oomFile     string
	kernelProcs string
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

// OOMKills returns how many processes the submission's memory cgroup has
// killed so far (0 without one).
func (s *Sandbox) OOMKills() int {
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

// RunnerOOMKills returns how many processes the worker's own memory
// cgroup has killed (0 without one): a worker killed for memory printed
// more output than the grader can hold.
func (p Plan) RunnerOOMKills() int { return oomKills(p.RunnerOOMFile) }

// Configure sets how cmd, the worker that will Apply p, starts: in its own
// process group, killed with the grader (and killing everything it
// started when cancelled), in new namespaces when p is isolated.
func (p Plan) Configure(cmd *exec.Cmd) {
	configureWorker(cmd, p)
	cmd.Cancel = func() error { return killGroup(cmd) }
}

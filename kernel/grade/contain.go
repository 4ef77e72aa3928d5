package grade

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// containment is what the grader can enforce on this machine, decided once
// per batch; plan turns it into one submission's sandboxPlan.
type containment struct {
	limits     Limits
	namespaces bool
	memParent  string // memory cgroup parent ("" none)
	pidsParent string
	cgroupV2   bool
	uid, gid   int
	goCache    string
	goModCache string
	goEnv      []string
	keep       []string // paths the kernel needs
	// Notes describe the containment in force, for the report.
	Notes []string
	seq   atomic.Int64
}

// noCgroups makes the grader use RLIMIT_AS even where cgroups work (tests).
var noCgroups = false

// maxPids bounds the processes and threads of one submission (a fork bomb
// stops there; GoNB and the Go toolchain need a few dozen).
const maxPids = 1024

// newContainment decides the containment for grading with spec.
func newContainment(l Limits, spec *jupyter.KernelSpec) (*containment, error) {
	goenv, err := goSettings()
	if err != nil {
		return nil, err
	}
	c := &containment{limits: l, uid: -1, gid: -1, goCache: goenv["GOCACHE"], goModCache: goenv["GOMODCACHE"]}
	for _, k := range []string{"GOFLAGS", "GOTOOLCHAIN", "GOPATH", "GOROOT", "GONOSUMDB", "GOSUMDB", "GOPRIVATE"} {
		if v := goenv[k]; v != "" {
			c.goEnv = append(c.goEnv, k+"="+v)
		}
	}
	// The Go settings come from here, not from a file under the grader's HOME.
	c.goEnv = append(c.goEnv, "GOENV=off")
	c.keep = kernelPaths(spec.Argv, spec.Dir, spec.Env)
	if goroot := goenv["GOROOT"]; goroot != "" {
		c.keep = append(c.keep, goroot)
	}
	note := func(format string, args ...any) { c.Notes = append(c.Notes, fmt.Sprintf(format, args...)) }

	if l.Isolate {
		if err := namespacesWork(); err != nil {
			note("network: not isolated, files: not hidden (no namespaces: %v; run as root on Linux for the full sandbox)", err)
		} else {
			c.namespaces = true
			note("build cache: shared, read-only to submissions (each gets an overlay whose writes are discarded); filled by the source notebook's own run")
			note("network: none (each submission runs in a new network namespace holding only loopback, shared by the runner and the kernel)")
			note("files: the source notebook, the submissions and the output folder are hidden (new mount namespace); each submission gets a fresh tmpfs as its folder, HOME and TMPDIR")
		}
	} else {
		note("network and files: not isolated (isolation turned off)")
	}
	if c.namespaces {
		uid, gid, err := parseUser(l.User)
		if err != nil {
			return nil, err
		}
		var blocked []string
		for _, p := range c.keep {
			// A path under a private folder (a repository in /root) is
			// exposed at its own path when it is itself open to others.
			if !accessibleToOthers(p) && !(topPrivateDir(p) != "" && openToOthers(p)) {
				blocked = append(blocked, p)
			}
		}
		if len(blocked) > 0 {
			note("user: the kernel runs as root, since %s cannot be read by other users", strings.Join(blocked, ", "))
		} else {
			c.uid, c.gid = uid, gid
			note("user: the kernel runs as uid %d (no privileges: it cannot undo the sandbox or read the grader's files)", uid)
			cache, err := os.UserCacheDir()
			if err != nil {
				return nil, err
			}
			c.goCache = filepath.Join(cache, "dlfun", "grade-gocache")
			if err := os.MkdirAll(c.goCache, 0o700); err != nil {
				return nil, err
			}
			if err := os.Chown(c.goCache, uid, gid); err != nil {
				return nil, err
			}
		}
	}
	if l.Memory > 0 {
		mem, pids, v2 := cgroupDirs()
		if noCgroups {
			mem = ""
		}
		if mem != "" {
			// Probe: create and remove one cgroup.
			procs, _, cleanup, err := newCgroup(mem, pids, v2, fmt.Sprintf("dlfun-grade-probe-%d", os.Getpid()), l.Memory, maxPids)
			cleanup()
			if err == nil && len(procs) > 0 {
				c.memParent, c.pidsParent, c.cgroupV2 = mem, pids, v2
				v := "v1"
				if v2 {
					v = "v2"
				}
				note("memory: %s per submission (cgroup %s holding the kernel and its cells; the OOM killer stops the cell; the grader's own worker has a separate %s)", byteSize(l.Memory), v, byteSize(runnerMemory))
			} else {
				mem = ""
			}
		}
		if mem == "" {
			note("memory: %s per submission as an address-space limit (RLIMIT_AS of 3× that, since Go reserves address space; no usable memory cgroup)", byteSize(l.Memory))
		}
	}
	return c, nil
}

// plan makes the sandbox plan of one submission: root is its private
// folder (created by the caller), hide the paths it must not see. trusted
// is for the teacher's own notebook, which may write to the shared build
// cache (students get an overlay on it).
func (c *containment) plan(root string, hide []string, trusted bool) (sandboxPlan, func(), error) {
	p := sandboxPlan{
		Namespaces: c.namespaces, Root: root, UID: c.uid, GID: c.gid,
		GoCache: c.goCache, GoModCache: c.goModCache, GoEnv: c.goEnv, TmpfsSize: "1g",
		CacheOverlay: c.namespaces && !trusted,
	}
	cleanup := func() {}
	if p.UID >= 0 && !accessibleToOthers(root) {
		p.UID, p.GID = -1, -1 // the sandbox user could not reach its folder
	}
	if c.namespaces {
		if c.uid >= 0 {
			p.Cover, p.Expose = exposePlan([]bindPath{{c.goModCache, false}, {c.goCache, true}}, c.keep)
		}
		tmp := filepath.Clean(os.TempDir())
		p.CoverTmp = strings.HasPrefix(root, tmp+"/") && !holdsAny(tmp, c.keep) && !holdsAny(tmp, []string{c.goCache, c.goModCache})
		p.HideDirs, p.HideFiles = hidePlan(hide, append([]string{root, c.goCache, c.goModCache}, c.keep...))
	}
	if c.limits.Memory > 0 {
		if c.memParent != "" {
			name := fmt.Sprintf("dlfun-grade-%d-%d", os.Getpid(), c.seq.Add(1))
			procs, oom, clean, err := newCgroup(c.memParent, c.pidsParent, c.cgroupV2, name+"-kernel", c.limits.Memory, maxPids)
			if err != nil {
				return p, cleanup, fmt.Errorf("creating the memory cgroup: %w", err)
			}
			rprocs, room, rclean, err := newCgroup(c.memParent, "", c.cgroupV2, name+"-runner", runnerMemory, 0)
			if err != nil {
				clean()
				return p, cleanup, fmt.Errorf("creating the memory cgroup: %w", err)
			}
			p.KernelProcs, p.OOMFile = procs[0], oom
			p.CgroupProcs = append(rprocs, procs[1:]...) // the runner's memory, the submission's pids
			p.runnerOOMFile = room
			cleanup = func() { clean(); rclean() }
		} else {
			// Set on the worker, inherited by the kernel: raising another
			// process's limit needs CAP_SYS_RESOURCE, which root may lack.
			p.RunnerRlimitAS = uint64(3 * c.limits.Memory)
		}
	}
	return p, cleanup, nil
}

// exposePlan finds, for each path the sandbox user must reach, the
// topmost folder above it that other users cannot enter (such as /root);
// those folders are covered, and every path needed under them (the given
// ones and the kernel's keep paths) exposed again.
func exposePlan(need []bindPath, keep []string) (cover []string, expose []bindPath) {
	seen := map[string]bool{}
	for _, k := range keep {
		need = append(need, bindPath{Path: k})
	}
	for _, n := range need {
		d := topPrivateDir(n.Path)
		if d == "" {
			continue
		}
		if !seen[d] {
			seen[d] = true
			cover = append(cover, d)
		}
	}
	for _, n := range need {
		if holdsAnyDir(cover, n.Path) && !slices.ContainsFunc(expose, func(e bindPath) bool { return e.Path == n.Path }) {
			expose = append(expose, n)
		}
	}
	return cover, expose
}

// openToOthers reports whether other users may read path (and search it
// if it is a folder), looking at path itself only.
func openToOthers(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	need := os.FileMode(0o004)
	if st.IsDir() {
		need = 0o005
	}
	return st.Mode().Perm()&need == need
}

// topPrivateDir returns the topmost folder on the way to path that other
// users cannot search, or "" if there is none.
func topPrivateDir(path string) string {
	var chain []string
	for p := filepath.Clean(path); p != "/" && p != "."; p = filepath.Dir(p) {
		chain = append([]string{p}, chain...)
	}
	for _, p := range chain {
		if st, err := os.Stat(p); err == nil && st.IsDir() && st.Mode().Perm()&0o001 == 0 {
			return p
		}
	}
	return ""
}

// holdsAnyDir reports whether path is one of dirs or under one of them.
func holdsAnyDir(dirs []string, path string) bool {
	for _, d := range dirs {
		if holdsAny(d, []string{path}) {
			return true
		}
	}
	return false
}

// parseUser reads "uid:gid" (numbers).
func parseUser(s string) (int, int, error) {
	u, g, ok := strings.Cut(s, ":")
	uid, err1 := strconv.Atoi(u)
	gid, err2 := strconv.Atoi(g)
	if !ok || err1 != nil || err2 != nil || uid < 0 || gid < 0 {
		return 0, 0, fmt.Errorf("sandbox user %q: want numeric uid:gid such as 65534:65534", s)
	}
	return uid, gid, nil
}

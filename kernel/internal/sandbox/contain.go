package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// Containment is what the grader enforces on this machine, decided once
// per batch by New; Plan turns it into one submission's Plan.
type Containment struct {
	policy     Policy
	isolated   bool   // the full sandbox (bubblewrap) is in force
	bwrap      string // path of bwrap
	memParent  string // memory cgroup parent ("" none)
	pidsParent string
	cgroupV2   bool
	uid, gid   int
	goCache    string
	goModCache string
	goEnv      []string
	// readOnly are the host paths the kernel sees, read-only, at their own
	// paths: the system folders, the Go toolchain, the module cache, the
	// repository's Go packages and the kernel's programs. Nothing else of
	// the host is in its file system.
	readOnly []string
	// Notes describe the Containment in force, for the report.
	Notes []string
	seq   atomic.Int64
}

// maxPids bounds the processes and threads of one submission (a fork bomb
// stops there; GoNB and the Go toolchain need a few dozen).
const maxPids = 1024

// bwrapPath is where the grader looks for bubblewrap first (Debian's
// package), before PATH.
var bwrapPath = "/usr/bin/bwrap"

// kernelPackages are the package patterns of the kernel's repository that
// notebooks build against: the top folders holding them (and their
// dependencies in the repository) are all the kernel sees of it.
var kernelPackages = []string{"./dl/...", "./datasets/..."}

// systemPaths are the host's system files a kernel needs: programs and
// libraries (the Go toolchain runs gcc for cgo), the dynamic linker's
// configuration, the user and host name databases.
var systemPaths = []string{
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
	"/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
	"/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/localtime",
}

// New decides the Containment for grading with the kernelspec spec under
// pol, and checks that it can be set up. With pol.Isolate it fails, saying
// what to fix, unless every part of the sandbox works: it never falls back
// to running a submission as root. Its Notes describe what is in force.
func New(pol Policy, spec *jupyter.KernelSpec) (*Containment, error) {
	goenv, err := goSettings()
	if err != nil {
		return nil, err
	}
	c := &Containment{policy: pol, uid: -1, gid: -1, goCache: goenv["GOCACHE"], goModCache: goenv["GOMODCACHE"]}
	for _, k := range []string{"GOFLAGS", "GOTOOLCHAIN", "GOPATH", "GOROOT", "GONOSUMDB", "GOSUMDB", "GOPRIVATE"} {
		if v := goenv[k]; v != "" {
			c.goEnv = append(c.goEnv, k+"="+v)
		}
	}
	// The Go settings come from here, not from a file under the grader's HOME.
	c.goEnv = append(c.goEnv, "GOENV=off")
	note := func(format string, args ...any) { c.Notes = append(c.Notes, fmt.Sprintf(format, args...)) }

	if !pol.Isolate {
		if os.Geteuid() == 0 {
			return nil, errors.New("refusing to grade without the sandbox as root: submissions would run as root; drop --isolate=false, or grade as an unprivileged user")
		}
		note("network and files: not isolated (isolation turned off); submissions run as uid %d, the grader's own user", os.Geteuid())
	} else {
		if err := c.setUpSandbox(pol, spec, goenv["GOROOT"]); err != nil {
			return nil, fmt.Errorf("cannot contain submissions, so nothing was graded: %w", err)
		}
		c.isolated = true
		note("user: the kernel runs as uid %d in its own user namespace (no privileges: it cannot undo the sandbox or read the grader's files)", c.uid)
		note("files: an allowlist (bubblewrap %s): read-only %s; a private build-cache overlay, work folder and empty size-capped /tmp, /var/tmp, /dev/shm; nothing else of the host (no .git, sources, submissions or outputs)", c.bwrap, strings.Join(c.readOnly, ", "))
		note("build cache: shared, read-only to submissions (each gets an overlay whose writes are discarded); filled by the source notebook's own run")
		note("network: none (each submission runs in a new network namespace holding only loopback, shared by the runner and the kernel)")
	}
	if pol.Memory > 0 {
		mem, pids, v2 := cgroupDirs()
		if pol.NoCgroups {
			mem = ""
		}
		if mem != "" {
			// Probe: create and remove one cgroup.
			procs, _, cleanup, err := newCgroup(mem, pids, v2, fmt.Sprintf("dlfun-grade-probe-%d", os.Getpid()), pol.Memory, maxPids)
			cleanup()
			if err == nil && len(procs) > 0 {
				c.memParent, c.pidsParent, c.cgroupV2 = mem, pids, v2
				v := "v1"
				if v2 {
					v = "v2"
				}
				note("memory: %s per submission (cgroup %s holding the kernel and its cells; the OOM killer stops the cell; the grader's own worker has a separate %s)", jupyter.FormatBytes(pol.Memory), v, jupyter.FormatBytes(RunnerMemory))
			} else {
				mem = ""
			}
		}
		if mem == "" {
			note("memory: %s per submission as an address-space limit (RLIMIT_AS of 3× that, since Go reserves address space; no usable memory cgroup)", jupyter.FormatBytes(pol.Memory))
		}
	}
	return c, nil
}

// setUpSandbox checks everything the sandbox needs and fills in c: Linux
// and root (for the namespaces and cgroups), bubblewrap, user namespaces,
// and files the sandbox user can read.
func (c *Containment) setUpSandbox(pol Policy, spec *jupyter.KernelSpec, goroot string) error {
	if runtime.GOOS != "linux" {
		return fmt.Errorf("the sandbox needs Linux (this is %s); grade on a Linux machine, or pass --isolate=false as an unprivileged user to grade without isolation", runtime.GOOS)
	}
	if os.Geteuid() != 0 {
		return errors.New("the sandbox needs root to create the network namespaces and cgroups of submissions (the kernels themselves run unprivileged): run `sudo dlfun grade …`, or pass --isolate=false to grade without isolation")
	}
	uid, gid, err := parseUser(pol.User)
	if err != nil {
		return err
	}
	if uid == 0 || gid == 0 {
		return fmt.Errorf("sandbox user %q: submissions never run as root; use an unprivileged uid:gid such as 65534:65534", pol.User)
	}
	c.uid, c.gid = uid, gid
	if err := namespacesWork(); err != nil {
		return fmt.Errorf("cannot create mount, network and PID namespaces (%v): run on a Linux host or a container that allows them (e.g. docker run --privileged)", err)
	}
	c.bwrap = bwrapPath
	if _, err := os.Stat(c.bwrap); err != nil {
		if c.bwrap, err = exec.LookPath("bwrap"); err != nil {
			return errors.New("bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap)")
		}
	}
	if err := probeBwrap(c.bwrap, uid, gid); err != nil {
		return err
	}
	tmp := filepath.Clean(os.TempDir())
	if !accessibleToOthers(tmp) {
		return fmt.Errorf("the temporary folder %s cannot be entered by other users, so the sandbox user (uid %d) cannot reach its work folder: set TMPDIR to a folder such as /tmp", tmp, uid)
	}
	keep := kernelPaths(spec.Argv, spec.Dir, spec.Env)
	if goroot != "" {
		keep = append(keep, goroot)
	}
	ro, repo, err := allowlist(keep, c.goModCache)
	if err != nil {
		return err
	}
	for _, p := range systemPaths {
		if _, err := os.Lstat(p); err == nil {
			c.readOnly = append(c.readOnly, p)
		}
	}
	slices.SortStableFunc(ro, func(a, b string) int { return len(a) - len(b) })
	for _, p := range ro {
		if !slices.ContainsFunc(c.readOnly, func(d string) bool { return holdsAny(d, []string{p}) }) {
			c.readOnly = append(c.readOnly, p)
		}
	}
	if err := readableByOthers(c.readOnly, repo, uid); err != nil {
		return err
	}
	// A cache of its own that the sandbox user may fill (through the
	// teacher's run) and read: the grader's GOCACHE is not exposed.
	cache, err := os.UserCacheDir()
	if err != nil {
		return err
	}
	c.goCache = filepath.Join(cache, "dlfun", "grade-gocache")
	if err := os.MkdirAll(c.goCache, 0o700); err != nil {
		return err
	}
	return os.Chown(c.goCache, uid, gid)
}

// allowlist turns the paths the kernel needs into the paths it is shown:
// a Go module (the -go_work repository) is reduced to its go.mod, go.sum
// and the top folders of the packages notebooks build against, so that
// .git, the notebooks, teacher sources and anything else in it stay out.
// repo lists the shown paths that are in a module.
func allowlist(keep []string, modCache string) (out, repo []string, err error) {
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	var modules []string
	for _, p := range keep {
		if st, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && st.Mode().IsRegular() {
			modules = append(modules, p)
		}
	}
	for _, p := range keep {
		switch {
		case slices.Contains(modules, p):
		case slices.ContainsFunc(modules, func(m string) bool { return holdsAny(p, []string{m}) }):
			return nil, nil, fmt.Errorf("the kernel needs %s, which holds the whole repository %s: point the kernelspec at the repository's own folders instead", p, modules[0])
		default:
			add(p)
			if slices.ContainsFunc(modules, func(m string) bool { return holdsAny(m, []string{p}) }) {
				repo = append(repo, p)
			}
		}
	}
	for _, m := range modules {
		for _, f := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
			if _, err := os.Stat(filepath.Join(m, f)); err == nil {
				add(filepath.Join(m, f))
				repo = append(repo, filepath.Join(m, f))
			}
		}
		dirs, err := packageFolders(m)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range dirs {
			add(d)
			repo = append(repo, d)
		}
	}
	if modCache != "" {
		add(modCache)
	}
	return out, repo, nil
}

// packageFolders lists the top folders of module m that hold the packages
// of kernelPackages and their dependencies inside m.
func packageFolders(m string) ([]string, error) {
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}}{{end}}{{end}}"}, kernelPackages...)...)
	cmd.Dir = m
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("listing the packages of %s the kernel builds against (go list %s): %v %s", m, strings.Join(kernelPackages, " "), err, msg)
	}
	var dirs []string
	for _, d := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(m, d)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			continue
		}
		top := filepath.Join(m, strings.Split(rel, string(filepath.Separator))[0])
		if !slices.Contains(dirs, top) {
			dirs = append(dirs, top)
		}
	}
	return dirs, nil
}

// readableByOthers checks that the sandbox user can read what the kernel
// is shown: the paths themselves, and every file under those in walk (the
// repository's folders: small; the toolchain and module cache are checked
// at the top).
func readableByOthers(paths, walk []string, uid int) error {
	var bad, roots []string
	root := ""
	check := func(p string, st fs.FileInfo) {
		need := fs.FileMode(0o004)
		if st.IsDir() {
			need = 0o005
		}
		if st.Mode()&fs.ModeSymlink == 0 && st.Mode().Perm()&need != need {
			bad = append(bad, fmt.Sprintf("%s (mode %04o)", p, st.Mode().Perm()))
			if !slices.Contains(roots, root) {
				roots = append(roots, root)
			}
		}
	}
	for _, p := range paths {
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		root = p
		check(p, st)
		if !st.IsDir() || !slices.Contains(walk, p) {
			continue
		}
		filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil || len(bad) > 20 {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil && q != p {
				check(q, info)
			}
			return nil
		})
	}
	if len(bad) > 0 {
		return fmt.Errorf("the sandbox user (uid %d) cannot read what the kernel needs: %s; make them readable by other users: chmod -R o+rX %s (a clone made with umask 077?)", uid, strings.Join(bad, ", "), strings.Join(roots, " "))
	}
	return nil
}

// Plan makes the sandbox plan of one submission: root is its private
// folder (created by the caller). trusted is for the teacher's own
// notebook, which may write to the shared build cache (students get an
// overlay on it).
func (c *Containment) Plan(root string, trusted bool) (Plan, func(), error) {
	p := Plan{
		Isolated: c.isolated, Bwrap: c.bwrap, Root: root, UID: c.uid, GID: c.gid,
		GoCache: c.goCache, GoModCache: c.goModCache, GoEnv: c.goEnv, TmpfsSize: "1g", ShmSize: 64 << 20,
		CacheOverlay: c.isolated && !trusted, ReadOnly: c.readOnly,
	}
	cleanup := func() {}
	if c.policy.Memory > 0 {
		if c.memParent != "" {
			name := fmt.Sprintf("dlfun-grade-%d-%d", os.Getpid(), c.seq.Add(1))
			procs, oom, clean, err := newCgroup(c.memParent, c.pidsParent, c.cgroupV2, name+"-kernel", c.policy.Memory, maxPids)
			if err != nil {
				return p, cleanup, fmt.Errorf("creating the memory cgroup: %w", err)
			}
			rprocs, room, rclean, err := newCgroup(c.memParent, "", c.cgroupV2, name+"-runner", RunnerMemory, 0)
			if err != nil {
				clean()
				return p, cleanup, fmt.Errorf("creating the memory cgroup: %w", err)
			}
			p.KernelProcs, p.OOMFile = procs[0], oom
			p.CgroupProcs = append(rprocs, procs[1:]...) // the runner's memory, the submission's pids
			p.RunnerOOMFile = room
			cleanup = func() { clean(); rclean() }
		} else {
			// Set on the worker, inherited by the kernel: raising another
			// process's limit needs CAP_SYS_RESOURCE, which root may lack.
			p.RunnerRlimitAS = uint64(3 * c.policy.Memory)
		}
	}
	return p, cleanup, nil
}

// holdsAny reports whether dir is one of paths or an ancestor of one.
func holdsAny(dir string, paths []string) bool {
	for _, p := range paths {
		if p == dir || dir == "/" || strings.HasPrefix(p, dir+string(filepath.Separator)) {
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

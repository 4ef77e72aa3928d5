package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// configureWorker sets how the worker process starts: its own process
// group, killed with the grader, and in new namespaces when planned.
func configureWorker(cmd *exec.Cmd, p Plan) {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if p.Isolated {
		attr.Cloneflags = syscall.CLONE_NEWNS | syscall.CLONE_NEWNET | syscall.CLONE_NEWPID
	}
	cmd.SysProcAttr = attr
}

// killGroup kills the worker's process group. In a PID namespace, killing
// the worker (its init) kills every process in it.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

// namespacesWork reports (once) whether this process may create mount,
// network and PID namespaces, by starting /bin/true in them.
var namespacesWork = sync.OnceValue(func() error {
	if os.Geteuid() != 0 {
		return errors.New("not running as root")
	}
	cmd := exec.Command("/bin/true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWNET | syscall.CLONE_NEWPID}
	return cmd.Run()
})

// Apply applies the plan inside the worker (the process started with
// p.Configure): cgroups, the
// address-space limit, the folders the kernel works in and, when
// isolated, the mounts bubblewrap builds the kernel's file system from
// (a tmpfs over Root, the build-cache overlay, the allowlisted paths
// staged under Root) and the loopback interface.
func Apply(p Plan) (*Sandbox, error) {
	sb := &Sandbox{plan: p, UID: p.UID, GID: p.GID, oomFile: p.OOMFile, kernelProcs: p.KernelProcs}
	for _, procs := range p.CgroupProcs {
		if err := os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return nil, fmt.Errorf("joining cgroup %s: %w", procs, err)
		}
	}
	if p.RunnerRlimitAS > 0 {
		lim := unix.Rlimit{Cur: p.RunnerRlimitAS, Max: p.RunnerRlimitAS}
		if err := unix.Setrlimit(unix.RLIMIT_AS, &lim); err != nil {
			return nil, fmt.Errorf("setting RLIMIT_AS: %w", err)
		}
	}
	base := p.Root
	if p.Isolated {
		if p.UID <= 0 || p.GID <= 0 {
			return nil, fmt.Errorf("refusing to run a kernel as uid %d gid %d", p.UID, p.GID)
		}
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return nil, fmt.Errorf("making mounts private: %w", err)
		}
		if err := unix.Mount("tmpfs", base, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size="+p.TmpfsSize+",mode=0755"); err != nil {
			return nil, fmt.Errorf("mounting the work folder: %w", err)
		}
	}
	sb.Work = filepath.Join(base, "work")
	sb.Home = filepath.Join(sb.Work, "home")
	sb.Tmp = filepath.Join(sb.Work, "tmp")
	runner := filepath.Join(base, "runner")
	for _, d := range []string{sb.Work, sb.Home, sb.Tmp, runner} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	// The kernel passes through runner to its connection file.
	if err := os.Chmod(runner, 0o711); err != nil {
		return nil, err
	}
	for _, d := range []string{sb.Work, sb.Home, sb.Tmp} {
		if p.UID >= 0 {
			if err := os.Chown(d, p.UID, p.GID); err != nil {
				return nil, err
			}
		}
	}
	// The runner's own files (the kernel's connection file) go to runner.
	os.Setenv("TMPDIR", runner)
	sb.GoEnv = append(sb.GoEnv, p.GoEnv...)
	if p.Isolated {
		if err := sb.stage(filepath.Join(base, "stage")); err != nil {
			return nil, err
		}
		if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
			return nil, fmt.Errorf("mounting /proc: %w", err)
		}
		if err := loopbackUp(); err != nil {
			return nil, fmt.Errorf("bringing up loopback: %w", err)
		}
	}
	// The caches keep their paths: build results depend on the paths of the
	// sources, so a fixed module cache path lets every submission reuse
	// the compiled packages.
	sb.GoEnv = append(sb.GoEnv, "GOCACHE="+p.GoCache, "GOMODCACHE="+p.GoModCache)
	return sb, nil
}

// stage makes every path of the kernel's file system reachable by the
// sandbox user, who runs bubblewrap: each allowlisted host path (which
// may lie in a private folder such as /root) is bind-mounted to a folder
// under stage, and the build cache gets its overlay (students) or is
// staged writable (the teacher's run).
func (s *Sandbox) stage(stage string) error {
	p := s.plan
	n := 0
	add := func(src string, writable bool) (string, error) {
		st, err := os.Stat(src)
		if err != nil {
			return "", err
		}
		n++
		dst := filepath.Join(stage, strconv.Itoa(n))
		if st.IsDir() {
			err = os.MkdirAll(dst, 0o755)
		} else {
			err = touch(dst)
		}
		if err != nil {
			return "", err
		}
		if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return "", fmt.Errorf("staging %s: %w", src, err)
		}
		return dst, nil
	}
	for _, path := range p.ReadOnly {
		st, err := os.Lstat(path)
		if err != nil {
			return err
		}
		if st.Mode()&os.ModeSymlink != 0 && filepath.Dir(path) == "/" { // /bin -> usr/bin
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			s.binds = append(s.binds, bind{Dest: path, Link: link})
			continue
		}
		src, err := add(path, false)
		if err != nil {
			return err
		}
		s.binds = append(s.binds, bind{Src: src, Dest: path})
	}
	if p.CacheOverlay {
		merged, err := overlayCache(p.GoCache, filepath.Join(filepath.Dir(stage), "gocache"), p.UID, p.GID)
		if err != nil {
			return err
		}
		s.binds = append(s.binds, bind{Src: merged, Dest: p.GoCache, Writable: true})
	} else {
		src, err := add(p.GoCache, true)
		if err != nil {
			return err
		}
		s.binds = append(s.binds, bind{Src: src, Dest: p.GoCache, Writable: true})
	}
	return nil
}

// touch makes sure an (empty) file exists at path, with its folders: the
// mount point for a file bind mount.
func touch(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// overlayCache mounts an overlay of cache on dir/merged: reads come from
// the shared cache, writes go to dir/up (on the submission's tmpfs).
func overlayCache(cache, dir string, uid, gid int) (string, error) {
	up, work, merged := filepath.Join(dir, "up"), filepath.Join(dir, "work"), filepath.Join(dir, "merged")
	for _, d := range []string{up, work, merged} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
		if uid >= 0 {
			if err := os.Chown(d, uid, gid); err != nil {
				return "", err
			}
		}
	}
	opts := fmt.Sprintf("lowerdir=%s,upperdir=%s,workdir=%s", cache, up, work)
	if err := unix.Mount("overlay", merged, "overlay", unix.MS_NOSUID|unix.MS_NODEV, opts); err != nil {
		return "", fmt.Errorf("overlay on the build cache: %w", err)
	}
	return merged, nil
}

// loopbackUp brings up lo in the worker's new network namespace: the
// kernel and the runner talk over 127.0.0.1, and nothing else is there.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP | unix.IFF_RUNNING)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

// Command turns the kernel's command (cmd, about to be started, its
// connection file among its arguments) into its sandboxed form. With
// isolation: this program as a launcher (see launchKernel) that joins the
// submission's memory cgroup, drops to the sandbox user and executes
// bubblewrap, which runs the kernel in a file system built from the
// allowlist. The connection file the runner wrote is handed to the
// sandbox user (the only file of the runner's the kernel may read).
func (s *Sandbox) Command(cmd *exec.Cmd) error {
	if !s.plan.Isolated {
		return nil
	}
	var conn string
	for _, a := range cmd.Args {
		if filepath.IsAbs(a) && strings.HasPrefix(a, os.TempDir()+"/") {
			if st, err := os.Stat(a); err == nil && st.Mode().IsRegular() {
				conn = a
				if err := os.Chown(a, s.UID, s.GID); err != nil {
					return err
				}
				if err := os.Chown(filepath.Dir(a), s.UID, s.GID); err != nil {
					return err
				}
			}
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	args := append([]string{exe, s.plan.Bwrap}, s.bwrapArgs(conn, cmd.Dir)...)
	args = append(append(args, "--", cmd.Path), cmd.Args[1:]...)
	cmd.Path, cmd.Args = exe, args
	cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%d:%d:%s", launchEnv, s.UID, s.GID, s.kernelProcs))
	return nil
}

// bwrapArgs are bubblewrap's options for the kernel: new user (the
// sandbox user, with no way to make further user namespaces), PID, IPC,
// UTS and cgroup namespaces, the network namespace of the worker
// (loopback only); a file system of the allowlisted paths read-only, the
// build cache (overlay) and the work folder writable, the connection file
// read-only, fresh /proc and /dev, and empty size-capped tmpfs on /tmp,
// /var/tmp and /dev/shm. Parents are mounted before what lies in them.
func (s *Sandbox) bwrapArgs(conn, dir string) []string {
	size := strconv.FormatInt(s.plan.ShmSize, 10)
	args := []string{
		"--unshare-user", "--uid", strconv.Itoa(s.UID), "--gid", strconv.Itoa(s.GID), "--disable-userns",
		"--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
		"--die-with-parent", "--hostname", "sandbox",
		"--proc", "/proc", "--dev", "/dev",
		"--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", "/var/tmp", "--size", size, "--tmpfs", "/dev/shm",
	}
	binds := append(slices.Clone(s.binds), bind{Src: s.Work, Dest: s.Work, Writable: true})
	if conn != "" {
		binds = append(binds, bind{Src: conn, Dest: conn})
	}
	slices.SortStableFunc(binds, func(a, b bind) int { return len(a.Dest) - len(b.Dest) })
	for _, b := range binds {
		switch {
		case b.Link != "":
			args = append(args, "--symlink", b.Link, b.Dest)
		case b.Writable:
			args = append(args, "--bind", b.Src, b.Dest)
		default:
			args = append(args, "--ro-bind", b.Src, b.Dest)
		}
	}
	return append(args, "--chdir", dir)
}

// launchEnv marks this program started as the kernel's launcher; its
// value is "uid:gid:cgroup.procs file".
const launchEnv = "DLFUN_GRADE_LAUNCH"

// RunLauncherIfRequested makes this process the kernel's launcher when
// Command started it as one, and returns at once otherwise. Programs that
// Apply plans call it first thing (the grader's worker is such a
// program); drop names environment variables of theirs that must not
// reach the kernel.
func RunLauncherIfRequested(drop ...string) {
	if os.Getenv(launchEnv) != "" {
		launchKernel(drop)
	}
}

// launchKernel is the kernel's launcher (see Command): as root it
// joins the submission's memory cgroup, so that the kernel and every
// process it starts are in it from the first instruction; it ignores
// SIGINT (the runner interrupts a cell by signalling the kernel's process
// group, which bubblewrap must survive; GoNB installs its own handler);
// then it drops to the sandbox user for good and executes bubblewrap
// (os.Args[1:]). It does not return.
func launchKernel(drop []string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "dlfun grade: starting the kernel's sandbox:", err)
		os.Exit(125)
	}
	parts := strings.SplitN(os.Getenv(launchEnv), ":", 3)
	if len(parts) != 3 || len(os.Args) < 3 {
		fail(fmt.Errorf("bad launcher setting %q", os.Getenv(launchEnv)))
	}
	uid, err1 := strconv.Atoi(parts[0])
	gid, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || uid <= 0 || gid <= 0 {
		fail(fmt.Errorf("refusing to run a kernel as %s:%s", parts[0], parts[1]))
	}
	if procs := parts[2]; procs != "" {
		if err := os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			fail(fmt.Errorf("joining the memory cgroup: %w", err))
		}
	}
	signal.Ignore(syscall.SIGINT)
	if err := syscall.Setgroups(nil); err != nil {
		fail(err)
	}
	if err := syscall.Setresgid(gid, gid, gid); err != nil {
		fail(err)
	}
	if err := syscall.Setresuid(uid, uid, uid); err != nil {
		fail(err)
	}
	if os.Getuid() != uid || os.Geteuid() != uid {
		fail(errors.New("could not drop privileges"))
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != launchEnv && !slices.Contains(drop, k) {
			env = append(env, kv)
		}
	}
	fail(syscall.Exec(os.Args[1], os.Args[1:], env))
}

// probeBwrap starts bubblewrap once as the sandbox user, in a new user
// namespace, and explains what to fix if it cannot.
func probeBwrap(bwrap string, uid, gid int) error {
	cmd := exec.Command(bwrap, "--unshare-user", "--disable-userns", "--unshare-pid", "--ro-bind", "/usr", "/usr",
		"--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--", "/usr/bin/true")
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(string(out))
	fix := "check that bubblewrap runs: " + bwrap + " --unshare-user --ro-bind / / true"
	if strings.Contains(msg, "namespace") || strings.Contains(msg, "ermission") {
		fix = "allow unprivileged user namespaces (sysctl -w user.max_user_namespaces=10000; on Debian's older kernels kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 kernel.apparmor_restrict_unprivileged_userns=0), or run in a container that allows them"
	}
	return fmt.Errorf("bubblewrap cannot start a sandbox as uid %d (%v: %s): %s", uid, err, msg, fix)
}

// Confine moves the started kernel (pid) into the submission's memory
// cgroup where the launcher did not (no isolation); call it once the
// command made by Command has started.
func (s *Sandbox) Confine(pid int) error {
	if s.kernelProcs != "" && !s.plan.Isolated {
		if err := os.WriteFile(s.kernelProcs, []byte(strconv.Itoa(pid)), 0); err != nil {
			return fmt.Errorf("moving the kernel into its memory cgroup: %w", err)
		}
	}
	return nil
}

// cgroupDirs finds where this process may create memory and pids cgroups:
// under its own cgroups, v1 (one hierarchy per controller) or v2.
func cgroupDirs() (mem, pids string, v2 bool) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", "", false
	}
	var unified string
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			switch c {
			case "memory":
				mem = filepath.Join("/sys/fs/cgroup/memory", parts[2])
			case "pids":
				pids = filepath.Join("/sys/fs/cgroup/pids", parts[2])
			}
		}
		if parts[0] == "0" && parts[1] == "" {
			unified = filepath.Join("/sys/fs/cgroup", parts[2])
		}
	}
	if mem != "" && usable(filepath.Join(mem, "memory.limit_in_bytes")) {
		if pids != "" && !usable(filepath.Join(pids, "pids.max")) && !usable(filepath.Join(pids, "cgroup.procs")) {
			pids = ""
		}
		return mem, pids, false
	}
	// cgroup v2: usable when the memory controller is delegated to our
	// children (listed in our cgroup.subtree_control).
	if unified != "" {
		if sc, err := os.ReadFile(filepath.Join(unified, "cgroup.subtree_control")); err == nil && strings.Contains(string(sc), "memory") {
			p := ""
			if strings.Contains(string(sc), "pids") {
				p = unified
			}
			return unified, p, true
		}
	}
	return "", "", false
}

func usable(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// newCgroup creates the memory (and pids) cgroups of one submission and
// returns the cgroup.procs files to join, the OOM counter file and a
// cleanup that kills whatever is left in them and removes them.
func newCgroup(memParent, pidsParent string, v2 bool, name string, memory int64, maxPids int) (procs []string, oomFile string, cleanup func(), err error) {
	var dirs []string
	cleanup = func() {
		for _, d := range dirs {
			removeCgroup(d)
		}
	}
	mk := func(parent string) (string, error) {
		d := filepath.Join(parent, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			return "", err
		}
		dirs = append(dirs, d)
		return d, nil
	}
	d, err := mk(memParent)
	if err != nil {
		return nil, "", cleanup, err
	}
	limit := strconv.FormatInt(memory, 10)
	if v2 {
		if err := os.WriteFile(filepath.Join(d, "memory.max"), []byte(limit), 0); err != nil {
			cleanup()
			return nil, "", func() {}, err
		}
		os.WriteFile(filepath.Join(d, "memory.swap.max"), []byte("0"), 0)
		if pidsParent != "" {
			os.WriteFile(filepath.Join(d, "pids.max"), []byte(strconv.Itoa(maxPids)), 0)
		}
		return []string{filepath.Join(d, "cgroup.procs")}, filepath.Join(d, "memory.events"), cleanup, nil
	}
	if err := os.WriteFile(filepath.Join(d, "memory.limit_in_bytes"), []byte(limit), 0); err != nil {
		cleanup()
		return nil, "", func() {}, err
	}
	// Without swap accounting this file is missing; with it, no swapping.
	os.WriteFile(filepath.Join(d, "memory.memsw.limit_in_bytes"), []byte(limit), 0)
	procs = []string{filepath.Join(d, "cgroup.procs")}
	if pidsParent != "" {
		if pd, err := mk(pidsParent); err == nil {
			os.WriteFile(filepath.Join(pd, "pids.max"), []byte(strconv.Itoa(maxPids)), 0)
			procs = append(procs, filepath.Join(pd, "cgroup.procs"))
		}
	}
	return procs, filepath.Join(d, "memory.oom_control"), cleanup, nil
}

// removeCgroup kills the processes left in the cgroup d and removes it.
func removeCgroup(d string) {
	for range 50 {
		b, err := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			return
		}
		pids := strings.Fields(string(b))
		if len(pids) == 0 {
			break
		}
		for _, p := range pids {
			if n, err := strconv.Atoi(p); err == nil {
				syscall.Kill(n, syscall.SIGKILL)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	for range 50 {
		if err := os.Remove(d); err == nil || os.IsNotExist(err) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// accessibleToOthers reports whether a user other than the owner can reach
// path: every folder on the way searchable, the path itself readable.
func accessibleToOthers(path string) bool {
	p := filepath.Clean(path)
	for {
		st, err := os.Stat(p)
		if err != nil {
			return false
		}
		need := os.FileMode(0o001)
		if p == filepath.Clean(path) && !st.IsDir() {
			need = 0o004
		}
		if st.Mode().Perm()&need == 0 {
			return false
		}
		if p == "/" {
			return true
		}
		p = filepath.Dir(p)
	}
}

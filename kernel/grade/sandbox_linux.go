package grade

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// configureWorker sets how the worker process starts: its own process
// group, killed with the grader, and in new namespaces when planned.
func configureWorker(cmd *exec.Cmd, p sandboxPlan) {
	attr := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if p.Namespaces {
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

// enterSandbox applies the plan inside the worker: mounts (when in new
// namespaces), the loopback interface, cgroups, the address-space limit,
// and the folders the kernel works in.
func enterSandbox(p sandboxPlan) (*sandbox, []string, error) {
	var notes []string
	sb := &sandbox{uid: p.UID, gid: p.GID, oomFile: p.OOMFile, kernelProcs: p.KernelProcs}
	for _, procs := range p.CgroupProcs {
		if err := os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return nil, notes, fmt.Errorf("joining cgroup %s: %w", procs, err)
		}
	}
	if p.RunnerRlimitAS > 0 {
		lim := unix.Rlimit{Cur: p.RunnerRlimitAS, Max: p.RunnerRlimitAS}
		if err := unix.Setrlimit(unix.RLIMIT_AS, &lim); err != nil {
			return nil, notes, fmt.Errorf("setting RLIMIT_AS: %w", err)
		}
	}
	base := p.Root
	if p.Namespaces {
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return nil, notes, fmt.Errorf("making mounts private: %w", err)
		}
		size := "size=" + p.TmpfsSize
		if p.CoverTmp {
			if err := unix.Mount("tmpfs", "/tmp", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, size+",mode=1777"); err != nil {
				return nil, notes, fmt.Errorf("covering /tmp: %w", err)
			}
			if err := os.MkdirAll(base, 0o755); err != nil {
				return nil, notes, err
			}
		}
		if err := unix.Mount("tmpfs", base, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, size+",mode=0755"); err != nil {
			return nil, notes, fmt.Errorf("mounting the work folder: %w", err)
		}
	}
	sb.work = filepath.Join(base, "work")
	sb.home = filepath.Join(sb.work, "home")
	sb.tmp = filepath.Join(sb.work, "tmp")
	runner := filepath.Join(base, "runner")
	for _, d := range []string{sb.work, sb.home, sb.tmp, runner} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, notes, err
		}
	}
	// The kernel passes through runner to its connection file.
	if err := os.Chmod(runner, 0o711); err != nil {
		return nil, notes, err
	}
	for _, d := range []string{sb.work, sb.home, sb.tmp} {
		if p.UID >= 0 {
			if err := os.Chown(d, p.UID, p.GID); err != nil {
				return nil, notes, err
			}
		}
	}
	// The runner's own files (the kernel's connection file) go to runner.
	os.Setenv("TMPDIR", runner)
	sb.goEnv = append(sb.goEnv, p.GoEnv...)
	if p.Namespaces {
		if err := exposeAtSamePath(p.Expose, p.Cover, filepath.Join(base, "stage")); err != nil {
			return nil, notes, err
		}
		if p.CacheOverlay {
			if err := overlayCache(p.GoCache, filepath.Join(base, "gocache"), p.UID, p.GID); err != nil {
				return nil, notes, err
			}
		}
		for _, d := range p.HideDirs {
			err := unix.Mount("tmpfs", d, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_RDONLY, "size=4k,mode=0700")
			if err != nil && !errors.Is(err, unix.ENOENT) {
				return nil, notes, fmt.Errorf("hiding %s: %w", d, err)
			}
		}
		for _, f := range p.HideFiles {
			err := unix.Mount("/dev/null", f, "", unix.MS_BIND, "")
			if err != nil && !errors.Is(err, unix.ENOENT) {
				return nil, notes, fmt.Errorf("hiding %s: %w", f, err)
			}
		}
		if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
			return nil, notes, fmt.Errorf("mounting /proc: %w", err)
		}
		if err := loopbackUp(); err != nil {
			return nil, notes, fmt.Errorf("bringing up loopback: %w", err)
		}
	}
	// The caches keep their paths: build results depend on the paths of the
	// sources, so a fixed module cache path lets every submission reuse
	// the compiled packages.
	sb.goEnv = append(sb.goEnv, "GOCACHE="+p.GoCache, "GOMODCACHE="+p.GoModCache)
	return sb, notes, nil
}

// exposeAtSamePath makes the paths in expose reachable by the sandbox user
// at their own paths although a folder above them is private (e.g. /root
// for /root/go/pkg/mod): each is bind-mounted to a staging folder, each
// cover folder gets an empty tmpfs (hiding the rest of it), and the staged
// mounts are moved back into place. Read-only unless Writable.
func exposeAtSamePath(expose []bindPath, cover []string, stage string) error {
	if len(cover) == 0 {
		return nil
	}
	staged := make([]string, len(expose))
	isFile := make([]bool, len(expose))
	for i, e := range expose {
		staged[i] = filepath.Join(stage, strconv.Itoa(i))
		// A file (such as the kernel's bin/gonb) is bind-mounted onto a
		// file, a folder onto a folder.
		if st, err := os.Stat(e.Path); err == nil && !st.IsDir() {
			isFile[i] = true
			if err := touch(staged[i]); err != nil {
				return err
			}
		} else if err := os.MkdirAll(staged[i], 0o755); err != nil {
			return err
		}
		if err := unix.Mount(e.Path, staged[i], "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("bind-mounting %s: %w", e.Path, err)
		}
		if !e.Writable {
			if err := unix.Mount("", staged[i], "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_REC, ""); err != nil {
				return fmt.Errorf("making %s read-only: %w", e.Path, err)
			}
		}
	}
	for _, d := range cover {
		if err := unix.Mount("tmpfs", d, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=64k,mode=0755"); err != nil {
			return fmt.Errorf("covering %s: %w", d, err)
		}
	}
	for i, e := range expose {
		if isFile[i] {
			if err := touch(e.Path); err != nil {
				return err
			}
		} else if err := os.MkdirAll(e.Path, 0o755); err != nil {
			return err
		}
		if err := unix.Mount(staged[i], e.Path, "", unix.MS_MOVE, ""); err != nil {
			return fmt.Errorf("moving %s into place: %w", e.Path, err)
		}
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

// overlayCache mounts an overlay on cache: reads come from the shared
// cache, writes go to folders under dir (on the submission's tmpfs).
func overlayCache(cache, dir string, uid, gid int) error {
	up, work := filepath.Join(dir, "up"), filepath.Join(dir, "work")
	for _, d := range []string{up, work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if uid >= 0 {
			if err := os.Chown(d, uid, gid); err != nil {
				return err
			}
		}
	}
	opts := fmt.Sprintf("lowerdir=%s,upperdir=%s,workdir=%s", cache, up, work)
	if err := unix.Mount("overlay", cache, "overlay", unix.MS_NOSUID|unix.MS_NODEV, opts); err != nil {
		return fmt.Errorf("overlay on the build cache: %w", err)
	}
	return nil
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

// prepareKernel runs the kernel as the sandbox user: it hands the user the
// connection file the runner wrote for it (the only file of the runner's
// that the kernel may read).
func (s *sandbox) prepareKernel(cmd *exec.Cmd) error {
	if s.uid < 0 {
		return nil
	}
	for _, a := range cmd.Args {
		if filepath.IsAbs(a) && strings.HasPrefix(a, os.TempDir()+"/") {
			if st, err := os.Stat(a); err == nil && st.Mode().IsRegular() {
				if err := os.Chown(a, s.uid, s.gid); err != nil {
					return err
				}
				if err := os.Chown(filepath.Dir(a), s.uid, s.gid); err != nil {
					return err
				}
			}
		}
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(s.uid), Gid: uint32(s.gid), Groups: []uint32{}}
	return nil
}

// confineKernel moves the started kernel (pid) into the submission's
// memory cgroup. The kernel has run no student code yet (it has only
// answered kernel_info), and every cell program it starts inherits the
// cgroup.
func (s *sandbox) confineKernel(pid int) error {
	if s.kernelProcs != "" {
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

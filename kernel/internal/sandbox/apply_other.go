//go:build !linux

package sandbox

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Outside Linux the grader has no sandbox: New refuses to
// grade unless isolation is turned off by an unprivileged user, and then
// each submission still gets its own folder, HOME, TMPDIR, a minimal
// environment and the time limits.

func configureWorker(cmd *exec.Cmd, p Plan) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

var errNoSandbox = errors.New("no sandbox on this system")

func namespacesWork() error { return errNoSandbox }

func probeBwrap(bwrap string, uid, gid int) error { return errNoSandbox }

// RunLauncherIfRequested does nothing: there is no launcher outside Linux.
func RunLauncherIfRequested(drop ...string) {}

func Apply(p Plan) (*Sandbox, error) {
	if p.Isolated {
		return nil, errNoSandbox
	}
	sb := &Sandbox{plan: p, UID: -1, GID: -1,
		Work: filepath.Join(p.Root, "work"), Home: filepath.Join(p.Root, "work", "home"), Tmp: filepath.Join(p.Root, "work", "tmp")}
	for _, d := range []string{sb.Work, sb.Home, sb.Tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	sb.GoEnv = append(append(sb.GoEnv, p.GoEnv...), "GOCACHE="+p.GoCache, "GOMODCACHE="+p.GoModCache)
	return sb, nil
}

func (s *Sandbox) Command(cmd *exec.Cmd) error { return nil }

func (s *Sandbox) Confine(pid int) error { return nil }

func cgroupDirs() (mem, pids string, v2 bool) { return "", "", false }

func newCgroup(memParent, pidsParent string, v2 bool, name string, memory int64, maxPids int) ([]string, string, func(), error) {
	return nil, "", func() {}, errors.New("no cgroups on this system")
}

func accessibleToOthers(path string) bool { return false }

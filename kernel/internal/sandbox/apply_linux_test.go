package sandbox

import (
	"slices"
	"strings"
	"testing"
)

// TestBwrapArgs: the bubblewrap invocation runs the kernel as the plan's
// user with no way back to privileges, mounts every parent before what
// lies in it, shows the allowlist read-only and only the work folder and
// the build cache writable, and hands over the connection file read-only.
func TestBwrapArgs(t *testing.T) {
	s := &Sandbox{Work: "/sub/work", UID: 65534, GID: 65534, plan: Plan{ShmSize: 64 << 20}, binds: []bind{
		{Src: "/sub/stage/3", Dest: "/usr/local/go"},
		{Src: "/sub/stage/2", Dest: "/repo/dl"},
		{Dest: "/bin", Link: "usr/bin"},
		{Src: "/sub/gocache/merged", Dest: "/cache/go-build", Writable: true},
		{Src: "/sub/stage/1", Dest: "/usr"},
	}}
	args := s.bwrapArgs("/sub/runner/kernel-1.json", "/sub/work")
	line := " " + strings.Join(args, " ") + " "
	for _, want := range []string{
		" --unshare-user --uid 65534 --gid 65534 --disable-userns ",
		" --unshare-pid ", " --die-with-parent ",
		" --proc /proc --dev /dev ",
		" --size 67108864 --tmpfs /tmp ",
		" --ro-bind /sub/stage/1 /usr ",
		" --symlink usr/bin /bin ",
		" --ro-bind /sub/stage/2 /repo/dl ",
		" --ro-bind /sub/stage/3 /usr/local/go ",
		" --bind /sub/gocache/merged /cache/go-build ",
		" --bind /sub/work /sub/work ",
		" --ro-bind /sub/runner/kernel-1.json /sub/runner/kernel-1.json ",
	} {
		if !strings.Contains(line, want) {
			t.Errorf("bwrap args lack %q:\n%s", want, line)
		}
	}
	if !strings.HasSuffix(line, " --chdir /sub/work ") {
		t.Errorf("bwrap args do not end in the work folder:\n%s", line)
	}
	// Parents first: a bind's destination never lies inside one mounted
	// after it (which would hide it).
	var dests []string
	for i, a := range args {
		if a == "--bind" || a == "--ro-bind" || a == "--symlink" {
			dests = append(dests, args[i+2])
		}
	}
	for i, d := range dests {
		for _, later := range dests[i+1:] {
			if strings.HasPrefix(d, later+"/") {
				t.Errorf("%s is mounted before its parent %s", d, later)
			}
		}
	}
	if n := strings.Count(line, " --bind "); n != 2 {
		t.Errorf("%d writable binds, want the work folder and the build cache only:\n%s", n, line)
	}
	if slices.Contains(args, "--share-net") {
		t.Error("the kernel shares the host's network")
	}
}

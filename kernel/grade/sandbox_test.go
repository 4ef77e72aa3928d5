package grade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

func TestStudentNames(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"nbgrader layout", []string{"course/submitted/alice/a1/a1.ipynb", "course/submitted/bob/a1/notebook.ipynb"}, []string{"alice", "bob"}},
		{"not nbgrader's layout", []string{"a1/dave.ipynb", "submitted/a1/erin.ipynb"}, []string{"dave", "erin"}},
		{"same name in two folders, and a name ending in -2", []string{"in/a/carol.ipynb", "in/b/carol.ipynb", "in/carol-2.ipynb"}, []string{"a/carol", "b/carol", "carol-2"}},
		{"two notebooks of one student", []string{"submitted/alice/a1/x.ipynb", "submitted/alice/a1/y.ipynb", "submitted/bob/a1/x.ipynb"}, []string{"alice/x", "alice/y", "bob"}},
		{"a qualified name that is someone else's", []string{"in/a/carol.ipynb", "in/b/carol.ipynb", "in/a_carol.ipynb"}, []string{"a/carol", "b/carol", "a_carol#2"}},
		{"names differing in case only", []string{"in/Carol.ipynb", "in/carol.ipynb"}, []string{"Carol", "carol#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := studentNames("a1", tt.paths)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			folders := map[string]bool{}
			for _, n := range got {
				f := strings.ToLower(safeName(n))
				if folders[f] {
					t.Errorf("two students share the feedback folder %q", f)
				}
				folders[f] = true
			}
		})
	}
}

// TestReadSubmission: anything but a regular file is refused with its
// reason, at once (a FIFO with no writer would block an open or a read).
func TestReadSubmission(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "ok.ipynb")
	if err := os.WriteFile(regular, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.ipynb")
	if err := os.WriteFile(big, make([]byte, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.ipynb")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.ipynb")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.ipynb")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	linkedStudent := filepath.Join(dir, "submitted", "mallory")
	if err := os.MkdirAll(filepath.Join(dir, "real", "a1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "real", "a1", "a1.ipynb"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(linkedStudent), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), linkedStudent); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string // want: part of the error, "" for none
	}{
		{regular, ""},
		{big, "larger than the 1000 bytes limit"},
		{link, "is a symbolic link"},
		{fifo, "is a FIFO"},
		{folder, "is a folder"},
		{"/dev/zero", "is a device"},
		{filepath.Join(linkedStudent, "a1", "a1.ipynb"), "is a symbolic link"},
		{filepath.Join(dir, "missing.ipynb"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := readSubmission(tt.path, 1000)
				done <- err
			}()
			select {
			case err := <-done:
				if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
					t.Errorf("error %v, want %q", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("readSubmission blocked")
			}
		})
	}
}

// TestSandbox grades, through the real sandbox, a probe that tries to
// reach out of it: it must not see the repository's .git, the teacher's
// notebooks, the source, the other submissions, an earlier batch's grades,
// the host's /tmp or the grader's home; must leave nothing in the host's
// /tmp, /var/tmp, /dev/shm or /run/lock; must have no network and no
// privileges. The batch also holds a FIFO, a symbolic link to the source,
// a device and three submissions that would share a name: the first three
// are refused with their reason, the others get rows of their own.
func TestSandbox(t *testing.T) {
	spec := needKernel(t)
	if err := namespacesWork(); err != nil {
		if os.Getenv("CI") == "true" && os.Geteuid() == 0 {
			t.Fatalf("running as root under CI but no namespaces: %v", err)
		}
		t.Skipf("no full sandbox here: %v", err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "dlfun-sandbox-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// World-readable on purpose: only the sandbox can keep the kernel out.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Something of the host's /tmp outside the test folder, and an
	// earlier batch's grades left readable.
	marker, err := os.CreateTemp("", "dlfun-host-tmp-marker-")
	if err != nil {
		t.Fatal(err)
	}
	marker.Close()
	defer os.Remove(marker.Name())
	oldGrades := filepath.Join(dir, "earlier-batch", "grades.csv")
	if err := os.MkdirAll(filepath.Dir(oldGrades), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(oldGrades, []byte("student,total\nalice,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	left := "dlfun-left-by-a-submission-" + filepath.Base(dir)
	source := filepath.Join(dir, "source", "probe.ipynb")
	subA := filepath.Join(dir, "submissions", "a.ipynb")
	subB := filepath.Join(dir, "submissions", "b.ipynb")
	probe := fmt.Sprintf(`%%%%
c := check.New("test_sandbox", 8)
defer c.Done()
hidden := func(p string) error {
	if _, err := os.Stat(p); err == nil {
		return fmt.Errorf("%%s is visible", p)
	}
	return nil
}
c.Check("the repository's .git is hidden", hidden(%[1]q+"/.git"))
c.Check("the teacher's notebooks are hidden", hidden(%[1]q+"/notebooks"))
c.Check("the grader's code is hidden", hidden(%[1]q+"/kernel"))
c.Check("the source notebook is hidden", hidden(%[2]q))
c.Check("the other submissions are hidden", hidden(%[3]q))
c.Check("an earlier batch's grades are hidden", hidden(%[4]q))
c.Check("the host's /tmp is hidden", hidden(%[5]q))
c.Check("the grader's home is hidden", hidden("/root/.bashrc"))
for _, d := range []string{"/tmp", "/var/tmp", "/dev/shm", "/run/lock"} {
	os.WriteFile(d+"/"+%[6]q, []byte("left behind"), 0o644)
}
ifs, _ := net.Interfaces()
var names []string
for _, i := range ifs {
	names = append(names, i.Name)
}
c.Equal("only the loopback interface", strings.Join(names, ","), "lo")
_, err := net.DialTimeout("tcp", "1.1.1.1:443", 2*time.Second)
c.True("no route out", err != nil, "connected to 1.1.1.1:443")
c.Equal("runs as an unprivileged user", os.Getuid(), 65534)
c.True("no capabilities", syscall.Setuid(0) != nil, "setuid(0) worked")
home, _ := os.UserHomeDir()
wd, _ := os.Getwd()
c.True("HOME is in the working folder", strings.HasPrefix(home, wd), home+" is not in "+wd)
if answer() == 2 { // a student's run: try to plant a file in the shared build cache
	c.Check("the build cache is writable", os.WriteFile(os.Getenv("GOCACHE")+"/planted-by-a-student", nil, 0o644))
}`, repo, source, subB, oldGrades, marker.Name(), left)
	nb := nbOf(
		cell("code", "", "import (\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n\t\"strings\"\n\t\"syscall\"\n\t\"time\"\n\n\t\"github.com/dlfun/dlfun/dl/check\"\n)\n\nvar _, _, _, _, _, _ = fmt.Sprint, net.Dial, os.Getuid, strings.Cut, time.Now, syscall.Getuid"),
		cell("code", solutionMeta("answer"), "func answer() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}"),
		cell("code", testMeta("test_sandbox", 8), probe),
	)
	carols := []string{filepath.Join(dir, "inbox", "a", "carol.ipynb"), filepath.Join(dir, "inbox", "b", "carol.ipynb"), filepath.Join(dir, "inbox", "carol-2.ipynb")}
	for _, p := range append([]string{source, subA, subB}, carols...) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if p == subA {
			nb.Cells[1].Source = "func answer() int { return 2 }"
		}
		if p == subB {
			nb.Cells[1].Source = "func answer() int { return 1 }"
		}
		if err := nb.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(dir, "submissions", "fifo.ipynb")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "submissions", "link.ipynb")
	if err := os.Symlink(source, link); err != nil {
		t.Fatal(err)
	}
	a, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	subs := append([]string{subA, subB, fifo, link, "/dev/null"}, carols...)
	rep, err := Grade(context.Background(), a, subs, Options{KernelSpecDir: spec, Out: out,
		Limits: Limits{CellTimeout: 30 * time.Second, TotalTimeout: 2 * time.Minute, Memory: 1 << 30, Isolate: true, User: "65534:65534"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // student: the reason of a refusal ("" graded)
		"a": "", "b": "", "a/carol": "", "b/carol": "", "carol-2": "",
		"fifo": "is a FIFO", "link": "is a symbolic link", "null": "is a device",
	}
	if len(rep.Students) != len(want) {
		t.Errorf("%d students graded, want %d", len(rep.Students), len(want))
	}
	for _, s := range rep.Students {
		reason, ok := want[s.Student]
		switch {
		case !ok:
			t.Errorf("unexpected student %q", s.Student)
		case reason != "" && (s.Total != 0 || !strings.Contains(s.Error, reason)):
			t.Errorf("%s: %v points, error %q, want 0 and %q", s.Student, s.Total, s.Error, reason)
		case reason == "" && s.Total != 8:
			c := s.Cells[0]
			t.Errorf("%s: %v/8 points: %s %s %v", s.Student, s.Total, s.Error, c.Reason, c.Failed)
		}
	}
	if len(rep.Notes) > 0 {
		t.Errorf("notes about the source: %v", rep.Notes)
	}
	for _, d := range []string{os.TempDir(), "/tmp", "/var/tmp", "/dev/shm", "/run/lock"} {
		if _, err := os.Stat(filepath.Join(d, left)); err == nil {
			os.Remove(filepath.Join(d, left))
			t.Errorf("a submission left a file in the host's %s", d)
		}
	}
	cache, _ := os.UserCacheDir()
	gocache := filepath.Join(cache, "dlfun", "grade-gocache")
	if _, err := os.Stat(filepath.Join(gocache, "planted-by-a-student")); err == nil {
		t.Errorf("a submission wrote into the shared build cache")
	}
	// What the teacher's run wrote to the shared cache belongs to the
	// sandbox user, not to root.
	if st, err := os.Stat(filepath.Join(gocache, "README")); err == nil {
		if uid := st.Sys().(*syscall.Stat_t).Uid; uid != 65534 {
			t.Errorf("%s belongs to uid %d, want 65534", filepath.Join(gocache, "README"), uid)
		}
	}
	// The outputs are the teacher's alone.
	private := map[string]os.FileMode{out + "/grades.csv": 0o600, out + "/feedback": 0o700}
	for _, s := range rep.Students {
		if s.Feedback != "" {
			private[filepath.Dir(s.Feedback)] = 0o700
			private[s.Feedback] = 0o600
		}
	}
	if n := len(private); n != 2+2*5 {
		t.Errorf("%d feedback paths, want a folder and a notebook for each of the 5 graded students", n-2)
	}
	for p, mode := range private {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v, want mode %04o", p, err, mode)
		}
	}
	fb, err := notebook.Read(rep.Students[0].Feedback)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fb.Cells[0].Source), "8 / 8 points") {
		t.Errorf("feedback header:\n%s", fb.Cells[0].Source)
	}
}

// TestSourceMustScoreFull: a source notebook whose own solutions fail its
// tests is reported, and the students are still graded.
func TestSourceMustScoreFull(t *testing.T) {
	spec := needKernel(t)
	dir := t.TempDir()
	nb := nbOf(
		cell("code", "", "import \"github.com/dlfun/dlfun/dl/check\""),
		cell("code", solutionMeta("s"), strings.Replace(solSrc, "2 * x", "3 * x", 1)),
		cell("code", testMeta("t", 2), tstSrc),
	)
	source, sub := filepath.Join(dir, "double.ipynb"), filepath.Join(dir, "alice.ipynb")
	if err := nb.Write(source); err != nil {
		t.Fatal(err)
	}
	nb.Cells[1].Source = "func double(x int) int { return x * 2 }"
	if err := nb.Write(sub); err != nil {
		t.Fatal(err)
	}
	a, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Grade(t.Context(), a, []string{sub}, Options{KernelSpecDir: spec, Out: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "the source notebook itself scores 0 / 2") || !strings.Contains(rep.Notes[0], "got 6, want 4") {
		t.Errorf("notes %q", rep.Notes)
	}
	if rep.Students[0].Total != 2 {
		t.Errorf("alice: %v points: %s", rep.Students[0].Total, describe(rep.Students[0]))
	}
}

// TestSandboxRefuses: where the sandbox cannot be set up, grading stops
// before running anything, with an error that says what to fix.
func TestSandboxRefuses(t *testing.T) {
	spec := needKernel(t)
	if err := namespacesWork(); err != nil {
		t.Skipf("no full sandbox here: %v", err)
	}
	ks, err := jupyter.ReadKernelSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	// A repository cloned with umask 077: one source file only its owner
	// can read.
	repo := t.TempDir()
	for path, text := range map[string]string{
		"go.mod":               "module example.com/course\n\ngo 1.26\n",
		"dl/tensor.go":         "package dl\n",
		"datasets/datasets.go": "package datasets\n\nimport _ \"example.com/course/dl\"\n",
	} {
		p := filepath.Join(repo, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{repo, filepath.Dir(repo)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(repo, "dl", "tensor.go"), 0o600); err != nil {
		t.Fatal(err)
	}
	private := t.TempDir()
	specDir := filepath.Join(private, "kernel")
	if err := os.MkdirAll(specDir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := fmt.Sprintf(`{"argv": [%q, "--kernel", "{connection_file}", "-go_work=%s"], "display_name": "umask 077", "language": "go"}`, ks.Argv[0], repo)
	if err := os.WriteFile(filepath.Join(specDir, "kernel.json"), []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	source := filepath.Join(private, "double.ipynb")
	if err := nbOf(cell("code", "", "import \"github.com/dlfun/dlfun/dl/check\""), cell("code", solutionMeta("s"), solSrc), cell("code", testMeta("t", 2), tstSrc)).Write(source); err != nil {
		t.Fatal(err)
	}
	a, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		spec  string
		limit Limits
		bwrap string
		want  []string
	}{
		{"unreadable repository", specDir, DefaultLimits, bwrapPath, []string{filepath.Join(repo, "dl", "tensor.go") + " (mode 0600)", "chmod -R o+rX", "umask 077"}},
		{"root as the sandbox user", spec, Limits{Isolate: true, User: "0:0"}, bwrapPath, []string{"never run as root", "65534:65534"}},
		{"no sandbox, as root", spec, Limits{Isolate: false, CellTimeout: time.Second}, bwrapPath, []string{"refusing to grade without the sandbox as root"}},
		{"no bubblewrap", spec, DefaultLimits, "/nonexistent/bwrap", []string{"apt-get install bubblewrap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if os.Geteuid() != 0 {
				t.Skip("needs root")
			}
			saved, savedPath := bwrapPath, os.Getenv("PATH")
			defer func() { bwrapPath = saved; os.Setenv("PATH", savedPath) }()
			bwrapPath = tt.bwrap
			if tt.bwrap != saved {
				os.Setenv("PATH", "/usr/local/go/bin:"+filepath.Dir(tt.bwrap))
			}
			out := filepath.Join(t.TempDir(), "out")
			_, err := Grade(t.Context(), a, []string{source}, Options{KernelSpecDir: tt.spec, Out: out, Limits: tt.limit})
			if err == nil {
				t.Fatal("graded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			t.Log(err)
			if _, err := os.Stat(out); err == nil {
				t.Errorf("the output folder was made")
			}
		})
	}
}

// TestAllowlist: of the repository, the kernel sees go.mod, go.sum, its
// programs and the folders of the packages notebooks build against, never
// the repository itself, .git, the notebooks or the grader.
func TestAllowlist(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ro, inRepo, err := allowlist([]string{filepath.Join(repo, "bin"), repo, "/usr/local/go"}, "/root/go/pkg/mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bin", "go.mod", "go.sum", "dl", "datasets"} {
		if p := filepath.Join(repo, want); !slices.Contains(ro, p) || !slices.Contains(inRepo, p) {
			t.Errorf("%s not shown to the kernel: %v", p, ro)
		}
	}
	for _, want := range []string{"/usr/local/go", "/root/go/pkg/mod"} {
		if !slices.Contains(ro, want) {
			t.Errorf("%s not shown to the kernel: %v", want, ro)
		}
	}
	for _, p := range ro {
		for _, hidden := range []string{"", ".git", "notebooks", "kernel", "docs"} {
			if holdsAny(p, []string{filepath.Join(repo, hidden)}) {
				t.Errorf("the kernel is shown %s, which holds %s", p, filepath.Join(repo, hidden))
			}
		}
	}
	if _, _, err := allowlist([]string{filepath.Dir(repo), repo}, ""); err == nil || !strings.Contains(err.Error(), "holds the whole repository") {
		t.Errorf("a folder above the repository: error %v", err)
	}
}

// kernelPaths allowlists the files a kernelspec names, but never a path
// under /dev or /proc: the sandbox has its own, and a bind of /dev/null
// (GoNB's -log_file=/dev/null) would make every open of it fail.
func TestKernelPaths(t *testing.T) {
	bin := t.TempDir()
	gonb := filepath.Join(bin, "gonb")
	if err := os.WriteFile(gonb, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	got := kernelPaths([]string{gonb, "--kernel", "{connection_file}", "-log_file=/dev/null", "-x=/proc/self"}, "/nonexistent", map[string]string{"PATH": bin + ":/dev"})
	if !slices.Contains(got, gonb) || !slices.Contains(got, bin) {
		t.Errorf("kernelPaths = %v, want %s and %s", got, gonb, bin)
	}
	for _, p := range got {
		if strings.HasPrefix(p, "/dev") || strings.HasPrefix(p, "/proc") {
			t.Errorf("kernelPaths allowlists %s", p)
		}
	}
}

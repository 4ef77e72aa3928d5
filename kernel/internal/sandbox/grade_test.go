package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/grade"
	"github.com/dlfun/dlfun/kernel/internal/sandbox"
	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/nbtest"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// The tests in this file contain real submissions: they grade notebooks
// with package kernel/grade, which starts this test binary as its worker
// (see TestMain) and the worker applies the plans of this package.

// TestMain lets the test binary serve as the grading worker and the
// kernel's launcher, as the dlfun command does.
func TestMain(m *testing.M) {
	grade.RunWorkerIfRequested()
	os.Exit(m.Run())
}

// cell builds a cell; meta is the nbgrader metadata as JSON ("" for none).
func cell(typ, meta, src string) *notebook.Cell {
	c := &notebook.Cell{CellType: typ, Source: notebook.Text(src), Metadata: map[string]json.RawMessage{}}
	if meta != "" {
		c.Metadata["nbgrader"] = json.RawMessage(meta)
	}
	return c
}

func nbOf(cells ...*notebook.Cell) *notebook.Notebook {
	return &notebook.Notebook{Cells: cells, Nbformat: 4, NbformatMinor: 5,
		Metadata: map[string]json.RawMessage{"kernelspec": json.RawMessage(`{"name":"dlfun","language":"go","display_name":"Go (dlfun)"}`)}}
}

func solutionMeta(id string) string {
	return fmt.Sprintf(`{"grade":false,"grade_id":%q,"locked":false,"schema_version":3,"solution":true,"task":false}`, id)
}

func testMeta(id string, points float64) string {
	return fmt.Sprintf(`{"grade":true,"grade_id":%q,"locked":true,"points":%v,"schema_version":3,"solution":false,"task":false}`, id, points)
}

const (
	solSrc = "func double(x int) int {\n\t// BEGIN SOLUTION\n\treturn 2 * x\n\t// END SOLUTION\n}"
	tstSrc = "%%\nc := check.New(\"t\", 2)\ndefer c.Done()\nc.Equal(\"double(2)\", double(2), 4)\n// BEGIN HIDDEN TESTS\nc.Equal(\"double(-7)\", double(-7), -14)\n// END HIDDEN TESTS"
)

// needKernel returns the folder of a dlfun kernelspec installed for this
// test binary (the test is skipped with -short).
func needKernel(t *testing.T) string {
	t.Helper()
	return nbtest.KernelSpecDir(t)
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
	if err := sandbox.NamespacesWork(); err != nil {
		if os.Getenv("CI") == "true" && os.Geteuid() == 0 {
			t.Fatalf("running as root under CI but no namespaces: %v", err)
		}
		t.Skipf("no full sandbox here: %v", err)
	}
	repo, err := filepath.Abs("../../..")
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
	a, err := grade.Load(source)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	subs := append([]string{subA, subB, fifo, link, "/dev/null"}, carols...)
	rep, err := grade.Grade(context.Background(), a, subs, grade.Options{KernelSpecDir: spec, Out: out,
		Limits: grade.Limits{CellTimeout: 30 * time.Second, TotalTimeout: 2 * time.Minute, Memory: 1 << 30, Isolate: true, User: "65534:65534"}})
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

// TestSandboxRefuses: where the sandbox cannot be set up, grading stops
// before running anything, with an error that says what to fix.
func TestSandboxRefuses(t *testing.T) {
	spec := needKernel(t)
	if err := sandbox.NamespacesWork(); err != nil {
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
	a, err := grade.Load(source)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		spec  string
		limit grade.Limits
		bwrap string
		want  []string
	}{
		{"unreadable repository", specDir, grade.DefaultLimits, *sandbox.BwrapPath, []string{filepath.Join(repo, "dl", "tensor.go") + " (mode 0600)", "chmod -R o+rX", "umask 077"}},
		{"root as the sandbox user", spec, grade.Limits{Isolate: true, User: "0:0"}, *sandbox.BwrapPath, []string{"never run as root", "65534:65534"}},
		{"no sandbox, as root", spec, grade.Limits{Isolate: false, CellTimeout: time.Second}, *sandbox.BwrapPath, []string{"refusing to grade without the sandbox as root"}},
		{"no bubblewrap", spec, grade.DefaultLimits, "/nonexistent/bwrap", []string{"apt-get install bubblewrap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if os.Geteuid() != 0 {
				t.Skip("needs root")
			}
			saved, savedPath := *sandbox.BwrapPath, os.Getenv("PATH")
			defer func() { *sandbox.BwrapPath = saved; os.Setenv("PATH", savedPath) }()
			*sandbox.BwrapPath = tt.bwrap
			if tt.bwrap != saved {
				os.Setenv("PATH", "/usr/local/go/bin:"+filepath.Dir(tt.bwrap))
			}
			out := filepath.Join(t.TempDir(), "out")
			_, err := grade.Grade(t.Context(), a, []string{source}, grade.Options{KernelSpecDir: tt.spec, Out: out, Limits: tt.limit})
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

package grade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

func TestHidePlan(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	src := mk("course/source/a1/a1.ipynb")
	alice := mk("course/submitted/alice/a1/a1.ipynb")
	bob := mk("course/submitted/bob/a1/a1.ipynb")
	inRepo := mk("repo/notebooks/a1.ipynb")
	nextToRepo := mk("repo/a1.ipynb")
	keep := []string{filepath.Join(root, "repo")}
	dirs, files := hidePlan([]string{src, alice, bob, inRepo, nextToRepo, filepath.Join(root, "missing.ipynb")}, keep)
	wantDirs := []string{filepath.Dir(src), filepath.Dir(alice), filepath.Dir(bob), filepath.Dir(inRepo)}
	if !slices.Equal(dirs, wantDirs) {
		t.Errorf("dirs %v, want %v", dirs, wantDirs)
	}
	if !slices.Equal(files, []string{nextToRepo}) {
		t.Errorf("files %v, want [%s]", files, nextToRepo)
	}
}

func TestExposePlan(t *testing.T) {
	root := t.TempDir() // 0700: private to others
	if err := os.Chmod(filepath.Dir(root), 0o755); err != nil {
		t.Skip("cannot prepare folders:", err)
	}
	private := filepath.Join(root, "home")
	cache := filepath.Join(private, ".cache", "go")
	mods := filepath.Join(private, "go", "mod")
	repo := filepath.Join(private, "repo")
	open := filepath.Join(t.TempDir(), "open")
	for _, d := range []string{cache, mods, repo, open} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := topPrivateDir(mods); got != private {
		t.Fatalf("topPrivateDir(%s) = %q, want %q", mods, got, private)
	}
	cover, expose := exposePlan([]bindPath{{mods, false}, {cache, true}}, []string{repo, open})
	if !slices.Equal(cover, []string{private}) {
		t.Errorf("cover %v, want [%s]", cover, private)
	}
	want := []bindPath{{mods, false}, {cache, true}, {repo, false}} // open needs no exposing
	if !slices.Equal(expose, want) {
		t.Errorf("expose %v, want %v", expose, want)
	}
}

func TestStudentNames(t *testing.T) {
	got := studentNames("a1", []string{
		"course/submitted/alice/a1/a1.ipynb",
		"course/submitted/bob/a1/notebook.ipynb",
		"inbox/carol.ipynb",
		"other/carol.ipynb",
		"a1/dave.ipynb", // not nbgrader's layout
	})
	want := []string{"alice", "bob", "carol", "carol-2", "dave"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestSandbox grades a probe that tries to reach out of the sandbox: it
// must not read the source or the submissions, see the network, or run
// with privileges.
func TestSandbox(t *testing.T) {
	spec := needKernel(t)
	if err := namespacesWork(); err != nil {
		if os.Getenv("CI") == "true" && os.Geteuid() == 0 {
			t.Fatalf("running as root under CI but no namespaces: %v", err)
		}
		t.Skipf("no full sandbox here: %v", err)
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
	source := filepath.Join(dir, "source", "probe.ipynb")
	subA := filepath.Join(dir, "submissions", "a.ipynb")
	subB := filepath.Join(dir, "submissions", "b.ipynb")
	probe := fmt.Sprintf(`%%%%
c := check.New("test_sandbox", 8)
defer c.Done()
readable := func(p string) error {
	if _, err := os.ReadFile(p); err == nil {
		return fmt.Errorf("read %%s", p)
	}
	return nil
}
c.Check("the source notebook is hidden", readable(%q))
c.Check("the other submissions are hidden", readable(%q))
c.Check("the grader's home is hidden", readable("/root/.bashrc"))
ifs, _ := net.Interfaces()
var names []string
for _, i := range ifs {
	names = append(names, i.Name)
}
c.Equal("only the loopback interface", strings.Join(names, ","), "lo")
_, err := net.DialTimeout("tcp", "1.1.1.1:443", 2*time.Second)
c.True("no route out", err != nil, "connected to 1.1.1.1:443")
c.Equal("runs as an unprivileged user", os.Getuid(), 65534)
home, _ := os.UserHomeDir()
wd, _ := os.Getwd()
c.True("HOME is in the working folder", strings.HasPrefix(home, wd), home+" is not in "+wd)
if answer() == 2 { // a student's run: try to plant a file in the shared build cache
	c.Check("the build cache is writable", os.WriteFile(os.Getenv("GOCACHE")+"/planted-by-a-student", nil, 0o644))
}`, source, subB)
	nb := nbOf(
		cell("code", "", "import (\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n\t\"strings\"\n\t\"time\"\n\n\t\"github.com/dlfun/dlfun/dl/check\"\n)\n\nvar _, _, _, _, _ = fmt.Sprint, net.Dial, os.Getuid, strings.Cut, time.Now"),
		cell("code", solutionMeta("answer"), "func answer() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}"),
		cell("code", testMeta("test_sandbox", 8), probe),
	)
	for _, p := range []string{source, subA, subB} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if p == subA {
			nb.Cells[1].Source = "func answer() int { return 2 }"
		}
		if err := nb.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	a, err := Load(source)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Grade(context.Background(), a, []string{subA, subB}, Options{KernelSpecDir: spec, Out: filepath.Join(dir, "out"),
		Limits: Limits{CellTimeout: 30 * time.Second, TotalTimeout: 2 * time.Minute, Memory: 1 << 30, Isolate: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Students {
		c := s.Cells[0]
		if s.Total != 8 {
			t.Errorf("%s: %v/8 points: %s %s %v", s.Student, s.Total, s.Error, c.Reason, c.Failed)
		}
	}
	if len(rep.Notes) > 0 {
		t.Errorf("notes about the source: %v", rep.Notes)
	}
	cache, _ := os.UserCacheDir()
	if _, err := os.Stat(filepath.Join(cache, "dlfun", "grade-gocache", "planted-by-a-student")); err == nil {
		t.Errorf("a submission wrote into the shared build cache")
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

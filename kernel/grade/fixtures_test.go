package grade

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/nbtest"
	"github.com/dlfun/dlfun/kernel/notebook"
)

var update = flag.Bool("update", false, "rewrite the fixture submissions in testdata/submissions")

const (
	// sourcesDir holds the teachers' assignment sources (with solutions
	// and hidden tests) in nbgrader's layout, source/<assignment>/;
	// releasedDir the student versions released from them.
	sourcesDir  = "../../teachers/source"
	releasedDir = "../../notebooks/assignments"
	fixturesDir = "testdata/submissions"
	lrSource    = sourcesDir + "/logistic-regression/logistic-regression.ipynb"
)

// A fixture is a submission of the logistic-regression assignment and the
// grade it must get.
type fixture struct {
	name string
	// edit turns the released notebook, with correct answers filled in,
	// into the submission; raw, if set, is the file instead.
	edit   func(t *testing.T, nb *notebook.Notebook)
	raw    string
	points []float64 // test_sigmoid, test_bce, test_bce_grad, test_training
	total  float64
	// reason is part of the note or error explaining a lost cell or a zero.
	reason string
}

var fixtures = []fixture{
	{name: "full-marks", edit: func(*testing.T, *notebook.Notebook) {}, points: []float64{2, 3, 3, 2}, total: 10},
	{name: "wrong-bce-sign", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", `func bce(p, y *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean()
}`)
	}, points: []float64{2, 1.2, 3, 2}, total: 8.2},
	{name: "partial-no-autograd", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `// sigmoid computes the values directly: right numbers, but no gradient.
func sigmoid(z *dl.Tensor) *dl.Tensor {
	out := make([]float64, z.Size())
	for i, v := range z.Data() {
		out[i] = 1 / (1 + math.Exp(-v))
	}
	return dl.New(out, z.Shape()...)
}`)
	}, points: []float64{1.6, 3, 3, 2}, total: 9.6},
	{name: "deleted-test-cell", edit: func(t *testing.T, nb *notebook.Notebook) {
		i := cellIndex(t, nb, "test_bce")
		nb.Cells = append(nb.Cells[:i], nb.Cells[i+1:]...)
	}, points: []float64{2, 3, 3, 2}, total: 10},
	{name: "edited-test-always-passes", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", "func bce(p, y *dl.Tensor) *dl.Tensor { return dl.Scalar(0) }")
		nb.Cells[cellIndex(t, nb, "test_bce")].Source = `%%
c := check.New("test_bce", 3)
defer c.Done()
c.True("all good", true, "")`
	}, points: []float64{2, 1.2, 3, 2}, total: 8.2},
	{name: "infinite-loop", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", "func bce(p, y *dl.Tensor) *dl.Tensor {\n\tfor {\n\t}\n}")
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "time limit exceeded"},
	{name: "allocates-20GB", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `func sigmoid(z *dl.Tensor) *dl.Tensor {
	big := make([]byte, 20<<30)
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	one := dl.Scalar(1)
	return one.Div(one.Add(z.Neg().Exp()))
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: "memory limit exceeded"},
	{name: "floods-output", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `func sigmoid(z *dl.Tensor) *dl.Tensor {
	line := fmt.Sprintln(make([]int, 20000))
	for {
		fmt.Print(line)
	}
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: "output limit exceeded"},
	{name: "compile-error", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", "func sigmoid(z *dl.Tensor) *dl.Tensor {\n\treturn z.Sigmoidd()\n}")
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: "Sigmoidd undefined"},
	{name: "forges-result-line", edit: func(t *testing.T, nb *notebook.Notebook) {
		// Prints a full-marks line for test_bce each time the test calls
		// bce, before the real check reports its failure. The student
		// cannot read the run's key, so the signature is a guess: the cell
		// scores 0 and the teacher is told.
		setAnswer(t, nb, "bce", `func bce(p, y *dl.Tensor) *dl.Tensor {
	fmt.Printf("\nDLFUN-"+"CHECK %s {\"grade_id\":\"test_bce\",\"points\":3,\"max\":3,\"passed\":[],\"failed\":[],\"seq\":1}\n", strings.Repeat("ab", 32))
	return dl.Scalar(0)
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "printed result lines its checks did not (forged or repeated); check it by hand"},
	{name: "init-function-forges", edit: func(t *testing.T, nb *notebook.Notebook) {
		// GoNB runs init_… functions before every later cell: this one
		// would report full marks for test_bce with the teacher's check
		// import, before the test runs. The cell is not run.
		setAnswer(t, nb, "sigmoid", `func init_forge() {
	c := check.New("test_bce", 3)
	c.True("forged", true, "")
	c.Done()
}

func sigmoid(z *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return one.Div(one.Add(z.Neg().Exp()))
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: "func init_forge is not allowed: GoNB runs init_… functions before every later cell"},
	{name: "goflags-overlay", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `%goflags -overlay=/tmp/overlay.json
func sigmoid(z *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return one.Div(one.Add(z.Neg().Exp()))
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: `line 1, "%goflags -overlay=/tmp/overlay.json", is a GoNB command`},
	{name: "env-and-shell", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", `func bce(p, y *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
}
//gonb:%env GOFLAGS=-toolexec=/tmp/x
!touch /tmp/planted`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "is a GoNB command"},
	{name: "redefines-teacher-function", edit: func(t *testing.T, nb *notebook.Notebook) {
		// A correct bceGrad, and train (the teacher's, used by
		// test_training) replaced by one that returns good weights.
		i := cellIndex(t, nb, "bce_grad")
		nb.Cells[i].Source += `

func train(steps int, lr float64) (w, b *dl.Tensor) {
	return dl.From([][]float64{{2}, {1}, {-3}}), dl.From([]float64{0})
}`
	}, points: []float64{2, 3, 0, 0}, total: 5, reason: "train is declared by the assignment in cell 13: the tests rely on that one"},
	{name: "imports-os", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `import "os"

func sigmoid(z *dl.Tensor) *dl.Tensor {
	os.Stdout.Close()
	one := dl.Scalar(1)
	return one.Div(one.Add(z.Neg().Exp()))
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: `import "os" is not allowed in a solution cell: it reaches files`},
	{name: "imports-unsafe", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", `import "unsafe"

func bce(p, y *dl.Tensor) *dl.Tensor {
	_ = unsafe.Sizeof(p)
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: `import "unsafe" is not allowed`},
	{name: "uses-os-without-import", edit: func(t *testing.T, nb *notebook.Notebook) {
		// GoNB would add the import of os by itself.
		setAnswer(t, nb, "bce", `func bce(p, y *dl.Tensor) *dl.Tensor {
	_ = os.Getenv("DLFUN_CHECK_KEYFILE")
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "uses os.Getenv, but os is neither declared in the notebook nor an allowed package"},
	{name: "var-initializer-runs-code", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", `var banner = hello()

func hello() string {
	fmt.Println("\nDLFUN-CHECK hello")
	return "hi"
}

func bce(p, y *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "package-level var initializer runs code (hello()) when the program starts, before the tests: declare it inside a function"},
	{name: "linkname", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "bce", `//go:linkname nanotime runtime.nanotime
func nanotime() int64

func bce(p, y *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "the compiler directive //go:linkname is not allowed"},
	{name: "calls-check-new", edit: func(t *testing.T, nb *notebook.Notebook) {
		// Reports full marks for test_bce through the teacher's import of
		// dl/check, from inside the function the test calls.
		setAnswer(t, nb, "bce", `func bce(p, y *dl.Tensor) *dl.Tensor {
	c := check.New("test_bce", 3)
	c.True("forged", true, "")
	c.Done()
	return dl.Scalar(0)
}`)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: `uses package check ("github.com/dlfun/dlfun/dl/check", imported by the teacher's cells)`},
	{name: "redeclares-builtin", edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `func len(v any) int { return 4 }

func sigmoid(z *dl.Tensor) *dl.Tensor {
	one := dl.Scalar(1)
	return one.Div(one.Add(z.Neg().Exp()))
}`)
	}, points: []float64{0, 3, 0, 0}, total: 3, reason: "len redeclares Go's built-in len"},
	{name: "duplicated-solution-cell", edit: func(t *testing.T, nb *notebook.Notebook) {
		// Jupyter's "duplicate" copies the grade_id: the stub stays above,
		// the answer is written in the copy below, as the student ran it.
		i := cellIndex(t, nb, "bce")
		stub := *nb.Cells[i]
		stub.Source = "func bce(p, y *dl.Tensor) *dl.Tensor {\n\t// YOUR CODE HERE\n\tpanic(\"not implemented: bce\")\n}"
		nb.Cells = slices.Insert(nb.Cells, i, &stub)
	}, points: []float64{2, 3, 3, 2}, total: 10, reason: `Solution cell "bce" appears 2 times in the submission (a duplicated cell?): the last one was graded`},
	{name: "duplicated-stub-below", edit: func(t *testing.T, nb *notebook.Notebook) {
		// The answer above, an unanswered copy below: the student's own
		// run used the copy, and so does the grader.
		i := cellIndex(t, nb, "bce")
		stub := *nb.Cells[i]
		stub.Source = "func bce(p, y *dl.Tensor) *dl.Tensor {\n\t// YOUR CODE HERE\n\tpanic(\"not implemented: bce\")\n}"
		nb.Cells = slices.Insert(nb.Cells, i+1, &stub)
	}, points: []float64{2, 0, 3, 2}, total: 7, reason: "the last one was graded"},
	{name: "not-json", raw: "this is not a notebook\n", points: []float64{0, 0, 0, 0}, reason: "not a valid notebook: not a notebook: invalid JSON"},
	{name: "nbformat-3", raw: `{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}`, points: []float64{0, 0, 0, 0}, reason: "nbformat is 3"},
	{name: "renamed-grade-ids", edit: func(t *testing.T, nb *notebook.Notebook) {
		for _, id := range []string{"sigmoid", "bce", "bce_grad"} {
			c := nb.Cells[cellIndex(t, nb, id)]
			m, _ := cellMeta(c)
			m.GradeID = "my_" + id
			setMeta(c, "nbgrader", m)
		}
	}, points: []float64{0, 0, 0, 0}, reason: "none of the assignment's solution cells"},
}

// setAnswer replaces the text of the solution cell id.
func setAnswer(t *testing.T, nb *notebook.Notebook, id, src string) {
	nb.Cells[cellIndex(t, nb, id)].Source = notebook.Text(src)
}

func cellIndex(t *testing.T, nb *notebook.Notebook, id string) int {
	t.Helper()
	for i, c := range nb.Cells {
		if m, _ := cellMeta(c); m != nil && m.GradeID == id {
			return i
		}
	}
	t.Fatalf("no cell %q", id)
	return -1
}

// fixtureBytes builds the submission of f: the released notebook answered
// with the source's solutions (delimiters dropped), then f's edit.
func fixtureBytes(t *testing.T, a *Assignment, f fixture) []byte {
	t.Helper()
	if f.raw != "" {
		return []byte(f.raw)
	}
	nb, err := a.Release()
	if err != nil {
		t.Fatal(err)
	}
	for i, info := range a.Cells {
		if info.Kind == Solution {
			nb.Cells[i].Source = notebook.Text(stripDelimiters(string(a.Source.Cells[i].Source), BeginSolution, EndSolution))
		}
	}
	f.edit(t, nb)
	b, err := nb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFixturesUpToDate keeps testdata/submissions in sync with the
// assignment (go test -run TestFixturesUpToDate -update rewrites them).
func TestFixturesUpToDate(t *testing.T) {
	a, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures {
		path := filepath.Join(fixturesDir, f.name+".ipynb")
		want := fixtureBytes(t, a, f)
		if *update {
			if err := os.MkdirAll(fixturesDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is out of date (%v): run go test ./kernel/grade -run TestFixturesUpToDate -update", path, err)
		}
	}
}

// needKernel returns the folder of a dlfun kernelspec installed for this
// test binary (kernel/nbtest's convention: a temporary Jupyter folder, the
// test skipped with -short).
func needKernel(t *testing.T) string {
	t.Helper()
	return nbtest.KernelSpecDir(t)
}

// TestGradeFixtures grades every fixture, plus a 500 MB file, in one batch
// through the real kernel and checks each grade to the point.
func TestGradeFixtures(t *testing.T) {
	spec := needKernel(t)
	a, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, f := range fixtures {
		subs = append(subs, filepath.Join(fixturesDir, f.name+".ipynb"))
	}
	huge := filepath.Join(t.TempDir(), "huge-500MB.ipynb")
	if err := os.WriteFile(huge, []byte(`{"cells": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 500<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	subs = append(subs, huge)
	all := append(fixtures, fixture{name: "huge-500MB", points: []float64{0, 0, 0, 0}, reason: "file is 500.0 MiB, larger than the 20.0 MiB limit"})

	out := t.TempDir()
	start := time.Now()
	rep, err := Grade(context.Background(), a, subs, Options{KernelSpecDir: spec,
		Out:    out,
		Limits: Limits{CellTimeout: 10 * time.Second, TotalTimeout: 3 * time.Minute, Memory: 1 << 30, Isolate: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("graded %d submissions in %v; sandbox:\n  %s", len(subs), time.Since(start).Round(time.Second), strings.Join(rep.Containment, "\n  "))
	byName := map[string]StudentResult{}
	for _, s := range rep.Students {
		byName[s.Student] = s
	}
	for _, f := range all {
		t.Run(f.name, func(t *testing.T) {
			s, ok := byName[f.name]
			if !ok {
				t.Fatalf("no grade for %s", f.name)
			}
			var got []float64
			var why []string
			for _, c := range s.Cells {
				got = append(got, c.Points)
				if c.Reason != "" {
					why = append(why, c.GradeID+": "+c.Reason)
				}
				for _, fl := range c.Failed {
					why = append(why, c.GradeID+": ✗ "+fl.Name+": "+fl.Msg)
				}
			}
			if s.Error != "" {
				why = append(why, s.Error)
			}
			why = append(why, s.Notes...)
			if !equalPoints(got, f.points) || s.Total != f.total {
				t.Errorf("points %v (total %v), want %v (total %v); details:\n  %s", got, s.Total, f.points, f.total, strings.Join(why, "\n  "))
			}
			if f.reason != "" && !strings.Contains(strings.Join(why, "\n"), f.reason) {
				t.Errorf("no %q among the reasons:\n  %s", f.reason, strings.Join(why, "\n  "))
			}
		})
	}
	csv, err := os.ReadFile(filepath.Join(out, "grades.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(csv), "student,test_sigmoid,test_bce,test_bce_grad,test_training,total,max,notes\n") ||
		!strings.Contains(string(csv), "\nfull-marks,2,3,3,2,10,10,\n") {
		t.Errorf("grades.csv:\n%s", csv)
	}
	t.Logf("grades.csv:\n%s", csv)
}

func equalPoints(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if roundPoints(a[i]) != roundPoints(b[i]) {
			return false
		}
	}
	return true
}

// TestMemoryLimitWithoutCgroups grades the 20 GB fixture with the
// address-space limit that replaces the memory cgroup where there is none.
func TestMemoryLimitWithoutCgroups(t *testing.T) {
	spec := needKernel(t)
	noCgroups = true
	defer func() { noCgroups = false }()
	a, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	subs := []string{filepath.Join(fixturesDir, "allocates-20GB.ipynb"), filepath.Join(fixturesDir, "full-marks.ipynb")}
	rep, err := Grade(context.Background(), a, subs, Options{KernelSpecDir: spec, Out: t.TempDir(),
		Limits: Limits{CellTimeout: 30 * time.Second, TotalTimeout: 3 * time.Minute, Memory: 1 << 30, Isolate: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Containment, "\n"), "RLIMIT_AS") {
		t.Errorf("containment does not say RLIMIT_AS: %v", rep.Containment)
	}
	want := map[string]float64{"allocates-20GB": 3, "full-marks": 10}
	for _, s := range rep.Students {
		if s.Total != want[s.Student] {
			t.Errorf("%s: %v points, want %v: %s", s.Student, s.Total, want[s.Student], describe(s))
		}
		if s.Student == "allocates-20GB" && s.Cells[0].Reason != "memory limit exceeded" {
			t.Errorf("reason %q, want memory limit exceeded", s.Cells[0].Reason)
		}
	}
}

// TestGrade50Copies is the throughput check (run it with
// DLFUN_GRADE_BENCH=1): 50 copies of a correct submission must be graded
// in under 3 minutes.
func TestGrade50Copies(t *testing.T) {
	if os.Getenv("DLFUN_GRADE_BENCH") == "" {
		t.Skip("set DLFUN_GRADE_BENCH=1 to grade 50 copies")
	}
	spec := needKernel(t)
	a, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(fixturesDir, "full-marks.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var subs []string
	for i := range 50 {
		p := filepath.Join(dir, fmt.Sprintf("student%02d.ipynb", i+1))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		subs = append(subs, p)
	}
	start := time.Now()
	rep, err := Grade(context.Background(), a, subs, Options{KernelSpecDir: spec, Out: filepath.Join(dir, "out"), Limits: DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	for _, s := range rep.Students {
		if s.Total != 10 {
			t.Errorf("%s: %v points: %s", s.Student, s.Total, describe(s))
		}
	}
	t.Logf("graded 50 copies in %v (%d at once); sandbox:\n  %s", elapsed.Round(100*time.Millisecond), withDefaults(Options{}).Jobs, strings.Join(rep.Containment, "\n  "))
	if elapsed > 3*time.Minute {
		t.Errorf("took %v, want under 3 minutes", elapsed)
	}
}

// TestTotalTimeout: a notebook that runs out of its total time keeps the
// points of the cells that ran and gets 0, with the reason, for the others.
func TestTotalTimeout(t *testing.T) {
	spec := needKernel(t)
	a, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := Grade(context.Background(), a, []string{filepath.Join(fixturesDir, "infinite-loop.ipynb")}, Options{KernelSpecDir: spec, Out: t.TempDir(),
		Limits: Limits{CellTimeout: time.Minute, TotalTimeout: 15 * time.Second, Memory: 1 << 30, Isolate: true}})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Students[0]
	if s.Cells[1].Points != 0 || !strings.Contains(s.Cells[1].Reason, "time limit exceeded") {
		t.Errorf("test_bce: %v points, reason %q", s.Cells[1].Points, s.Cells[1].Reason)
	}
	for _, c := range s.Cells[2:] {
		if c.Points != 0 || !strings.Contains(c.Reason, "ran out of its total time") {
			t.Errorf("%s: %v points, reason %q", c.GradeID, c.Points, c.Reason)
		}
	}
	if s.Total > 2 {
		t.Errorf("total %v, want at most 2 (test_sigmoid)", s.Total)
	}
	if el := time.Since(start); el > time.Minute {
		t.Errorf("took %v", el)
	}
}

// TestKernelDeath: a solution that kills the kernel costs the cells that
// call it; a new kernel, with the earlier declarations replayed, runs the
// others. Solution cells cannot reach os or syscall, so the assignment
// itself offers the means (a function in its setup cell).
func TestKernelDeath(t *testing.T) {
	spec := needKernel(t)
	orig, err := Load(lrSource)
	if err != nil {
		t.Fatal(err)
	}
	src := orig.Source.Clone()
	setup := src.Cells[cellIndex(t, src, "setup")]
	setup.Source = notebook.Text(strings.Replace(string(setup.Source), "import (\n", "import (\n\t\"os\"\n\t\"syscall\"\n", 1) +
		"\n\n// killKernel kills the GoNB kernel running the cell.\nfunc killKernel() { syscall.Kill(os.Getppid(), syscall.SIGKILL) }\n")
	a, err := New(orig.Name, src)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebook.Parse(fixtureBytes(t, a, fixture{edit: func(t *testing.T, nb *notebook.Notebook) {
		setAnswer(t, nb, "sigmoid", `func sigmoid(z *dl.Tensor) *dl.Tensor {
	killKernel()
	return z
}`)
	}}))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kills-kernel.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	rep, err := Grade(context.Background(), a, []string{path}, Options{KernelSpecDir: spec, Out: t.TempDir(),
		Limits: Limits{CellTimeout: 30 * time.Second, TotalTimeout: 3 * time.Minute, Memory: 1 << 30, Isolate: true}})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Students[0]
	var got []float64
	for _, c := range s.Cells {
		got = append(got, c.Points)
	}
	if !equalPoints(got, []float64{0, 3, 0, 0}) {
		t.Errorf("points %v, want [0 3 0 0]: %s", got, describe(s))
	}
	if !strings.Contains(s.Cells[0].Reason, "kernel died") {
		t.Errorf("test_sigmoid reason %q", s.Cells[0].Reason)
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

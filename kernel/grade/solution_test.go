package grade

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// rulesSource is an assignment like logistic-regression: a setup cell that
// imports dl/check and declares a helper, two solution cells, a teacher
// function that uses the second, and tests.
func rulesSource() *Assignment {
	nb := nbOf(
		cell("code", `{"grade":false,"grade_id":"setup","locked":true,"schema_version":3,"solution":false,"task":false}`,
			"import (\n\t\"fmt\"\n\t\"os\"\n\n\t\"github.com/dlfun/dlfun/dl\"\n\t\"github.com/dlfun/dlfun/dl/check\"\n)\n\n"+
				"type Model struct{ W float64 }\n\nfunc people() int { return 50 }\n\nvar _, _ = fmt.Sprint, os.Getpid"),
		cell("code", solutionMeta("s"), solSrc),
		cell("code", testMeta("t", 2), tstSrc),
		cell("code", solutionMeta("quad"), "func quad(x int) int {\n\t// BEGIN SOLUTION\n\treturn double(double(x))\n\t// END SOLUTION\n}"),
		cell("code", `{"grade":false,"grade_id":"train","locked":true,"schema_version":3,"solution":false,"task":false}`, "func train() int { return quad(people()) }"),
		cell("code", testMeta("t2", 1), "%%\nc := check.New(\"t2\", 1)\ndefer c.Done()\nc.Equal(\"train\", train(), 200)"),
		cell("code", testMeta("t3", 1), "%%\nc := check.New(\"t3\", 1)\ndefer c.Done()\nc.Equal(\"people\", people(), 50)"),
	)
	nb.Metadata["dlfun"] = json.RawMessage(`{"allowed_imports": ["gonum.org/v1/gonum/..."]}`)
	a, err := New("rules", nb)
	if err != nil {
		panic(err)
	}
	return a
}

func TestSolutionRules(t *testing.T) {
	r := rulesSource().rules
	tests := []struct {
		name string
		src  string
		bad  string // part of the problem ("^…": the start of the first); "" for an accepted cell
	}{
		{"a function", "// double doubles.\nfunc double(x int) int { return 2 * x }", ""},
		{"problems in line order", "import \"os\"\n\nfunc init_x() {}", "^line 1: import \"os\""},
		{"helpers, types, constants, imports", "import (\n\t\"math\"\n\t\"math/rand/v2\"\n)\n\nconst eps = float64(1e-9)\n\ntype pair struct{ a, b int }\n\nvar table = map[string]int{\"a\": 1}\n\nvar f = func() float64 { return math.Sqrt(rand.Float64()) }\n\nfunc double(x int) int { return 2 * x }", ""},
		{"a widened import", "import \"gonum.org/v1/gonum/mat\"\n\nvar _ mat.Matrix", ""},
		{"a local variable named check", "func double(x int) int {\n\tcheck := struct{ n int }{2}\n\treturn check.n * x\n}", ""},
		{"a parameter named os", "func double(os struct{ Args int }, x int) int { return os.Args * x }", ""},
		{"a package GoNB imports", "func double(x int) int { return int(math.Round(float64(x))) * strings.Count(\"aa\", \"a\") }", ""},
		{"a variable of another solution cell", "func double(x int) int { return cfg.k * x }", ""},
		{"a teacher's variable", "func double(x int) int { return people() + dl.Version }", ""},
		{"syscall without importing it", "func double(x int) int { syscall.Exit(0); return x }", "uses syscall.Exit, but syscall is neither declared in the notebook nor an allowed package"},
		{"exec without importing it", "func double(x int) int { exec.Command(\"sh\").Run(); return x }", "uses exec.Command"},
		{"%goflags", "%goflags -overlay=/tmp/o.json\nfunc double(x int) int { return 2 * x }", `line 1, "%goflags -overlay=/tmp/o.json", is a GoNB command`},
		{"%env", "func double(x int) int { return 2 * x }\n%env GOFLAGS=-toolexec=/bin/sh", `line 2, "%env GOFLAGS=-toolexec=/bin/sh", is a GoNB command`},
		{"after blank lines", "\n\nfunc double(x int) int { return 2 * x }\n\n%env A=1", `line 5, "%env A=1", is a GoNB command`},
		{"after a lone CR", "func double(x int) int { return 2 * x }\r%env A=1", `line 1, "%env A=1", is a GoNB command`},
		{"shell", "!cp /tmp/x.go ~/check.go\nfunc double(x int) int { return 2 * x }", "is a GoNB command"},
		{"%% body", "func double(x int) int { return 2 * x }\n%%\nfmt.Println(1)", "is a GoNB command"},
		{"gonb directive", "//gonb:%goflags -a\nfunc double(x int) int { return 2 * x }", "is a GoNB command"},
		{"a statement", "x := 2", "is not Go declarations (line 1: expected declaration"},
		{"func init", "func init() { println(1) }", "func init is not allowed"},
		{"init_ function", "func init_forge() { println(1) }", "func init_forge is not allowed: GoNB runs init_…"},
		{"func main", "func main() {}", "func main is not allowed"},
		{"linkname", "import _ \"unsafe\"\n\n//go:linkname now runtime.nanotime\nfunc now() int64", "compiler directive //go:linkname"},
		{"go:embed", "import _ \"embed\"\n\n//go:embed key\nvar key string", "compiler directive //go:embed"},
		{"import os", "import \"os\"\n\nfunc double(x int) int { os.Exit(0); return 0 }", `import "os" is not allowed`},
		{"import unsafe", "import \"unsafe\"\n\nvar _ = unsafe.Sizeof(0)", `import "unsafe" is not allowed`},
		{"import os/exec", "import \"os/exec\"\n\nvar _ exec.Cmd", `import "os/exec" is not allowed`},
		{"import dl/check", "import c \"github.com/dlfun/dlfun/dl/check\"\n\nvar _ = c.Prefix", `import "github.com/dlfun/dlfun/dl/check" is not allowed`},
		{"import reflect", "import \"reflect\"\n\nvar _ reflect.Type", `import "reflect" is not allowed`},
		{"check through the teacher's import", "func double(x int) int {\n\tc := check.New(\"t\", 2)\n\tc.True(\"a\", true, \"\")\n\tc.Done()\n\treturn x\n}", "uses package check"},
		{"os through the teacher's import", "func double(x int) int { os.Stdout.Close(); return 2 * x }", "uses package os"},
		{"var initializer calls", "var forged = setup()\n\nfunc setup() int { return 1 }", "package-level var initializer runs code (setup()) when the program starts"},
		{"func literal called", "var _ = func() int { return 1 }()", "declare it inside a function"},
		{"call inside a composite", "var xs = []int{len(\"abc\")}", "runs code (len(\"abc\"))"},
		{"const with a call", "const n = len(\"abc\")", "package-level const initializer"},
		{"channel receive", "var ch chan int\n\nvar x = <-ch", "runs code (<-ch)"},
		{"redefines a teacher function", "func people() int { return 0 }", "people is declared by the assignment in cell 1"},
		{"redefines a teacher type", "type Model struct{}", "Model is declared by the assignment in cell 1"},
		{"adds a method to a teacher type", "func (m *Model) String() string { return \"x\" }", "method Model.String adds to the assignment's type Model"},
		{"redefines a later teacher function", "func train() int { return 200 }", "train is declared by the assignment in cell 5"},
		{"shadows a built-in", "func len(x any) int { return 3 }", "len redeclares Go's built-in len"},
		{"shadows true", "const true = false", "true redeclares Go's built-in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(r.check(tt.src, map[string]bool{"cfg": true}), "\n")
			switch {
			case tt.bad == "" && got != "":
				t.Errorf("rejected:\n%s", got)
			case strings.HasPrefix(tt.bad, "^") && !strings.HasPrefix(got, tt.bad[1:]):
				t.Errorf("problems:\n%s\nwant them to start with %q", got, tt.bad[1:])
			case tt.bad != "" && !strings.HasPrefix(tt.bad, "^") && !strings.Contains(got, tt.bad):
				t.Errorf("problems:\n%s\nwant one containing %q", got, tt.bad)
			}
		})
	}
}

func TestAllowedImportsMetadata(t *testing.T) {
	for meta, errPart := range map[string]string{
		`{"allowed_imports": ["os"]}`:                     `"os" can never be allowed`,
		`{"allowed_imports": ["golang.org/x/sys/unix"]}`:  `can never be allowed`,
		`{"allowed_imports": "fmt"}`:                      "want a list of import paths",
		`{"allowed_imports": ["gonum.org/v1/gonum/mat"]}`: "",
	} {
		nb := nbOf(cell("code", solutionMeta("s"), solSrc), cell("code", testMeta("t", 2), tstSrc))
		nb.Metadata["dlfun"] = json.RawMessage(meta)
		_, err := New("a", nb)
		if (err == nil) != (errPart == "") || err != nil && !strings.Contains(err.Error(), errPart) {
			t.Errorf("%s: error %v, want one containing %q", meta, err, errPart)
		}
	}
}

// TestSourceSolutionsChecked: the teacher learns at release time that a
// solution cell breaks the rules students are held to.
func TestSourceSolutionsChecked(t *testing.T) {
	nb := nbOf(cell("code", solutionMeta("s"), "var two = double(1)\n\n"+solSrc), cell("code", testMeta("t", 2), tstSrc))
	if _, err := New("a", nb); err == nil || !strings.Contains(err.Error(), `cell 1: solution cell "s": line 1: a package-level var initializer runs code`) {
		t.Fatalf("error %v", err)
	}
	for _, body := range []string{"for range 2 {\n\tc := check.New(\"t\", 1)\n\tc.Done()\n}", "f := func() { check.New(\"t\", 1).Done() }\nf()"} {
		nb = nbOf(cell("code", solutionMeta("s"), solSrc), cell("code", testMeta("t", 2), "%%\n"+body))
		if _, err := New("a", nb); err == nil || !strings.Contains(err.Error(), `cell 2: test cell "t" calls check.New in a loop or a function literal`) {
			t.Fatalf("%s: error %v", body, err)
		}
	}
	nb = nbOf(cell("code", "", "func helper() { check.New(\"t\", 1).Done() }"), cell("code", testMeta("t", 2), tstSrc))
	if _, err := New("a", nb); err == nil || !strings.Contains(err.Error(), "cell 1: check.New outside the body") {
		t.Fatalf("error %v", err)
	}
}

func TestDependencies(t *testing.T) {
	a := rulesSource()
	want := map[int][]int{
		2: {1},    // t uses double
		5: {1, 3}, // t2: train → quad → double
		6: nil,    // t3 uses only the teacher's people
	}
	for test, w := range want {
		if got := a.deps[test]; !slices.Equal(got, w) {
			t.Errorf("test cell %d depends on %v, want %v", test+1, got, w)
		}
	}
}

// TestAssembleDuplicatesAndRejects: the last copy of a duplicated solution
// cell is graded; a rejected one is replaced by its stub with a note.
func TestAssembleDuplicatesAndRejects(t *testing.T) {
	a := rulesSource()
	rel, err := a.Release()
	if err != nil {
		t.Fatal(err)
	}
	sub := rel.Clone()
	answer := "func double(x int) int { return x + x }"
	dup := cell("code", solutionMeta("s"), answer)
	sub.Cells = slices.Insert(sub.Cells, 2, dup) // stub above, answer below
	sub.Cells[4].Source = "func init_x() {}\n\nfunc quad(x int) int { return 4 * x }"
	asm := a.assemble(sub, rel)
	if asm.Answers[1] != answer {
		t.Errorf("graded answer %q, want the last copy", asm.Answers[1])
	}
	notes := strings.Join(asm.Notes, "\n")
	for _, part := range []string{`Solution cell "s" appears 2 times`, "the last one was graded",
		`Solution cell "quad" was not run`, "func init_x is not allowed", `Test cells that use it score 0: "t2".`} {
		if !strings.Contains(notes, part) {
			t.Errorf("notes lack %q:\n%s", part, notes)
		}
	}
	if _, ok := asm.Rejected[3]; !ok || asm.Run.Cells[3].Source != rel.Cells[3].Source || asm.Answers[3] != string(sub.Cells[4].Source) {
		t.Errorf("rejected cell: %v, ran %q, shows %q", asm.Rejected, asm.Run.Cells[3].Source, asm.Answers[3])
	}
}

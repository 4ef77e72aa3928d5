package notebooks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/nbtest"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// The exercises of a notebook follow its "## Exercises" Markdown cell.
// Each exercise n has
//
//   - an answer cell, the student's, whose first line is
//     "// EXERCISE n: your answer" and which declares the answer with a
//     placeholder that compiles;
//   - a check cell right after it that calls check.Exercise(n, …) and prints
//     "✓ Exercise n: …" or "… Exercise n, not yet: hint";
//   - a solution, for teachers, in teachers/exercises/<notebook>.go: the
//     section that starts with the line "// EXERCISE n" replaces the answer
//     cell.
//
// TestExercises checks each notebook's exercises twice in one kernel: the
// answer cells as released must make every check say "not yet" (so the
// checks can fail), and the solutions must make every check pass. To stay
// within the course's time budget it does not rerun the notebook's teaching
// cells: it runs only their declarations (the part of each code cell before
// its %% line, merged into few cells), then one cell with every answer cell as released and
// every check, then one with every solution and every check (one cell
// each, rather than two per exercise, saves a build per cell).
const exercisesDir = "../teachers/exercises"

var (
	answerRe = regexp.MustCompile(`^// EXERCISE (\d+): your answer`)
	checkRe  = regexp.MustCompile(`check\.Exercise\((\d+),`)
	sectRe   = regexp.MustCompile(`^// EXERCISE (\d+)\b`)
)

// exercise is one exercise of a notebook: its answer and check cells as
// released, and the teacher's solution.
type exercise struct {
	n             int
	answer, check string
	solution      string
}

// notebookExercises finds the exercises of nb (cells after the "##
// Exercises" heading) and pairs them with the sections of the solution
// file src.
func notebookExercises(nb *notebook.Notebook, src string) (start int, exs []exercise, err error) {
	start = -1
	for i, c := range nb.Cells {
		if c.CellType == notebook.Markdown && strings.Contains(string(c.Source), "## Exercises") {
			start = i
		}
	}
	if start < 0 {
		return 0, nil, fmt.Errorf("no \"## Exercises\" Markdown cell")
	}
	sols, err := solutionSections(src)
	if err != nil {
		return 0, nil, err
	}
	for i := start + 1; i < len(nb.Cells); i++ {
		c := nb.Cells[i]
		m := answerRe.FindStringSubmatch(string(c.Source))
		if c.CellType != notebook.Code || m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if i+1 >= len(nb.Cells) || nb.Cells[i+1].CellType != notebook.Code {
			return 0, nil, fmt.Errorf("exercise %d: the answer cell (cell %d) is not followed by a check cell", n, i+1)
		}
		chk := string(nb.Cells[i+1].Source)
		if cm := checkRe.FindStringSubmatch(chk); cm == nil || cm[1] != m[1] {
			return 0, nil, fmt.Errorf("exercise %d: cell %d after the answer cell does not call check.Exercise(%d, …)", n, i+2, n)
		}
		sol, ok := sols[n]
		if !ok {
			return 0, nil, fmt.Errorf("exercise %d: no section \"// EXERCISE %d\" in the solution file", n, n)
		}
		delete(sols, n)
		exs = append(exs, exercise{n: n, answer: string(c.Source), check: chk, solution: sol})
	}
	for n := range sols {
		return 0, nil, fmt.Errorf("the solution file has a section for exercise %d, the notebook no answer cell for it", n)
	}
	if len(exs) == 0 {
		return 0, nil, fmt.Errorf("no answer cell (\"// EXERCISE n: your answer\") after the Exercises heading")
	}
	return start, exs, nil
}

// solutionSections splits a solution file into its "// EXERCISE n"
// sections (what comes before the first one, the file's header, is left
// out).
func solutionSections(src string) (map[int]string, error) {
	out := map[int]string{}
	n := 0
	var cur []string
	flush := func() {
		if n > 0 {
			out[n] = strings.TrimSpace(strings.Join(cur, "\n")) + "\n"
		}
	}
	for _, l := range strings.Split(src, "\n") {
		if m := sectRe.FindStringSubmatch(l); m != nil {
			flush()
			n, _ = strconv.Atoi(m[1])
			if _, dup := out[n]; dup {
				return nil, fmt.Errorf("two sections for exercise %d", n)
			}
			cur = nil
		}
		cur = append(cur, l)
	}
	flush()
	return out, nil
}

var importRe = regexp.MustCompile(`(?m)^import\b`)

// teachingDeclarations returns the declarations of the code cells, merged
// into as few cells as GoNB accepts (every cell is a build, a few tenths
// of a second each): a cell with an import, or with a GoNB
// command (% or !), starts a new group.
func teachingDeclarations(cells []*notebook.Cell) []string {
	var groups []string
	command := func(d string) bool { return strings.HasPrefix(d, "%") || strings.HasPrefix(d, "!") }
	joinable := false // whether the next declarations may join the last group
	for _, c := range cells {
		d := declarations(string(c.Source))
		if c.CellType != notebook.Code || d == "" {
			continue
		}
		if joinable && !importRe.MatchString(d) && !command(d) {
			groups[len(groups)-1] += "\n\n" + d
			continue
		}
		groups = append(groups, d)
		joinable = !command(d)
	}
	return groups
}

// exerciseCell builds one GoNB cell out of the exercises: the answers
// (picked by answer: as released or the solutions) and the declarations
// of the check cells, then, after %%, the body of every check cell in a
// block of its own.
func exerciseCell(exs []exercise, answer func(exercise) string) string {
	var decls, bodies []string
	for _, e := range exs {
		decls = append(decls, declarations(answer(e)), declarations(e.check))
		bodies = append(bodies, "{\n"+body(e.check)+"\n}")
	}
	return strings.Join(decls, "\n\n") + "\n%%\n" + strings.Join(bodies, "\n")
}

// body returns the part of a GoNB cell after its %% line ("" when there is
// none).
func body(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "%%" {
			return strings.TrimSpace(strings.Join(lines[i+1:], "\n"))
		}
	}
	return ""
}

// declarations returns the declaration part of a GoNB cell: the lines
// before its %% line (all of it when there is none).
func declarations(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "%%" {
			return strings.TrimSpace(strings.Join(lines[:i], "\n"))
		}
	}
	return strings.TrimSpace(src)
}

func TestExercises(t *testing.T) {
	if testing.Short() {
		t.Skip("exercises run through the real kernel; skipped with -short")
	}
	sols, err := filepath.Glob(filepath.Join(exercisesDir, "*.go"))
	if err != nil || len(sols) == 0 {
		t.Fatalf("no solution files in %s (%v)", exercisesDir, err)
	}
	// The notebooks run two at a time (each in its own kernel): the course's
	// machine has two cores.
	start := time.Now()
	t.Run("notebooks", func(t *testing.T) {
		for _, sol := range sols {
			runExercises(t, sol)
		}
	})
	t.Logf("all exercises: %.1f s", time.Since(start).Seconds())
}

// runExercises checks the exercises of the notebook whose solution file is
// sol, in a parallel subtest.
func runExercises(t *testing.T, sol string) {
	name := strings.TrimSuffix(filepath.Base(sol), ".go")
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		nb, err := notebook.Read(name + ".ipynb")
		if err != nil {
			t.Fatalf("solution file %s has no notebook: %v", sol, err)
		}
		src, err := os.ReadFile(sol)
		if err != nil {
			t.Fatal(err)
		}
		start, exs, err := notebookExercises(nb, string(src))
		if err != nil {
			t.Fatalf("%s.ipynb: %v", name, err)
		}
		// The run: the teaching cells' declarations, then every
		// exercise as released (answer, check), then every solution
		// with its check.
		run := nb.Clone()
		run.Cells = nil
		code := func(src string) {
			run.Cells = append(run.Cells, &notebook.Cell{CellType: notebook.Code, Source: notebook.Text(src), Metadata: map[string]json.RawMessage{}})
		}
		for _, d := range teachingDeclarations(nb.Cells[:start]) {
			code(d)
		}
		first := len(run.Cells)
		code(exerciseCell(exs, func(e exercise) string { return e.answer }))
		code(exerciseCell(exs, func(e exercise) string { return e.solution }))
		dir := t.TempDir()
		path := filepath.Join(dir, name+".ipynb")
		if err := run.Write(path); err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		res := nbtest.Run(t, path, kernel.RunOptions{Dir: dir, CellTimeout: 2 * time.Minute})
		took := time.Since(began)
		if len(res.Cells) != len(run.Cells) {
			t.Fatalf("ran %d cells of %d", len(res.Cells), len(run.Cells))
		}
		open, solved := res.Cells[first].Text(), res.Cells[first+1].Text()
		for _, e := range exs {
			if want := fmt.Sprintf("Exercise %d, not yet:", e.n); !strings.Contains(open, want) || strings.Contains(open, fmt.Sprintf("✓ Exercise %d:", e.n)) {
				t.Errorf("exercise %d as released: the check must say %q, it printed:\n%s", e.n, want, open)
			}
			if want := fmt.Sprintf("✓ Exercise %d:", e.n); !strings.Contains(solved, want) || strings.Contains(solved, fmt.Sprintf("Exercise %d, not yet", e.n)) {
				t.Errorf("exercise %d with the teacher's solution: the check must print %q, it printed:\n%s", e.n, want, solved)
			}
		}
		for _, c := range res.Cells {
			if c.Duration > 3*time.Second {
				t.Logf("cell %d took %.1f s", c.Number, c.Duration.Seconds())
			}
		}
		t.Logf("%s: %d exercises, %d cells, %.1f s", name, len(exs), len(run.Cells), took.Seconds())
	})
}

// TestExerciseSections checks the parsing of solution files without a
// kernel.
func TestExerciseSections(t *testing.T) {
	tests := []struct {
		src     string
		want    []int
		wantErr bool
	}{
		{"//go:build ignore\n\npackage main\n\n// EXERCISE 1\nvar a = 1\n\n// EXERCISE 2: why\nfunc f() {}\n", []int{1, 2}, false},
		{"package main\n", nil, false},
		{"// EXERCISE 1\nvar a = 1\n// EXERCISE 1\nvar a = 2\n", nil, true},
	}
	for _, tt := range tests {
		got, err := solutionSections(tt.src)
		if (err != nil) != tt.wantErr {
			t.Errorf("solutionSections(%q): error %v, want error %v", tt.src, err, tt.wantErr)
			continue
		}
		var ns []int
		for n, s := range got {
			ns = append(ns, n)
			if !sectRe.MatchString(s) {
				t.Errorf("section %d does not start with its marker: %q", n, s)
			}
		}
		slices.Sort(ns)
		if !slices.Equal(ns, tt.want) {
			t.Errorf("solutionSections(%q) found exercises %v, want %v", tt.src, ns, tt.want)
		}
	}
	if got := declarations("func f() {}\n%%\nf()\n"); got != "func f() {}" {
		t.Errorf("declarations: got %q", got)
	}
	cells := []*notebook.Cell{
		{CellType: notebook.Code, Source: "import \"fmt\"\n\nfunc a() {}"},
		{CellType: notebook.Markdown, Source: "text"},
		{CellType: notebook.Code, Source: "func b() {}\n%%\nb()"},
		{CellType: notebook.Code, Source: "%%\nfmt.Println()"},
		{CellType: notebook.Code, Source: "%ls"},
		{CellType: notebook.Code, Source: "func c() {}"},
		{CellType: notebook.Code, Source: "import \"os\"\nvar d = os.Args"},
	}
	want := []string{"import \"fmt\"\n\nfunc a() {}\n\nfunc b() {}", "%ls", "func c() {}", "import \"os\"\nvar d = os.Args"}
	if got := teachingDeclarations(cells); !slices.Equal(got, want) {
		t.Errorf("teachingDeclarations: got %q, want %q", got, want)
	}
	if got := body("func f() {}\n%%\nf()\n"); got != "f()" {
		t.Errorf("body: got %q", got)
	}
	exs := []exercise{{n: 1, answer: "// EXERCISE 1: your answer\nvar a = 0", check: "%%\ncheck.Exercise(1, \"t\", nil)"}}
	if got, want := exerciseCell(exs, func(e exercise) string { return e.answer }), "// EXERCISE 1: your answer\nvar a = 0\n\n\n%%\n{\ncheck.Exercise(1, \"t\", nil)\n}"; got != want {
		t.Errorf("exerciseCell: got %q, want %q", got, want)
	}
}

var itemRe = regexp.MustCompile(`(?m)^\d+\. \*\*`)

// TestEveryExerciseAnswersBack checks, without a kernel, that every
// numbered exercise of every notebook has an answer cell, a check cell and
// a solution.
func TestEveryExerciseAnswersBack(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		name := strings.TrimSuffix(path, ".ipynb")
		nb, err := notebook.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		items, heading := 0, false
		for _, c := range nb.Cells {
			if c.CellType != notebook.Markdown {
				continue
			}
			if s := string(c.Source); strings.Contains(s, "## Exercises") {
				heading = true
				items += len(itemRe.FindAllString(strings.SplitN(s, "## Exercises", 2)[1], -1))
			} else if heading {
				items += len(itemRe.FindAllString(s, -1))
			}
		}
		if !heading {
			continue
		}
		src, err := os.ReadFile(filepath.Join(exercisesDir, name+".go"))
		if err != nil {
			t.Errorf("%s has exercises but no solution file: %v", path, err)
			continue
		}
		_, exs, err := notebookExercises(nb, string(src))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if len(exs) != items {
			t.Errorf("%s lists %d exercises but has %d answer cells", path, items, len(exs))
		}
		for k, e := range exs {
			if e.n != k+1 {
				t.Errorf("%s: answer cell %d is for exercise %d; number them 1, 2, … in order", path, k+1, e.n)
			}
		}
	}
}

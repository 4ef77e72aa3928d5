package grade

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// SchemaVersion is the version of nbgrader's cell metadata that dlfun reads
// and writes.
const SchemaVersion = 3

// Meta is nbgrader's cell metadata (the "nbgrader" key of a cell's
// metadata, schema version 3).
type Meta struct {
	Grade         bool     `json:"grade"`
	GradeID       string   `json:"grade_id"`
	Locked        bool     `json:"locked"`
	Points        *float64 `json:"points,omitempty"`
	Solution      bool     `json:"solution"`
	Task          bool     `json:"task"`
	SchemaVersion int      `json:"schema_version"`
}

// Kind is the role of a cell in an assignment.
type Kind int

// Cell kinds.
const (
	// Plain cells carry no nbgrader metadata (or only locked: false).
	Plain Kind = iota
	// Locked cells are read-only for students (nbgrader "read-only").
	Locked
	// Solution cells hold the student's answer (nbgrader "autograded
	// answer"), taken from the submission when grading.
	Solution
	// Test cells are graded (nbgrader "autograder tests"): they carry points
	// and run dl/check checks.
	Test
)

// String names the kind as the teachers' docs do.
func (k Kind) String() string {
	return [...]string{"plain", "read-only", "solution", "test"}[k]
}

// CellInfo describes one cell of an assignment's source notebook.
type CellInfo struct {
	Index   int // position in the notebook, from 0
	Kind    Kind
	GradeID string
	Points  float64 // test cells only
}

// Assignment is a teacher's source notebook, checked: balanced region
// delimiters, unique grade ids, points on every test cell.
type Assignment struct {
	// Name is the notebook's file name without .ipynb.
	Name string
	// Path is the file it was loaded from ("" if built in memory); the
	// grader hides it from the kernel.
	Path   string
	Source *notebook.Notebook
	// Cells describes Source.Cells, index by index.
	Cells []CellInfo

	// rules are what a submission's solution cells may contain.
	rules *solutionRules
	// deps maps a test cell's index to the solution cells it uses.
	deps map[int][]int
}

// Load reads and checks the source notebook at path.
func Load(path string) (*Assignment, error) {
	nb, err := notebook.Read(path)
	if err != nil {
		return nil, err
	}
	a, err := New(strings.TrimSuffix(filepath.Base(path), ".ipynb"), nb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a.Path = path
	return a, nil
}

// New checks the source notebook nb and returns it as an assignment. The
// error lists every problem found, each with its cell number (from 1).
func New(name string, nb *notebook.Notebook) (*Assignment, error) {
	a := &Assignment{Name: name, Source: nb}
	var problems []string
	bad := func(i int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("cell %d: ", i+1)+fmt.Sprintf(format, args...))
	}
	seen := map[string]int{}
	for i, c := range nb.Cells {
		info := CellInfo{Index: i}
		m, err := cellMeta(c)
		if err != nil {
			bad(i, "%v", err)
		}
		src := string(c.Source)
		if m != nil {
			switch {
			case m.Task:
				bad(i, "nbgrader task cells are not supported: use a solution cell and a test cell")
			case m.Grade && m.Solution:
				bad(i, "grade_id %q is both solution and grade: manually graded answers are not supported; split it into a solution cell and a test cell", m.GradeID)
			case m.Grade:
				info.Kind = Test
			case m.Solution:
				info.Kind = Solution
			case m.Locked:
				info.Kind = Locked
			}
			if m.SchemaVersion != 0 && m.SchemaVersion != SchemaVersion {
				bad(i, "nbgrader schema_version %d, want %d (upgrade with `nbgrader update`)", m.SchemaVersion, SchemaVersion)
			}
			info.GradeID = m.GradeID
			if info.Kind != Plain && m.GradeID == "" {
				bad(i, "%s cell without a grade_id", info.Kind)
			}
			if m.GradeID != "" {
				if j, dup := seen[m.GradeID]; dup {
					bad(i, "duplicate grade_id %q (also cell %d)", m.GradeID, j+1)
				}
				seen[m.GradeID] = i
			}
		}
		if info.Kind == Test {
			switch {
			case m.Points == nil:
				bad(i, "test cell %q has no points (set nbgrader.points)", m.GradeID)
			case *m.Points <= 0:
				bad(i, "test cell %q has %v points, want more than 0", m.GradeID, *m.Points)
			default:
				info.Points = *m.Points
			}
			if c.CellType != notebook.Code {
				bad(i, "test cell %q is a %s cell, want a code cell", m.GradeID, c.CellType)
			}
			if checkNewNested(src) {
				bad(i, "test cell %q calls check.New in a loop or a function literal: the grader counts one result line per check.New in the cell's source; call it once per Checker, in the cell's body", m.GradeID)
			}
			if id := checkNewID(src); id != "" && !strings.Contains(src, fmt.Sprintf("check.New(%q", m.GradeID)) {
				bad(i, "test cell %q calls check.New(%q, …): use the cell's grade_id, or its results are not counted", m.GradeID, id)
			}
		}
		lines := strings.Split(src, "\n")
		if _, err := findRegions(lines, BeginSolution, EndSolution); err != nil {
			bad(i, "%v", err)
		}
		if _, err := findRegions(lines, BeginHidden, EndHidden); err != nil {
			bad(i, "%v", err)
		}
		if info.Kind != Solution && hasMarker(src, BeginSolution, EndSolution) {
			bad(i, "solution region in a %s cell: mark the cell as a solution cell (nbgrader.solution)", info.Kind)
		}
		if info.Kind != Test && hasMarker(src, BeginHidden, EndHidden) {
			bad(i, "hidden tests in a %s cell: mark the cell as a test cell (nbgrader.grade with points)", info.Kind)
		}
		if decls, _, _ := splitCell(src); c.CellType == notebook.Code && strings.Contains(src, "check.New(") && (info.Kind != Test || strings.Contains(decls, "check.New(")) {
			bad(i, "check.New outside the body (after %%%%) of a test cell: a function that creates Checkers would let a solution call it; create the Checker in the test cell's body")
		}
		a.Cells = append(a.Cells, info)
	}
	kinds := make([]Kind, len(a.Cells))
	for i, c := range a.Cells {
		kinds[i] = c.Kind
	}
	rules, ruleProblems := newSolutionRules(nb, kinds)
	problems = append(problems, ruleProblems...)
	for i, c := range nb.Cells {
		if kinds[i] == Solution && c.CellType == notebook.Code {
			for _, p := range rules.check(string(c.Source), rules.solution) {
				bad(i, "solution cell %q: %s", a.Cells[i].GradeID, p)
			}
		}
	}
	a.rules, a.deps = rules, dependencies(nb, kinds)
	if len(problems) == 0 && len(a.Tests()) == 0 {
		problems = append(problems, "no test cell (a code cell with nbgrader.grade and points)")
	}
	if len(problems) > 0 {
		return nil, errors.New("not a valid assignment:\n  " + strings.Join(problems, "\n  "))
	}
	return a, nil
}

// checkNewID returns the literal grade id of the first check.New call in
// src ("" if there is none).
func checkNewID(src string) string {
	_, rest, ok := strings.Cut(src, "check.New(")
	if !ok {
		return ""
	}
	id, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return ""
	}
	s, _ := strconv.Unquote(id)
	return s
}

// Tests returns the test cells in notebook order.
func (a *Assignment) Tests() []CellInfo {
	var out []CellInfo
	for _, c := range a.Cells {
		if c.Kind == Test {
			out = append(out, c)
		}
	}
	return out
}

// MaxPoints is the sum of the test cells' points.
func (a *Assignment) MaxPoints() float64 {
	s := 0.0
	for _, c := range a.Tests() {
		s += c.Points
	}
	return s
}

// cellMeta returns the cell's nbgrader metadata, nil if it has none.
func cellMeta(c *notebook.Cell) (*Meta, error) {
	raw, ok := c.Metadata["nbgrader"]
	if !ok {
		return nil, nil
	}
	var m Meta
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("invalid nbgrader metadata: %v", err)
	}
	return &m, nil
}

// setMeta sets a metadata key of c to v (JSON-encoded).
func setMeta(c *notebook.Cell, key string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain values
	}
	if c.Metadata == nil {
		c.Metadata = map[string]json.RawMessage{}
	}
	c.Metadata[key] = b
}

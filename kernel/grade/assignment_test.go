package grade

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/notebook"
)

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

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name    string
		nb      *notebook.Notebook
		errPart string
	}{
		{"valid", nbOf(cell("code", solutionMeta("s"), solSrc), cell("code", testMeta("t", 2), tstSrc)), ""},
		{"unbalanced solution", nbOf(cell("code", solutionMeta("s"), "// BEGIN SOLUTION\nx"), cell("code", testMeta("t", 1), "")),
			`cell 1: line 1: "BEGIN SOLUTION" is never closed`},
		{"unbalanced hidden", nbOf(cell("code", testMeta("t", 1), "// END HIDDEN TESTS")), `cell 1: line 1: "END HIDDEN TESTS" without`},
		{"duplicate grade id", nbOf(cell("code", solutionMeta("t"), ""), cell("code", testMeta("t", 1), "")),
			`cell 2: duplicate grade_id "t" (also cell 1)`},
		{"test without points", nbOf(cell("code", `{"grade":true,"grade_id":"t","locked":true,"solution":false,"schema_version":3}`, "")),
			`cell 1: test cell "t" has no points`},
		{"test with zero points", nbOf(cell("code", testMeta("t", 0), "")), `has 0 points`},
		{"solution region outside a solution cell", nbOf(cell("code", "", solSrc), cell("code", testMeta("t", 1), "")),
			"cell 1: solution region in a plain cell"},
		{"hidden tests outside a test cell", nbOf(cell("code", solutionMeta("s"), "// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS"), cell("code", testMeta("t", 1), "")),
			"cell 1: hidden tests in a solution cell"},
		{"missing grade id", nbOf(cell("code", `{"solution":true,"schema_version":3}`, ""), cell("code", testMeta("t", 1), "")),
			"cell 1: solution cell without a grade_id"},
		{"old schema", nbOf(cell("code", `{"grade":true,"grade_id":"t","points":1,"schema_version":1}`, "")), "schema_version 1, want 3"},
		{"markdown test cell", nbOf(cell("markdown", testMeta("t", 1), "")), "is a markdown cell"},
		{"no test cell", nbOf(cell("code", solutionMeta("s"), "")), "no test cell"},
		{"check.New with another grade id", nbOf(cell("code", testMeta("t", 1), "%%\nc := check.New(\"other\", 1)\ndefer c.Done()")),
			`cell 1: test cell "t" calls check.New("other", …)`},
		{"bad metadata", nbOf(cell("code", `{"grade":"yes"}`, ""), cell("code", testMeta("t", 1), "")), "cell 1: invalid nbgrader metadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New("a", tt.nb)
			switch {
			case tt.errPart == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.errPart != "" && (err == nil || !strings.Contains(err.Error(), tt.errPart)):
				t.Fatalf("error %v, want one containing %q", err, tt.errPart)
			}
		})
	}
}

func TestRelease(t *testing.T) {
	src := nbOf(
		cell("markdown", "", "# Doubling"),
		cell("code", solutionMeta("s"), solSrc),
		cell("code", solutionMeta("s2"), "var secret = 1"),
		cell("markdown", solutionMeta("explain"), "Because BEGIN SOLUTION\nsecret reason\nEND SOLUTION"),
		cell("code", testMeta("t", 2), tstSrc),
	)
	src.Cells[1].Outputs = []notebook.Output{{OutputType: notebook.Stream, Name: "stdout", Text: "secret output"}}
	n := 3
	src.Cells[1].ExecutionCount = &n
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := a.Release()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"# Doubling",
		"func double(x int) int {\n\t// YOUR CODE HERE\n\tpanic(\"not implemented: double\")\n}",
		"// YOUR CODE HERE\n",
		"YOUR ANSWER HERE",
		"%%\nc := check.New(\"t\", 2)\ndefer c.Done()\nc.Equal(\"double(2)\", double(2), 4)",
	}
	for i, c := range rel.Cells {
		if string(c.Source) != want[i] {
			t.Errorf("cell %d:\n%s\nwant:\n%s", i+1, c.Source, want[i])
		}
		if len(c.Outputs) != 0 || c.ExecutionCount != nil {
			t.Errorf("cell %d keeps outputs", i+1)
		}
	}
	m, _ := cellMeta(rel.Cells[4])
	if !m.Locked || string(rel.Cells[4].Metadata["editable"]) != "false" || string(rel.Cells[4].Metadata["deletable"]) != "false" {
		t.Errorf("test cell not locked: %s", rel.Cells[4].Metadata)
	}
	if _, ok := rel.Cells[1].Metadata["editable"]; ok {
		t.Errorf("solution cell made read-only")
	}
	b, err := rel.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"2 * x", "double(-7)", "secret", "BEGIN", "END "} {
		if strings.Contains(string(b), secret) {
			t.Errorf("released notebook contains %q", secret)
		}
	}
	// The source is untouched.
	if string(a.Source.Cells[1].Source) != solSrc || len(a.Source.Cells[1].Outputs) != 1 {
		t.Errorf("Release modified the source")
	}
}

// readSubmission refuses a file over the size limit without reading it.
func TestReadSubmissionLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.ipynb")
	if err := os.WriteFile(p, make([]byte, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readSubmission(p, 1000); err == nil || !strings.Contains(err.Error(), "larger than the 1000 bytes limit") {
		t.Fatalf("got %v", err)
	}
	if b, err := readSubmission(p, 2000); err != nil || len(b) != 2000 {
		t.Fatalf("got %d bytes, %v", len(b), err)
	}
	if _, err := readSubmission(dir, 2000); err == nil {
		t.Fatalf("a directory was read")
	}
}

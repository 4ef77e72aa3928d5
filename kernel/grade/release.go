package grade

import (
	"fmt"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// TextStub replaces the answer of a Markdown solution cell, as in nbgrader.
const TextStub = "YOUR ANSWER HERE"

// Release returns the student version of the assignment: solution regions
// replaced by stubs that compile and fail clearly (see the package doc),
// hidden tests removed, test and read-only cells locked against editing and
// deletion, solution cells against deletion, all outputs cleared.
func (a *Assignment) Release() (*notebook.Notebook, error) {
	nb := a.Source.Clone()
	for i, c := range nb.Cells {
		info := a.Cells[i]
		src, err := studentSource(c, info)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		c.Source = notebook.Text(src)
		c.Outputs, c.ExecutionCount = nil, nil
		if info.Kind != Plain {
			m, _ := cellMeta(c) // checked by New
			m.SchemaVersion = SchemaVersion
			m.Locked = info.Kind == Test || info.Kind == Locked
			setMeta(c, "nbgrader", m)
			setMeta(c, "deletable", false)
			if m.Locked {
				setMeta(c, "editable", false)
			}
		}
		if hasMarker(src, BeginSolution, EndSolution, BeginHidden, EndHidden) {
			return nil, fmt.Errorf("cell %d: a region delimiter is left in the student version", i+1)
		}
	}
	return nb, nil
}

// studentSource is what the student sees of the cell.
func studentSource(c *notebook.Cell, info CellInfo) (string, error) {
	src := string(c.Source)
	switch info.Kind {
	case Solution:
		hasRegion := hasMarker(src, BeginSolution)
		switch {
		case c.CellType == notebook.Code && hasRegion:
			return clearSolutions(src, info.GradeID)
		case c.CellType == notebook.Code:
			return YourCodeHere + "\n", nil
		case hasRegion:
			return replaceRegions(src, BeginSolution, EndSolution, TextStub)
		default:
			return TextStub, nil
		}
	case Test:
		return removeHidden(src)
	}
	return src, nil
}

// replaceRegions replaces each region, delimiters included, by one line.
func replaceRegions(src, begin, end, stub string) (string, error) {
	lines := strings.Split(src, "\n")
	regions, err := findRegions(lines, begin, end)
	if err != nil {
		return "", err
	}
	var out []string
	next := 0
	for _, r := range regions {
		out = append(append(out, lines[next:r.begin]...), stub)
		next = r.end + 1
	}
	return strings.Join(append(out, lines[next:]...), "\n"), nil
}

// gradedSource is what the grader runs for a cell of the source notebook:
// test cells with their hidden tests (delimiters dropped), other cells as
// they are. Solution cells come from the submission instead.
func gradedSource(c *notebook.Cell) string {
	return stripDelimiters(string(c.Source), BeginHidden, EndHidden)
}

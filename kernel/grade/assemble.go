package grade

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// assembled is the notebook the grader runs for one submission.
type assembled struct {
	// Run is the source notebook with the student's answers in its
	// solution cells and the hidden tests in its test cells.
	Run *notebook.Notebook
	// Answers maps a solution cell's index to the student's text (shown
	// in the feedback, run unless Rejected).
	Answers map[int]string
	// Found counts the solution cells found in the submission.
	Found int
	// Rejected maps a solution cell's index to why the student's text was
	// not run (the first problem; the notes list them all): the released
	// stub ran in its place, and the test cells that use it score 0.
	Rejected map[int]string
	// Notes tell the student what the grader did with the submission.
	Notes []string
}

// assemble builds the notebook to run for the submission sub: every cell
// comes from the source, in the source's order, except the solution cells,
// whose text comes from the submission's cell with the same grade_id. So
// editing, deleting or reordering test cells, or adding cells, changes
// nothing; a missing solution cell is graded as its unanswered stub. Where
// a grade_id appears more than once (Jupyter's "duplicate" copies the
// metadata), the last cell counts, as in the student's own run from top to
// bottom. A solution cell that breaks the rules (see solutionRules.check)
// is not run: its stub is, and the reason is noted.
func (a *Assignment) assemble(sub *notebook.Notebook, released *notebook.Notebook) assembled {
	byID := map[string]*notebook.Cell{}
	copies := map[string]int{}
	for _, c := range sub.Cells {
		m, err := cellMeta(c)
		if err != nil || m == nil || m.GradeID == "" {
			continue
		}
		byID[m.GradeID] = c
		copies[m.GradeID]++
	}
	res := assembled{Run: a.Source.Clone(), Answers: map[int]string{}, Rejected: map[int]string{}}
	declared := map[string]bool{}
	for _, info := range a.Cells {
		if sc, ok := byID[info.GradeID]; ok && info.Kind == Solution {
			for _, n := range declaredNames(parseDecls(string(sc.Source))) {
				declared[n.key] = true
			}
		}
	}
	for i, info := range a.Cells {
		c := res.Run.Cells[i]
		c.Outputs, c.ExecutionCount = nil, nil
		switch info.Kind {
		case Solution:
			if sc, ok := byID[info.GradeID]; ok {
				res.Found++
				res.Answers[i] = string(sc.Source)
				if n := copies[info.GradeID]; n > 1 {
					res.Notes = append(res.Notes, fmt.Sprintf("Solution cell %q appears %d times in the submission (a duplicated cell?): the last one was graded, as running the notebook from top to bottom uses it.", info.GradeID, n))
				}
				if problems := a.rules.check(res.Answers[i], declared); c.CellType == notebook.Code && len(problems) > 0 {
					res.Rejected[i] = problems[0]
					if len(problems) > 1 {
						res.Rejected[i] += fmt.Sprintf(" (and %d more problem(s), see the notes)", len(problems)-1)
					}
					res.Notes = append(res.Notes, fmt.Sprintf("Solution cell %q was not run, its unanswered version was: %s.%s", info.GradeID, strings.Join(problems, "; "), a.dependentTests(i)))
				}
			} else {
				res.Answers[i] = string(released.Cells[i].Source)
				res.Notes = append(res.Notes, fmt.Sprintf("Solution cell %q is not in the submission (deleted, or its grade_id changed): graded as unanswered.", info.GradeID))
			}
			c.Source = notebook.Text(res.Answers[i])
			if _, rejected := res.Rejected[i]; rejected {
				c.Source = released.Cells[i].Source // the feedback still shows the student's text
			}
		case Test:
			sc, ok := byID[info.GradeID]
			switch {
			case !ok:
				res.Notes = append(res.Notes, fmt.Sprintf("Test cell %q was deleted from the submission: the original was run.", info.GradeID))
			case strings.TrimSpace(string(sc.Source)) != strings.TrimSpace(string(released.Cells[i].Source)) &&
				strings.TrimSpace(string(sc.Source)) != strings.TrimSpace(string(a.Source.Cells[i].Source)): // the teacher's own source is not a change
				res.Notes = append(res.Notes, fmt.Sprintf("Test cell %q was changed in the submission: the original was run.", info.GradeID))
			}
			c.Source = notebook.Text(gradedSource(c))
		}
	}
	return res
}

// dependentTests names the test cells that use solution cell i, as the
// end of a note (they score 0 when the cell was not run).
func (a *Assignment) dependentTests(i int) string {
	var ids []string
	for _, t := range a.Tests() {
		if slices.Contains(a.deps[t.Index], i) {
			ids = append(ids, fmt.Sprintf("%q", t.GradeID))
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " Test cells that use it score 0: " + strings.Join(ids, ", ") + "."
}

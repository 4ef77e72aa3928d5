package grade

import (
	"fmt"
	"strings"

	"github.com/dlfun/dlfun/dl/check"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// assembled is the notebook the grader runs for one submission.
type assembled struct {
	// Run is the source notebook with the student's answers in its
	// solution cells and the hidden tests in its test cells.
	Run *notebook.Notebook
	// Answers maps a solution cell's index to the student's text.
	Answers map[int]string
	// Found counts the solution cells found in the submission.
	Found int
	// Notes tell the student what the grader did with the submission.
	Notes []string
}

// assemble builds the notebook to run for the submission sub: every cell
// comes from the source, in the source's order, except the solution cells,
// whose text comes from the submission's cell with the same grade_id. So
// editing, deleting or reordering test cells, or adding cells, changes
// nothing; a missing solution cell is graded as its unanswered stub.
func (a *Assignment) assemble(sub *notebook.Notebook, released *notebook.Notebook) assembled {
	byID := map[string]*notebook.Cell{}
	for _, c := range sub.Cells {
		m, err := cellMeta(c)
		if err != nil || m == nil || m.GradeID == "" {
			continue
		}
		if _, dup := byID[m.GradeID]; !dup {
			byID[m.GradeID] = c
		}
	}
	res := assembled{Run: a.Source.Clone(), Answers: map[int]string{}}
	for i, info := range a.Cells {
		c := res.Run.Cells[i]
		c.Outputs, c.ExecutionCount = nil, nil
		switch info.Kind {
		case Solution:
			if sc, ok := byID[info.GradeID]; ok {
				res.Found++
				res.Answers[i] = string(sc.Source)
			} else {
				res.Answers[i] = string(released.Cells[i].Source)
				res.Notes = append(res.Notes, fmt.Sprintf("Solution cell %q is not in the submission (deleted, or its grade_id changed): graded as unanswered.", info.GradeID))
			}
			c.Source = notebook.Text(res.Answers[i])
			if suspicious(res.Answers[i]) {
				res.Notes = append(res.Notes, fmt.Sprintf("Solution cell %q mentions the grader's result lines or token: %s.", info.GradeID, checkByHand))
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

// suspicious reports whether a student's code refers to how dl/check
// reports results to the grader: printing a result line is the one way
// code in a cell can fake a grade (see the package doc).
func suspicious(src string) bool {
	for _, s := range []string{check.Prefix[:len(check.Prefix)-1], check.TokenEnv, "/proc/self/environ", "os.Environ"} {
		if strings.Contains(src, s) {
			return true
		}
	}
	return false
}

package grade

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/dlfun/dlfun/dl/check"
	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// CellScore is the grade of one test cell.
type CellScore struct {
	GradeID string
	Points  float64
	Max     float64
	// Passed and Failed are the checks the cell reported.
	Passed []string
	Failed []check.Failure
	// Reason says why the cell earned nothing when no check result was
	// reported (compile error, panic, timeout, memory limit exceeded, ...).
	Reason string
}

// score grades a test cell from its run: the dl/check result lines carrying
// this run's token and the cell's grade_id, scaled to the cell's points.
func score(test CellInfo, run cellRun, token string) CellScore {
	s := CellScore{GradeID: test.GradeID, Max: test.Points}
	got, have := 0.0, 0.0
	found := false
	for _, r := range checkResults(run.Outputs) {
		if r.Token != token || r.GradeID != test.GradeID {
			continue // not printed by dl/check in this run for this cell
		}
		if !(r.Max > 0 && r.Points >= 0 && r.Points <= r.Max) {
			continue // dl/check never prints this
		}
		found = true
		got += r.Points
		have += r.Max
		s.Passed = append(s.Passed, r.Passed...)
		s.Failed = append(s.Failed, r.Failed...)
	}
	var others []string
	for _, r := range checkResults(run.Outputs) {
		if r.Token == token && r.GradeID != test.GradeID {
			others = append(others, fmt.Sprintf("%q", r.GradeID))
		}
	}
	switch {
	case !found && len(others) > 0:
		s.Reason = fmt.Sprintf("the cell reported results for grade_id %s, not %q (check.New must be given the cell's grade_id)", strings.Join(others, ", "), test.GradeID)
	case found && have > 0:
		s.Points = roundPoints(test.Points * math.Min(1, math.Max(0, got/have)))
	case found:
		s.Reason = "the checks were worth 0 points"
	default:
		s.Reason = failureReason(run)
	}
	if found && run.OOM {
		s.Failed = append(s.Failed, check.Failure{Name: "memory", Msg: "memory limit exceeded"})
	}
	return s
}

// extraResults returns a note when test cell c printed more result lines
// for its grade_id, with this run's token, than its source has check.New
// calls: the extra ones can only come from code in the submission that
// found the token (see the package doc). The points are left as scored,
// since a check.New in a loop or a helper also prints more than once: the
// note asks for a look by hand.
func extraResults(test CellInfo, c *notebook.Cell, run cellRun, token string) string {
	want := strings.Count(string(c.Source), "check.New(")
	n := 0
	for _, r := range checkResults(run.Outputs) {
		if r.Token == token && r.GradeID == test.GradeID {
			n++
		}
	}
	if want == 0 || n <= want {
		return ""
	}
	return fmt.Sprintf("Test cell %q printed %d result lines but calls check.New %d time(s): the submission may print fake results; %s.", test.GradeID, n, want, checkByHand)
}

// checkResults parses the dl/check result lines in a cell's stdout.
func checkResults(outs []notebook.Output) []check.Result {
	var res []check.Result
	for _, line := range strings.Split(streamText(outs, "stdout"), "\n") {
		i := strings.Index(line, check.Prefix)
		if i < 0 {
			continue
		}
		var r check.Result
		if json.Unmarshal([]byte(line[i+len(check.Prefix):]), &r) == nil {
			res = append(res, r)
		}
	}
	return res
}

// streamText concatenates a cell's output on the stream name.
func streamText(outs []notebook.Output, name string) string {
	var b strings.Builder
	for _, o := range outs {
		if o.OutputType == notebook.Stream && o.Name == name {
			b.WriteString(string(o.Text))
		}
	}
	return b.String()
}

// failureReason explains why a cell reported no result.
func failureReason(run cellRun) string {
	switch {
	case run.OOM:
		return "memory limit exceeded"
	case run.Status == "":
		if run.Evalue != "" {
			return run.Evalue
		}
		return "the cell was not run"
	case run.Status == jupyter.Timeout:
		return "time limit exceeded: " + run.Evalue
	case run.Status == jupyter.OutputLimit:
		return run.Evalue
	case run.Status == jupyter.KernelDied:
		return "the kernel died while the cell ran"
	}
	if p := panicLine(run.Outputs); p != "" {
		return p
	}
	if run.Status == jupyter.Failed {
		msg := cleanBuildError(run.Evalue)
		if msg == "" {
			msg = run.Ename
		}
		return "the cell failed: " + firstLines(msg, 8)
	}
	return "the cell printed no check result (did the code exit early, e.g. with os.Exit?)"
}

// goFileRef is the position of a compiler message in GoNB's generated file.
var goFileRef = regexp.MustCompile(`^\./main\.go:\d+(:\d+)?: `)

// cleanBuildError drops what means nothing to a student from a build error:
// the "# package" header and the positions in GoNB's generated main.go
// (the feedback notebook shows the cell and line next to the error).
func cleanBuildError(msg string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(msg), "\n") {
		if strings.HasPrefix(l, "# ") {
			continue
		}
		out = append(out, goFileRef.ReplaceAllString(l, ""))
	}
	return strings.Join(out, "\n")
}

// panicLine returns the "panic: ..." line a Go program printed on stderr.
func panicLine(outs []notebook.Output) string {
	for _, line := range strings.Split(streamText(outs, "stderr"), "\n") {
		if strings.HasPrefix(line, "panic: ") {
			return strings.TrimSuffix(line, " [recovered]")
		}
	}
	return ""
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("… (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

// roundPoints keeps six decimals, enough for shares of a point.
func roundPoints(p float64) float64 { return math.Round(p*1e6) / 1e6 }

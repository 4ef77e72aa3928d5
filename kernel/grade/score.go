package grade

import (
	"fmt"
	"go/scanner"
	"go/token"
	"math"
	"regexp"
	"strings"

	"github.com/dlfun/dlfun/internal/checkline"
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
	Failed []checkline.Failure
	// Reason says why the cell earned nothing when no check result was
	// reported (compile error, panic, timeout, memory limit exceeded, ...).
	Reason string
}

// score grades a test cell from its run. Only result lines signed with
// this run's key count (see the package doc), and the cell must print
// exactly one for each of the want check.New calls in its source, numbered
// 1 to want: a line with a bad signature, an extra or a repeated one means
// code other than the cell's own checks wrote to the result channel, and a
// missing one that the program was stopped between checks. Either way the
// cell scores 0 and flag, a note for the teacher, says why.
func score(test CellInfo, want int, run cellRun, key []byte) (s CellScore, flag string) {
	s = CellScore{GradeID: test.GradeID, Max: test.Points}
	var mine []checkline.Result
	var others []string
	forged, extra := 0, 0
	seen := map[int]bool{}
	for _, line := range checkline.Find(streamText(run.Outputs, "stdout")) {
		r, err := checkline.Parse(key, line)
		switch {
		case err != nil:
			forged++
		case r.GradeID != test.GradeID:
			others = append(others, fmt.Sprintf("%q", r.GradeID))
		case r.Seq < 1 || r.Seq > want || seen[r.Seq] || !(r.Max > 0 && r.Points >= 0 && r.Points <= r.Max):
			extra++
		default:
			seen[r.Seq] = true
			mine = append(mine, r)
		}
	}
	got, have := 0.0, 0.0
	for _, r := range mine {
		got += r.Points
		have += r.Max
		s.Passed = append(s.Passed, r.Passed...)
		s.Failed = append(s.Failed, r.Failed...)
	}
	switch {
	case forged+extra > 0:
		s.Passed, s.Failed = nil, nil
		s.Reason = fmt.Sprintf("the output holds %d result line(s) that the cell's own checks did not print (forged or repeated): 0 points", forged+extra)
		flag = fmt.Sprintf("Test cell %q printed result lines its checks did not (forged or repeated); %s.", test.GradeID, checkByHand)
	case len(mine) > 0 && len(mine) < want:
		s.Passed, s.Failed = nil, nil
		s.Reason = fmt.Sprintf("the cell printed %d of its %d result lines (the program stopped between its checks): 0 points", len(mine), want)
		flag = fmt.Sprintf("Test cell %q printed %d of its %d result lines; %s.", test.GradeID, len(mine), want, checkByHand)
	case len(mine) == 0 && len(others) > 0:
		s.Reason = fmt.Sprintf("the cell reported results for grade_id %s, not %q (check.New must be given the cell's grade_id)", strings.Join(others, ", "), test.GradeID)
	case len(mine) > 0 && have > 0:
		s.Points = roundPoints(test.Points * math.Min(1, math.Max(0, got/have)))
	case len(mine) > 0:
		s.Reason = "the checks were worth 0 points"
	default:
		s.Reason = failureReason(run)
	}
	if len(mine) > 0 && run.OOM {
		s.Failed = append(s.Failed, checkline.Failure{Name: "memory", Msg: "memory limit exceeded"})
	}
	return s, flag
}

// checkNewCalls counts the check.New calls in a test cell's source (its
// Go tokens: comments and strings do not count).
func checkNewCalls(src string) int {
	body := blankCommands(strings.Split(src, "\n"))
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(body)), []byte(body), func(token.Position, string) {}, 0)
	var last [4]string // the last tokens, oldest first
	n := 0
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return n
		}
		t := tok.String()
		if tok == token.IDENT {
			t = lit
		}
		last = [4]string{last[1], last[2], last[3], t}
		if last == [4]string{"check", ".", "New", "("} {
			n++
		}
	}
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

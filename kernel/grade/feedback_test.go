package grade

import (
	"strings"
	"testing"

	"github.com/dlfun/dlfun/internal/checkline"
	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// feedbackFor grades nothing: it builds the feedback of one assignment
// (a Markdown cell, the solution cell and the test cell "t") for a test
// cell run with outputs outs and the score s, and returns the feedback
// notebook's JSON and its HTML page.
func feedbackFor(t *testing.T, outs []notebook.Output, s func(a *Assignment, run cellRun) CellScore) (string, string) {
	t.Helper()
	src := nbOf(
		cell("markdown", "", "# Doubling\n\nThe loss $L = \\sum_i w_i^2$ and **bold**."),
		cell("code", solutionMeta("s"), solSrc),
		cell("code", testMeta("t", 2), tstSrc),
	)
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := a.Release()
	asm := a.assemble(rel, rel)
	runs := []cellRun{{}, {Index: 1, Status: jupyter.OK}, {Index: 2, Status: jupyter.Failed, Ename: "ERROR", Evalue: "exit status 1", Outputs: outs}}
	r := StudentResult{Student: "bob", Cells: []CellScore{s(a, runs[2])}}
	fb := feedbackNotebook(a, rel, asm, runs, r)
	b, err := fb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return string(b), feedbackHTML("a — bob", fb, [2]string{"/*KATEX*/", ".katex{}"})
}

// scoreWith scores the test cell as the grader does with the run's key.
func scoreWith(key []byte) func(a *Assignment, run cellRun) CellScore {
	return func(a *Assignment, run cellRun) CellScore {
		s, _ := score(a.Tests()[0], 1, run, key)
		return s
	}
}

// feedbackKey is the run's key in the feedback tests.
var feedbackKey = []byte(strings.Repeat("f", checkline.KeySize))

// signedLine is the result line dl/check prints for payload under key.
func signedLine(key []byte, payload string) string {
	return "DLFUN-CHECK " + checkline.Sign(key, payload) + " " + payload + "\n"
}

// TestFeedbackStripsActiveContent: what a submission's run displayed
// reaches neither the feedback notebook nor its page as active content.
func TestFeedbackStripsActiveContent(t *testing.T) {
	display := func(data map[string]any) notebook.Output {
		return notebook.Output{OutputType: notebook.DisplayData, Data: data}
	}
	tests := []struct {
		name string
		out  notebook.Output
		keep string // what stays of it, in both
	}{
		{"script in html", display(map[string]any{"text/html": "<b>kept1</b><script>alert(1)</script>"}), "kept1"},
		{"event handler", display(map[string]any{"text/html": `<img src=x onerror="alert(1)"><i>kept2</i>`}), "kept2"},
		{"javascript URL", display(map[string]any{"text/html": `<a href="jav&#x61;script:alert(1)">kept3</a>`}), "kept3"},
		{"meta refresh", display(map[string]any{"text/html": `<meta http-equiv="refresh" content="0;url=https://evil.example">kept4`}), "kept4"},
		{"form", display(map[string]any{"text/html": `<form action="https://evil.example"><input name=p>kept5</form>`}), "kept5"},
		{"iframe", display(map[string]any{"text/html": `<iframe src="https://evil.example"></iframe>kept6`}), "kept6"},
		{"javascript output", display(map[string]any{"application/javascript": "alert(1)", "text/plain": "kept7"}), "kept7"},
		{"markdown output", display(map[string]any{"text/markdown": "**kept9** <script>alert(1)</script> [x](javascript:alert(1))"}), "kept9"},
		{"svg output", display(map[string]any{"image/svg+xml": `<svg onload="alert(1)"/>`, "text/plain": "kept8"}), "kept8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ipynb, page := feedbackFor(t, []notebook.Output{tc.out}, scoreWith(feedbackKey))
			body := page[strings.Index(page, "<main>"):]
			for _, bad := range []string{"alert(", "<script", "onerror", "onload", "javascript", "evil.example", "<meta", "<form", "<iframe", "<svg", "image/svg"} {
				if strings.Contains(ipynb, bad) {
					t.Errorf("feedback notebook keeps %q", bad)
				}
				if bad != "<script" && strings.Contains(body, bad) || bad == "<script" && strings.Count(body, "<script") != 1 { // the page's KaTeX call
					t.Errorf("feedback page keeps %q", bad)
				}
			}
			if !strings.Contains(ipynb, tc.keep) || !strings.Contains(body, tc.keep) {
				t.Errorf("feedback lost %q", tc.keep)
			}
		})
	}
}

// TestFeedbackFailureOnce: a failed check is listed once, in the feedback
// cell, without dl/check's own summary or the "exit status 1" of its exit;
// a cell that reported nothing keeps its error once.
func TestFeedbackFailureOnce(t *testing.T) {
	failed := []notebook.Output{
		stdout("my own print\n✗ t: 1/2 points\n  ✓ double(2)\n  ✗ double(-7): got 7, want -14\n\n" +
			signedLine(feedbackKey, `{"grade_id":"t","points":1,"max":2,"passed":["double(2)"],"failed":[{"name":"double(-7)","msg":"got 7, want -14"}],"seq":1}`)),
		stderr("exit status 1\n"),
		{OutputType: notebook.Error, Ename: "ERROR", Evalue: "exit status 1", Traceback: []string{"ERROR: exit status 1"}},
	}
	tests := []struct {
		name       string
		outs       []notebook.Output
		once, none []string
	}{
		{"checks reported", failed, []string{"got 7, want -14", "my own print"}, []string{"exit status", "1/2 points"}},
		{"build error", []notebook.Output{stderr("./main.go:3:2: undefined: dobble\n")},
			[]string{"undefined: dobble"}, nil},
		{"no result line", []notebook.Output{{OutputType: notebook.Error, Ename: "ERROR", Evalue: "exit status 1"}},
			[]string{"ERROR: exit status 1"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, page := feedbackFor(t, tc.outs, scoreWith(feedbackKey))
			body := page[strings.Index(page, "<main>"):]
			for _, s := range tc.once {
				if n := strings.Count(body, s); n != 1 {
					t.Errorf("page shows %q %d times, want once:\n%s", s, n, body)
				}
			}
			for _, s := range tc.none {
				if strings.Contains(body, s) {
					t.Errorf("page shows %q:\n%s", s, body)
				}
			}
		})
	}
}

// TestFeedbackRendersMarkdown: the page renders the assignment's Markdown
// and formulas and the grader's cells as exported pages do.
func TestFeedbackRendersMarkdown(t *testing.T) {
	_, page := feedbackFor(t, nil, scoreWith(feedbackKey))
	for _, want := range []string{"<h1>Doubling</h1>", `<span class="math inline" data-delim="1">$L = \sum_i w_i^2$</span>`,
		"<strong>bold</strong>", `<section class="md fb">`, "<h1>Feedback: a</h1>", "/*KATEX*/", `<pre class="chroma">`} {
		if !strings.Contains(page, want) {
			t.Errorf("feedback page lacks %q", want)
		}
	}
}

// TestTeacherSourceNotChanged: grading the teacher's own notebook (hidden
// tests included) does not call its test cells changed.
func TestTeacherSourceNotChanged(t *testing.T) {
	src := nbOf(cell("code", solutionMeta("s"), solSrc), cell("code", testMeta("t", 2), tstSrc))
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := a.Release()
	if notes := strings.Join(a.assemble(src, rel).Notes, "\n"); strings.Contains(notes, "was changed") {
		t.Errorf("the teacher's source is flagged: %s", notes)
	}
	changed := src.Clone()
	changed.Cells[1].Source = "%%\nfmt.Println(\"all good\")"
	if notes := strings.Join(a.assemble(changed, rel).Notes, "\n"); !strings.Contains(notes, `Test cell "t" was changed`) {
		t.Errorf("a changed test cell is not flagged: %q", notes)
	}
}

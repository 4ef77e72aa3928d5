package grade

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/internal/checkline"

	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

func stdout(s string) notebook.Output {
	return notebook.Output{OutputType: notebook.Stream, Name: "stdout", Text: notebook.Text(s)}
}

func stderr(s string) notebook.Output {
	return notebook.Output{OutputType: notebook.Stream, Name: "stderr", Text: notebook.Text(s)}
}

func TestScore(t *testing.T) {
	test := CellInfo{GradeID: "q", Points: 4}
	key := []byte(strings.Repeat("k", checkline.KeySize))
	// line is a result line as dl/check prints it, signed with k.
	line := func(k []byte, id string, points, max float64, seq int) string {
		payload := `{"grade_id":"` + id + `","points":` + formatPoints(points) + `,"max":` + formatPoints(max) +
			`,"passed":["a"],"failed":[{"name":"b","msg":"wrong"}],"seq":` + strconv.Itoa(seq) + `}`
		return "DLFUN-CHECK " + checkline.Sign(k, payload) + " " + payload + "\n"
	}
	out := func(parts ...string) []notebook.Output {
		var o []notebook.Output
		for _, p := range parts {
			o = append(o, stdout(p))
		}
		return o
	}
	good := line(key, "q", 1, 2, 1)
	tests := []struct {
		name   string
		want   int // check.New calls in the cell
		run    cellRun
		points float64
		reason string
		flag   bool
	}{
		{"scaled to the cell's points", 1, cellRun{Status: jupyter.Failed, Outputs: out("✗ q\n" + good)}, 2, "", false},
		{"line after a partial student line", 1, cellRun{Status: jupyter.OK, Outputs: out("no newline" + line(key, "q", 2, 2, 1))}, 4, "", false},
		{"two checkers in one cell add up", 2, cellRun{Status: jupyter.OK, Outputs: out(line(key, "q", 1, 1, 1), line(key, "q", 0, 1, 2))}, 2, "", false},
		{"forged line without a signature", 1, cellRun{Status: jupyter.OK, Outputs: out(`DLFUN-CHECK {"grade_id":"q","points":2,"max":2,"seq":1}` + "\n")}, 0, "did not print", true},
		{"forged line signed with another key", 1, cellRun{Status: jupyter.OK, Outputs: out(line([]byte("guess"), "q", 2, 2, 1))}, 0, "did not print", true},
		{"forged line besides the real one", 1, cellRun{Status: jupyter.OK, Outputs: out(line([]byte("guess"), "q", 2, 2, 1), good)}, 0, "1 result line(s)", true},
		{"edited points break the signature", 1, cellRun{Status: jupyter.OK, Outputs: out(strings.Replace(good, `"points":1`, `"points":2`, 1))}, 0, "did not print", true},
		{"a repeated line", 1, cellRun{Status: jupyter.OK, Outputs: out(good, good)}, 0, "forged or repeated", true},
		{"more lines than check.New calls", 1, cellRun{Status: jupyter.OK, Outputs: out(good, line(key, "q", 2, 2, 2))}, 0, "forged or repeated", true},
		{"a line missing", 2, cellRun{Status: jupyter.Failed, Outputs: out(line(key, "q", 2, 2, 1))}, 0, "printed 1 of its 2 result lines", true},
		{"line of another grade_id", 1, cellRun{Status: jupyter.OK, Outputs: out(line(key, "other", 2, 2, 1))}, 0, `results for grade_id "other", not "q"`, false},
		{"line on stderr does not count", 1, cellRun{Status: jupyter.OK, Outputs: []notebook.Output{stderr(good)}}, 0, "printed no check result", false},
		{"points above the maximum", 1, cellRun{Status: jupyter.OK, Outputs: out(line(key, "q", 5, 2, 1))}, 0, "forged or repeated", true},
		{"compile error", 1, cellRun{Status: jupyter.Failed, Ename: "ERROR", Evalue: "# gonb_2a76c0e7\n./main.go:21:7: undefined: sigmoid\n"}, 0, "the cell failed: undefined: sigmoid", false},
		{"panic", 1, cellRun{Status: jupyter.Failed, Evalue: "exit status 2", Outputs: []notebook.Output{stderr("goroutine 1\npanic: boom [recovered]\n")}}, 0, "panic: boom", false},
		{"timeout", 1, cellRun{Status: jupyter.Timeout, Evalue: "the cell ran longer than its timeout of 1s"}, 0, "time limit exceeded", false},
		{"memory", 1, cellRun{Status: jupyter.Failed, OOM: true, Evalue: "signal: killed"}, 0, "memory limit exceeded", false},
		{"kernel died", 1, cellRun{Status: jupyter.KernelDied}, 0, "the kernel died", false},
		{"not run", 1, cellRun{Evalue: "not run: the notebook ran out of its total time"}, 0, "ran out of its total time", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, flag := score(test, tt.want, tt.run, key)
			if s.Points != tt.points || s.Max != 4 {
				t.Errorf("points %v/%v, want %v/4", s.Points, s.Max, tt.points)
			}
			if !strings.Contains(s.Reason, tt.reason) || (tt.reason == "" && s.Reason != "") {
				t.Errorf("reason %q, want %q", s.Reason, tt.reason)
			}
			if (flag != "") != tt.flag || (tt.flag && !strings.Contains(flag, checkByHand)) {
				t.Errorf("flag %q, want one: %v", flag, tt.flag)
			}
		})
	}
}

func TestCheckNewCalls(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"%%\nc := check.New(\"q\", 2)\ndefer c.Done()", 1},
		{"%%\n// check.New(\"q\", 2) in a comment\nc := check.New(\"q\", 1)\nd := check . New(\"q\", 1)\ns := \"check.New(\"", 2},
		{"%%\nfmt.Println(1)", 0},
	}
	for _, tt := range tests {
		if got := checkNewCalls(tt.src); got != tt.want {
			t.Errorf("checkNewCalls(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

func TestOutOfMemory(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"fatal error: out of memory", true},
		{"runtime: out of memory: cannot allocate 67108864-byte block", true},
		{"fatal error: failed to reserve page summary memory", true},
		{"panic: index out of range", false},
	}
	for _, tt := range tests {
		r := cellRun{Outputs: []notebook.Output{stderr(tt.text)}}
		if got := outOfMemory(r); got != tt.want {
			t.Errorf("outOfMemory(%q) = %v", tt.text, got)
		}
	}
}

func TestAssemble(t *testing.T) {
	src := nbOf(
		cell("code", "", "import \"fmt\""),
		cell("code", solutionMeta("s"), solSrc),
		cell("code", testMeta("t", 2), tstSrc),
		cell("code", solutionMeta("s2"), "func other() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n}"),
	)
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := a.Release()
	sub := rel.Clone()
	sub.Cells[0].Source = "import \"os\" // edited plain cell"
	sub.Cells[1].Source = "func double(x int) int { return x + x }"
	sub.Cells[2].Source = "%%\nfmt.Println(\"all pass\")"
	sub.Cells = append(sub.Cells[:3], cell("code", "", "// a cell the student added")) // s2 deleted
	asm := a.assemble(sub, rel)
	want := []string{
		"import \"fmt\"",
		"func double(x int) int { return x + x }",
		stripDelimiters(tstSrc, BeginHidden, EndHidden),
		"func other() int {\n\t// YOUR CODE HERE\n\tpanic(\"not implemented: other\")\n}",
	}
	if len(asm.Run.Cells) != len(want) {
		t.Fatalf("%d cells, want %d", len(asm.Run.Cells), len(want))
	}
	for i, w := range want {
		if got := string(asm.Run.Cells[i].Source); got != w {
			t.Errorf("cell %d:\n%s\nwant:\n%s", i+1, got, w)
		}
	}
	notes := strings.Join(asm.Notes, "\n")
	for _, part := range []string{`Test cell "t" was changed`, `Solution cell "s2" is not in the submission`} {
		if !strings.Contains(notes, part) {
			t.Errorf("notes lack %q:\n%s", part, notes)
		}
	}
	if asm.Found != 1 {
		t.Errorf("found %d solution cells, want 1", asm.Found)
	}
}

func TestPlanCells(t *testing.T) {
	src := nbOf(
		cell("markdown", "", "# title"),
		cell("code", "", "import \"fmt\""),                            // 1 teacher
		cell("code", "", "func helper() int { return 0 }"),            // 2 teacher
		cell("code", solutionMeta("s"), "func f() int { return 1 }"),  // 3 student
		cell("code", testMeta("t1", 1), "%%\nfmt.Println(f())"),       // 4
		cell("code", "", "!echo shell"),                               // 5
		cell("code", solutionMeta("s2"), "func g() int { return 2 }"), // 6 student
		cell("code", solutionMeta("s3"), "func h() int { return 3 }"), // 7 student
		cell("code", "", "func train() int { return g() }"),           // 8 teacher
		cell("code", testMeta("t2", 1), "%%\nfmt.Println(train())"),   // 9
		cell("code", "", "func unused() {}"),                          // 10
	)
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	got := planCells(src, a)
	want := []jobCell{
		{Index: 2, Code: "%noautoget\nimport \"fmt\"\n\nfunc helper() int { return 0 }"},
		{Index: 4, Decls: "func f() int { return 1 }", Code: "%%\nfmt.Println(f())", Test: true},
		{Index: 5, Code: "!echo shell"},
		{Index: 6, Code: "func g() int { return 2 }"},
		{Index: 7, Code: "func h() int { return 3 }"},
		{Index: 9, Decls: "func train() int { return g() }", Code: "%%\nfmt.Println(train())", Test: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestFeedbackHidesHiddenTests(t *testing.T) {
	src := nbOf(
		cell("code", solutionMeta("s"), solSrc),
		cell("code", testMeta("t", 2), tstSrc),
	)
	a, err := New("a", src)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := a.Release()
	asm := a.assemble(rel, rel)
	secret := `c.Equal("double(-7)", double(-7), -14)`
	runs := []cellRun{{}, {Index: 1, Status: jupyter.Failed, Evalue: "exit status 1", Outputs: []notebook.Output{
		stdout("✗ t: 0/2 points\nDLFUN-CHECK {\"grade_id\":\"t\"}\n"),
		stderr("main.go:12: " + secret + "\n"),
		{OutputType: notebook.Error, Ename: "ERROR", Evalue: "exit status 1", Traceback: []string{"Cell[2]: Line 5\n\t" + secret + "\n\t^"}},
	}}}
	r := StudentResult{Student: "bob", Cells: []CellScore{scoreOnly(score(a.Tests()[0], 1, runs[1], nil))}}
	fb := feedbackNotebook(a, rel, asm, runs, r)
	b, err := fb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	page := feedbackHTML("a — bob", fb, [2]string{})
	for _, bad := range []string{secret, "DLFUN-CHECK", "BEGIN HIDDEN"} {
		if strings.Contains(string(b), bad) || strings.Contains(page, bad) {
			t.Errorf("feedback contains %q", bad)
		}
	}
	for _, good := range []string{`\t[hidden test code]`, "main.go:12: [hidden test code]", "bob: 0 / 2 points", "✗ t: 0/2 points"} {
		if !strings.Contains(string(b), good) {
			t.Errorf("feedback lacks %q", good)
		}
	}
}

func TestCapOutputs(t *testing.T) {
	big := strings.Repeat("x", 3000) + "\nDLFUN-CHECK {}\n"
	html := notebook.Output{OutputType: notebook.DisplayData, Data: map[string]any{"text/html": strings.Repeat("<b>", 2000)}}
	tests := []struct {
		name  string
		outs  []notebook.Output
		check func(t *testing.T, got []notebook.Output)
	}{
		{"small outputs are kept", []notebook.Output{stdout("a"), stderr("b")}, func(t *testing.T, got []notebook.Output) {
			if len(got) != 2 || got[0].Text != "a" {
				t.Errorf("got %+v", got)
			}
		}},
		{"a long stream keeps its end", []notebook.Output{stdout(big)}, func(t *testing.T, got []notebook.Output) {
			s := string(got[0].Text)
			if !strings.HasSuffix(s, "DLFUN-CHECK {}\n") || !strings.Contains(s, "bytes of output cut") || len(s) > 1100 {
				t.Errorf("got %d bytes: %.80q…", len(s), s)
			}
		}},
		{"a big display is dropped", []notebook.Output{html, stdout("end")}, func(t *testing.T, got []notebook.Output) {
			if got[0].OutputType != notebook.Stream || !strings.Contains(string(got[0].Text), "dropped") || got[1].Text != "end" {
				t.Errorf("got %+v", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, capOutputs(tt.outs, 1000)) })
	}
}

func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{"alice": "alice", "=cmd()": "'=cmd()", "-1": "'-1", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

func scoreOnly(s CellScore, _ string) CellScore { return s }

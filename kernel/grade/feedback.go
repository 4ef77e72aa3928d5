package grade

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dlfun/dlfun/internal/checkline"
	"github.com/dlfun/dlfun/kernel/notebook"
	"github.com/dlfun/dlfun/kernel/render"
)

// writeFeedback writes the student's feedback notebook and its HTML
// rendering: the student's version of the assignment (visible tests only)
// with the student's answers, the outputs of the graded run, a score table
// at the top and, after each test cell, what passed and failed. Hidden test
// code never appears: outputs are cleaned of any line of it.
func (g *grader) writeFeedback(student string, asm assembled, runs []cellRun, r StudentResult) (string, error) {
	nb := feedbackNotebook(g.a, g.released, asm, runs, r)
	dir := filepath.Join(g.opts.Out, "feedback", safeName(student))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, g.a.Name+".ipynb")
	if err := nb.Write(path); err != nil {
		return "", err
	}
	page := feedbackHTML(fmt.Sprintf("%s — %s", g.a.Name, student), nb, feedbackKaTeX())
	if err := notebook.WriteFileAtomic(filepath.Join(dir, g.a.Name+".html"), []byte(page), 0o644); err != nil {
		return "", err
	}
	return path, nil
}

func feedbackNotebook(a *Assignment, released *notebook.Notebook, asm assembled, runs []cellRun, r StudentResult) *notebook.Notebook {
	redact := hiddenRedactor(a, released)
	nb := released.Clone()
	var cells []*notebook.Cell
	cells = append(cells, markdownCell("dlfun-feedback", scoreTable(a, r)))
	scores := map[string]CellScore{}
	for _, s := range r.Cells {
		scores[s.GradeID] = s
	}
	for i, c := range nb.Cells {
		info := a.Cells[i]
		if text, ok := asm.Answers[i]; ok {
			c.Source = notebook.Text(text)
		}
		if c.CellType == notebook.Code && i < len(runs) {
			c.Outputs = cleanOutputs(runs[i].Outputs, redact)
			reported := false
			if s, ok := scores[info.GradeID]; ok && info.Kind == Test && s.Reason == "" && len(s.Passed)+len(s.Failed) > 0 {
				// The feedback cell below lists the checks: drop dl/check's
				// summary and the "exit status 1" its Done causes.
				c.Outputs = dropCheckEcho(c.Outputs, info.GradeID)
				reported = true
			}
			if run := runs[i]; !reported && run.Status != "" && run.Status != "ok" && !hasError(c.Outputs) && !hasStderr(c.Outputs) {
				c.Outputs = append(c.Outputs, notebook.Output{OutputType: notebook.Error,
					Ename: run.Ename, Evalue: redact(run.Evalue), Traceback: []string{redact(run.Ename + ": " + run.Evalue)}})
			}
		}
		cells = append(cells, c)
		if info.Kind == Test {
			cells = append(cells, markdownCell("dlfun-feedback-"+strconv.Itoa(i), cellFeedback(scores[info.GradeID], redact)))
		}
	}
	if nb.NbformatMinor < 5 { // cell ids came with nbformat 4.5
		for _, c := range cells {
			c.ID = ""
		}
	}
	nb.Cells = cells
	return nb
}

// hasStderr reports whether outs print on stderr (where GoNB explains a
// failed build or a panic).
func hasStderr(outs []notebook.Output) bool {
	for _, o := range outs {
		if o.OutputType == notebook.Stream && o.Name == "stderr" && strings.TrimSpace(string(o.Text)) != "" {
			return true
		}
	}
	return false
}

// exitStatus matches what GoNB reports when a cell's program exits with a
// non-zero status.
var exitStatus = regexp.MustCompile(`^(ERROR: )?exit status \d+$`)

// dropCheckEcho removes from a test cell's outputs what repeats its
// feedback cell: dl/check's readable summary for gradeID on stdout (the
// line "✓|✗ gradeID: p/q points" and the indented lines after it) and the
// "exit status N" that Done's exit leaves on stderr and as an error.
func dropCheckEcho(outs []notebook.Output, gradeID string) []notebook.Output {
	var res []notebook.Output
	for _, o := range outs {
		switch o.OutputType {
		case notebook.Error:
			if exitStatus.MatchString(strings.TrimSpace(o.Evalue)) {
				continue
			}
		case notebook.Stream:
			var keep []string
			summary := false
			for _, l := range strings.SplitAfter(string(o.Text), "\n") {
				t := strings.TrimRight(l, "\n")
				switch {
				case o.Name == "stdout" && (strings.HasPrefix(t, "✓ "+gradeID+": ") || strings.HasPrefix(t, "✗ "+gradeID+": ")) && strings.HasSuffix(t, " points"):
					summary = true
					continue
				case summary && strings.HasPrefix(t, "  "):
					continue
				case o.Name == "stderr" && exitStatus.MatchString(strings.TrimSpace(t)):
					continue
				}
				summary = false
				keep = append(keep, l)
			}
			text := strings.Join(keep, "")
			if strings.TrimSpace(text) == "" {
				continue
			}
			o.Text = notebook.Text(strings.TrimRight(text, "\n") + "\n")
		}
		res = append(res, o)
	}
	return res
}

func hasError(outs []notebook.Output) bool {
	for _, o := range outs {
		if o.OutputType == notebook.Error {
			return true
		}
	}
	return false
}

func markdownCell(id, text string) *notebook.Cell {
	return &notebook.Cell{CellType: notebook.Markdown, ID: id, Source: notebook.Text(text),
		Metadata: map[string]json.RawMessage{"dlfun_feedback": json.RawMessage("true")}}
}

// scoreTable is the feedback's first cell.
func scoreTable(a *Assignment, r StudentResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Feedback: %s\n\n**%s: %s / %s points**\n\n", a.Name, mdEscape(r.Student), formatPoints(r.Total), formatPoints(a.MaxPoints()))
	if r.Error != "" {
		fmt.Fprintf(&b, "This submission could not be graded: %s\n\n", mdEscape(r.Error))
	}
	b.WriteString("| test | points | checks |\n|---|---|---|\n")
	for _, s := range r.Cells {
		checks := fmt.Sprintf("%d passed, %d failed", len(s.Passed), len(s.Failed))
		if s.Reason != "" {
			checks = mdEscape(firstLines(s.Reason, 1))
		}
		fmt.Fprintf(&b, "| %s | %s / %s | %s |\n", s.GradeID, formatPoints(s.Points), formatPoints(s.Max), strings.ReplaceAll(checks, "|", "\\|"))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\n- %s", mdEscape(n))
	}
	return b.String()
}

// cellFeedback is the Markdown cell after a test cell.
func cellFeedback(s CellScore, redact func(string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s: %s / %s points**\n", s.GradeID, formatPoints(s.Points), formatPoints(s.Max))
	if s.Reason != "" {
		fmt.Fprintf(&b, "\n✗ %s\n", mdEscape(redact(s.Reason)))
	}
	for _, p := range s.Passed {
		fmt.Fprintf(&b, "\n- ✓ %s", mdEscape(p))
	}
	for _, f := range s.Failed {
		fmt.Fprintf(&b, "\n- ✗ %s: %s", mdEscape(f.Name), mdEscape(redact(f.Msg)))
	}
	return b.String()
}

// cleanOutputs drops the machine-readable result lines and any line of
// hidden test code from a cell's outputs.
func cleanOutputs(outs []notebook.Output, redact func(string) string) []notebook.Output {
	var res []notebook.Output
	for _, o := range outs {
		switch o.OutputType {
		case notebook.Stream:
			var keep []string
			for _, l := range strings.SplitAfter(string(o.Text), "\n") {
				if !strings.Contains(l, checkline.Prefix) {
					keep = append(keep, l)
				}
			}
			o.Text = notebook.Text(redact(strings.Join(keep, "")))
			if strings.TrimSpace(string(o.Text)) == "" {
				continue
			}
		case notebook.Error:
			o.Evalue = redact(o.Evalue)
			tb := make([]string, len(o.Traceback))
			for i, t := range o.Traceback {
				tb[i] = redact(t)
			}
			o.Traceback = tb
		case notebook.DisplayData, notebook.ExecuteResult:
			data := map[string]any{}
			for mime, v := range o.Data {
				s, ok := notebook.MIMEText(v)
				if !ok || !keptMIME[mime] {
					continue // active (application/javascript, SVG) or unknown: dropped
				}
				switch mime {
				case "text/html":
					s = render.Sanitize(s)
				case "text/markdown": // raw HTML in it would reach the notebook: keep it rendered and sanitized
					if _, ok := o.Data["text/html"]; ok {
						continue
					}
					mime, s = "text/html", render.Markdown(s)
				}
				data[mime] = redact(s)
			}
			if len(data) == 0 {
				continue
			}
			o.Data = data
		}
		res = append(res, o)
	}
	return res
}

// keptMIME are the output types a feedback notebook keeps from a
// submission's run: text (text/html after render.Sanitize, text/markdown
// turned into such HTML by render.Markdown) and raster images. JavaScript, SVG (which can hold scripts), JSON and anything
// unknown are dropped, so opening the feedback runs nothing the
// submission wrote.
var keptMIME = map[string]bool{"text/plain": true, "text/html": true, "text/markdown": true,
	"image/png": true, "image/jpeg": true, "image/gif": true}

// hiddenRedactor returns a function that replaces each line of a text
// that is a line of hidden test code (GoNB quotes code in its error
// reports), and any long piece of such a line, by "[hidden test code]".
// Lines that also appear in what the students have (such as "}" or
// "return nil") are not secret.
func hiddenRedactor(a *Assignment, released *notebook.Notebook) func(string) string {
	public := map[string]bool{}
	for _, c := range released.Cells {
		for _, l := range strings.Split(string(c.Source), "\n") {
			public[strings.TrimSpace(l)] = true
		}
	}
	secret := map[string]bool{}
	for i, info := range a.Cells {
		if info.Kind != Test {
			continue
		}
		lines := strings.Split(string(a.Source.Cells[i].Source), "\n")
		regions, _ := findRegions(lines, BeginHidden, EndHidden)
		for _, r := range regions {
			for _, l := range lines[r.begin+1 : r.end] {
				if t := strings.TrimSpace(l); t != "" && !public[t] {
					secret[t] = true
				}
			}
		}
	}
	return func(s string) string {
		if len(secret) == 0 {
			return s
		}
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if t := strings.TrimSpace(l); secret[t] {
				lines[i] = l[:strings.Index(l, t)] + "[hidden test code]"
				continue
			}
			for t := range secret { // long enough to be specific: also inside a line
				if len(t) >= 24 && strings.Contains(l, t) {
					lines[i] = strings.ReplaceAll(lines[i], t, "[hidden test code]")
				}
			}
		}
		return strings.Join(lines, "\n")
	}
}

func mdEscape(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`", "\n", " ")
	return r.Replace(s)
}

func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

// feedbackKaTeX loads KaTeX once for all feedback pages; without it
// (not fetched) formulas show as their TeX source.
var feedbackKaTeX = sync.OnceValue(func() [2]string {
	js, css, err := render.LoadKaTeX()
	if err != nil {
		return [2]string{}
	}
	return [2]string{js, css}
})

// feedbackHTML renders the feedback notebook as a standalone page with
// kernel/render, as exported course pages are: Markdown and formulas
// rendered (KaTeX from katex, js and css, when given), Go code highlighted,
// every piece of HTML sanitized and no chart or other script from the
// submission. The grader's own cells are boxed.
func feedbackHTML(title string, nb *notebook.Notebook, katex [2]string) string {
	return render.Page(nb, render.Options{Title: title, KaTeX: katex[0], KaTeXCSS: katex[1],
		CSS: ".fb{background:#f4f8ff;border-left:4px solid #4a7bd0;padding:.5em 1em}\n",
		CellClass: func(c *notebook.Cell) string {
			if _, ok := c.Metadata["dlfun_feedback"]; ok {
				return "fb"
			}
			return ""
		}})
}

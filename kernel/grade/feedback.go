package grade

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/dl/check"
	"github.com/dlfun/dlfun/kernel/notebook"
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
	page := feedbackHTML(fmt.Sprintf("%s — %s", g.a.Name, student), nb)
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
			if run := runs[i]; run.Status != "" && run.Status != "ok" && !hasError(c.Outputs) {
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
				if !strings.Contains(l, check.Prefix) {
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
				if s, ok := notebook.MIMEText(v); ok {
					data[mime] = redact(s)
				} else {
					data[mime] = v
				}
			}
			o.Data = data
		}
		res = append(res, o)
	}
	return res
}

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

// feedbackHTML renders the feedback notebook as a standalone page. All
// content is escaped: student output is shown as text, never as HTML.
func feedbackHTML(title string, nb *notebook.Notebook) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
.md{white-space:pre-wrap;margin:1em 0}
.fb{background:#f4f8ff;border-left:4px solid #4a7bd0;padding:.5em 1em}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;border-radius:4px}
pre.out{background:#fff;border-left:3px solid #ccc}
pre.err{background:#fff0f0;border-left:3px solid #d33}
</style></head><body>
`, html.EscapeString(title))
	for _, c := range nb.Cells {
		switch c.CellType {
		case notebook.Code:
			fmt.Fprintf(&b, "<pre class=\"code\">%s</pre>\n", html.EscapeString(string(c.Source)))
			for _, o := range c.Outputs {
				class := "out"
				text := o.String()
				if o.OutputType == notebook.Error {
					class = "err"
					text = o.Ename + ": " + o.Evalue
				} else if o.OutputType == notebook.Stream && o.Name == "stderr" {
					class = "err"
				}
				fmt.Fprintf(&b, "<pre class=%q>%s</pre>\n", class, html.EscapeString(text))
			}
		default:
			class := "md"
			if _, ok := c.Metadata["dlfun_feedback"]; ok {
				class = "md fb"
			}
			// Feedback cells escape < and > for Markdown; show them as such.
			fmt.Fprintf(&b, "<div class=%q>%s</div>\n", class, html.EscapeString(html.UnescapeString(string(c.Source))))
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

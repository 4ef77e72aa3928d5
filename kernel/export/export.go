// Package export turns executed notebooks into self-contained HTML pages
// that render offline, charts included (`dlfun export NOTEBOOK… --html DIR`).
//
// The page inlines the ECharts library once, in its <head>, with define,
// module and exports shadowed; every chart output then finds window.echarts
// and draws without any network access. Copies of the library that inline
// mode left in the notebook's outputs are dropped, so the page carries it
// once. Markdown cells (and text/markdown outputs) go through a small
// built-in renderer of GitHub-flavoured Markdown (see Markdown); their
// formulas are typeset by KaTeX, whose script, stylesheet and fonts (as
// data: URLs) the page inlines once when it has any formula: about 700 KB,
// next to ECharts' 1 MB.
package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel/assets"
)

// notebook is the part of the nbformat 4 schema the export reads.
type notebook struct {
	Cells []struct {
		CellType string     `json:"cell_type"`
		Source   multiline  `json:"source"`
		Outputs  []output   `json:"outputs"`
		Count    *int       `json:"execution_count"`
		Metadata jsonObject `json:"metadata"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			DisplayName string `json:"display_name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
}

type jsonObject map[string]any

// output is one cell output: a stream, rich display data or an error.
type output struct {
	OutputType string               `json:"output_type"`
	Name       string               `json:"name"`
	Text       multiline            `json:"text"`
	Data       map[string]multiline `json:"data"`
	Ename      string               `json:"ename"`
	Evalue     string               `json:"evalue"`
	Traceback  []string             `json:"traceback"`
}

// multiline is nbformat's "string or list of strings" text.
type multiline string

// UnmarshalJSON implements json.Unmarshaler.
func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err == nil {
		*m = multiline(strings.Join(l, ""))
		return nil
	}
	*m = multiline(b) // JSON data (application/json outputs): keep as text
	return nil
}

// Libraries are the browser libraries an exported page inlines.
type Libraries struct {
	ECharts  string // echarts.min.js (see echarts.Library)
	KaTeX    string // katex.min.js; "" leaves formulas as their source text
	KaTeXCSS string // katex.min.css with its fonts inlined (see assets.KaTeX)
}

// LoadLibraries reads ECharts (echarts.Library) and KaTeX
// (kernel/assets/katex of the dlfun source tree, or $DLFUN_KATEX_DIR),
// naming the fetch step when one is missing.
func LoadLibraries() (Libraries, error) {
	lib, err := echarts.Library()
	if err != nil {
		return Libraries{}, err
	}
	dir := os.Getenv("DLFUN_KATEX_DIR")
	if dir == "" {
		if _, file, _, ok := runtime.Caller(0); ok {
			dir = assets.KaTeXDir(filepath.Join(filepath.Dir(file), "..", ".."))
		}
	}
	js, css, err := assets.KaTeX(dir)
	if err != nil {
		return Libraries{}, err
	}
	return Libraries{ECharts: lib, KaTeX: js, KaTeXCSS: css}, nil
}

// HTML renders the notebook nb (.ipynb JSON) as a standalone page titled
// title, inlining the libraries libs (KaTeX only when the page has a
// formula).
func HTML(nb []byte, title string, libs Libraries) ([]byte, error) {
	var n notebook
	if err := json.Unmarshal(nb, &n); err != nil {
		return nil, fmt.Errorf("export: not a notebook: %w", err)
	}
	var body strings.Builder
	for _, c := range n.Cells {
		switch c.CellType {
		case "markdown":
			body.WriteString(`<section class="md">` + Markdown(string(c.Source)) + "</section>\n")
		case "code":
			count := " "
			if c.Count != nil {
				count = fmt.Sprint(*c.Count)
			}
			body.WriteString(`<section class="code"><div class="in"><span class="prompt">[` + count + `]</span><pre>` +
				esc(string(c.Source)) + "</pre></div>\n")
			for _, o := range c.Outputs {
				body.WriteString(`<div class="out">` + renderOutput(o) + "</div>\n")
			}
			body.WriteString("</section>\n")
		default: // raw cells
			body.WriteString("<pre>" + esc(string(c.Source)) + "</pre>\n")
		}
	}
	math := libs.KaTeX != "" && strings.Contains(body.String(), `<span class="math `)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
	b.WriteString(esc(title))
	b.WriteString("</title>\n<style>" + pageCSS + "</style>\n")
	if math {
		b.WriteString("<style>" + strings.ReplaceAll(libs.KaTeXCSS, "</", `<\/`) + "</style>\n")
		b.WriteString("<script>" + safeScript(libs.KaTeX) + "\n</script>\n")
	}
	b.WriteString(echarts.LibraryScript(libs.ECharts))
	b.WriteString("\n</head>\n<body><main>\n")
	b.WriteString(body.String())
	b.WriteString("</main>\n")
	if math {
		b.WriteString("<script>" + renderMathJS + "</script>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String()), nil
}

// renderMathJS typesets every formula element Markdown wrote: its text is
// the formula with its delimiters (data-delim bytes on each side), which
// stays readable if KaTeX is missing or rejects the formula.
const renderMathJS = `(function(){if(!window.katex)return;document.querySelectorAll("span.math").forEach(function(e){
var t=e.textContent,n=+e.getAttribute("data-delim")||0;if(n)t=t.slice(n,t.length-n);
try{katex.render(t,e,{displayMode:e.classList.contains("display"),throwOnError:false})}catch(x){}})})()`

// safeScript rewrites "</script" and "<!--" in JavaScript source so that it
// can sit inside a <script> element (same meaning in strings and regular
// expressions).
func safeScript(js string) string {
	return strings.NewReplacer("</script", `<\/script`, "</SCRIPT", `<\/SCRIPT`, "<!--", `<\!--`).Replace(js)
}

// renderOutput renders one output, preferring the richest MIME type.
func renderOutput(o output) string {
	switch o.OutputType {
	case "stream":
		cls := "stream"
		if o.Name == "stderr" {
			cls = "stream err"
		}
		return `<pre class="` + cls + `">` + esc(stripANSI(string(o.Text))) + "</pre>"
	case "error":
		return `<pre class="err">` + esc(stripANSI(o.Ename+": "+o.Evalue+"\n"+strings.Join(o.Traceback, "\n"))) + "</pre>"
	}
	if h, ok := o.Data["text/html"]; ok {
		return dropLibraries(string(h))
	}
	if s, ok := o.Data["image/svg+xml"]; ok {
		return string(s)
	}
	for _, mime := range []string{"image/png", "image/jpeg", "image/gif"} {
		if p, ok := o.Data[mime]; ok {
			return `<img alt="" src="data:` + mime + ";base64," + strings.TrimSpace(string(p)) + `">`
		}
	}
	if m, ok := o.Data["text/markdown"]; ok {
		return `<div class="md">` + Markdown(string(m)) + "</div>"
	}
	if t, ok := o.Data["text/plain"]; ok {
		return "<pre>" + esc(stripANSI(string(t))) + "</pre>"
	}
	return ""
}

// dropLibraries removes <script data-dlfun-echarts-lib…>…</script> elements
// (inline-mode copies of the library): the page's head has one.
func dropLibraries(h string) string {
	const open = "<script data-dlfun-echarts-lib"
	for {
		i := strings.Index(h, open)
		if i < 0 {
			return h
		}
		j := strings.Index(h[i:], "</script>")
		if j < 0 {
			return h[:i]
		}
		h = h[:i] + h[i+j+len("</script>"):]
	}
}

// stripANSI removes terminal colour escapes (ESC [ … letter).
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// File exports the notebook at path into dir as <name>.html and returns the
// page's path. The libraries come from LoadLibraries; to export many
// notebooks, load them once and call FileWith.
func File(path, dir string) (string, error) {
	libs, err := LoadLibraries()
	if err != nil {
		return "", err
	}
	return FileWith(path, dir, libs)
}

// FileWith is File with the libraries given.
func FileWith(path, dir string, libs Libraries) (string, error) {
	nb, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	page, err := HTML(nb, name, libs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, name+".html")
	return out, os.WriteFile(out, page, 0o644)
}

// pageCSS styles the exported page only (never a notebook).
const pageCSS = `body{margin:0;background:#fafafa;color:#222;font:15px/1.5 system-ui,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px}
section{margin:12px 0}
.in{display:flex;gap:8px}.prompt{color:#888;font:12px monospace;min-width:40px;padding-top:8px}
.in pre{flex:1;background:#f3f5f7;border:1px solid #e1e4e8;border-radius:4px;padding:8px;overflow:auto;margin:0}
.out{margin:6px 0 6px 48px;overflow:auto}.out pre{margin:0;padding:4px 0}
pre{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;tab-size:4}
.err{color:#b00020}.md code{background:#f3f5f7;padding:0 3px;border-radius:3px}
img{max-width:100%}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px}
th{background:#f3f5f7}.md pre{background:#f3f5f7;padding:8px;border-radius:4px;overflow:auto}
blockquote{margin:8px 0;padding:0 12px;border-left:3px solid #ddd;color:#555}.katex{font-size:1.1em}
.katex-display{overflow-x:auto;overflow-y:hidden;padding:2px 0}`

// esc escapes text for HTML.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

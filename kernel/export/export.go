// Package export turns executed notebooks into self-contained HTML pages
// that render offline, charts included (`dlfun export NOTEBOOK… --html DIR`).
//
// The page inlines the ECharts library once, in its <head>, with define,
// module and exports shadowed; every chart output then finds window.echarts
// and draws without any network access. Copies of the library that inline
// mode left in the notebook's outputs are dropped, so the page carries it
// once. Markdown cells get a small built-in renderer (headings, paragraphs,
// lists, code, emphasis, links, images); formulas are kept as written.
package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
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

// HTML renders the notebook nb (.ipynb JSON) as a standalone page titled
// title, inlining lib (the echarts.min.js source, see echarts.Library).
func HTML(nb []byte, title, lib string) ([]byte, error) {
	var n notebook
	if err := json.Unmarshal(nb, &n); err != nil {
		return nil, fmt.Errorf("export: not a notebook: %w", err)
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
	b.WriteString(esc(title))
	b.WriteString("</title>\n<style>" + pageCSS + "</style>\n")
	b.WriteString(echarts.LibraryScript(lib))
	b.WriteString("\n</head>\n<body><main>\n")
	for _, c := range n.Cells {
		switch c.CellType {
		case "markdown":
			b.WriteString(`<section class="md">` + Markdown(string(c.Source)) + "</section>\n")
		case "code":
			count := " "
			if c.Count != nil {
				count = fmt.Sprint(*c.Count)
			}
			b.WriteString(`<section class="code"><div class="in"><span class="prompt">[` + count + `]</span><pre>` +
				esc(string(c.Source)) + "</pre></div>\n")
			for _, o := range c.Outputs {
				b.WriteString(`<div class="out">` + renderOutput(o) + "</div>\n")
			}
			b.WriteString("</section>\n")
		default: // raw cells
			b.WriteString("<pre>" + esc(string(c.Source)) + "</pre>\n")
		}
	}
	b.WriteString("</main></body></html>\n")
	return []byte(b.String()), nil
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
		return Markdown(string(m))
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
// page's path. The library comes from echarts.Library (kernel/assets).
func File(path, dir string) (string, error) {
	nb, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	lib, err := echarts.Library()
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	page, err := HTML(nb, name, lib)
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
img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px}`

// esc escapes text for HTML.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

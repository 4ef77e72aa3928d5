package render

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// Options say what a page carries beyond the notebook's cells.
type Options struct {
	// Title is the page's <title> (escaped).
	Title string
	// KaTeX (katex.min.js) and KaTeXCSS (its stylesheet, fonts inlined)
	// typeset formulas; they are inlined once when the page has a formula.
	// Without them formulas stay as their source text.
	KaTeX, KaTeXCSS string
	// ECharts (echarts.min.js) and ChartLoader (the per-chart loader
	// dl/echarts writes in front of a chart's arguments) draw dlfun charts:
	// with both set, the page inlines the library once and a text/html
	// output that is a dlfun chart is recognised and redrawn from its JSON
	// (see the package documentation). Otherwise a chart shows as its
	// title text.
	ECharts, ChartLoader string
	// CellClass, when set, adds CSS classes to a cell's <section>.
	CellClass func(c *notebook.Cell) string
	// CSS is added to the page's stylesheet.
	CSS string
	// NotebookLinks, when set (".html" for pages, ".slides.html" for
	// slides), makes a relative link to a course notebook (NN-name.ipynb,
	// with or without a #fragment) point to that notebook's export,
	// NN-name plus NotebookLinks, so the exported course links page to page.
	NotebookLinks string
}

// Page renders the notebook nb as a standalone HTML page: Markdown cells
// through Markdown, code cells highlighted (see Code) with their outputs
// (see Output), raw cells as text.
func Page(nb *notebook.Notebook, opt Options) string {
	r := &pageRenderer{opt: opt}
	var body strings.Builder
	for _, c := range nb.Cells {
		class := ""
		if opt.CellClass != nil {
			if extra := opt.CellClass(c); extra != "" {
				class = " " + esc(extra)
			}
		}
		body.WriteString(r.cell(c, "section", class))
	}
	math := opt.KaTeX != "" && strings.Contains(body.String(), `<span class="math `)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
	b.WriteString(esc(opt.Title))
	b.WriteString("</title>\n<style>" + pageCSS + CodeCSS() + safeStyle(opt.CSS) + "</style>\n")
	if math {
		b.WriteString("<style>" + safeStyle(opt.KaTeXCSS) + "</style>\n")
		b.WriteString("<script>" + safeScript(opt.KaTeX) + "\n</script>\n")
	}
	if opt.ECharts != "" && opt.ChartLoader != "" { // charts drawn: the library once, in the head
		b.WriteString(`<script data-dlfun-echarts-lib="5">(function(define,module,exports){` + safeScript(opt.ECharts) +
			"\n}).call(window);</script>\n")
	}
	b.WriteString("</head>\n<body><main>\n")
	b.WriteString(body.String())
	b.WriteString("</main>\n")
	if math {
		b.WriteString("<script>" + renderMathJS + "</script>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// cell renders one cell as an element tag ("section" in a page, "div" on
// a slide) with the CSS classes "md", "code" or "raw", then class
// (escaped, with its leading space).
func (r *pageRenderer) cell(c *notebook.Cell, tag, class string) string {
	switch c.CellType {
	case notebook.Markdown:
		h := Markdown(string(c.Source))
		if r.opt.NotebookLinks != "" {
			h = notebookLink.ReplaceAllString(h, `href="${1}`+esc(r.opt.NotebookLinks)+`${2}"`)
		}
		return `<` + tag + ` class="md` + class + `">` + h + "</" + tag + ">\n"
	case notebook.Code:
		count := " "
		if c.ExecutionCount != nil {
			count = strconv.Itoa(*c.ExecutionCount)
		}
		var b strings.Builder
		b.WriteString(`<` + tag + ` class="code` + class + `"><div class="in"><span class="prompt">[` + count + `]</span>` +
			Code(string(c.Source), "go") + "</div>\n")
		for _, o := range c.Outputs {
			if h := r.output(o); h != "" {
				b.WriteString(`<div class="out">` + h + "</div>\n")
			}
		}
		b.WriteString("</" + tag + ">\n")
		return b.String()
	default: // raw cells
		return `<` + tag + ` class="raw` + class + `"><pre>` + esc(string(c.Source)) + "</pre></" + tag + ">\n"
	}
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

// safeStyle keeps a stylesheet inside its <style> element.
func safeStyle(css string) string { return strings.ReplaceAll(css, "</", `<\/`) }

// pageRenderer renders the outputs of one page; it numbers the charts.
type pageRenderer struct {
	opt     Options
	charts  int
	chartRE *regexp.Regexp // chartPattern(opt.ChartLoader), made on first use
}

// output renders one output, preferring the richest MIME type.
// application/javascript is never rendered; text/html is sanitized (charts
// excepted, see chartHTML); SVG goes through an <img>.
func (r *pageRenderer) output(o notebook.Output) string {
	switch o.OutputType {
	case notebook.Stream:
		cls := "stream"
		if o.Name == "stderr" {
			cls = "stream err"
		}
		return `<pre class="` + cls + `">` + esc(stripANSI(string(o.Text))) + "</pre>"
	case notebook.Error: // as Jupyter shows it: the traceback, which repeats the error
		text := strings.TrimSpace(stripANSI(strings.Join(o.Traceback, "\n")))
		if text == "" {
			text = stripANSI(o.Ename + ": " + o.Evalue)
		}
		return `<pre class="err">` + esc(text) + "</pre>"
	}
	data := func(mime string) (string, bool) { return notebook.MIMEText(o.Data[mime]) }
	if h, ok := data("text/html"); ok {
		if out := r.html(h); strings.TrimSpace(out) != "" {
			return out
		}
	}
	if s, ok := data("image/svg+xml"); ok {
		return `<img alt="" src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(s)) + `">`
	}
	for _, mime := range []string{"image/png", "image/jpeg", "image/gif"} {
		if p, ok := data(mime); ok {
			p = strings.Join(strings.Fields(p), "")
			if base64Text.MatchString(p) {
				return `<img alt="" src="data:` + mime + ";base64," + p + `">`
			}
		}
	}
	if m, ok := data("text/markdown"); ok {
		return `<div class="md">` + Markdown(m) + "</div>"
	}
	if t, ok := data("text/plain"); ok {
		return "<pre>" + esc(stripANSI(t)) + "</pre>"
	}
	return ""
}

// notebookLink matches, in sanitized HTML, a relative link to a course
// notebook: its name without extension and its fragment.
var notebookLink = regexp.MustCompile(`href="([0-9][0-9]-[A-Za-z0-9_-]+)\.ipynb(#[A-Za-z0-9_.:-]*)?"`)

var base64Text = regexp.MustCompile(`^[A-Za-z0-9+/]+={0,2}$`)

// chartMark delimits the placeholder "\x1cN\x1c" that stands for chart N
// of an output while the output's HTML is sanitized.
const chartMark = '\x1c'

// html sanitizes a text/html output. When the page draws charts, each dlfun
// chart in it (the <div> dl/echarts writes and its <script>, the loader
// byte for byte with a JSON string id matching the div, a JSON object or the packed string of one, and
// a JSON string) is first replaced by a placeholder and afterwards written
// back as a fresh <div> and a <script> calling the loader with the
// re-encoded JSON: only data from the output reaches the page.
func (r *pageRenderer) html(h string) string {
	h = strings.ReplaceAll(h, string(chartMark), "")
	if r.opt.ChartLoader == "" || r.opt.ECharts == "" {
		return Sanitize(h)
	}
	var charts []string
	if r.chartRE == nil {
		r.chartRE = chartPattern(r.opt.ChartLoader)
	}
	re := r.chartRE
	h = re.ReplaceAllStringFunc(h, func(m string) string {
		g := re.FindStringSubmatch(m)
		c, ok := r.chart(g[1], g[2], g[3])
		if !ok {
			return m // left to the sanitizer, which drops the script
		}
		charts = append(charts, c)
		return string(chartMark) + strconv.Itoa(len(charts)-1) + string(chartMark)
	})
	out := Sanitize(h)
	for i, c := range charts {
		out = strings.Replace(out, string(chartMark)+strconv.Itoa(i)+string(chartMark), c, 1)
	}
	return strings.ReplaceAll(out, string(chartMark), "")
}

// chartPattern matches a chart snippet of dl/echarts with loader: groups
// are the div's id attribute (JSON), its height in pixels and the loader's
// arguments.
func chartPattern(loader string) *regexp.Regexp {
	return regexp.MustCompile(`<div id=("[A-Za-z0-9_-]{1,64}") class="dlfun-echarts" style="width:100%;height:([0-9]{1,5})px;[^"<>]*">[^<]*</div><script>` +
		regexp.QuoteMeta(loader) + `\(([^<]*?)\)</script>`)
}

// chart checks a chart's parts and writes it with a fresh id; ok is false
// when the arguments are not exactly (the div's id, an object or packed object, a string).
func (r *pageRenderer) chart(id, height, args string) (string, bool) {
	var parts []json.RawMessage
	if json.Unmarshal([]byte("["+args+"]"), &parts) != nil || len(parts) != 3 {
		return "", false
	}
	var divID, argID, url string
	var opt map[string]any
	if json.Unmarshal([]byte(id), &divID) != nil || json.Unmarshal(parts[0], &argID) != nil || argID != divID ||
		json.Unmarshal(parts[2], &url) != nil {
		return "", false
	}
	var packed string
	if json.Unmarshal(parts[1], &packed) == nil { // the option packed by dl/echarts (gzip, base64)
		var err error
		if opt, err = echarts.UnpackOption(packed); err != nil {
			return "", false
		}
	} else if json.Unmarshal(parts[1], &opt) != nil {
		return "", false
	}
	js, err := json.Marshal(opt) // escapes <, > and &: the script cannot be ended from inside
	if err != nil {
		return "", false
	}
	r.charts++
	q := strconv.Quote("dlfun-chart-" + strconv.Itoa(r.charts))
	return `<div id=` + q + ` class="dlfun-echarts" style="width:100%;height:` + height + `px"></div><script>` +
		safeScript(r.opt.ChartLoader) + "(" + q + "," + string(js) + `,"")</script>`, true
}

// pageCSS styles the page (never a notebook).
const pageCSS = `body{margin:0;background:#fafafa;color:#222;font:15px/1.5 system-ui,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px}
section{margin:12px 0}
.in{display:flex;gap:8px}.prompt{color:#888;font:12px monospace;min-width:40px;padding-top:8px}
.in pre{flex:1;border:1px solid #e1e4e8;border-radius:4px;padding:8px;overflow:auto;margin:0}
.in pre.chroma{background:#f3f5f7}
.out{margin:6px 0 6px 48px;overflow:auto}.out pre{margin:0;padding:4px 0}
pre{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;tab-size:4}
.err{color:#b00020}.md code{background:#f3f5f7;padding:0 3px;border-radius:3px}
img{max-width:100%}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px}
th{background:#f3f5f7}.md pre{background:#f3f5f7;padding:8px;border-radius:4px;overflow:auto}
blockquote{margin:8px 0;padding:0 12px;border-left:3px solid #ddd;color:#555}.katex{font-size:1.1em}
.katex-display{overflow-x:auto;overflow-y:hidden;padding:2px 0}
`

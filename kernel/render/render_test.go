package render

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// TestMarkdown checks what the renderer adds to goldmark: formulas kept as
// written, GFM, and raw HTML allowed as far as the policy goes.
func TestMarkdown(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"heading", "# Title", "<h1>Title</h1>\n"},
		{"heading with math", "### Loss $w_1$", `<h3>Loss <span class="math inline" data-delim="1">$w_1$</span></h3>` + "\n"},
		{"inline styles", "a **b** *c* `d<e>` ~~f~~", "<p>a <strong>b</strong> <em>c</em> <code>d&lt;e&gt;</code> <del>f</del></p>\n"},
		{"underscores", "snake_case_name and _em_", "<p>snake_case_name and <em>em</em></p>\n"},
		{"fenced code keeps dollars", "```go\nx := 1 < 2 && $a$\n```", "<pre><code class=\"language-go\">x := 1 &lt; 2 &amp;&amp; $a$\n</code></pre>\n"},
		{"indented code keeps dollars", "Before:\n\n    y := $z$\n", "<p>Before:</p>\n<pre><code>y := $z$\n</code></pre>\n"},
		{"math in code span stays code", "Use `$x_1$` here", "<p>Use <code>$x_1$</code> here</p>\n"},
		{"inline math protected", `$w_1 * w_2 < w_3$ and $\hat y_i$`,
			`<p><span class="math inline" data-delim="1">$w_1 * w_2 &lt; w_3$</span> and <span class="math inline" data-delim="1">$\hat y_i$</span></p>` + "\n"},
		{"display math with list-like lines", "$$\n- a_1\n| b |\n$$", `<p><span class="math display" data-delim="2">$$` + "\n- a_1\n| b |\n$$</span></p>\n"},
		{"environment", "\\begin{align}\na &= b_1\n\\end{align}", `<p><span class="math display" data-delim="0">\begin{align}` + "\na &amp;= b_1\n\\end{align}</span></p>\n"},
		{"paren delimiters", `\(a_b\) and \[c_d\]`,
			`<p><span class="math inline" data-delim="2">\(a_b\)</span> and <span class="math display" data-delim="2">\[c_d\]</span></p>` + "\n"},
		{"dollars that are not math", "costs $5 and $10", "<p>costs $5 and $10</p>\n"},
		{"escaped dollar", `\$5`, "<p>$5</p>\n"},
		{"math in table cell", "| a |\n|---|\n| $|x|$ |",
			"<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><span class=\"math inline\" data-delim=\"1\">$|x|$</span></td>\n</tr>\n</tbody>\n</table>\n"},
		{"table alignment", "| a |\n|:-:|\n| 1 |", "<table>\n<thead>\n<tr>\n<th style=\"text-align: center\">a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align: center\">1</td>\n</tr>\n</tbody>\n</table>\n"},
		{"math in raw html", "<div>$x_1$</div>", `<div><span class="math inline" data-delim="1">$x_1$</span></div>`},
		{"placeholder byte in the text", "a\x1a0\x1a $b$", `<p>a0 <span class="math inline" data-delim="1">$b$</span></p>` + "\n"},
		{"link", `[go](https://go.dev "Go")`, `<p><a href="https://go.dev" title="Go" rel="nofollow">go</a></p>` + "\n"},
		{"image", `![d](a.png)`, `<p><img src="a.png" alt="d"></p>` + "\n"},
		{"figure: SVG data URL with a descriptive alt", `![A neuron: h = w·x + b; ŷ = σ(h)](data:image/svg+xml;base64,PHN2Zz4=)`,
			`<p><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="A neuron: h = w·x + b; ŷ = σ(h)"></p>` + "\n"},
		{"alt with a quote dropped", `<img src="a.png" alt='x"onerror="alert(1)'>`, `<img src="a.png">`},
		{"SVG data URL that is not base64 dropped", `![x](data:image/svg+xml,%3Csvg%20onload=alert%281%29%3E)`, `<p><img alt="x"></p>` + "\n"},
		{"details", "<details>\n<summary>Hint</summary>\n\nUse *this*.\n\n</details>", "<details>\n<summary>Hint</summary>\n<p>Use <em>this</em>.</p>\n</details>"},
		{"safe style kept", `<span style="color:red">r</span>`, `<p><span style="color: red">r</span></p>` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Markdown(tc.in); got != tc.want {
				t.Errorf("Markdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// activeContent parses h as a browser would and returns the first piece
// of active content in it, or "": an element that runs, embeds, submits or
// navigates, an event handler attribute, a URL that is not http(s),
// mailto, relative or a data: image in <img src>, or a style that loads or
// computes.
func activeContent(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "meta", "form", "input", "button", "iframe", "frame", "object", "embed",
				"svg", "math", "base", "link", "applet", "template":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Key)
				val := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, a.Val))
				switch {
				case strings.HasPrefix(name, "on"), name == "srcdoc", name == "formaction", name == "http-equiv":
					return tok.Data + " " + name
				case name == "style" && (strings.Contains(val, "url(") || strings.Contains(val, "expression(")):
					return tok.Data + " style=" + a.Val
				case name == "href" || name == "src" || name == "action" || name == "xlink:href" || name == "background":
					if i := strings.IndexByte(val, ':'); i >= 0 && !strings.ContainsAny(val[:i], "/?#") {
						scheme := val[:i]
						img := tok.Data == "img" && name == "src" && regexp.MustCompile(`^data:image/(png|jpeg|gif|svg\+xml);base64,`).MatchString(val)
						if scheme != "http" && scheme != "https" && scheme != "mailto" && !img {
							return tok.Data + " " + name + "=" + a.Val
						}
					}
				}
			}
		}
	}
}

// xssCases are hostile inputs, each with a harmless part that must stay.
var xssCases = []struct{ name, in, keep string }{
	{"entity-encoded javascript URL", `<a href="jav&#x61;script:alert(1)">x1</a>`, "x1"},
	{"javascript URL with tab", "<a href=\"java\tscript:alert(1)\">x2</a>", "x2"},
	{"upper-case javascript URL", `<a href="JAVASCRIPT:alert(1)">x3</a>`, "x3"},
	{"meta refresh", `<meta http-equiv=refresh content="0;url=https://evil.example">x4`, "x4"},
	{"form", `<form action=https://evil.example><input name=p><button>x5</button></form>`, "x5"},
	{"img onerror", `<img src=x onerror=alert(1)>x6`, "x6"},
	{"svg script", `<svg><script>alert(1)</script></svg>x7`, "x7"},
	{"svg onload", `<svg onload=alert(1)>x8</svg>`, "x8"},
	{"iframe", `<iframe src="https://evil.example"></iframe>x9`, "x9"},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>x10`, "x10"},
	{"object and embed", `<object data="x.swf"></object><embed src="x.swf">x11`, "x11"},
	{"style element", `<style>body{background:url(javascript:alert(1))}</style>x12`, "x12"},
	{"style attribute url", `<span style="background-image:url(javascript:alert(1))">x13</span>`, "x13"},
	{"style attribute expression", `<span style="width:expression(alert(1))">x14</span>`, "x14"},
	{"data URL link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x15</a>`, "x15"},
	{"base element", `<base href="https://evil.example/">x16`, "x16"},
	{"markdown javascript link", "[x17](javascript:alert(1))", "x17"},
	{"markdown javascript image", "![x18](javascript:alert(1))", ""},
	{"markdown autolink javascript", "<javascript:alert(1)> x19", "x19"},
	{"raw script block in markdown", "x20\n\n<script>\nalert(1)\n</script>", "x20"},
	{"inline script in markdown", "a <script>alert(1)</script> x21", "x21"},
	{"event handler on div", `<div onclick="alert(1)">x22</div>`, "x22"},
	{"math span smuggling", `<span class="math inline" data-delim="1" onmouseover="alert(1)">x23</span>`, "x23"},
	{"link element", `<link rel=stylesheet href="https://evil.example/x.css">x24`, "x24"},
}

// TestMarkdownXSS renders hostile Markdown: nothing active survives, the
// harmless text does.
func TestMarkdownXSS(t *testing.T) {
	for _, tc := range xssCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Markdown(tc.in)
			if a := activeContent(got); a != "" {
				t.Errorf("Markdown(%q) = %q: keeps %q", tc.in, got, a)
			}
			if !strings.Contains(got, tc.keep) {
				t.Errorf("Markdown(%q) = %q: lost %q", tc.in, got, tc.keep)
			}
		})
	}
}

// TestPageXSS puts each hostile input into every place of a notebook that
// reaches the page (Markdown cell, text/html, text/markdown, SVG and
// JavaScript outputs, code, streams, errors and the title).
func TestPageXSS(t *testing.T) {
	for _, tc := range xssCases {
		t.Run(tc.name, func(t *testing.T) {
			nb := &notebook.Notebook{Cells: []*notebook.Cell{
				{CellType: notebook.Markdown, Source: notebook.Text(tc.in)},
				{CellType: notebook.Code, Source: notebook.Text(tc.in), Outputs: []notebook.Output{
					{OutputType: notebook.DisplayData, Data: map[string]any{"text/html": tc.in, "text/plain": "plain"}},
					{OutputType: notebook.DisplayData, Data: map[string]any{"text/markdown": tc.in}},
					{OutputType: notebook.DisplayData, Data: map[string]any{"application/javascript": "alert(1)", "text/plain": "js fallback"}},
					{OutputType: notebook.DisplayData, Data: map[string]any{"image/svg+xml": `<svg onload="alert(1)"><script>alert(1)</script></svg>`}},
					{OutputType: notebook.DisplayData, Data: map[string]any{"image/png": `" onerror="alert(1)`, "text/plain": "bad png"}},
					{OutputType: notebook.Stream, Name: "stdout", Text: notebook.Text(tc.in)},
					{OutputType: notebook.Error, Ename: tc.in, Evalue: tc.in, Traceback: []string{tc.in}},
				}},
				{CellType: notebook.Raw, Source: notebook.Text(tc.in)},
			}}
			page := Page(nb, Options{Title: tc.in})
			body := page[strings.Index(page, "<body>"):]
			if a := activeContent(body); a != "" {
				t.Errorf("page keeps %q:\n%s", a, body)
			}
			for _, want := range []string{"js fallback", "bad png", "data:image/svg+xml;base64,"} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}

// TestCharts: a chart snippet is redrawn only when it is exactly the
// loader called with the div's id, an object and a string; its JSON is
// re-encoded and its id replaced.
func TestCharts(t *testing.T) {
	const loader = `(function(id,opt,url){draw(id,opt)})`
	snippet := func(divID, args string) string {
		return `<div id="` + divID + `" class="dlfun-echarts" style="width:100%;height:300px;color:#999">loss</div><script>` +
			loader + "(" + args + ")</script>"
	}
	tests := []struct {
		name, html string
		drawn      bool
	}{
		{"genuine", snippet("c1", `"c1",{"title":{"text":"a\u003c/script\u003e"}},""`), true},
		{"genuine with url", snippet("c1", `"c1",{"series":[]},"echarts.min.js"`), true},
		{"id differs", snippet("c1", `"c2",{},""`), false},
		{"options not an object", snippet("c1", `"c1",alert(1),""`), false},
		{"extra argument", snippet("c1", `"c1",{},"",alert(1)`), false},
		{"another loader", strings.Replace(snippet("c1", `"c1",{},""`), "draw(id,opt)", "alert(1)", 1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nb := &notebook.Notebook{Cells: []*notebook.Cell{{CellType: notebook.Code, Outputs: []notebook.Output{
				{OutputType: notebook.DisplayData, Data: map[string]any{"text/html": tc.html}}}}}}
			page := Page(nb, Options{ECharts: "/*LIB*/", ChartLoader: loader})
			body := page[strings.Index(page, "<main>"):]
			drawn := strings.Contains(body, `<div id="dlfun-chart-1" class="dlfun-echarts" style="width:100%;height:300px"></div><script>`+loader+`("dlfun-chart-1",{`)
			if drawn != tc.drawn {
				t.Errorf("drawn = %v, want %v:\n%s", drawn, tc.drawn, body)
			}
			if strings.Contains(body, "alert(") || !tc.drawn && strings.Contains(body, "<script") {
				t.Errorf("page keeps the snippet's own code:\n%s", body)
			}
		})
	}
}

// TestNotebookLinks checks that links to course notebooks point to their
// exports when Options.NotebookLinks is set, and only those links.
func TestNotebookLinks(t *testing.T) {
	md := "[04](04-momentum.ipynb), [sec](05-adaptive-optimizers.ipynb#AdaGrad), [other](notes.ipynb), [web](https://x.org/01-a.ipynb)"
	nb := &notebook.Notebook{Cells: []*notebook.Cell{{CellType: notebook.Markdown, Source: notebook.Text(md)}}}
	tests := []struct {
		ext       string
		want, not []string
	}{
		{".html", []string{`href="04-momentum.html"`, `href="05-adaptive-optimizers.html#AdaGrad"`, `href="notes.ipynb"`, `href="https://x.org/01-a.ipynb"`}, nil},
		{"", []string{`href="04-momentum.ipynb"`}, []string{`04-momentum.html`}},
	}
	for _, tc := range tests {
		page := Page(nb, Options{NotebookLinks: tc.ext})
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("NotebookLinks %q: page lacks %s", tc.ext, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(page, n) {
				t.Errorf("NotebookLinks %q: page has %s", tc.ext, n)
			}
		}
	}
}

package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
)

// TestMarkdown is the renderer's golden test: each input next to the exact
// HTML it must produce.
func TestMarkdown(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"heading", "# Title", "<h1>Title</h1>\n"},
		{"heading closing hashes", "## Loss ##", "<h2>Loss</h2>\n"},
		{"setext heading", "Title\n=====", "<h1>Title</h1>\n"},
		{"heading with math", "### Loss $w_1$", `<h3>Loss <span class="math inline" data-delim="1">$w_1$</span></h3>` + "\n"},
		{"inline styles", "a **b** *c* `d<e>` ~~f~~", "<p>a <strong>b</strong> <em>c</em> <code>d&lt;e&gt;</code> <del>f</del></p>\n"},
		{"underscores", "snake_case_name and _em_ and __strong__ and ***both***",
			"<p>snake_case_name and <em>em</em> and <strong>strong</strong> and <em><strong>both</strong></em></p>\n"},
		{"bullets", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"nested list", "- one\n  - nested\n- two", "<ul>\n<li>one\n<ul>\n<li>nested</li>\n</ul></li>\n<li>two</li>\n</ul>\n"},
		{"numbered", "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"},
		{"numbered from 3", "3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n"},
		{"loose list", "1. one\n\n2. two", "<ol>\n<li><p>one</p></li>\n<li><p>two</p></li>\n</ol>\n"},
		{"list after paragraph", "para\n- item", "<p>para</p>\n<ul>\n<li>item</li>\n</ul>\n"},
		{"fenced code", "```go\nx := 1 < 2 && $a$\n```", "<pre><code class=\"language-go\">x := 1 &lt; 2 &amp;&amp; $a$</code></pre>\n"},
		{"tilde fence", "~~~\n**not bold**\n~~~", "<pre><code>**not bold**</code></pre>\n"},
		{"indented code", "Before:\n\n    x := a < b\n\n      y := $z$\n\nafter", "<p>Before:</p>\n<pre><code>x := a &lt; b\n\n  y := $z$</code></pre>\n<p>after</p>\n"},
		{"tab-indented code", "\tgo run .", "<pre><code>go run .</code></pre>\n"},
		{"indented line continues a paragraph", "para\n    more", "<p>para\nmore</p>\n"},
		{"reference links", "See [the docs][d], [Go][] and [go].\n\n[d]: https://pkg.go.dev \"Docs\"\n[GO]: <https://go.dev>",
			`<p>See <a href="https://pkg.go.dev" title="Docs">the docs</a>, <a href="https://go.dev">Go</a> and <a href="https://go.dev">go</a>.</p>` + "\n"},
		{"undefined reference stays text", "[not a link] and [x][y]", "<p>[not a link] and [x][y]</p>\n"},
		{"reference image", "![digits][m]\n\n[m]: mnist.png", `<p><img src="mnist.png" alt="digits"></p>` + "\n"},
		{"definition in code is code", "```\n[a]: b\n```\n[a]", "<pre><code>[a]: b</code></pre>\n<p>[a]</p>\n"},
		{"definition cannot interrupt a paragraph", "para\n[a]: x.html\n\n[a]", "<p>para\n[a]: x.html</p>\n<p>[a]</p>\n"},
		{"definition inside raw html stays", "<div>\n[a]: http://x\n</div>\n\n[a]", "<div>\n[a]: http://x\n</div>\n<p>[a]</p>\n"},
		{"definition in a list item's fence stays", "- ```\n  [a]: b\n  ```\n\n[a]", "<ul>\n<li><pre><code>[a]: b</code></pre></li>\n</ul>\n<p>[a]</p>\n"},
		{"quote", "> quote *a*\n> more", "<blockquote>\n<p>quote <em>a</em>\nmore</p>\n</blockquote>\n"},
		{"rule", "a\n\n---", "<p>a</p>\n<hr>\n"},
		{"hard break", "line one  \nline two", "<p>line one<br>\nline two</p>\n"},
		{"links and images", `[go](https://go.dev "Go") ![d](a.png)`,
			`<p><a href="https://go.dev" title="Go">go</a> <img src="a.png" alt="d"></p>` + "\n"},
		{"autolinks", "See https://go.dev/doc. and <https://x.y/z>",
			`<p>See <a href="https://go.dev/doc">https://go.dev/doc</a>. and <a href="https://x.y/z">https://x.y/z</a></p>` + "\n"},
		{"javascript link", "[x](javascript:alert(1))", `<p><a href="#">x</a></p>` + "\n"},
		{"text escaping", `a < b && c > d "q" &amp; &copy; AT&T`, "<p>a &lt; b &amp;&amp; c &gt; d &#34;q&#34; &amp; &copy; AT&amp;T</p>\n"},
		{"backslash escapes", `\*not em\* \$5 \<b>`, "<p>*not em* $5 &lt;b&gt;</p>\n"},
		{"table", "| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |\n| 4 |",
			"<table>\n<thead>\n<tr><th style=\"text-align:left\">a</th><th style=\"text-align:center\">b</th><th style=\"text-align:right\">c</th></tr>\n</thead>\n" +
				"<tbody>\n<tr><td style=\"text-align:left\">1</td><td style=\"text-align:center\"><strong>2</strong></td><td style=\"text-align:right\">3</td></tr>\n" +
				"<tr><td style=\"text-align:left\">4</td><td style=\"text-align:center\"></td><td style=\"text-align:right\"></td></tr>\n</tbody>\n</table>\n"},
		{"table with code, pipes and math", "PyTorch | dl\n---|---\n`a|b` | \\| $|x|$",
			"<table>\n<thead>\n<tr><th>PyTorch</th><th>dl</th></tr>\n</thead>\n<tbody>\n" +
				`<tr><td><code>a|b</code></td><td>| <span class="math inline" data-delim="1">$|x|$</span></td></tr>` + "\n</tbody>\n</table>\n"},
		{"not a table", "a | b\nc | d", "<p>a | b\nc | d</p>\n"},
		{"inline html", `Text <span style="color:red">red</span> and <b>bold</b>.`,
			`<p>Text <span style="color:red">red</span> and <b>bold</b>.</p>` + "\n"},
		{"html block", "<details>\n<summary>Hint</summary>\n\nUse *this*.\n\n</details>",
			"<details>\n<summary>Hint</summary>\n<p>Use <em>this</em>.</p>\n</details>\n"},
		{"html comment", "<!-- note -->\ntext", "<!-- note -->\ntext\n"},
		{"script dropped", "<script>alert(1)</script>", "\n"},
		{"inline script dropped", "a <script>alert(1)</script> b", "<p>a alert(1) b</p>\n"},
		{"event handler dropped", `<img src="x.png" onerror="alert(1)">`, `<img src="x.png">` + "\n"},
		{"not a tag", "1 <2 and a<b", "<p>1 &lt;2 and a&lt;b</p>\n"},
		{"inline math protected", `The loss $L = \frac{1}{n}\sum_i (y_i - \hat y_i)^2$ and $w_1 * w_2 < w_3$.`,
			`<p>The loss <span class="math inline" data-delim="1">$L = \frac{1}{n}\sum_i (y_i - \hat y_i)^2$</span> and ` +
				`<span class="math inline" data-delim="1">$w_1 * w_2 &lt; w_3$</span>.</p>` + "\n"},
		{"display math", "$$\nh_j = \\sum_i w_{ij} x_i\n$$", `<p><span class="math display" data-delim="2">$$` + "\nh_j = \\sum_i w_{ij} x_i\n$$</span></p>\n"},
		{"display math with list-like lines", "$$\n- a_1\n| b |\n$$", `<p><span class="math display" data-delim="2">$$` + "\n- a_1\n| b |\n$$</span></p>\n"},
		{"environment", "\\begin{align}\na &= b_1\n\\end{align}", `<p><span class="math display" data-delim="0">\begin{align}` + "\na &amp;= b_1\n\\end{align}</span></p>\n"},
		{"paren delimiters", `\(a_b\) and \[c_d\]`,
			`<p><span class="math inline" data-delim="2">\(a_b\)</span> and <span class="math display" data-delim="2">\[c_d\]</span></p>` + "\n"},
		{"dollars that are not math", "costs $5 and $10", "<p>costs $5 and $10</p>\n"},
		{"math in code stays code", "Use `$x_1$` here", "<p>Use <code>$x_1$</code> here</p>\n"},
		{"math in alt text", "![a $x$](i.png)", `<p><img src="i.png" alt="a $x$"></p>` + "\n"},
		{"math in bold", "**$a_1$ wins**", `<p><strong><span class="math inline" data-delim="1">$a_1$</span> wins</strong></p>` + "\n"},
		{"math in raw html", "<div>$x_1$</div>", `<div><span class="math inline" data-delim="1">$x_1$</span></div>` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Markdown(tc.in); got != tc.want {
				t.Errorf("Markdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHTMLPage(t *testing.T) {
	chart := echarts.Line(echarts.Options{Title: "loss"}, echarts.LineSeries{Name: "train", Y: []float64{1, 2}}).HTML()
	lib := echarts.LibraryScript("window.echarts={}")
	nb := `{"cells": [
	 {"cell_type": "markdown", "metadata": {}, "source": ["# Hello\n", "text"]},
	 {"cell_type": "code", "execution_count": 3, "metadata": {}, "source": "x := 1 < 2",
	  "outputs": [
	   {"output_type": "stream", "name": "stdout", "text": ["hi\n"]},
	   {"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + jsonString(lib+chart) + `, "text/plain": "chart"}},
	   {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo=\n"}},
	   {"output_type": "error", "ename": "panic", "evalue": "boom", "traceback": ["\u001b[31mred\u001b[0m"]}
	  ]}
	], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	page, err := HTML([]byte(nb), "test <page>", Libraries{ECharts: "/*LIB*/", KaTeX: "/*KATEX*/", KaTeXCSS: ".katex{}"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"<title>test &lt;page&gt;</title>", "/*LIB*/", "<h1>Hello</h1>", "x := 1 &lt; 2", "[3]",
		`<pre class="stream">hi`, "dlfun-echarts", `src="data:image/png;base64,iVBORw0KGgo="`, "panic: boom\nred"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(s, "data-dlfun-echarts-lib"); n != 1 {
		t.Errorf("library included %d times, want once (the inline copy from the output must be dropped)", n)
	}
	if strings.Contains(s, "/*KATEX*/") {
		t.Error("page without formulas carries KaTeX")
	}
	if _, err := HTML([]byte("not json"), "x", Libraries{}); err == nil {
		t.Error("HTML accepted a non-notebook")
	}
}

// TestHTMLPageMath checks that a page with formulas inlines KaTeX once,
// with the script that typesets them, and that text/markdown outputs are
// rendered too.
func TestHTMLPageMath(t *testing.T) {
	nb := `{"cells": [
	 {"cell_type": "markdown", "metadata": {}, "source": "Sigmoid $\\sigma(h)$"},
	 {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "",
	  "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "| a |\n|---|\n| $x$ |"}}]}
	], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
	page, err := HTML([]byte(nb), "math", Libraries{ECharts: "/*LIB*/", KaTeX: "/*KATEX*/</script>", KaTeXCSS: ".katex{}"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{`<span class="math inline" data-delim="1">$\sigma(h)$</span>`, "<style>.katex{}</style>",
		`/*KATEX*/<\/script>`, "katex.render(", `<div class="md"><table>`, `<td><span class="math inline"`} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(s, "/*KATEX*/"); n != 1 {
		t.Errorf("KaTeX inlined %d times, want once", n)
	}
}

func TestFile(t *testing.T) {
	if _, err := LoadLibraries(); err != nil {
		t.Skip("libraries not fetched: ", err)
	}
	out, err := File(filepath.Join("testdata", "charts.ipynb"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if filepath.Base(out) != "charts.html" || len(b) < 1_000_000 || !strings.Contains(string(b), "Every chart kind") {
		t.Errorf("export %s: %d bytes", out, len(b))
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

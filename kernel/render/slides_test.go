package render

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// slideCell is a Markdown cell with the text src and the slide type kind
// ("" for no slideshow metadata).
func slideCell(t *testing.T, kind, src string) string {
	t.Helper()
	meta := "{}"
	if kind != "" {
		meta = `{"slideshow": {"slide_type": "` + kind + `"}}`
	}
	return `{"cell_type": "markdown", "metadata": ` + meta + `, "source": "` + src + `"}`
}

// structure reduces a slides page to its reveal.js skeleton: "[" opens a
// column, "(" a slide, the cells' texts (A, B, …) with "f:" for a
// fragment and "n:" for a note.
func structure(h string) string {
	body := h[strings.Index(h, `<div class="slides">`):strings.Index(h, "</div></div>\n")]
	re := regexp.MustCompile(`<section>\n<section>|<section>|</section>|<div class="fragment">|<aside class="notes">|<p>([A-Z])</p>`)
	var b strings.Builder
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		switch {
		case m[0] == "<section>\n<section>":
			b.WriteString("[(")
		case m[0] == "<section>":
			b.WriteString("(")
		case m[0] == "</section>":
			b.WriteString(")")
		case strings.HasPrefix(m[0], `<div class="fragment"`):
			b.WriteString("f:")
		case strings.HasPrefix(m[0], "<aside"):
			b.WriteString("n:")
		default:
			b.WriteString(m[1])
		}
	}
	return strings.NewReplacer("))", ")]").Replace(b.String())
}

func TestSlides(t *testing.T) {
	tests := []struct {
		name  string
		cells [][2]string // slide type, text
		want  string
	}{
		{"no metadata: one slide", [][2]string{{"", "A"}, {"", "B"}}, "[(AB)]"},
		{"slides", [][2]string{{"slide", "A"}, {"-", "B"}, {"slide", "C"}}, "[(AB)][(C)]"},
		{"cells before the first slide", [][2]string{{"", "A"}, {"slide", "B"}}, "[(A)][(B)]"},
		{"subslides stack below", [][2]string{{"slide", "A"}, {"subslide", "B"}, {"subslide", "C"}, {"slide", "D"}}, "[(A)(B)(C)][(D)]"},
		{"fragments, notes, skip", [][2]string{{"slide", "A"}, {"fragment", "B"}, {"skip", "C"}, {"notes", "D"}}, "[(Af:Bn:D)]"},
		{"unknown type continues", [][2]string{{"slide", "A"}, {"bogus", "B"}}, "[(AB)]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cells []string
			for _, c := range tc.cells {
				cells = append(cells, slideCell(t, c[0], c[1]))
			}
			nb, err := notebook.Parse([]byte(`{"cells": [` + strings.Join(cells, ",") + `], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`))
			if err != nil {
				t.Fatal(err)
			}
			h := Slides(nb, SlideOptions{Reveal: "/* reveal */", RevealCSS: ".reveal{}"})
			if got := structure(h); got != tc.want {
				t.Errorf("slides %s, want %s", got, tc.want)
			}
			if !strings.Contains(h, "Reveal.initialize") {
				t.Error("reveal.js is not started")
			}
		})
	}
}

// TestSlidesXSS: slides go through the same sanitizer as pages, whatever
// slide a cell is on.
func TestSlidesXSS(t *testing.T) {
	for _, tc := range xssCases {
		t.Run(tc.name, func(t *testing.T) {
			slide := map[string]json.RawMessage{"slideshow": json.RawMessage(`{"slide_type": "slide"}`)}
			fragment := map[string]json.RawMessage{"slideshow": json.RawMessage(`{"slide_type": "fragment"}`)}
			notes := map[string]json.RawMessage{"slideshow": json.RawMessage(`{"slide_type": "notes"}`)}
			nb := &notebook.Notebook{Cells: []*notebook.Cell{
				{CellType: notebook.Markdown, Source: notebook.Text(tc.in), Metadata: slide},
				{CellType: notebook.Code, Source: notebook.Text(tc.in), Metadata: fragment, Outputs: []notebook.Output{
					{OutputType: notebook.DisplayData, Data: map[string]any{"text/html": tc.in, "text/plain": "plain"}},
					{OutputType: notebook.DisplayData, Data: map[string]any{"text/markdown": tc.in}},
					{OutputType: notebook.Stream, Name: "stdout", Text: notebook.Text(tc.in)},
				}},
				{CellType: notebook.Markdown, Source: notebook.Text(tc.in), Metadata: notes},
			}}
			h := Slides(nb, SlideOptions{Options: Options{Title: tc.in}, Reveal: "/* reveal */"})
			body := h[strings.Index(h, `<div class="reveal">`):strings.Index(h, "</div></div>\n")]
			if a := activeContent(body); a != "" {
				t.Errorf("slides keep %q:\n%s", a, body)
			}
			if tc.keep != "" && !strings.Contains(body, tc.keep) {
				t.Errorf("slides lack %q", tc.keep)
			}
			if head := h[:strings.Index(h, "</title>")]; strings.Contains(head[strings.Index(head, "<title>"):], "<script") {
				t.Errorf("the title is not escaped: %s", head)
			}
		})
	}
}

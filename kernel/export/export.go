// Package export turns executed notebooks into self-contained HTML pages
// that render offline, charts included (`dlfun export NOTEBOOK… --html DIR`).
//
// The page inlines the ECharts library once, in its <head>, with define,
// module and exports shadowed; every chart output then finds window.echarts
// and draws without any network access. Copies of the library that inline
// mode left in the notebook's outputs are dropped, so the page carries it
// once. The page itself is made by kernel/render, the renderer the
// grader's feedback uses too: Markdown through goldmark, every piece of
// HTML through bluemonday's allowlist (no scripts, event handlers or
// javascript: URLs from a notebook survive), Go code highlighted by chroma.
// Only dlfun charts, recognised exactly, are drawn by script (see
// render.Options.ChartLoader). Formulas are typeset by KaTeX, whose script,
// stylesheet and fonts (as data: URLs) the page inlines once when it has
// any formula: about 700 KB, next to ECharts' 1 MB.
package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel/notebook"
	"github.com/dlfun/dlfun/kernel/render"
)

// Libraries are the browser libraries an exported page inlines.
type Libraries struct {
	ECharts  string // echarts.min.js (see echarts.Library)
	KaTeX    string // katex.min.js; "" leaves formulas as their source text
	KaTeXCSS string // katex.min.css with its fonts inlined (see assets.KaTeX)
	// Reveal and RevealCSS (reveal.js and its stylesheets) present slides;
	// only slides need them (see LoadSlideLibraries).
	Reveal, RevealCSS string
}

// LoadLibraries reads ECharts (echarts.Library) and KaTeX
// (kernel/assets/katex of the dlfun source tree, or $DLFUN_KATEX_DIR),
// naming the fetch step when one is missing.
func LoadLibraries() (Libraries, error) {
	lib, err := echarts.Library()
	if err != nil {
		return Libraries{}, err
	}
	js, css, err := render.LoadKaTeX()
	if err != nil {
		return Libraries{}, err
	}
	return Libraries{ECharts: lib, KaTeX: js, KaTeXCSS: css}, nil
}

// LoadSlideLibraries is LoadLibraries plus reveal.js (kernel/assets/reveal
// of the dlfun source tree, or $DLFUN_REVEAL_DIR), for Slides.
func LoadSlideLibraries() (Libraries, error) {
	libs, err := LoadLibraries()
	if err != nil {
		return libs, err
	}
	libs.Reveal, libs.RevealCSS, err = render.LoadReveal()
	return libs, err
}

// Slides renders the notebook nb (.ipynb JSON) as a standalone reveal.js
// presentation titled title, following its cells' slideshow metadata (see
// render.Slides), with the libraries libs inlined (reveal.js always, KaTeX
// and ECharts when a slide needs them): it opens offline, from one file.
func Slides(nb []byte, title string, libs Libraries) ([]byte, error) {
	n, err := notebook.Parse(nb)
	if err != nil {
		return nil, fmt.Errorf("export: not a notebook: %w", err)
	}
	page := render.Slides(n, render.SlideOptions{
		Options: render.Options{Title: title, KaTeX: libs.KaTeX, KaTeXCSS: libs.KaTeXCSS,
			ECharts: libs.ECharts, ChartLoader: chartLoader()},
		Reveal: libs.Reveal, RevealCSS: libs.RevealCSS})
	return []byte(page), nil
}

// HTML renders the notebook nb (.ipynb JSON) as a standalone page titled
// title with kernel/render, inlining the libraries libs (KaTeX only when
// the page has a formula, ECharts only when it has a chart).
func HTML(nb []byte, title string, libs Libraries) ([]byte, error) {
	n, err := notebook.Parse(nb)
	if err != nil {
		return nil, fmt.Errorf("export: not a notebook: %w", err)
	}
	page := render.Page(n, render.Options{Title: title, KaTeX: libs.KaTeX, KaTeXCSS: libs.KaTeXCSS,
		ECharts: libs.ECharts, ChartLoader: chartLoader()})
	return []byte(page), nil
}

// chartLoader returns the loader dl/echarts writes in front of a chart's
// arguments (see render.Options.ChartLoader), cut from a chart's snippet:
// what lies between "<script>" and "(" followed by the chart's id.
func chartLoader() string {
	h := echarts.Line(echarts.Options{}, echarts.LineSeries{Y: []float64{0}}).HTML()
	const open = `<div id="`
	i := strings.Index(h, open)
	j := strings.Index(h, "<script>")
	if i != 0 || j < 0 {
		return ""
	}
	k := strings.IndexByte(h[len(open):], '"')
	if k < 0 {
		return ""
	}
	id := h[len(open)-1 : len(open)+k+1] // the id as JSON
	end := strings.LastIndex(h, "("+id+",")
	if end < j {
		return ""
	}
	return h[j+len("<script>") : end]
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
	return write(path, dir, ".html", libs, HTML)
}

// SlidesFileWith exports the notebook at path into dir as
// <name>.slides.html (see Slides) and returns the file's path; libs come
// from LoadSlideLibraries.
func SlidesFileWith(path, dir string, libs Libraries) (string, error) {
	return write(path, dir, ".slides.html", libs, Slides)
}

// write renders the notebook at path with render into dir/<name><suffix>.
// The file appears complete or not at all: it is written to a temporary
// file in dir, then renamed.
func write(path, dir, suffix string, libs Libraries, render func([]byte, string, Libraries) ([]byte, error)) (string, error) {
	nb, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	page, err := render(nb, name, libs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, name+suffix)
	tmp, err := os.CreateTemp(dir, "."+name+"-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(page)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return out, nil
}

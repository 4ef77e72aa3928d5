package render

import (
	"encoding/json"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// SlideOptions say what a slides page carries: everything a page does
// (Options: title, KaTeX, ECharts; CellClass is not used), and reveal.js.
type SlideOptions struct {
	Options
	// Reveal (reveal.js) and RevealCSS (reveal.css and a theme) present
	// the slides; without them the page shows every slide one below the
	// other.
	Reveal, RevealCSS string
}

// The slide types of Jupyter's slideshow metadata (the cell's
// metadata.slideshow.slide_type), as RISE and nbconvert read them.
const (
	SlideStart    = "slide"    // the cell starts a new slide
	SubslideStart = "subslide" // the cell starts a new slide below the current one
	Fragment      = "fragment" // the cell appears on the current slide at the next key press
	SlideSkip     = "skip"     // the cell is not shown
	SlideNotes    = "notes"    // the cell is a speaker note
	SlideContinue = "-"        // the cell continues the current slide
)

// SlideType returns the cell's slide type (metadata.slideshow.slide_type):
// one of the constants above; SlideContinue when the cell has none or an
// unknown one.
func SlideType(c *notebook.Cell) string {
	raw, ok := c.Metadata["slideshow"]
	if !ok {
		return SlideContinue
	}
	var m struct {
		SlideType string `json:"slide_type"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return SlideContinue
	}
	switch m.SlideType {
	case SlideStart, SubslideStart, Fragment, SlideSkip, SlideNotes:
		return m.SlideType
	}
	return SlideContinue
}

// Slides renders the notebook nb as a standalone reveal.js presentation,
// following the cells' slideshow metadata (see SlideType) as RISE does in
// JupyterLab: a "slide" cell opens a new slide (a column of slides in
// reveal.js), a "subslide" cell a new slide below it, a "fragment" cell
// appears at the next key press, "notes" go to the speaker view (S) and
// "skip" cells are left out. Cells before the first "slide" cell make the
// first slide. Cells are rendered as in Page (the same sanitizing, charts
// and formulas); a slide taller than the screen scrolls.
func Slides(nb *notebook.Notebook, opt SlideOptions) string {
	r := &pageRenderer{opt: opt.Options}
	type column struct{ slides []*strings.Builder }
	var columns []*column
	newColumn := func() { columns = append(columns, &column{slides: []*strings.Builder{{}}}) }
	newColumn()
	current := func() *strings.Builder {
		c := columns[len(columns)-1]
		return c.slides[len(c.slides)-1]
	}
	empty := func() bool { return len(columns) == 1 && current().Len() == 0 }
	for _, c := range nb.Cells {
		kind := SlideType(c)
		switch kind {
		case SlideSkip:
			continue
		case SlideStart:
			if !empty() {
				newColumn()
			}
		case SubslideStart:
			if col := columns[len(columns)-1]; current().Len() > 0 {
				col.slides = append(col.slides, &strings.Builder{})
			}
		}
		h := r.cell(c, "div", "")
		switch kind {
		case Fragment:
			h = `<div class="fragment">` + h + "</div>\n"
		case SlideNotes:
			h = `<aside class="notes">` + h + "</aside>\n"
		}
		current().WriteString(h)
	}
	var body strings.Builder
	for _, col := range columns {
		body.WriteString("<section>\n")
		for _, s := range col.slides {
			body.WriteString("<section>\n" + s.String() + "</section>\n")
		}
		body.WriteString("</section>\n")
	}
	math := opt.KaTeX != "" && strings.Contains(body.String(), `<span class="math `)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
	b.WriteString(esc(opt.Title))
	b.WriteString("</title>\n")
	if opt.Reveal != "" {
		b.WriteString("<style>" + safeStyle(opt.RevealCSS) + "</style>\n")
	}
	b.WriteString("<style>" + slidesCSS + CodeCSS() + safeStyle(opt.CSS) + "</style>\n")
	if math {
		b.WriteString("<style>" + safeStyle(opt.KaTeXCSS) + "</style>\n")
		b.WriteString("<script>" + safeScript(opt.KaTeX) + "\n</script>\n")
	}
	if opt.ECharts != "" && opt.ChartLoader != "" {
		b.WriteString(`<script data-dlfun-echarts-lib="5">(function(define,module,exports){` + safeScript(opt.ECharts) +
			"\n}).call(window);</script>\n")
	}
	b.WriteString("</head>\n<body>\n<div class=\"reveal\"><div class=\"slides\">\n")
	b.WriteString(body.String())
	b.WriteString("</div></div>\n")
	if math {
		b.WriteString("<script>" + renderMathJS + "</script>\n")
	}
	if opt.Reveal != "" {
		// define, module and exports are shadowed so that the UMD bundle
		// sets window.Reveal whatever else the page defines.
		b.WriteString("<script>(function(define,module,exports){" + safeScript(opt.Reveal) + "\n}).call(window);</script>\n")
		b.WriteString("<script>" + revealInitJS + "</script>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// revealInitJS starts reveal.js: a 1280×800 slide scaled to the screen,
// the slide number and position in the address (a reload stays on the
// slide), no transitions (charts draw once their slide is shown).
const revealInitJS = `Reveal.initialize({width:1280,height:800,margin:0.03,center:false,hash:true,slideNumber:"c/t",transition:"none",backgroundTransition:"none"});`

// slidesCSS styles the slides (never a notebook): left-aligned text, code
// and outputs sized for a projector, and a slide taller than the screen
// scrolls instead of being cut.
const slidesCSS = `.reveal .slides{text-align:left}
.reveal .slides>section>section{max-height:100%;overflow-y:auto;padding:0 8px;box-sizing:border-box}
.reveal{font-size:26px}
.reveal h1{font-size:1.9em}.reveal h2{font-size:1.5em}.reveal h3{font-size:1.2em}
.reveal h1,.reveal h2,.reveal h3,.reveal h4{text-transform:none}
.reveal .md p,.reveal .md li{line-height:1.35}
.reveal .md table{font-size:0.7em;border-collapse:collapse}.reveal .md td,.reveal .md th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.reveal .in{display:flex;gap:8px}.reveal .prompt{display:none}
.reveal .in pre{flex:1;width:auto;margin:6px 0;font-size:15px;line-height:1.35;box-shadow:none;border:1px solid #e1e4e8;border-radius:4px;padding:8px;background:#f6f8fa;overflow:auto}
.reveal .out{margin:4px 0}.reveal .out pre{font-size:14px;box-shadow:none;width:auto;margin:0;white-space:pre-wrap}
.reveal .out .dlfun-echarts{font-size:14px}
.reveal .out img{max-width:100%}
.reveal .katex-display{overflow-x:auto;overflow-y:hidden}
.reveal aside.notes{display:none}
`

// DefaultSlideType is the slide type the course gives a cell c that has
// none, after the cell prev (nil for the first cell; see `go run
// ./kernel/cmd/slideshow`): a title or a "##" section heading starts a
// slide, a "###" heading or text that follows code starts a slide below
// (so that each step of a section, its text then its code and outputs,
// gets its own screen), a code cell that only checks (its first statement
// is check.New) is skipped, and every other cell continues the slide it is
// on (a slide taller than the screen scrolls).
func DefaultSlideType(prev, c *notebook.Cell) string {
	src := strings.TrimLeft(string(c.Source), " \t\n")
	switch c.CellType {
	case notebook.Markdown:
		switch {
		case strings.HasPrefix(src, "# "), strings.HasPrefix(src, "## "):
			return SlideStart
		case strings.HasPrefix(src, "### "), prev != nil && prev.CellType == notebook.Code:
			return SubslideStart
		}
	case notebook.Code:
		for _, line := range strings.Split(src, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "%%" || strings.HasPrefix(line, "//") {
				continue
			}
			if strings.HasPrefix(line, "c := check.New(") {
				return SlideSkip
			}
			break
		}
	}
	return SlideContinue
}

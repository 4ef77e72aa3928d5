package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Colours of the figures. Every figure is drawn on its own white card, so
// the same colours read well in JupyterLab's light and dark themes.
const (
	ink    = "#1f2328" // text and lines
	muted  = "#57606a" // secondary text
	faint  = "#d0d7de" // card border, contours
	blue   = "#0969da" // forward pass, momentum
	orange = "#bc4c00" // backward pass, gradients
	green  = "#1a7f37" // results
	red    = "#cf222e" // dropped units
	fillB  = "#ddf4ff" // light fills
	fillO  = "#fff1e5"
	fillG  = "#dafbe1"
	fillN  = "#f6f8fa"
)

// canvas is an SVG document under construction. Coordinates are written
// with one decimal, so the output is the same on every machine.
type canvas struct {
	w, h  int
	title string
	b     strings.Builder
	defs  map[string]bool // arrow markers made, by colour
	d     strings.Builder
}

// newCanvas starts a w×h figure titled title (the SVG's <title>, read by
// screen readers) on a white rounded card.
func newCanvas(w, h int, title string) *canvas {
	c := &canvas{w: w, h: h, title: title, defs: map[string]bool{}}
	c.rect(0.5, 0.5, float64(w)-1, float64(h)-1, 12, "#ffffff", faint, 1)
	return c
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// xmlText escapes text for SVG element content and attribute values.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func (c *canvas) rect(x, y, w, h, r float64, fill, stroke string, width float64) {
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="%s"/>`+"\n",
		num(x), num(y), num(w), num(h), num(r), fill, stroke, num(width))
}

func (c *canvas) circle(x, y, r float64, fill, stroke string, width float64) {
	fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="%s"/>`+"\n",
		num(x), num(y), num(r), fill, stroke, num(width))
}

func (c *canvas) ellipse(x, y, rx, ry float64, stroke string, clip string) {
	fmt.Fprintf(&c.b, `<ellipse cx="%s" cy="%s" rx="%s" ry="%s" fill="none" stroke="%s" stroke-width="1"%s/>`+"\n",
		num(x), num(y), num(rx), num(ry), stroke, clipAttr(clip))
}

func clipAttr(id string) string {
	if id == "" {
		return ""
	}
	return ` clip-path="url(#` + id + `)"`
}

// clip defines a rectangular clip path named id.
func (c *canvas) clip(id string, x, y, w, h float64) {
	fmt.Fprintf(&c.d, `<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n", id, num(x), num(y), num(w), num(h))
}

// line draws a line; dash is an SVG dash array or "".
func (c *canvas) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		num(x1), num(y1), num(x2), num(y2), stroke, num(width), dashAttr(dash))
}

func dashAttr(dash string) string {
	if dash == "" {
		return ""
	}
	return ` stroke-dasharray="` + dash + `"`
}

// marker returns the id of an arrow head in colour col, defining it once.
func (c *canvas) marker(col string) string {
	id := "arrow-" + strings.TrimPrefix(col, "#")
	if !c.defs[id] {
		c.defs[id] = true
		fmt.Fprintf(&c.d, `<marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`+"\n", id, col)
	}
	return id
}

// arrow draws a line from (x1, y1) to (x2, y2) ending in an arrow head.
func (c *canvas) arrow(x1, y1, x2, y2 float64, col string, width float64, dash string) {
	id := c.marker(col)
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"/>`+"\n",
		num(x1), num(y1), num(x2), num(y2), col, num(width), dashAttr(dash), id)
}

// path draws an SVG path d (coordinates already formatted), with an arrow
// head at its end when arrow is set.
func (c *canvas) path(d, col string, width float64, dash string, arrow bool) {
	end := ""
	if arrow {
		end = ` marker-end="url(#` + c.marker(col) + `)"`
	}
	fmt.Fprintf(&c.b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"%s%s/>`+"\n", d, col, num(width), dashAttr(dash), end)
}

// Text anchors.
const (
	start  = "start"
	middle = "middle"
	end    = "end"
)

// text writes s at (x, y) (the baseline) with the given size, colour,
// anchor and weight ("" or "bold").
func (c *canvas) text(x, y float64, s string, size float64, col, anchor, weight string) {
	w := ""
	if weight != "" {
		w = ` font-weight="` + weight + `"`
	}
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s"%s>%s</text>`+"\n",
		num(x), num(y), num(size), col, anchor, w, xmlText(s))
}

// span is a piece of a line of text in its own colour and weight.
type span struct{ text, col, weight string }

// spans writes one line of text from pieces of different colours.
func (c *canvas) spans(x, y, size float64, parts ...span) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" font-size="%s">`, num(x), num(y), num(size))
	for _, p := range parts {
		w := ""
		if p.weight != "" {
			w = ` font-weight="` + p.weight + `"`
		}
		fmt.Fprintf(&c.b, `<tspan fill="%s"%s>%s</tspan>`, p.col, w, xmlText(p.text))
	}
	c.b.WriteString("</text>\n")
}

// italic writes s in italics (symbols of formulas).
func (c *canvas) italic(x, y float64, s string, size float64, col, anchor string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s" font-style="italic">%s</text>`+"\n",
		num(x), num(y), num(size), col, anchor, xmlText(s))
}

// box draws a rounded box with centred text lines.
func (c *canvas) box(x, y, w, h float64, fill, stroke string, lines ...string) {
	c.rect(x, y, w, h, 8, fill, stroke, 1.5)
	n := float64(len(lines))
	for i, l := range lines {
		size, weight, col := 13.0, "", muted
		if i == 0 {
			size, weight, col = 15, "bold", ink
		}
		c.text(x+w/2, y+h/2+(float64(i)-(n-1)/2)*18+5, l, size, col, middle, weight)
	}
}

// svg returns the finished SVG document, starting with the comment that
// names the figure (name), which the notebooks test reads back.
func (c *canvas) svg(name string) string {
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`+"\n", c.w, c.h, c.w, c.h)
	fmt.Fprintf(&s, "<!-- dlfun figure %s: made by `go run ./docs/figures`, do not edit -->\n", name)
	fmt.Fprintf(&s, "<title>%s</title>\n", xmlText(c.title))
	if c.d.Len() > 0 {
		s.WriteString("<defs>\n" + c.d.String() + "</defs>\n")
	}
	s.WriteString(c.b.String())
	s.WriteString("</svg>\n")
	return s.String()
}

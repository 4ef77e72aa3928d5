package dl

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Printing. String gives the compact, PyTorch-like text that fmt.Println
// shows; Display renders an HTML table in a notebook.

// printEdge is how many leading and trailing entries per dimension are
// shown when a tensor has more than printThreshold elements.
const (
	printThreshold = 1000
	printEdge      = 3
	printWidth     = 80
)

// String formats the tensor like PyTorch does, with its shape and, when it
// is part of a graph, the op that made it:
//
//	tensor([[1., 2.],
//	        [3., 4.]], shape=2×2, grad_fn=MatMul)
//
// Large tensors are summarised with "...".
func (t *Tensor) String() string {
	if t == nil {
		return "tensor(nil)"
	}
	var b strings.Builder
	b.WriteString("tensor(")
	if t.released {
		b.WriteString("<released>")
	} else {
		summarize := len(t.data) > printThreshold
		f := newNumFormat(t.data, t.shape, summarize)
		writeNested(&b, t.data, t.shape, f, len("tensor("), summarize)
	}
	if len(t.shape) > 0 {
		fmt.Fprintf(&b, ", shape=%s", shapeStr(t.shape))
	}
	if t.name != "" {
		fmt.Fprintf(&b, ", name=%s", t.name)
	}
	switch {
	case !t.IsLeaf():
		fmt.Fprintf(&b, ", grad_fn=%s", t.op)
	case t.requiresGrad:
		b.WriteString(", requires_grad=true")
	}
	b.WriteString(")")
	return b.String()
}

// numFormat formats numbers with one shared style and width.
type numFormat struct {
	style byte // 'i' integers ("3."), 'f' fixed ("3.1416"), 'e' scientific
	width int
}

func newNumFormat(data []float64, shape []int, summarize bool) numFormat {
	f := numFormat{style: 'i'}
	maxAbs, minAbs := 0.0, math.Inf(1)
	visit := func(v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		if v != math.Trunc(v) {
			f.style = 'f'
		}
		a := math.Abs(v)
		maxAbs = max(maxAbs, a)
		if a > 0 {
			minAbs = min(minAbs, a)
		}
	}
	forShown(data, shape, summarize, visit)
	switch {
	case f.style == 'i' && maxAbs >= 1e8:
		f.style = 'e'
	case f.style == 'f' && (maxAbs >= 1e5 || minAbs < 1e-4):
		f.style = 'e'
	}
	forShown(data, shape, summarize, func(v float64) { f.width = max(f.width, len(f.format(v))) })
	return f
}

func (f numFormat) format(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	switch f.style {
	case 'i':
		return fmt.Sprintf("%.0f.", v)
	case 'f':
		return fmt.Sprintf("%.4f", v)
	}
	return fmt.Sprintf("%.4e", v)
}

func (f numFormat) pad(v float64) string {
	s := f.format(v)
	return strings.Repeat(" ", f.width-len(s)) + s
}

// shownIndices returns the indices of a dimension of size n that are
// printed (all, or the first and last printEdge when summarising).
func shownIndices(n int, summarize bool) []int {
	idx := make([]int, 0, n)
	if summarize && n > 2*printEdge {
		for i := 0; i < printEdge; i++ {
			idx = append(idx, i)
		}
		for i := n - printEdge; i < n; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	for i := 0; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

// forShown calls f on every element that will be printed.
func forShown(data []float64, shape []int, summarize bool, f func(float64)) {
	if len(shape) == 0 {
		if len(data) > 0 {
			f(data[0])
		}
		return
	}
	stride := numel(shape[1:])
	for _, i := range shownIndices(shape[0], summarize) {
		forShown(data[i*stride:(i+1)*stride], shape[1:], summarize, f)
	}
}

// writeNested writes data (shape) as nested brackets; indent is the column
// at which the outermost bracket opens.
func writeNested(b *strings.Builder, data []float64, shape []int, f numFormat, indent int, summarize bool) {
	if len(shape) == 0 {
		b.WriteString(f.format(data[0]))
		return
	}
	b.WriteByte('[')
	n := shape[0]
	idx := shownIndices(n, summarize)
	if len(shape) == 1 {
		perLine := max(1, (printWidth-indent-1)/(f.width+2))
		for k, i := range idx {
			if k > 0 {
				b.WriteString(",")
				if k%perLine == 0 {
					b.WriteString("\n" + strings.Repeat(" ", indent+1))
				} else {
					b.WriteString(" ")
				}
			}
			if summarize && n > 2*printEdge && k == printEdge {
				b.WriteString("..., ")
			}
			b.WriteString(f.pad(data[i]))
		}
		b.WriteByte(']')
		return
	}
	stride := numel(shape[1:])
	sep := ",\n" + strings.Repeat("\n", len(shape)-2) + strings.Repeat(" ", indent+1)
	for k, i := range idx {
		if k > 0 {
			b.WriteString(sep)
		}
		if summarize && n > 2*printEdge && k == printEdge {
			b.WriteString("..." + sep)
		}
		writeNested(b, data[i*stride:(i+1)*stride], shape[1:], f, indent+1, summarize)
	}
	b.WriteByte(']')
}

// Display shows the tensor in a notebook as an HTML table (a table per
// matrix for tensors with more than 2 dimensions) with its shape, and
// gradient when there is one. Outside a notebook it prints String().
func (t *Tensor) Display() {
	if !displayHTML(t.HTML()) {
		fmt.Println(t.String())
	}
}

// HTML returns the HTML table that Display shows.
func (t *Tensor) HTML() string {
	var b strings.Builder
	caption := "tensor " + shapeStr(t.shape)
	if t.name != "" {
		caption = html.EscapeString(t.name) + ": " + caption
	}
	if !t.IsLeaf() {
		caption += ", grad_fn=" + html.EscapeString(t.op)
	} else if t.requiresGrad {
		caption += ", requires_grad"
	}
	b.WriteString(`<div class="dlfun-tensor" style="display:inline-block;vertical-align:top;margin:4px">`)
	fmt.Fprintf(&b, `<div style="font-family:monospace;font-weight:bold">%s</div>`, caption)
	if t.released {
		b.WriteString("<i>released</i></div>")
		return b.String()
	}
	summarize := len(t.data) > printThreshold
	f := newNumFormat(t.data, t.shape, summarize)
	writeHTMLTables(&b, t.data, t.shape, f, summarize, "")
	if t.grad != nil {
		gf := newNumFormat(t.grad.data, t.shape, summarize)
		b.WriteString(`<div style="font-family:monospace">grad</div>`)
		writeHTMLTables(&b, t.grad.data, t.shape, gf, summarize, "")
	}
	b.WriteString("</div>")
	return b.String()
}

// writeHTMLTables writes a 0-D, 1-D or 2-D tensor as one table, and a
// higher one as a table per leading index, labelled like [0, 1].
func writeHTMLTables(b *strings.Builder, data []float64, shape []int, f numFormat, summarize bool, label string) {
	if len(shape) > 2 {
		stride := numel(shape[1:])
		for _, i := range shownIndices(shape[0], summarize) {
			l := fmt.Sprintf("%s%d, ", label, i)
			writeHTMLTables(b, data[i*stride:(i+1)*stride], shape[1:], f, summarize, l)
		}
		return
	}
	rows, cols := 1, 1
	switch len(shape) {
	case 1:
		cols = shape[0]
	case 2:
		rows, cols = shape[0], shape[1]
	}
	if label != "" {
		fmt.Fprintf(b, `<div style="font-family:monospace">[%s:, :]</div>`, label)
	}
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace;text-align:right">`)
	cell := `<td style="border:1px solid #ccc;padding:2px 6px">`
	ci := shownIndices(cols, summarize)
	for ri, r := range shownIndices(rows, summarize) {
		if summarize && rows > 2*printEdge && ri == printEdge {
			b.WriteString("<tr>")
			for range ci {
				b.WriteString(cell + "⋮</td>")
			}
			b.WriteString("</tr>")
		}
		b.WriteString("<tr>")
		for k, c := range ci {
			if summarize && cols > 2*printEdge && k == printEdge {
				b.WriteString(cell + "…</td>")
			}
			b.WriteString(cell + f.format(data[r*cols+c]) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
}

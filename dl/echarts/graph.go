package echarts

import (
	"strconv"
	"strings"
)

// Node is one tensor of a computation graph, as dl's Tensor.Graph()
// reports it: Op is the operation that produced it ("" for a leaf such as
// an input or a parameter), Name the user's label, Value and Grad its data
// and gradient (Grad nil until a backward pass reached it).
type Node struct {
	ID          int
	Op, Name    string
	Shape       []int
	Value, Grad []float64
}

// GraphBox is one node's box in a GraphLayout: its centre (pixels, y
// downwards) and the column it sits in.
type GraphBox struct {
	ID     int
	Column int // counted from the left of the whole graph
	Band   int // the row of columns the box is drawn in (see LayoutGraph)
	X, Y   float64
}

// GraphLayout is where Graph puts the nodes of a computation graph, in
// pixels for a drawing area DesignWidth pixels wide: every box is BoxW×BoxH
// and boxes keep at least GapX / GapY pixels between them. Width and Height
// span the box centres. Detail says what the boxes show: 2 for op, shape,
// value and gradient at FontSize 11, 1 for the same in fewer digits at a
// smaller size, 0 for op and shape only (hover a node for everything).
type GraphLayout struct {
	Boxes         []GraphBox // in the order of the nodes given
	BoxW, BoxH    float64
	GapX, GapY    float64
	Width, Height float64
	Detail        int
	FontSize      int
}

// DesignWidth is the width (pixels) LayoutGraph fits its boxes into: a
// chart in a notebook cell or an exported page is at least this wide plus
// 16 pixels of margin (the classic Notebook's output area is 767 pixels
// wide in a 1100-pixel window), so boxes never overlap there; in a wider
// cell the columns spread out.
const DesignWidth = 740

// LayoutGraph places a computation graph's nodes left to right:
//
//   - every op one column right of its deepest input (data flows left to
//     right, the loss is rightmost);
//   - every leaf (input, parameter, constant) one column left of its first
//     consumer, so that w2 sits next to the MatMul that uses it rather than
//     far away in column 0;
//   - within a column, nodes ordered and placed near the mean height of
//     the nodes they feed (computed from the right), ops before leaves,
//     then pushed apart to keep GapY between boxes, keeping the ops where
//     they want to be: a chain of ops runs straight, its parameters below;
//   - box size, label detail and font from the number of columns (the
//     boxes of all columns fit DesignWidth) and of nodes (more than 30
//     nodes get smaller labels);
//   - a graph deeper than maxColumns columns (a deep network's forward
//     pass and loss) is wrapped like text: its columns are cut into bands
//     of at most bandColumns, drawn one below the other, and an edge from
//     one band to the next runs from the right end of one to the left
//     start of the next.
func LayoutGraph(nodes []Node, edges [][2]int) GraphLayout {
	index := map[int]int{}
	for i, n := range nodes {
		index[n.ID] = i
	}
	inputs := make([][]int, len(nodes))
	consumers := make([][]int, len(nodes))
	for _, e := range edges {
		a, okA := index[e[0]]
		b, okB := index[e[1]]
		if okA && okB && a != b {
			inputs[b] = append(inputs[b], a)
			consumers[a] = append(consumers[a], b)
		}
	}
	// Ops: longest path from the leaves (relaxed until stable, so any node
	// order works; a cycle, which Tensor.Graph never produces, stops after
	// len(nodes) rounds).
	col := make([]int, len(nodes))
	for range nodes {
		changed := false
		for b := range nodes {
			for _, a := range inputs[b] {
				if d := col[a] + 1; d > col[b] {
					col[b], changed = d, true
				}
			}
		}
		if !changed {
			break
		}
	}
	// Leaves: one column left of their first consumer.
	for i := range nodes {
		if len(inputs[i]) > 0 || len(consumers[i]) == 0 {
			continue
		}
		first := -1
		for _, c := range consumers[i] {
			if first < 0 || col[c] < first {
				first = col[c]
			}
		}
		col[i] = max(first-1, 0)
	}
	// Shift so that the leftmost column is 0.
	lo, hi := 0, 0
	for i := range nodes {
		if i == 0 || col[i] < lo {
			lo = col[i]
		}
		hi = max(hi, col[i])
	}
	columns := hi - lo + 1
	for i := range col {
		col[i] -= lo
	}

	perBand := columns
	if columns > maxColumns {
		bands := (columns + bandColumns - 1) / bandColumns
		perBand = (columns + bands - 1) / bands // bands of equal width
	}

	l := GraphLayout{GapX: 14, GapY: 12}
	fit := (DesignWidth - float64(perBand-1)*l.GapX) / float64(perBand)
	switch {
	case len(nodes) <= 30 && fit >= 112:
		l.Detail, l.FontSize, l.BoxW, l.BoxH = 2, 11, min(fit, 132), 66
	case len(nodes) <= 120 && fit >= 64:
		l.Detail, l.FontSize, l.BoxW, l.BoxH = 1, 10, min(fit, 112), 58
	default: // deep graphs: narrow gaps and op and shape only
		l.GapX = 4
		fit = (DesignWidth - float64(perBand-1)*l.GapX) / float64(perBand)
		l.Detail, l.FontSize, l.BoxW, l.BoxH = 0, 8, min(fit, 96), 30
	}
	pitchX := l.BoxW + l.GapX
	if perBand > 1 { // spread few columns over the width, but not too far apart
		pitchX = min((DesignWidth-l.BoxW)/float64(perBand-1), l.BoxW+90)
	}
	pitchY := l.BoxH + l.GapY

	// Heights, column by column from the right: near the mean height of
	// the consumers, in that order, pushed apart.
	y := make([]float64, len(nodes))
	byCol := make([][]int, columns)
	for i := range nodes {
		byCol[col[i]] = append(byCol[col[i]], i)
	}
	for c := columns - 1; c >= 0; c-- {
		members := byCol[c]
		want := make(map[int]float64, len(members))
		for _, i := range members {
			if len(consumers[i]) == 0 {
				want[i] = 0
				continue
			}
			sum := 0.0
			for _, k := range consumers[i] {
				sum += y[k]
			}
			want[i] = sum / float64(len(consumers[i]))
		}
		// Ops before leaves at the same height, so that the chain of ops
		// runs straight and its parameters hang below it.
		isLeaf := func(i int) bool { return len(inputs[i]) == 0 }
		sortStable(members, func(a, b int) bool {
			return want[a] < want[b] || want[a] == want[b] && !isLeaf(a) && isLeaf(b)
		})
		for k, i := range members {
			y[i] = want[i]
			if k > 0 {
				y[i] = max(y[i], y[members[k-1]]+pitchY)
			}
		}
		// Shift the column back so that its ops (or, without ops, all its
		// nodes) are on average where they want to be.
		shift, n := 0.0, 0
		for pass := 0; pass < 2 && n == 0; pass++ {
			for _, i := range members {
				if pass == 1 || !isLeaf(i) {
					shift += want[i] - y[i]
					n++
				}
			}
		}
		shift /= float64(max(n, 1))
		for _, i := range members {
			y[i] += shift
		}
	}
	// Bands one below the other, each as tall as its nodes need, with two
	// rows of boxes between them for the edges that go on to the next.
	bands := (columns + perBand - 1) / perBand
	lo2, hi2 := make([]float64, bands), make([]float64, bands)
	seen := make([]bool, bands)
	for i := range nodes {
		b := col[i] / perBand
		if !seen[b] || y[i] < lo2[b] {
			lo2[b] = y[i]
		}
		if !seen[b] || y[i] > hi2[b] {
			hi2[b] = y[i]
		}
		seen[b] = true
	}
	top := make([]float64, bands) // where each band's highest box centre goes
	for b := 1; b < bands; b++ {
		top[b] = top[b-1] + hi2[b-1] - lo2[b-1] + 2*pitchY
	}
	l.Boxes = make([]GraphBox, len(nodes))
	for i, n := range nodes {
		b := col[i] / perBand
		l.Boxes[i] = GraphBox{ID: n.ID, Column: col[i], Band: b,
			X: float64(col[i]-b*perBand) * pitchX, Y: top[b] + y[i] - lo2[b]}
	}
	l.Width = float64(perBand-1) * pitchX
	l.Height = top[bands-1] + hi2[bands-1] - lo2[bands-1]
	return l
}

// maxColumns is the deepest graph LayoutGraph draws in one row of columns
// (boxes about 26 pixels wide); deeper ones are wrapped into bands of at
// most bandColumns columns (boxes about 58 pixels wide).
const (
	maxColumns  = 25
	bandColumns = 12
)

// sortStable sorts s (indices) by less, keeping the order of equal ones.
func sortStable(s []int, less func(a, b int) bool) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Graph draws a computation graph left to right as LayoutGraph places it,
// with edges from inputs to outputs ([from, to] node IDs, marked ▶ mid-way).
// Each box shows the op (or name), the shape, the value and the gradient
// (fewer digits, or op and shape only, in big graphs); hovering shows up to
// 12 numbers of each. Leaves are green, ops blue, nodes without a gradient
// grey. The chart is as tall as the layout needs (o.Height overrides it);
// drag to move, scroll to zoom.
func Graph(o Options, nodes []Node, edges [][2]int) *Chart {
	l := LayoutGraph(nodes, edges)
	data := make([]any, len(nodes))
	values := func(v []float64) string { return summary(v, 3) }
	if l.Detail < 2 {
		values = shortSummary
	}
	for i, n := range nodes {
		title := n.Op
		if title == "" {
			title = n.Name
			if title == "" {
				title = "leaf"
			}
		} else if n.Name != "" {
			title += " " + n.Name
		}
		shape := shapeText(n.Shape)
		text := label(title) + "\n" + shape
		if l.Detail > 0 {
			text += "\nv " + label(values(n.Value))
			if n.Grad != nil {
				text += "\ng " + label(values(n.Grad))
			}
		}
		color := "#dbe9f6" // op with a gradient
		switch {
		case n.Op == "":
			color = "#d9f0d3"
		case n.Grad == nil:
			color = "#eeeeee"
		}
		tip := "<b>" + escapeHTML(label(title)) + "</b> " + escapeHTML(shape) +
			"<br/>value: " + escapeHTML(label(summary(n.Value, 12)))
		if n.Grad != nil {
			tip += "<br/>grad: " + escapeHTML(label(summary(n.Grad, 12)))
		}
		data[i] = obj{
			"id": strconv.Itoa(n.ID), "name": label(title), "x": l.Boxes[i].X, "y": l.Boxes[i].Y,
			"itemStyle": obj{"color": color, "borderColor": "#555", "borderWidth": 1},
			"label":     obj{"formatter": text},
			"tooltip":   obj{"formatter": tip},
		}
	}
	links := make([]any, len(edges))
	for i, e := range edges {
		links[i] = obj{"source": strconv.Itoa(e[0]), "target": strconv.Itoa(e[1])}
	}
	// ECharts stretches the box centres' bounding rectangle onto the
	// series' rectangle, x and y independently, while boxes keep their pixel
	// size. With the chart exactly as tall as the layout, y keeps its scale;
	// x stretches (never shrinks) in a cell at least DesignWidth+16 pixels
	// wide, so boxes keep their gaps.
	top := float64(o.top(0)) + l.BoxH/2 + 6
	bottom := l.BoxH/2 + 10
	c := newChart(o, int(top+l.Height+bottom))
	lineHeight := l.FontSize + 3
	c.opt["series"] = []any{obj{
		"type": "graph", "layout": "none", "roam": true, "nodeScaleRatio": 0, "data": data, "links": links,
		"symbol": "roundRect", "symbolSize": []float64{l.BoxW, l.BoxH},
		"top": top, "bottom": bottom, "left": l.BoxW/2 + 8, "right": l.BoxW/2 + 8,
		"label": obj{"show": true, "fontSize": l.FontSize, "lineHeight": lineHeight, "color": "#222",
			"width": l.BoxW - 8, "overflow": "truncate"},
		// Edges end under the boxes, where an arrow head would be hidden; data
		// always flows left to right, so a marker mid-edge shows the direction.
		"edgeLabel": obj{"show": true, "formatter": "▶", "fontSize": l.FontSize, "color": "#444"},
		"lineStyle": obj{"color": "#666", "width": 1.5, "curveness": 0.1},
		"emphasis":  obj{"focus": "adjacency"},
	}}
	c.opt["tooltip"].(obj)["trigger"] = "item"
	return c
}

// shortSummary writes one value with 4 digits, or the first of several:
// "[0.812 …]" (the shape says how many).
func shortSummary(v []float64) string {
	if len(v) <= 1 {
		return summary(v, 1)
	}
	return "[" + strconv.FormatFloat(v[0], 'g', 3, 64) + " …]"
}

// shapeText writes a shape as "2×3", or "scalar" for a 0-D tensor.
func shapeText(shape []int) string {
	if len(shape) == 0 {
		return "scalar"
	}
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, "×")
}

// summary writes up to k values: "0.5" for one value, "[0.1 0.2 …]" for
// more (with the count when cut).
func summary(v []float64, k int) string {
	if v == nil {
		return "–"
	}
	if len(v) == 1 {
		return strconv.FormatFloat(v[0], 'g', 4, 64)
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range v {
		if i == k {
			b.WriteString(" … (" + strconv.Itoa(len(v)) + ")")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(x, 'g', 3, 64))
	}
	b.WriteByte(']')
	return b.String()
}

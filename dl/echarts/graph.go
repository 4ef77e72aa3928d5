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

// Graph draws a computation graph left to right: leaves in the first
// column, every other node one column right of its deepest input, with
// edges from inputs to outputs ([from, to] node IDs, marked ▶ mid-way).
// Each box shows the op (or name), the shape, the value and the gradient; hovering
// shows up to 12 numbers of each. Leaves are green, ops blue, nodes without
// a gradient grey.
func Graph(o Options, nodes []Node, edges [][2]int) *Chart {
	depth := map[int]int{}
	for _, n := range nodes {
		depth[n.ID] = 0
	}
	for range nodes { // relax until stable: robust to any node order
		changed := false
		for _, e := range edges {
			if d := depth[e[0]] + 1; d > depth[e[1]] {
				depth[e[1]], changed = d, true
			}
		}
		if !changed {
			break
		}
	}
	count := map[int]int{} // nodes per column, to centre each column
	rows := 0
	for _, n := range nodes {
		count[depth[n.ID]]++
		rows = max(rows, count[depth[n.ID]])
	}
	row := map[int]int{}
	data := make([]any, len(nodes))
	for i, n := range nodes {
		d := depth[n.ID]
		y := 110 * (float64(row[d]) - float64(count[d]-1)/2)
		row[d]++
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
		text := label(title) + "\n" + shape + "\nv " + label(summary(n.Value, 3))
		if n.Grad != nil {
			text += "\ng " + label(summary(n.Grad, 3))
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
			"id": strconv.Itoa(n.ID), "name": label(title), "x": 200 * d, "y": y,
			"itemStyle": obj{"color": color, "borderColor": "#555", "borderWidth": 1},
			"label":     obj{"formatter": text},
			"tooltip":   obj{"formatter": tip},
		}
	}
	links := make([]any, len(edges))
	for i, e := range edges {
		links[i] = obj{"source": strconv.Itoa(e[0]), "target": strconv.Itoa(e[1])}
	}
	c := newChart(o, max(240, min(760, o.top(false)+rows*110+60)))
	c.opt["series"] = []any{obj{
		"type": "graph", "layout": "none", "roam": true, "nodeScaleRatio": 0, "data": data, "links": links,
		"symbol": "roundRect", "symbolSize": []int{128, 66},
		"top": o.top(false) + 40, "bottom": 40, "left": 72, "right": 72, // room for the boxes around the centres
		"label": obj{"show": true, "fontSize": 11, "lineHeight": 14, "color": "#222"},
		// Edges end under the boxes, where an arrow head would be hidden; data
		// always flows left to right, so a marker mid-edge shows the direction.
		"edgeLabel": obj{"show": true, "formatter": "▶", "fontSize": 11, "color": "#444"},
		"lineStyle": obj{"color": "#666", "width": 1.5, "curveness": 0.1},
		"emphasis":  obj{"focus": "adjacency"},
	}}
	c.opt["tooltip"].(obj)["trigger"] = "item"
	return c
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

package echarts

import "math"

// LineSeries is one named curve. X may be nil, meaning 0, 1, 2, …
// (e.g. epochs or steps); NaN or ±Inf in Y leave a gap.
type LineSeries struct {
	Name    string
	X, Y    []float64
	Dashed  bool // dashed line (series after the 10th are dashed anyway)
	Symbols bool // mark every point (useful for few points, or trajectories)
	Right   bool // plot against a second y axis on the right (e.g. accuracy next to loss), named Options.Y2Name
}

// Line draws one or more curves over a numeric x axis, e.g. training and
// validation loss per epoch, or the loss curves of every run of a sweep. A
// legend appears when there is more than one named line. The lines share a
// budget of o.MaxPoints points (default DefaultLinePoints): short lines keep
// every point, the long ones share the rest (at least 40 each) and are
// downsampled, keeping each bucket's minimum and maximum and the last
// point. With o.LogX / o.LogY, points with x ≤ 0 are dropped and y ≤ 0
// become gaps.
func Line(o Options, lines ...LineSeries) *Chart {
	c := newChart(o, 360)
	total := o.MaxPoints
	if total <= 0 {
		total = DefaultLinePoints
	}
	lengths := make([]int, len(lines))
	for i, l := range lines {
		lengths[i] = len(l.Y)
	}
	keep := shares(lengths, total, 40)
	legend, right := false, false
	series := make([]any, 0, len(lines))
	colours := SeriesColours(seriesNames(lines))
	for i, l := range lines {
		if l.Name != "" && len(lines) > 1 {
			legend = true
		}
		x := l.X
		if x == nil {
			x = make([]float64, len(l.Y))
			for j := range x {
				x[j] = float64(j)
			}
		}
		n := min(len(x), len(l.Y))
		x, y := downsample(x[:n], l.Y[:n], keep[i])
		px, py := make([]float64, 0, len(x)), make([]float64, 0, len(x))
		for j := range x {
			if o.LogX && !(x[j] > 0) || !finite(x[j]) {
				continue
			}
			yj := y[j]
			if o.LogY && !l.Right && !(yj > 0) { // the right axis is linear
				yj = math.NaN()
			}
			px, py = append(px, x[j]), append(py, yj)
		}
		pts := newPoints(px, py, o.LogX, o.LogY && !l.Right)
		style := obj{"width": 2}
		if l.Dashed || i >= 10 {
			style["type"] = "dashed"
		}
		s := obj{
			"type": "line", "name": l.Name, "data": pts, "color": colours[i],
			"showSymbol": l.Symbols, "symbolSize": 5, "lineStyle": style,
			"emphasis": obj{"focus": "series"},
		}
		if l.Right {
			s["yAxisIndex"] = 1
			right = true
		}
		series = append(series, s)
	}
	if legend {
		c.legend(o)
	}
	c.toolbox()
	c.opt["grid"] = obj{"left": 16, "right": 24, "top": o.top(legend), "bottom": 36, "containLabel": true}
	c.opt["xAxis"] = valueAxis(o.XName, o.LogX, true, "middle")
	c.opt["yAxis"] = valueAxis(o.YName, o.LogY, true, "end")
	if right { // a linear axis on the right without its own grid lines
		y2 := valueAxis(o.Y2Name, false, true, "end")
		y2["splitLine"] = obj{"show": false}
		c.opt["yAxis"] = []any{c.opt["yAxis"], y2}
	}
	if len(lines) <= 8 {
		c.opt["tooltip"].(obj)["trigger"] = "axis"
	}
	c.opt["series"] = series
	return c
}

// valueAxis returns a numeric (or logarithmic) axis; scale lets the axis
// start away from zero.
func valueAxis(name string, log, scale bool, nameLoc string) obj {
	a := obj{"type": "value", "name": name, "nameLocation": nameLoc, "scale": scale,
		"splitLine": obj{"lineStyle": obj{"color": "#eee"}}}
	if nameLoc == "middle" {
		a["nameGap"] = 24
	}
	if log {
		a["type"] = "log"
		delete(a, "scale")
	}
	return a
}

// Func is a named function of one variable, for Functions.
type Func struct {
	Name string
	F    func(x float64) float64
}

// Functions plots functions over [lo, hi] (121 samples each) with the axes
// crossing at zero: an activation next to its derivative, or a robust
// loss's ρ, ψ and ω.
func Functions(o Options, lo, hi float64, fs ...Func) *Chart {
	const n = 121
	lines := make([]LineSeries, len(fs))
	for i, f := range fs {
		x, y := make([]float64, n), make([]float64, n)
		for j := range x {
			x[j] = lo + (hi-lo)*float64(j)/(n-1)
			y[j] = f.F(x[j])
		}
		lines[i] = LineSeries{Name: f.Name, X: x, Y: y}
	}
	c := Line(o, lines...)
	if !o.LogX && !o.LogY {
		c.opt["xAxis"].(obj)["scale"] = false
		c.opt["yAxis"].(obj)["scale"] = false
		c.opt["xAxis"].(obj)["min"] = lo
		c.opt["xAxis"].(obj)["max"] = hi
	}
	return c
}

// DefaultLinePoints is the number of points the lines of one chart keep
// in all: a chart is at most about 1000 pixels wide, and 600 points (about
// 9 KB) keep a chart output under 20 KB in the saved notebook.
const DefaultLinePoints = 600

// shares splits a budget of total points among lines of the given lengths
// (water-filling): lines shorter than an equal share keep all their
// points, and what they leave is shared by the longer ones, each keeping at
// least least.
func shares(lengths []int, total, least int) []int {
	out := make([]int, len(lengths))
	open := make([]int, 0, len(lengths)) // lines not yet satisfied
	for i := range lengths {
		open = append(open, i)
	}
	left := total
	for len(open) > 0 {
		share := max(left/len(open), least)
		var rest []int
		for _, i := range open {
			if lengths[i] <= share {
				out[i] = lengths[i]
				left -= lengths[i]
			} else {
				rest = append(rest, i)
			}
		}
		if len(rest) == len(open) { // every remaining line is long
			for _, i := range rest {
				out[i] = share
			}
			break
		}
		open = rest
	}
	return out
}

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
// legend appears when there is more than one named line. Lines longer than
// o.MaxPoints (default 1000 divided among the lines, at least 60 each) are downsampled, keeping each bucket's minimum
// and maximum. With o.LogX / o.LogY, points with x ≤ 0 are dropped and
// y ≤ 0 become gaps.
func Line(o Options, lines ...LineSeries) *Chart {
	c := newChart(o, 360)
	max := o.MaxPoints
	if max <= 0 { // about 1000 points in all keeps a chart near 15 KB
		max = 1000 / len(lines)
		if max < 60 {
			max = 60
		}
	}
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
		x, y := downsample(x[:n], l.Y[:n], max)
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

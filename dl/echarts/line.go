package echarts

import (
	"math"
	"strconv"
)

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
	rows := 0
	if legend {
		rows = c.legend(o, seriesNames(lines))
	}
	c.toolbox()
	var left, rightVals []float64
	for _, l := range lines {
		if l.Right {
			rightVals = append(rightVals, l.Y...)
		} else {
			left = append(left, l.Y...)
		}
	}
	c.opt["grid"] = obj{"left": gridSide(o.YName), "right": gridSide(o.Y2Name), "top": o.top(rows), "bottom": 36, "containLabel": true}
	c.opt["xAxis"] = valueAxis(o.XName, o.LogX, true, "middle")
	c.opt["yAxis"] = yAxis(o.YName, o.LogY, true, left)
	if right { // a linear axis on the right without its own grid lines
		y2 := yAxis(o.Y2Name, false, true, rightVals)
		y2["splitLine"] = obj{"show": false}
		y2["nameRotate"] = -90
		c.opt["yAxis"] = []any{c.opt["yAxis"], y2}
	}
	if len(lines) <= 8 {
		c.opt["tooltip"].(obj)["trigger"] = "axis"
	}
	c.opt["series"] = series
	return c
}

// valueAxis returns a numeric (or logarithmic) axis; scale lets the axis
// start away from zero. Logarithmic axes get a tick at every power of ten
// (every few for many decades) labelled 10⁻⁶ … 10⁶ (see logAxis).
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

// yAxis returns a numeric (or logarithmic) y axis for the given values
// whose name runs along the axis, left of its tick labels (nameGap is the
// estimated width of those labels): it can neither collide with the title
// or the legend above the plot nor be cut at the chart's edge, however
// long it is. Give the grid gridSide(name) pixels on that side.
func yAxis(name string, log, scale bool, values []float64) obj {
	a := valueAxis(name, log, scale, "middle")
	a["nameRotate"] = 90
	a["nameGap"] = tickLabelWidth(values, log, scale) + 12
	a["axisLine"] = obj{"onZero": false} // at the labels, not at x = 0 in the middle (histograms, scatters)
	if log {
		logAxis(a, values)
	}
	return a
}

// gridSide is the grid's margin on the side of a y axis named name: room
// for the rotated name outside the tick labels (containLabel makes room for
// the labels only).
func gridSide(name string) int {
	if name == "" {
		return 16
	}
	return 30
}

// niceStep rounds a tick step to 1, 2, 3, 5 or 10 times a power of ten,
// as ECharts does.
func niceStep(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	switch f := v / e; {
	case f < 1.5:
		return e
	case f < 2.5:
		return 2 * e
	case f < 4:
		return 3 * e
	case f < 7:
		return 5 * e
	}
	return 10 * e
}

// tickLabelWidth estimates the pixel width of the widest tick label
// ECharts draws on a value axis over values (5 nice ticks; 12 px digits
// are 7 px wide).
func tickLabelWidth(values []float64, log, scale bool) int {
	if log {
		return 40 // 10⁻¹⁰
	}
	lo, hi := minMax(values)
	if math.IsNaN(lo) {
		lo, hi = 0, 1
	}
	if !scale {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	step := niceStep((hi - lo) / 5)
	if hi == lo {
		step = niceStep(math.Max(math.Abs(hi), 1) / 5)
	}
	dec := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	w := 0.0
	for _, t := range []float64{math.Floor(lo/step) * step, math.Ceil(hi/step) * step} {
		s := strconv.FormatFloat(t, 'f', dec, 64)
		px := 0.0
		for i, r := range s {
			switch {
			case r == '.':
				px += 3.5
			case r == '-':
				px += 4.5
			default:
				px += 7
			}
			if r >= '0' && r <= '9' && dec == 0 && i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' { // thousands comma
				px += 3.5
			}
		}
		w = math.Max(w, px)
	}
	return int(math.Ceil(w))
}

// logAxis makes a logarithmic axis readable: its range is whole powers of
// ten around values with a tick at every power, or at every k-th power for
// more than 9 decades (logBase 10^k: ECharts ticks a log axis of 10 or more
// decades only at its ends, "1" and "0.0000000001"), minor ticks at 2…9
// times each power when every decade has a tick, and labels written
// 10⁻⁸, 0.01, 1, 100, 10⁵ by the renderer (axisLabel.dlfunFormat "pow10":
// a function, which an option in JSON cannot carry).
func logAxis(a obj, values []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v > 0 && !math.IsInf(v, 1) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	a["axisLabel"] = obj{"dlfunFormat": "pow10"}
	if lo > hi {
		return
	}
	e0, e1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	k := max(1, math.Ceil((e1-e0)/9))
	e0, e1 = math.Floor(e0/k)*k, math.Ceil(e1/k)*k
	if e1 == e0 {
		e1 += k
	}
	a["min"], a["max"] = math.Pow(10, e0), math.Pow(10, e1)
	if k > 1 {
		a["logBase"] = math.Pow(10, k)
	} else { // within one decade ECharts spaces minor ticks linearly: 2, 3, … 9
		a["minorTick"] = obj{"show": true, "splitNumber": 9}
	}
}

// Func is a named function of one variable, for Functions.
type Func struct {
	Name string
	F    func(x float64) float64
}

// Functions plots functions over [lo, hi] (121 samples each) with the x
// axis at y = 0 (the y axis stays at the left, where its name is): an
// activation next to its derivative, or a robust loss's ρ, ψ and ω.
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
// in all: a chart is at most about 1000 pixels wide, and 500 points (about
// 8 KB) keep a chart output under 20 KB in the saved notebook.
const DefaultLinePoints = 500

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

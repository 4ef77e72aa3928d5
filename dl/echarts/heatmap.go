package echarts

import (
	"math"
	"strconv"
)

// Grid is a function sampled on a regular 2-D grid: Z[i][j] is the value at
// (X[j], Y[i]). X and Y are the ascending, evenly spaced cell centres, e.g.
// from a Linspace. Grids larger than 120 cells per axis are thinned.
type Grid struct {
	X, Y []float64
	Z    [][]float64
}

// maxGridSide bounds the cells per axis (120×120 cells ≈ 14 KB).
const maxGridSide = 120

// thin returns g with at most maxGridSide cells per axis (every k-th one).
func (g Grid) thin() Grid {
	sx := (len(g.X) + maxGridSide - 1) / maxGridSide
	sy := (len(g.Y) + maxGridSide - 1) / maxGridSide
	if sx <= 1 && sy <= 1 {
		return g
	}
	sx, sy = max(sx, 1), max(sy, 1)
	var out Grid
	for j := 0; j < len(g.X); j += sx {
		out.X = append(out.X, g.X[j])
	}
	for i := 0; i < len(g.Y); i += sy {
		out.Y = append(out.Y, g.Y[i])
		row := make([]float64, 0, len(out.X))
		for j := 0; j < len(g.X); j += sx {
			row = append(row, g.at(i, j))
		}
		out.Z = append(out.Z, row)
	}
	return out
}

// at returns Z[i][j], or NaN where Z is ragged or short.
func (g Grid) at(i, j int) float64 {
	if i < len(g.Z) && j < len(g.Z[i]) {
		return g.Z[i][j]
	}
	return math.NaN()
}

// flat returns Z row by row (row 0 = Y[0], the bottom row).
func (g Grid) flat() []float64 {
	v := make([]float64, 0, len(g.X)*len(g.Y))
	for i := range g.Y {
		for j := range g.X {
			v = append(v, g.at(i, j))
		}
	}
	return v
}

// fieldAxes sets up a grid with two pairs of axes over the same area:
// hidden category axes (index 0) for the heatmap cells and numeric axes
// (index 1) whose range is the cells' outer edges, for points and paths
// drawn on top (ECharts heatmaps need category axes).
func (c *Chart) fieldAxes(o Options, g Grid, legendRows int, visualMap bool) {
	edges := func(v []float64) (float64, float64) {
		if len(v) == 0 {
			return 0, 1
		}
		d := 1.0
		if len(v) > 1 {
			d = (v[len(v)-1] - v[0]) / float64(len(v)-1)
		}
		return v[0] - d/2, v[len(v)-1] + d/2
	}
	index := func(n int) nums {
		v := make(nums, n)
		for i := range v {
			v[i] = float64(i)
		}
		return v
	}
	// The edges are rounded to about 4 significant digits of the range:
	// ECharts sizes the label column for them (containLabel) even though
	// they are hidden, and -2.0253164556962027 left a wide empty band.
	x0, x1 := edges(g.X)
	y0, y1 := edges(g.Y)
	fx, fy := fmtFor([]float64{x0, x1}, false), fmtFor([]float64{y0, y1}, false)
	x0, x1, y0, y1 = fx.round(x0), fx.round(x1), fy.round(y0), fy.round(y1)
	right := 24
	if visualMap {
		right = 80
	}
	c.opt["grid"] = obj{"left": gridSide(o.YName), "right": right, "top": o.top(legendRows), "bottom": 36, "containLabel": true}
	hidden := obj{"show": false}
	// The edges get a label only when they are round numbers (a landscape's
	// window, -2 to 2), not for a decision boundary's padded data range.
	edges2 := func(lo, hi float64) obj {
		step := niceStep((hi - lo) / 5)
		round := func(v float64) bool { return math.Abs(v/step-math.Round(v/step)) < 1e-6 }
		return obj{"showMinLabel": round(lo), "showMaxLabel": round(hi)}
	}
	c.opt["xAxis"] = []any{
		obj{"type": "category", "data": index(len(g.X)), "show": false, "axisPointer": hidden},
		obj{"type": "value", "min": x0, "max": x1, "position": "bottom", "name": o.XName,
			"nameLocation": "middle", "nameGap": 24, "splitLine": hidden, "axisLabel": edges2(x0, x1)},
	}
	y := yAxis(o.YName, false, false, []float64{y0, y1})
	y["min"], y["max"], y["position"], y["splitLine"], y["axisLabel"] = y0, y1, "left", hidden, edges2(y0, y1)
	delete(y, "scale")
	c.opt["yAxis"] = []any{
		obj{"type": "category", "data": index(len(g.Y)), "show": false, "axisPointer": hidden},
		y,
	}
}

// gridSeries is a heatmap series whose cells the browser decodes from the
// quantized string (see quantize): value = lo + (hi-lo)·level/61.
func gridSeries(g Grid, lo, hi float64) obj {
	return obj{"type": "heatmap", "xAxisIndex": 0, "yAxisIndex": 0, "silent": true, "progressive": 0,
		"dlfunGrid": obj{"w": len(g.X), "h": len(g.Y), "lo": lo, "hi": hi, "q": quantize(g.flat(), lo, hi)}}
}

// pale mixes a palette colour with white (for backgrounds under points).
func pale(hex string, keep float64) string {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	mix := func(c uint64) uint64 { return uint64(math.Round(float64(c)*keep + 255*(1-keep))) }
	r, g, b := mix(v>>16&255), mix(v>>8&255), mix(v&255)
	s := strconv.FormatUint(r<<16|g<<8|b|1<<24, 16)
	return "#" + s[1:]
}

// DecisionBoundary draws a model's output over a grid as a heatmap with the
// data points on top. If every finite value of g.Z is a small whole number
// (a predicted class index 0…19) each class region gets a pale version of
// that class's point colour; otherwise values (e.g. the probability of
// class 1) are shaded on a pale blue–white–orange scale with a colour bar,
// fixed to [0, 1] when all values lie in it. Points are thinned to
// o.MaxPoints (default 300) in total.
func DecisionBoundary(o Options, g Grid, points ...ScatterSeries) *Chart {
	g = g.thin()
	if o.MaxPoints <= 0 { // the grid takes part of the 20 KB budget
		o.MaxPoints = 300
	}
	c := newChart(o, 420)
	c.toolbox()
	flat := g.flat()
	lo, hi := minMax(flat)
	classes := !math.IsNaN(lo) && lo >= 0 && hi < 20
	for _, v := range flat {
		if finite(v) && v != math.Trunc(v) {
			classes = false
			break
		}
	}
	rows := 0
	if len(points) > 1 {
		names := make([]string, len(points))
		for i, p := range points {
			names[i] = p.Name
		}
		rows = c.legend(o, names)
	}
	c.fieldAxes(o, g, rows, !classes)
	var heat obj
	if classes {
		heat = gridSeries(g, 0, float64(len(alphabet)-1)) // level k is exactly class k
		pieces := make([]any, int(hi)+1)
		for k := range pieces {
			pieces[k] = obj{"value": k, "color": pale(colour(k), 0.35)}
		}
		c.opt["visualMap"] = obj{"type": "piecewise", "show": false, "seriesIndex": 0, "pieces": pieces}
	} else {
		if math.IsNaN(lo) {
			lo, hi = 0, 1
		}
		if lo >= 0 && hi <= 1 {
			lo, hi = 0, 1
		}
		heat = gridSeries(g, lo, hi)
		c.opt["visualMap"] = obj{"type": "continuous", "min": lo, "max": hi, "seriesIndex": 0,
			"calculable": false, "right": 8, "top": "middle", "itemHeight": 140, "precision": 2,
			"text":    []string{shortNum(hi), shortNum(lo)},
			"inRange": obj{"color": []string{pale(colour(0), 0.55), "#f7f7f7", pale(colour(1), 0.55)}}}
	}
	c.opt["series"] = append([]any{heat}, scatterSeries(o, points, 1, 1)...)
	return c
}

// maxPaths bounds the points kept in all trajectories of a Landscape.
const maxPaths = 220

// Landscape draws a 2-D loss surface as contour-like bands (15 levels,
// log-spaced when the values are positive and span more than two decades)
// with optimizer trajectories on top, one colour per optimizer, e.g. GD,
// Momentum and Adam on the Rosenbrock function. The trajectories keep 220
// points in all (shared as in Line, at least 24 each, evenly spaced, the
// first and the last included).
func Landscape(o Options, g Grid, paths ...LineSeries) *Chart {
	const levels = 15
	g = g.thin()
	lo, hi := minMax(g.flat())
	logScale := lo > 0 && hi/lo > 100
	t := func(v float64) float64 {
		if logScale {
			return math.Log(v)
		}
		return v
	}
	bands := Grid{X: g.X, Y: g.Y, Z: make([][]float64, len(g.Y))}
	for i := range g.Y {
		bands.Z[i] = make([]float64, len(g.X))
		for j := range g.X {
			v := g.at(i, j)
			switch {
			case !finite(v) || math.IsNaN(lo):
				bands.Z[i][j] = math.NaN()
			case hi == lo:
				bands.Z[i][j] = 0
			default:
				bands.Z[i][j] = math.Min(levels-1, math.Floor(levels*(t(v)-t(lo))/(t(hi)-t(lo))))
			}
		}
	}
	if o.Subtitle == "" && !math.IsNaN(lo) {
		kind := "evenly spaced"
		if logScale {
			kind = "log-spaced"
		}
		o.Subtitle = strconv.Itoa(levels) + " " + kind + " levels from " + shortNum(lo) + " to " + shortNum(hi)
	}
	c := newChart(o, 440)
	c.toolbox()
	rows := 0
	if len(paths) > 1 {
		rows = c.legend(o, seriesNames(paths))
	}
	c.fieldAxes(o, g, rows, false)
	c.opt["visualMap"] = obj{"type": "continuous", "show": false, "min": 0, "max": levels - 1, "seriesIndex": 0,
		"inRange": obj{"color": landscapeBands(levels)}}
	series := []any{gridSeries(bands, 0, float64(len(alphabet)-1))}
	colours := SeriesColours(seriesNames(paths))
	lengths := make([]int, len(paths))
	for i, p := range paths {
		lengths[i] = min(len(p.X), len(p.Y))
	}
	keep := shares(lengths, maxPaths, 24)
	for i, p := range paths {
		n := lengths[i]
		var px, py []float64
		for _, j := range evenly(n, keep[i]) {
			px, py = append(px, p.X[j]), append(py, p.Y[j])
		}
		pts := newPoints(px, py, false, false)
		pts.fx, pts.fy = fmtFor(g.X, false), fmtFor(g.Y, false) // the window's precision, not the path's
		series = append(series, obj{"type": "line", "name": p.Name, "data": pts, "xAxisIndex": 1, "yAxisIndex": 1,
			"color": colours[i], "showSymbol": true, "symbolSize": 4, "lineStyle": obj{"width": 2},
			"z": 3 + len(paths) - i}) // the first path on top: it is usually the reference
	}
	c.opt["series"] = series
	return c
}

// landscapeBands returns the colours of Landscape's n levels, low to high:
// neutral greys from white to a light grey (#b4b4b4), on which every palette colour
// (the optimizers' paths, as in line charts) stays visible (a hue ramp
// would hide the paths of its own hue: red on red). Neighbouring levels
// alternate a little darker and lighter, so that every level's edge shows
// as a contour line even where the surface is flat.
func landscapeBands(n int) []string {
	out := make([]string, n)
	for k := range out {
		v := 255 - 75*float64(k)/float64(max(n-1, 1))
		if k%2 == 1 {
			v -= 10
		}
		c := strconv.FormatUint(uint64(math.Round(v))|1<<8, 16)[1:]
		out[k] = "#" + c + c + c
	}
	return out
}

// Heatmap draws a labelled matrix, row 0 at the top: z[i][j] is the cell
// in row rows[i] and column cols[j]. Values are printed in the cells when
// there are at most 400.
func Heatmap(o Options, rows, cols []string, z [][]float64) *Chart {
	c := newChart(o, max(200, min(640, 60+28*len(rows))))
	data := make([]any, 0, len(rows)*len(cols))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range rows {
		for j := range cols {
			v := math.NaN()
			if i < len(z) && j < len(z[i]) {
				v = z[i][j]
			}
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
				data = append(data, nums{float64(j), float64(i), v})
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	c.opt["grid"] = obj{"left": 16, "right": 24, "top": o.top(0) + 16, "bottom": 36, "containLabel": true}
	c.opt["xAxis"] = obj{"type": "category", "data": cols, "name": o.XName, "nameLocation": "middle",
		"nameGap": 24, "splitArea": obj{"show": true}}
	c.opt["yAxis"] = obj{"type": "category", "data": rows, "name": o.YName, "nameLocation": "start", // top: the axis is inverted
		"inverse": true, "splitArea": obj{"show": true}}
	c.opt["visualMap"] = obj{"type": "continuous", "show": false, "min": lo, "max": hi,
		"inRange": obj{"color": []string{"#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}}}
	c.opt["series"] = []any{obj{"type": "heatmap", "data": data,
		"label":    obj{"show": len(data) <= 400, "fontSize": 11},
		"emphasis": obj{"itemStyle": obj{"borderColor": "#333", "borderWidth": 1}}}}
	return c
}

// ConfusionMatrix draws counts[i][j] = number of samples of true class i
// predicted as class j, with true classes as rows (top to bottom) and
// predictions as columns; the diagonal holds the correct predictions.
func ConfusionMatrix(o Options, classes []string, counts [][]float64) *Chart {
	if o.XName == "" {
		o.XName = "predicted"
	}
	if o.YName == "" {
		o.YName = "true"
	}
	return Heatmap(o, classes, classes, counts)
}

// evenly returns k indices of 0…n-1, evenly spaced, with the first and the
// last (all n indices when k ≥ n).
func evenly(n, k int) []int {
	k = min(n, max(k, 2))
	if k == 1 {
		return []int{0}
	}
	out := make([]int, 0, k)
	for j := range k {
		out = append(out, int(math.Round(float64(j)*float64(n-1)/float64(k-1))))
	}
	return out
}

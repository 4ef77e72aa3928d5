package echarts

import (
	"math"
	"strconv"
)

// HistSeries is one named sample of values to histogram (the weights,
// activations or gradients of one layer).
type HistSeries struct {
	Name   string
	Values []float64
}

// Bins counts values into n equal-width bins over [lo, hi] (the last bin
// includes hi). Values outside the range and non-finite values are not
// counted; skipped reports how many were non-finite.
func Bins(values []float64, n int, lo, hi float64) (counts []float64, skipped int) {
	counts = make([]float64, max(n, 1))
	w := (hi - lo) / float64(len(counts))
	for _, v := range values {
		if !finite(v) {
			skipped++
			continue
		}
		if v < lo || v > hi {
			continue
		}
		k := len(counts) - 1
		if w > 0 {
			k = min(int((v-lo)/w), len(counts)-1)
		}
		counts[k]++
	}
	return counts, skipped
}

// histRange returns a common [lo, hi] for all series, widened when every
// value is equal.
func histRange(series []HistSeries) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		a, b := minMax(s.Values)
		if !math.IsNaN(a) {
			lo, hi = math.Min(lo, a), math.Max(hi, b)
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case lo == hi:
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		return lo - d, hi + d
	}
	return lo, hi
}

// niceBins widens [lo, hi] to whole multiples of a nice tick step (1, 2,
// 3 or 5 times a power of ten, about 6 ticks), so that the axis under the
// bins has round ticks (-3, -2, …, 3, not the bin edges -3.53, -0.678) and
// the n bins tile it exactly.
func niceBins(lo, hi float64) (nlo, nhi, step float64) {
	step = niceStep((hi - lo) / 6)
	nlo, nhi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if nhi <= nlo {
		nhi = nlo + step
	}
	return nlo, nhi, step
}

// binAxis is the numeric x axis under histogram bins over [lo, hi], with a
// tick every step.
func binAxis(name string, lo, hi, step float64) obj {
	a := valueAxis(name, false, false, "middle")
	a["min"], a["max"], a["interval"] = lo, hi, step
	a["splitLine"] = obj{"show": false}
	a["axisLabel"] = obj{"dlfunFormat": "num"} // 4e-11, not 0.00000000004
	return a
}

// binPoints returns the bins' [centre, count] pairs, leaving out empty
// bins (nothing to draw; gradients' long tails leave most bins empty) as
// long as two neighbouring bins remain: ECharts sizes bars on a value axis
// by the smallest gap between them, which must be one bin.
func binPoints(counts []float64, lo, hi float64) points {
	w := (hi - lo) / float64(len(counts))
	empty := func(c float64) bool { return !(c > 0) }
	neighbours := false
	for i := 1; i < len(counts); i++ {
		neighbours = neighbours || !empty(counts[i-1]) && !empty(counts[i])
	}
	p := points{xy: make([][2]float64, 0, len(counts))}
	for i, c := range counts {
		if neighbours && empty(c) {
			continue
		}
		p.xy = append(p.xy, [2]float64{lo + w*(float64(i)+0.5), c})
	}
	// Centres need only a quarter of a bin's precision.
	p.fx, p.fy = numFmt(max(0, int(math.Ceil(-math.Log10(w/4))))), 0
	return p
}

// histName appends the number of NaN/Inf values to a series name, so that
// exploding values are not hidden by the plot.
func histName(name string, skipped int) string {
	if skipped > 0 {
		return name + " (" + strconv.Itoa(skipped) + " NaN/Inf)"
	}
	return name
}

// Histogram overlays the histograms of several samples on shared bins
// (bins equal-width bins, default 30, over the range of all values widened
// to round numbers, which are the axis ticks), with
// semi-transparent bars: e.g. activations before and after BatchNorm. Use
// HistogramPanels when the samples have very different scales. o.LogY puts
// the counts on a log axis.
func Histogram(o Options, bins int, series ...HistSeries) *Chart {
	if bins <= 0 {
		bins = 30
	}
	c := newChart(o, 340)
	lo, hi, step := niceBins(histRange(series))
	rows := 0
	if len(series) > 1 {
		names := make([]string, len(series))
		for i, s := range series {
			names[i] = s.Name
		}
		rows = c.legend(o, names)
	}
	c.toolbox()
	c.opt["tooltip"].(obj)["trigger"] = "axis"
	c.opt["grid"] = obj{"left": gridSide(o.YName), "right": 24, "top": o.top(rows), "bottom": 36, "containLabel": true}
	c.opt["xAxis"] = binAxis(o.XName, lo, hi, step)
	out := make([]any, len(series))
	var all []float64
	for i, s := range series {
		counts, skipped := Bins(s.Values, bins, lo, hi)
		all = append(all, counts...)
		out[i] = histBars(histName(s.Name, skipped), counts, lo, hi, o.LogY, i, 0)
	}
	c.opt["yAxis"] = yAxis(o.YName, o.LogY, false, all)
	c.opt["series"] = out
	return c
}

// histBars is one bar series of bin counts on the given axes.
func histBars(name string, counts []float64, lo, hi float64, logY bool, i, axis int) obj {
	if logY {
		for k, v := range counts {
			if v <= 0 {
				counts[k] = math.NaN()
			}
		}
	}
	return obj{"type": "bar", "name": name, "data": binPoints(counts, lo, hi), "color": colour(i),
		"barGap": "-100%", "barCategoryGap": "4%", "itemStyle": obj{"opacity": 0.6},
		"xAxisIndex": axis, "yAxisIndex": axis}
}

// HistogramPanels draws one histogram per sample, stacked vertically, each
// with its own bins over its own range: e.g. the gradients of every layer,
// where the first layers' gradients may be a thousand times smaller
// (vanishing gradients).
func HistogramPanels(o Options, bins int, series ...HistSeries) *Chart {
	if bins <= 0 {
		bins = 30
	}
	const panel, gap = 110, 34
	top := o.top(0)
	if o.Height <= 0 {
		o.Height = top + len(series)*(panel+gap) + 10
	}
	c := newChart(o, 0)
	c.opt["tooltip"].(obj)["trigger"] = "axis"
	grids, xs, ys, titles := []any{}, []any{}, []any{}, []any{}
	out := make([]any, len(series))
	for i, s := range series {
		lo, hi, step := niceBins(histRange([]HistSeries{s}))
		counts, skipped := Bins(s.Values, bins, lo, hi)
		y := top + i*(panel+gap) + 18
		grids = append(grids, obj{"left": 16, "right": 24, "top": y, "height": panel - 18, "containLabel": true})
		xs = append(xs, obj{"type": "value", "gridIndex": i, "min": lo, "max": hi, "interval": step,
			"axisLabel": obj{"fontSize": 10, "dlfunFormat": "num"}})
		ys = append(ys, obj{"type": "value", "gridIndex": i, "splitNumber": 2, "axisLine": obj{"onZero": false},
			"axisLabel": obj{"fontSize": 10}})
		titles = append(titles, obj{"text": histName(s.Name, skipped), "left": 12, "top": y - 16,
			"textStyle": obj{"fontSize": 12}})
		bars := histBars(histName(s.Name, skipped), counts, lo, hi, false, i, i)
		delete(bars, "barGap") // one sample per panel: nothing overlaps
		delete(bars, "itemStyle")
		out[i] = bars
	}
	if t, ok := c.opt["title"].(obj); ok {
		titles = append([]any{t}, titles...)
	}
	c.opt["title"] = titles
	c.opt["grid"], c.opt["xAxis"], c.opt["yAxis"], c.opt["series"] = grids, xs, ys, out
	return c
}

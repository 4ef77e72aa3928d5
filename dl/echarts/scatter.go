package echarts

import "strconv"

// ScatterSeries is one named group of points (one class of a data set).
type ScatterSeries struct {
	Name string
	X, Y []float64
}

// Scatter draws groups of points in distinct colours with a legend. When
// there are more than o.MaxPoints points in total (default 600, about
// 9 KB), every group keeps the same evenly spaced fraction, so the class
// balance stays visible.
func Scatter(o Options, groups ...ScatterSeries) *Chart {
	c := newChart(o, 380)
	c.toolbox()
	rows := 0
	var ys []float64
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
		ys = append(ys, g.Y...)
	}
	if len(groups) > 1 {
		rows = c.legend(o, names)
	}
	c.opt["grid"] = obj{"left": gridSide(o.YName), "right": 24, "top": o.top(rows), "bottom": 36, "containLabel": true}
	c.opt["xAxis"] = valueAxis(o.XName, o.LogX, true, "middle")
	c.opt["yAxis"] = yAxis(o.YName, o.LogY, true, ys)
	c.opt["series"] = scatterSeries(o, groups, 0, 0)
	return c
}

// scatterSeries builds the scatter series of groups on the given axes,
// thinning them to o.MaxPoints in total.
func scatterSeries(o Options, groups []ScatterSeries, xAxis, yAxis int) []any {
	max := o.MaxPoints
	if max <= 0 {
		max = 600
	}
	total := 0
	for _, g := range groups {
		total += min(len(g.X), len(g.Y))
	}
	step := 1
	if total > max {
		step = (total + max - 1) / max
	}
	out := make([]any, 0, len(groups))
	for i, g := range groups {
		n := min(len(g.X), len(g.Y))
		px, py := make([]float64, 0, n/step+1), make([]float64, 0, n/step+1)
		for j := 0; j < n; j += step {
			if finite(g.X[j]) && finite(g.Y[j]) && (!o.LogX || g.X[j] > 0) && (!o.LogY || g.Y[j] > 0) {
				px, py = append(px, g.X[j]), append(py, g.Y[j])
			}
		}
		pts := newPoints(px, py, o.LogX, o.LogY)
		out = append(out, obj{
			"type": "scatter", "name": g.Name, "data": pts, "color": colour(i),
			"symbolSize": 7, "xAxisIndex": xAxis, "yAxisIndex": yAxis,
			"itemStyle": obj{"borderColor": "#fff", "borderWidth": 0.6, "opacity": 0.9},
		})
	}
	return out
}

// ScatterByClass splits the points (x[i], y[i]) by their class label
// class[i] and draws each class in its own colour. names[k] names class k;
// missing names become "class k".
func ScatterByClass(o Options, x, y []float64, class []int, names []string) *Chart {
	return Scatter(o, groupByClass(x, y, class, names)...)
}

// groupByClass splits points into one ScatterSeries per class label 0..max.
func groupByClass(x, y []float64, class []int, names []string) []ScatterSeries {
	k := 0
	for _, c := range class {
		k = max(k, c+1)
	}
	groups := make([]ScatterSeries, k)
	for i := range groups {
		groups[i].Name = "class " + strconv.Itoa(i)
		if i < len(names) && names[i] != "" {
			groups[i].Name = names[i]
		}
	}
	for i := 0; i < len(x) && i < len(y) && i < len(class); i++ {
		if c := class[i]; c >= 0 {
			groups[c].X = append(groups[c].X, x[i])
			groups[c].Y = append(groups[c].Y, y[i])
		}
	}
	return groups
}

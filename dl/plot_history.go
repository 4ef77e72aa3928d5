package dl

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Training curves: History.Plot and SweepResult.Plot.

// Plot draws the training curves of a run, one panel per metric, side by
// side. Without arguments it shows the loss (training and validation per
// epoch, plus the loss of every step as a thin light line when an epoch has
// several steps) and, when the loss is a classification loss, the accuracy
// next to it. Metrics by name:
//
//	"loss"      training and validation loss per epoch (+ per-step loss)
//	"accuracy"  training and validation accuracy per epoch ("acc" works too)
//	"step"      the loss of every optimizer step, over steps
//	"lr"        the learning rate of every epoch (schedules)
//
// Overfitting shows as a validation loss that turns up while the training
// loss keeps falling; the best epoch is named in the subtitle. The panels
// keep 600 points in all: long curves (the per-step loss) are downsampled
// keeping each bucket's minimum and maximum, so a noise band stays
// faithful.
//
//	history := dl.Train(model).Loss(dl.BCE()).Optimizer(dl.SGD(0.1)).Data(train, val).Epochs(20).Run()
//	history.Plot().Show()
func (h *History) Plot(metrics ...string) *Figure {
	if len(metrics) == 0 {
		metrics = []string{"loss"}
		if h.TrainAcc != nil {
			metrics = append(metrics, "accuracy")
		}
	}
	f := &Figure{history: h}
	if h.Label != "" {
		f.opts.Title = h.Label
	}
	f.opts.Subtitle = h.summary()
	f.kind = func(o echarts.Options) *echarts.Chart {
		var charts []*echarts.Chart
		for i, m := range metrics {
			po := o
			if i > 0 { // the title and subtitle go on the first panel
				po.Title, po.Subtitle = "", ""
			}
			if po.MaxPoints == 0 { // the panels share one chart's budget
				po.MaxPoints = max(historyPoints/len(metrics), 200)
			}
			charts = append(charts, h.metricChart(po, m))
		}
		return sideBySide(charts...)
	}
	return f
}

// historyPoints is the number of points the panels of History.Plot keep
// in all (see echarts.Line): a loss and an accuracy panel of a 400-epoch run
// stay under 20 KB in the saved notebook.
const historyPoints = 600

// summary is the subtitle of History.Plot: epochs, best epoch, why it
// stopped.
func (h *History) summary() string {
	var parts []string
	parts = append(parts, fmt.Sprintf("%d epochs", h.Epochs()))
	if h.BestEpoch > 0 && h.Epochs() > 1 {
		parts = append(parts, fmt.Sprintf("best epoch %d", h.BestEpoch))
	}
	if tr, va := h.Final(); !math.IsNaN(va) {
		parts = append(parts, fmt.Sprintf("final loss %.4g / val %.4g", tr, va))
	} else if !math.IsNaN(tr) {
		parts = append(parts, fmt.Sprintf("final loss %.4g", tr))
	}
	if _, va := h.FinalAcc(); !math.IsNaN(va) {
		parts = append(parts, fmt.Sprintf("val accuracy %.1f %%", 100*va))
	}
	if h.Interrupted {
		parts = append(parts, h.Stopped)
	} else if h.Stopped != "" {
		parts = append(parts, "stopped early")
	}
	return strings.Join(parts, " · ")
}

// stepX returns the x position of every step in epochs: step s (0-based)
// ends at epoch (s+1)/StepsPerEpoch.
func (h *History) stepX() []float64 {
	spe := max(h.StepsPerEpoch, 1)
	x := make([]float64, len(h.StepLoss))
	for s := range x {
		x[s] = float64(s+1) / float64(spe)
	}
	return x
}

// metricChart draws one panel of History.Plot.
func (h *History) metricChart(o echarts.Options, metric string) *echarts.Chart {
	ep := seq(h.Epochs())
	var lines []echarts.LineSeries
	symbols := h.Epochs() <= 30
	switch strings.ToLower(metric) {
	case "loss", "":
		o.XName, o.YName = "epoch", "loss"
		if h.StepsPerEpoch > 1 && len(h.StepLoss) > 0 {
			lines = append(lines, echarts.LineSeries{Name: "train (per step)", X: h.stepX(), Y: h.StepLoss})
		}
		lines = append(lines, echarts.LineSeries{Name: "train", X: ep, Y: h.TrainLoss, Symbols: symbols})
		if h.ValLoss != nil {
			lines = append(lines, echarts.LineSeries{Name: "val", X: ep, Y: h.ValLoss, Symbols: symbols})
		}
	case "accuracy", "acc":
		o.XName, o.YName = "epoch", "accuracy"
		lines = append(lines, echarts.LineSeries{Name: "train", X: ep, Y: h.TrainAcc, Symbols: symbols})
		if h.ValAcc != nil {
			lines = append(lines, echarts.LineSeries{Name: "val", X: ep, Y: h.ValAcc, Symbols: symbols})
		}
	case "step", "steps", "step loss":
		o.XName, o.YName = "step", "loss"
		lines = append(lines, echarts.LineSeries{Name: "train (per step)", X: seq(len(h.StepLoss)), Y: h.StepLoss})
	case "lr", "learning rate":
		o.XName, o.YName = "epoch", "learning rate"
		lines = append(lines, echarts.LineSeries{Name: "lr", X: ep, Y: h.LR, Symbols: symbols})
	default:
		o.YName = metric + "?"
		o.Subtitle = fmt.Sprintf("unknown metric %q: use loss, accuracy, step or lr", metric)
	}
	c := echarts.Line(o, lines...)
	styleHistorySeries(c)
	if strings.HasPrefix(strings.ToLower(metric), "acc") {
		var all []float64
		for _, l := range lines {
			all = append(all, l.Y...)
		}
		accuracyAxis(c.Option(), all)
	}
	return c
}

// accuracyAxis sets the y range of an accuracy chart from its values:
// 0 to 1 when they spread over more than half of it, else their range with
// a margin of a tenth of it (at least 0.01 on each side), rounded to
// hundredths and kept within [0, 1], so that runs between 0.95 and 0.98 do
// not look like one flat line at the top.
func accuracyAxis(opt map[string]any, values []float64) {
	lo, hi := finiteRange(values)
	if hi-lo > 0.5 || lo < 0 || hi > 1 {
		fixAxis(opt, "yAxis", 0, 1)
		return
	}
	pad := max(0.1*(hi-lo), 0.01)
	fixAxis(opt, "yAxis", max(0, math.Floor((lo-pad)*100)/100), min(1, math.Ceil((hi+pad)*100)/100))
}

// historyColours keeps the colours of History.Plot fixed by meaning, in
// every panel: train blue, val orange, per-step loss light blue.
var historyColours = map[string]string{
	"train": echarts.Palette[0], "val": echarts.Palette[1], "train (per step)": "#9ecae1", "lr": echarts.Palette[2],
}

// styleHistorySeries applies historyColours and draws the per-step loss
// thin and underneath.
func styleHistorySeries(c *echarts.Chart) {
	series, _ := c.Option()["series"].([]any)
	for _, s := range series {
		m := s.(map[string]any)
		name, _ := m["name"].(string)
		if col, ok := historyColours[name]; ok {
			m["color"] = col
		}
		if name == "train (per step)" {
			m["lineStyle"] = map[string]any{"width": 1}
			m["z"] = 1
		}
	}
}

// fixAxis sets the range of a chart's first value axis of the given kind
// ("xAxis" or "yAxis") unless it is logarithmic.
func fixAxis(opt map[string]any, key string, lo, hi float64) {
	if a, ok := opt[key].(map[string]any); ok && a["type"] != "log" {
		a["min"], a["max"], a["scale"] = lo, hi, false
	}
}

// sideBySide puts line charts next to each other as panels of the first
// one: each panel keeps its own axes (names, log scale) and series; the
// first chart's title and legend serve all (a series name toggles that name
// in every panel).
func sideBySide(charts ...*echarts.Chart) *echarts.Chart {
	base := charts[0]
	if len(charts) == 1 {
		return base
	}
	opt := base.Option()
	n := len(charts)
	var grids, xs, ys, series []any
	top := 0
	for _, c := range charts {
		if g, ok := c.Option()["grid"].(map[string]any); ok {
			top = max(top, g["top"].(int))
		}
	}
	for k, c := range charts {
		o := c.Option()
		grids = append(grids, map[string]any{"top": top, "bottom": 36, "containLabel": true, // 3 %: room for the y axis name
			"left": fmt.Sprintf("%d%%", 3+k*100/n), "right": fmt.Sprintf("%d%%", 2+(n-1-k)*100/n)})
		x, _ := o["xAxis"].(map[string]any)
		y, _ := o["yAxis"].(map[string]any)
		x["gridIndex"], y["gridIndex"] = k, k
		xs, ys = append(xs, x), append(ys, y)
		cs, _ := o["series"].([]any)
		for _, s := range cs {
			m := s.(map[string]any)
			m["xAxisIndex"], m["yAxisIndex"] = k, k
			series = append(series, m)
		}
	}
	opt["grid"], opt["xAxis"], opt["yAxis"], opt["series"] = grids, xs, ys, series
	if _, ok := opt["legend"]; !ok && len(series) > 1 {
		addLegend(opt)
	}
	if tt, ok := opt["tooltip"].(map[string]any); ok {
		tt["trigger"] = "axis"
	}
	return base
}

// Plot overlays one metric of every run of the sweep, one colour per run,
// so that the runs can be compared at a glance (the best run by the final
// value of the metric shown, highest accuracy or lowest loss, is drawn
// thicker and named in the subtitle with that value). Metrics:
//
//	"loss"        validation loss per epoch (training loss without validation data)
//	"train loss"  training loss per epoch
//	"val loss"    validation loss per epoch
//	"accuracy"    validation accuracy (training accuracy without validation data)
//	"train acc", "val acc"
//	"step"        the loss of every step (noisy: compare batch sizes)
//
// Loss curves that span more than three decades (a diverging learning
// rate next to a good one) are put on a log axis automatically. Up to 20
// runs get distinct colours; runs after the 10th are dashed.
//
//	result := dl.Sweep(dl.Grid{LR: []float64{0.001, 0.01, 0.1}}).Run(train)
//	result.Plot("loss").Show()
func (r *SweepResult) Plot(metric string) *Figure {
	f := &Figure{}
	m := strings.ToLower(strings.TrimSpace(metric))
	if m == "" {
		m = "loss"
	}
	f.opts.Title = fmt.Sprintf("%s of %d runs", metricTitle(m), len(r.List))
	f.opts.XName, f.opts.YName = "epoch", m
	if m == "step" {
		f.opts.XName, f.opts.YName = "step", "loss"
	}
	best, val := r.bestBy(m)
	if best >= 0 {
		f.opts.Subtitle = fmt.Sprintf("best final %s: %s (%.4g)", metricName(m, r.List), r.label(best), val)
	}
	// Runs with different batch sizes take different numbers of steps per
	// epoch: their step losses line up only on an axis of epochs (how much
	// data each run has seen), so that is the x axis then.
	stepsInEpochs := m == "step" && !sameStepsPerEpoch(r.List)
	if stepsInEpochs {
		f.opts.XName = "epoch"
		if f.opts.Subtitle != "" {
			f.opts.Subtitle += " · "
		}
		f.opts.Subtitle += "x in epochs: the runs take different numbers of steps per epoch"
	}
	all := []float64{}
	for i, h := range r.List {
		y := sweepMetric(h, m)
		x := seq(len(y))
		if stepsInEpochs && h != nil {
			x = h.stepX()
		}
		f.lines = append(f.lines, echarts.LineSeries{Name: r.label(i), X: x, Y: y, Symbols: len(y) <= 20})
		all = append(all, y...)
	}
	if strings.Contains(m, "loss") || m == "step" {
		lo, hi := finiteRange(all)
		if lo > 0 && hi/lo > 1000 {
			f.opts.LogY = true
		}
	}
	if strings.HasPrefix(m, "acc") || strings.HasSuffix(m, "acc") {
		f.adjust = append(f.adjust, func(opt map[string]any) { accuracyAxis(opt, all) })
	}
	f.adjust = append(f.adjust, func(opt map[string]any) {
		series, _ := opt["series"].([]any)
		if best >= 0 && best < len(series) {
			s := series[best].(map[string]any)
			if ls, ok := s["lineStyle"].(map[string]any); ok {
				ls["width"] = 4
			}
			s["z"] = 5
		}
	})
	return f
}

// bestBy returns the run whose last finite value of metric m is best, and
// that value: the highest for accuracies, the lowest for losses (and
// anything else); -1 if no run has a finite value. The subtitle of a chart
// names the winner of what the chart shows (ranking an accuracy chart by
// the loss named RMSProp where Momentum ended highest).
func (r *SweepResult) bestBy(m string) (int, float64) {
	higher := strings.Contains(m, "acc")
	best, bv := -1, math.NaN()
	for i, h := range r.List {
		y := sweepMetric(h, m)
		v := math.NaN()
		for k := len(y) - 1; k >= 0; k-- {
			if !math.IsNaN(y[k]) && !math.IsInf(y[k], 0) {
				v = y[k]
				break
			}
		}
		if math.IsNaN(v) {
			continue
		}
		if best < 0 || higher && v > bv || !higher && v < bv {
			best, bv = i, v
		}
	}
	return best, bv
}

// metricName names metric m as the chart shows it, saying which data it
// was measured on: "val accuracy", "train loss", "step loss".
func metricName(m string, runs []*History) string {
	val, valAcc := false, false
	for _, h := range runs {
		val = val || h != nil && h.ValLoss != nil
		valAcc = valAcc || h != nil && h.ValAcc != nil
	}
	switch m {
	case "loss":
		if val {
			return "val loss"
		}
		return "train loss"
	case "acc", "accuracy":
		if valAcc {
			return "val accuracy"
		}
		return "train accuracy"
	case "train acc":
		return "train accuracy"
	case "val acc":
		return "val accuracy"
	case "step":
		return "step loss"
	}
	return m
}

// sameStepsPerEpoch reports whether all runs took as many steps per epoch.
func sameStepsPerEpoch(runs []*History) bool {
	spe := -1
	for _, h := range runs {
		if h == nil {
			continue
		}
		if spe >= 0 && h.StepsPerEpoch != spe {
			return false
		}
		spe = h.StepsPerEpoch
	}
	return true
}

// label names run i of a sweep (its Config label, else its History label).
func (r *SweepResult) label(i int) string {
	if i < len(r.Configs) {
		if l := r.Configs[i].Label(); l != "" {
			return l
		}
	}
	if r.List[i] != nil && r.List[i].Label != "" {
		return r.List[i].Label
	}
	return fmt.Sprintf("run %d", i+1)
}

// sweepMetric returns the values of metric m (lower case) of one run.
func sweepMetric(h *History, m string) []float64 {
	if h == nil {
		return nil
	}
	pick := func(val, train []float64) []float64 {
		if val != nil {
			return val
		}
		return train
	}
	switch m {
	case "train loss":
		return h.TrainLoss
	case "val loss":
		return h.ValLoss
	case "acc", "accuracy":
		return pick(h.ValAcc, h.TrainAcc)
	case "train acc", "train accuracy":
		return h.TrainAcc
	case "val acc", "val accuracy":
		return h.ValAcc
	case "step", "step loss":
		return h.StepLoss
	case "lr":
		return h.LR
	}
	return pick(h.ValLoss, h.TrainLoss)
}

// metricTitle is the chart title for a sweep metric.
func metricTitle(m string) string {
	switch m {
	case "loss":
		return "Loss"
	case "acc", "accuracy":
		return "Accuracy"
	case "step", "step loss":
		return "Loss per step"
	}
	return strings.ToUpper(m[:1]) + m[1:]
}

// PlotHistories overlays one metric of several runs, each named by its
// History's Label: GD against SGD, with and without BatchNorm, a model
// before and after a change. Metrics as for SweepResult.Plot ("loss",
// "train loss", "val loss", "accuracy", "train acc", "val acc", "step").
//
//	gd := dl.Train(m1).Optimizer(dl.GD(0.1)).BatchSize(50).Label("GD")…Run()
//	sgd := dl.Train(m2).Optimizer(dl.SGD(0.1)).BatchSize(1).Label("SGD")…Run()
//	dl.PlotHistories("train loss", gd, sgd).Show()
func PlotHistories(metric string, runs ...*History) *Figure {
	return (&SweepResult{List: runs}).Plot(metric)
}

// PlotFinal draws the final value of a metric of every run over the
// learning rate (log axis), one line per optimizer and batch size: the
// classic learning-rate sweep, where too small is slow, too large diverges
// and the best lies in between. If the grid has no learning rates, the
// x axis is the batch size. Metrics as for Plot.
//
//	result.PlotFinal("loss").Show()
func (r *SweepResult) PlotFinal(metric string) *Figure {
	m := strings.ToLower(strings.TrimSpace(metric))
	if m == "" {
		m = "loss"
	}
	byLR := false
	for _, c := range r.Configs {
		if c.LR != 0 {
			byLR = true
		}
	}
	type group struct {
		name   string
		xs, ys []float64
	}
	var groups []*group
	index := map[string]*group{}
	for i, h := range r.List {
		if i >= len(r.Configs) {
			break
		}
		c := r.Configs[i]
		x := c.LR
		key := c
		key.LR = 0
		if !byLR {
			x, key.BatchSize = float64(c.BatchSize), 0
		}
		name := key.Label()
		if name == "" {
			name = metric
		}
		g := index[name]
		if g == nil {
			g = &group{name: name}
			index[name] = g
			groups = append(groups, g)
		}
		v := math.NaN()
		if y := sweepMetric(h, m); len(y) > 0 {
			v = y[len(y)-1]
		}
		g.xs, g.ys = append(g.xs, x), append(g.ys, v)
	}
	f := Plot().Title(fmt.Sprintf("Final %s", m)).YLabel(m)
	if byLR {
		f.XLabel("learning rate").LogX()
	} else {
		f.XLabel("batch size").LogX()
	}
	all := []float64{}
	for _, g := range groups {
		sortXY(g.xs, g.ys)
		f.Points(g.name, g.xs, g.ys)
		all = append(all, g.ys...)
	}
	if strings.Contains(m, "loss") {
		if lo, hi := finiteRange(all); lo > 0 && hi/lo > 1000 {
			f.LogY()
		}
	}
	return f
}

// sortXY sorts the points (xs[i], ys[i]) by x.
func sortXY(xs, ys []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
			ys[j], ys[j-1] = ys[j-1], ys[j]
		}
	}
}

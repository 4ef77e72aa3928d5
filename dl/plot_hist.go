package dl

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Histograms of values (weights, activations, gradients) and the per-layer
// statistics of a network: the pictures of vanishing gradients and of
// BatchNorm's effect.

// Series is a named sample of values to histogram.
type Series struct {
	Name   string
	Values []float64
}

// PlotHistograms overlays the histograms of several samples on shared
// bins (bins ≤ 0 means 30), with semi-transparent bars: e.g. the
// activations of one layer before and after BatchNorm. Use
// PlotHistogramPanels when the samples have very different scales.
//
//	dl.PlotHistograms("Weights at init", 40, dl.Series{Name: "Xavier", Values: w.Data()}).Show()
func PlotHistograms(title string, bins int, series ...Series) *Figure {
	hs := histSeries(series)
	f := &Figure{}
	f.opts.Title, f.opts.XName, f.opts.YName = title, "value", "count"
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.Histogram(o, bins, hs...) }
	return f
}

// PlotHistogramPanels draws one histogram per sample, stacked, each over
// its own range: e.g. the gradients of every layer, which may differ by
// orders of magnitude (the axis labels tell the scale).
func PlotHistogramPanels(title string, bins int, series ...Series) *Figure {
	hs := histSeries(series)
	f := &Figure{}
	f.opts.Title = title
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.HistogramPanels(o, bins, hs...) }
	return f
}

func histSeries(series []Series) []echarts.HistSeries {
	hs := make([]echarts.HistSeries, len(series))
	for i, s := range series {
		hs[i] = echarts.HistSeries{Name: s.Name, Values: s.Values}
	}
	return hs
}

// LayerReport holds what every layer of a network computed in one forward
// and backward pass on a batch (see LayerStats).
type LayerReport struct {
	Loss   float64
	Layers []LayerStat
}

// LayerStat is one layer's record: its output (the activations) and the
// gradient of the loss with respect to that output, and, for layers with
// parameters, the values and gradients of its first parameter (a Linear
// layer's weight matrix).
type LayerStat struct {
	Name                      string // position and description: "3 Linear(32 → 32)"
	Kind                      string // "Linear", "ReLU", "BatchNorm1d", …: the layer's String() up to "("
	Layer                     Module // the layer itself
	Activations, ActGrads     []float64
	Weights, WeightGrads      []float64
	HasWeights                bool
	actStd, gradStd, wgradStd float64
}

// LayerStats runs one forward and backward pass of model on the batch x
// with targets y and records, for every layer, its output values
// (activations), the gradient of the loss with respect to them, and its
// weights and their gradients. A Sequential model is looked into layer by
// layer (nested Sequentials too); any other module counts as one layer.
// The model stays in its mode (training mode: BatchNorm uses the batch
// statistics). The parameters' gradients are left as this pass made them.
//
//	r := dl.LayerStats(model, x, y, dl.BCE())
//	fmt.Println(r)               // std of activations and gradients per layer
//	r.PlotGradients().Show()     // vanishing gradients: histograms per layer
func LayerStats(model Module, x, y *Tensor, loss Loss) *LayerReport {
	layers := flattenLayers(model)
	for _, l := range layers {
		ZeroGrad(l.Params()...)
	}
	outs := make([]*Tensor, len(layers))
	h := x
	for i, l := range layers {
		h = l.Forward(h)
		outs[i] = h
	}
	lt := loss.Forward(h, y)
	lt.Backward()
	r := &LayerReport{Loss: lt.Item()}
	for i, l := range layers {
		desc := l.String()
		kind, _, _ := strings.Cut(desc, "(")
		s := LayerStat{Name: fmt.Sprintf("%d %s", i+1, desc), Kind: kind, Layer: l}
		s.Activations = append([]float64(nil), outs[i].Data()...)
		if g := outs[i].Grad(); g != nil {
			s.ActGrads = append([]float64(nil), g.Data()...)
		}
		if ps := l.Params(); len(ps) > 0 {
			s.HasWeights = true
			s.Weights = append([]float64(nil), ps[0].Data()...)
			if g := ps[0].Grad(); g != nil {
				s.WeightGrads = append([]float64(nil), g.Data()...)
			}
		}
		s.actStd, s.gradStd, s.wgradStd = stdOf(s.Activations), stdOf(s.ActGrads), stdOf(s.WeightGrads)
		r.Layers = append(r.Layers, s)
	}
	lt.Release()
	return r
}

// LayerStats runs one forward and backward pass on a batch and records
// every layer's activations and gradients (see the package function
// LayerStats).
func (m *SequentialModel) LayerStats(x, y *Tensor, loss Loss) *LayerReport {
	return LayerStats(m, x, y, loss)
}

// flattenLayers lists the layers of a model, looking into Sequentials.
func flattenLayers(m Module) []Module {
	s, ok := m.(*SequentialModel)
	if !ok {
		return []Module{m}
	}
	var out []Module
	for _, l := range s.Layers {
		out = append(out, flattenLayers(l)...)
	}
	return out
}

// stdOf returns the standard deviation of the finite values of v (NaN if
// there are none).
func stdOf(v []float64) float64 {
	n, sum, sq := 0.0, 0.0, 0.0
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			n, sum, sq = n+1, sum+x, sq+x*x
		}
	}
	if n == 0 {
		return math.NaN()
	}
	m := sum / n
	return math.Sqrt(math.Max(sq/n-m*m, 0))
}

// String is a table with one row per layer: the standard deviation of its
// activations, of their gradients and of its weights' gradients. Gradients
// that shrink layer after layer towards the input are vanishing.
func (r *LayerReport) String() string {
	var b strings.Builder
	w := len("layer")
	for _, l := range r.Layers {
		w = max(w, len([]rune(l.Name)))
	}
	fmt.Fprintf(&b, "loss %.4g\n%-*s  %11s  %12s  %11s\n", r.Loss, w, "layer", "std(out)", "std(∂L/∂out)", "std(∂L/∂W)")
	for _, l := range r.Layers {
		wg := "-"
		if l.HasWeights {
			wg = fmt.Sprintf("%11.3g", l.wgradStd)
		}
		fmt.Fprintf(&b, "%-*s  %11.3g  %12.3g  %11s\n", w, l.Name, l.actStd, l.gradStd, wg)
	}
	return strings.TrimRight(b.String(), "\n")
}

// pick collects one field of the layers as histogram samples.
func (r *LayerReport) pick(onlyWeights bool, field func(l LayerStat) []float64) []Series {
	var s []Series
	for _, l := range r.Layers {
		if onlyWeights && !l.HasWeights {
			continue
		}
		s = append(s, Series{Name: l.Name, Values: field(l)})
	}
	return s
}

// panelBins is the number of bins of each panel of the per-layer
// histograms: 25 keep a 12-layer network's panels under 20 KB.
const panelBins = 25

// PlotActivations draws a histogram of every layer's outputs, one panel
// per layer: saturated sigmoids pile up at 0 and 1, dead ReLUs at 0, and
// BatchNorm's outputs are centred with unit spread.
func (r *LayerReport) PlotActivations() *Figure {
	return PlotHistogramPanels("Activations per layer", panelBins,
		r.pick(false, func(l LayerStat) []float64 { return l.Activations })...)
}

// CompareActivations overlays the histograms of the outputs of the given
// layers (numbered from 1, as in String) on shared bins: e.g. a Linear
// layer's output before and after the BatchNorm that follows it.
//
//	r.CompareActivations(1, 2).Show() // Linear, then BatchNorm1d
func (r *LayerReport) CompareActivations(layers ...int) *Figure {
	var s []Series
	for _, k := range layers {
		if k >= 1 && k <= len(r.Layers) {
			s = append(s, Series{Name: r.Layers[k-1].Name, Values: r.Layers[k-1].Activations})
		}
	}
	return PlotHistograms("Activations", 40, s...)
}

// PlotGradients draws a histogram of the gradients of every layer's
// weights, one panel per layer with parameters: vanishing gradients show
// as ever narrower ranges towards the first layer.
func (r *LayerReport) PlotGradients() *Figure {
	return PlotHistogramPanels("Weight gradients ∂L/∂W per layer", panelBins,
		r.pick(true, func(l LayerStat) []float64 { return l.WeightGrads })...)
}

// PlotWeights draws a histogram of every layer's weights (initialisation:
// Xavier and Kaiming set their spread from the layer's size).
func (r *LayerReport) PlotWeights() *Figure {
	return PlotHistogramPanels("Weights per layer", panelBins,
		r.pick(true, func(l LayerStat) []float64 { return l.Weights })...)
}

// PlotScale draws, on a log axis, the standard deviation per layer of the
// activations, of the gradients with respect to them and of the weight
// gradients: the whole vanishing-gradient story in one small chart.
func (r *LayerReport) PlotScale() *Figure {
	var x, act, grad, wx, wgrad []float64
	for i, l := range r.Layers {
		x, act, grad = append(x, float64(i+1)), append(act, l.actStd), append(grad, l.gradStd)
		if l.HasWeights {
			wx, wgrad = append(wx, float64(i+1)), append(wgrad, l.wgradStd)
		}
	}
	return Plot().Points("std(out)", x, act).Points("std(∂L/∂out)", x, grad).Points("std(∂L/∂W)", wx, wgrad).
		Title("Scale of activations and gradients per layer").XLabel("layer").YLabel("standard deviation").LogY()
}

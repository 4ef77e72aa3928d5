package dl

import (
	"fmt"
	"math"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Data sets as scatter plots and a model's decision boundary over them.

// datasetPoints reads every sample of ds: features (Len × d, row-major) and
// targets (Len × t).
func datasetPoints(ds Dataset) (x, y []float64, d, t int) {
	n := ds.Len()
	d, t = shapeSize(ds.SampleShape()), shapeSize(ds.TargetShape())
	x, y = make([]float64, n*d), make([]float64, n*t)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n > 0 {
		ds.Gather(idx, x, y)
	}
	return x, y, d, t
}

// classesOf returns the class of every sample (the target for scalar
// integer targets, the argmax for one-hot targets), or nil when the targets
// are not classes (regression).
func classesOf(y []float64, t int) []int {
	if t < 1 {
		return nil
	}
	n := len(y) / t
	cls := make([]int, n)
	for i := range n {
		if t > 1 {
			cls[i] = argmaxRow(y[i*t : (i+1)*t])
			continue
		}
		v := y[i]
		if v != math.Trunc(v) || v < 0 || v > 100 {
			return nil
		}
		cls[i] = int(v)
	}
	return cls
}

// classGroups splits 2-D points by class into named scatter groups.
func classGroups(x []float64, d int, cls []int, name func(k int) string) []echarts.ScatterSeries {
	k := 0
	for _, c := range cls {
		k = max(k, c+1)
	}
	groups := make([]echarts.ScatterSeries, k)
	for c := range groups {
		groups[c].Name = name(c)
	}
	for i, c := range cls {
		groups[c].X = append(groups[c].X, x[i*d])
		groups[c].Y = append(groups[c].Y, x[i*d+1])
	}
	return groups
}

// maxDatasetPoints is the number of samples PlotDataset draws at most
// (every class thinned by the same factor): about 9 KB.
const maxDatasetPoints = 500

// PlotDataset draws a data set as a scatter plot: the first two features
// of every sample, coloured by class (at most 500 samples, evenly thinned;
// change with MaxPoints). With one feature and non-class
// targets (regression) it draws the target over the feature instead.
// datasets.Table's Plot method calls it with the column names.
//
//	dl.PlotDataset(datasets.Moons(200, 0.1, 1)).Show()
func PlotDataset(ds Dataset) *Figure {
	return plotDataset(ds, nil, "", "Data set")
}

// PlotDatasetNamed is PlotDataset with names: features names the columns
// (the axes use the first two) and target the target column, used to name
// the classes ("overweight = 1").
func PlotDatasetNamed(ds Dataset, title string, features []string, target string) *Figure {
	return plotDataset(ds, features, target, title)
}

func plotDataset(ds Dataset, features []string, target, title string) *Figure {
	x, y, d, t := datasetPoints(ds)
	f := &Figure{}
	f.opts.Title, f.opts.MaxPoints = title, maxDatasetPoints
	f.opts.XName, f.opts.YName = featureName(features, 0), featureName(features, 1)
	n := ds.Len()
	cls := classesOf(y, t)
	switch {
	case d == 1 && cls == nil && t == 1:
		f.opts.YName = target
		if f.opts.YName == "" {
			f.opts.YName = "y"
		}
		return f.Scatter("samples", x, y)
	case d < 2:
		f.opts.Subtitle = fmt.Sprintf("cannot draw: samples have %d feature(s), a scatter needs 2", d)
		return f.Scatter("", nil, nil)
	case cls == nil:
		xs, ys := make([]float64, n), make([]float64, n)
		for i := range n {
			xs[i], ys[i] = x[i*d], x[i*d+1]
		}
		return f.Scatter("samples", xs, ys)
	}
	if d > 2 {
		f.opts.Subtitle = fmt.Sprintf("first 2 of %d features", d)
	}
	f.scatters = classGroups(x, d, cls, func(k int) string { return className(target, k) })
	return f
}

// featureName names feature i (x₁, x₂ by default).
func featureName(features []string, i int) string {
	if i < len(features) && features[i] != "" {
		return features[i]
	}
	return []string{"x₁", "x₂"}[i]
}

// className names class k: "class k", or "target = k".
func className(target string, k int) string {
	if target != "" {
		return fmt.Sprintf("%s = %d", target, k)
	}
	return fmt.Sprintf("class %d", k)
}

// boundaryResolution is the number of grid points per axis of a decision
// boundary (64×64 cells ≈ 4 KB in the notebook); boundaryPoints the
// number of samples drawn on top (evenly thinned, ≈ 4 KB).
const (
	boundaryResolution = 64
	boundaryPoints     = 300
)

// PlotDecisionBoundary draws what a classifier of two features predicts
// everywhere around the data: the model's output over a grid as a heatmap,
// with the samples of ds on top, coloured by their true class.
//
//   - One output (binary classification): the probability of class 1,
//     shaded from blue (0) through white (0.5, the decision boundary) to
//     orange (1). The output is taken as a probability if the model ends
//     in Sigmoid (or, for other modules, if every value lies in [0, 1]),
//     else as a logit h and turned into σ(h).
//   - K ≥ 2 outputs (multi-class: logits or softmax): the predicted class,
//     argmax, as regions in pale versions of the class colours.
//
// The model runs in evaluation mode (Dropout off, BatchNorm with its
// running statistics) and is put back in its previous mode. The subtitle
// gives the accuracy on all samples of ds; at most 300 of them are drawn
// (change with MaxPoints).
//
//	dl.PlotDecisionBoundary(model, train).Show()
func PlotDecisionBoundary(model Module, ds Dataset) *Figure {
	f := &Figure{}
	f.opts.Title = "Decision boundary"
	f.opts.XName, f.opts.YName = "x₁", "x₂"
	f.opts.MaxPoints = boundaryPoints
	x, y, d, t := datasetPoints(ds)
	if d != 2 {
		f.opts.Subtitle = fmt.Sprintf("cannot draw: samples have %d features, a decision boundary needs 2", d)
		return f.Scatter("", nil, nil)
	}
	cls := classesOf(y, t)
	if cls == nil {
		cls = make([]int, ds.Len())
	}
	x0, x1, y0, y1 := paddedBox(x)
	grid := boundaryGrid(model, x0, x1, y0, y1, boundaryResolution)
	pred := predictClasses(model, New(append([]float64(nil), x...), ds.Len(), 2))
	correct := 0
	for i, c := range cls {
		if pred[i] == c {
			correct++
		}
	}
	what := "predicted class"
	if grid.binary {
		what = "P(class 1)"
	}
	f.opts.Subtitle = fmt.Sprintf("background: %s · accuracy on these %d points %.1f %%",
		what, len(cls), 100*float64(correct)/float64(max(len(cls), 1)))
	groups := classGroups(x, 2, cls, func(k int) string { return className("", k) })
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.DecisionBoundary(o, grid.Grid, groups...) }
	return f
}

// PlotDecisionBoundary draws the model's decision boundary over the data
// set ds (see the package function PlotDecisionBoundary).
func (m *SequentialModel) PlotDecisionBoundary(ds Dataset) *Figure {
	return PlotDecisionBoundary(m, ds)
}

// paddedBox returns the bounding box of 2-D points, widened by 10 % on
// every side.
func paddedBox(x []float64) (x0, x1, y0, y1 float64) {
	xs, ys := make([]float64, 0, len(x)/2), make([]float64, 0, len(x)/2)
	for i := 0; i+1 < len(x); i += 2 {
		xs, ys = append(xs, x[i]), append(ys, x[i+1])
	}
	x0, x1 = finiteRange(xs)
	y0, y1 = finiteRange(ys)
	pad := func(lo, hi float64) (float64, float64) {
		d := 0.1 * (hi - lo)
		if d == 0 {
			d = 1
		}
		return lo - d, hi + d
	}
	x0, x1 = pad(x0, x1)
	y0, y1 = pad(y0, y1)
	return
}

// modelGrid is a model's output over a grid; binary tells how Z was made.
type modelGrid struct {
	echarts.Grid
	binary bool
}

// boundaryGrid evaluates the model on an n×n grid over the box: Z[i][j]
// is the probability of class 1 (one output) or the argmax class (several
// outputs) at (X[j], Y[i]).
func boundaryGrid(model Module, x0, x1, y0, y1 float64, n int) modelGrid {
	g := modelGrid{Grid: echarts.Grid{X: make([]float64, n), Y: make([]float64, n), Z: make([][]float64, n)}}
	pts := make([]float64, 0, 2*n*n)
	for j := range n {
		g.X[j] = x0 + (x1-x0)*float64(j)/float64(n-1)
		g.Y[j] = y0 + (y1-y0)*float64(j)/float64(n-1)
	}
	for i := range n {
		for j := range n {
			pts = append(pts, g.X[j], g.Y[i])
		}
	}
	out, k := modelOutputs(model, New(pts, n*n, 2))
	g.binary = k == 1
	for i := range n {
		g.Z[i] = make([]float64, n)
		for j := range n {
			r := out[(i*n+j)*k : (i*n+j+1)*k]
			if k == 1 {
				g.Z[i][j] = r[0]
			} else {
				g.Z[i][j] = float64(argmaxRow(r))
			}
		}
	}
	return g
}

// predictClasses returns the predicted class of every row of x.
func predictClasses(model Module, x *Tensor) []int {
	out, k := modelOutputs(model, x)
	n := len(out) / max(k, 1)
	cls := make([]int, n)
	for i := range cls {
		r := out[i*k : (i+1)*k]
		if k == 1 {
			if r[0] >= 0.5 {
				cls[i] = 1
			}
			continue
		}
		cls[i] = argmaxRow(r)
	}
	return cls
}

// modelOutputs runs the model in evaluation mode on x and returns its
// outputs row by row with k values per row; a single output is returned as
// a probability (see PlotDecisionBoundary).
func modelOutputs(model Module, x *Tensor) (out []float64, k int) {
	was := model.Training()
	model.SetTraining(false)
	defer model.SetTraining(was)
	y := model.Forward(x)
	n := x.Shape()[0]
	out = append([]float64(nil), y.Data()...)
	y.Release()
	k = len(out) / max(n, 1)
	if k == 1 && !outputsProbabilities(model, out) {
		for i, h := range out {
			out[i] = 1 / (1 + math.Exp(-h))
		}
	}
	return out, k
}

// outputsProbabilities reports whether a one-output model's values are
// probabilities: a Sequential model must end in Sigmoid; for other modules
// every value must lie in [0, 1].
func outputsProbabilities(model Module, out []float64) bool {
	if s, ok := model.(*SequentialModel); ok && len(s.Layers) > 0 {
		last := s.Layers[len(s.Layers)-1]
		if inner, ok := last.(*SequentialModel); ok {
			return outputsProbabilities(inner, out)
		}
		return strings.HasPrefix(last.String(), "Sigmoid")
	}
	for _, v := range out {
		if !(v >= 0 && v <= 1) {
			return false
		}
	}
	return true
}

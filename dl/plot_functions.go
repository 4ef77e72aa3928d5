package dl

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Plots of functions of one variable: activations and their derivatives,
// robust losses' ρ, ψ and ω, the sigmoid, anything written as a Go func.

// Func is a named function of one variable for PlotFunctions.
type Func struct {
	Name string
	F    func(x float64) float64
}

// PlotFunctions draws functions of one variable over [lo, hi] (121 points
// each) with the axes crossing at zero.
//
//	dl.PlotFunctions("Sigmoid", -6, 6,
//		dl.Func{Name: "σ(h)", F: func(h float64) float64 { return 1 / (1 + math.Exp(-h)) }},
//	).Show()
func PlotFunctions(title string, lo, hi float64, fns ...Func) *Figure {
	if !(hi > lo) {
		lo, hi = -1, 1
	}
	fs := make([]echarts.Func, len(fns))
	for i, f := range fns {
		fs[i] = echarts.Func{Name: f.Name, F: safeFunc(f.F)}
	}
	fig := &Figure{}
	fig.opts.Title, fig.opts.XName = title, "x"
	fig.kind = func(o echarts.Options) *echarts.Chart { return echarts.Functions(o, lo, hi, fs...) }
	return fig
}

// safeFunc turns a panic of f into NaN (a gap), so that one bad point
// does not lose the chart.
func safeFunc(f func(float64) float64) func(float64) float64 {
	return func(x float64) (y float64) {
		defer func() {
			if recover() != nil {
				y = math.NaN()
			}
		}()
		if f == nil {
			return math.NaN()
		}
		return f(x)
	}
}

// TensorFunc turns an element-wise tensor function, such as
// (*dl.Tensor).Sigmoid, into a Func that PlotFunctions can draw: F(x)
// applies f to a one-element tensor holding x.
//
//	dl.TensorFunc("tanh", (*dl.Tensor).Tanh)
func TensorFunc(name string, f func(x *Tensor) *Tensor) Func {
	return Func{Name: name, F: func(x float64) float64 {
		return f(New([]float64{x}, 1)).Item()
	}}
}

// Derivative returns the derivative of an element-wise tensor function as
// a Func, computed by autograd (Backward at every x): what the engine
// really uses in backpropagation.
//
//	dl.Derivative("ReLU'", (*dl.Tensor).ReLU)
func Derivative(name string, f func(x *Tensor) *Tensor) Func {
	return Func{Name: name, F: func(x float64) float64 {
		t := New([]float64{x}, 1).RequiresGrad()
		f(t).Sum().Backward()
		if t.Grad() == nil {
			return 0 // f does not depend on x
		}
		return t.Grad().Item()
	}}
}

// PlotActivation draws an activation function next to its derivative (by
// autograd) over [-5, 5]: where the derivative is near zero, gradients
// vanish (sigmoid and tanh saturate; ReLU is 0 for negative inputs).
//
//	dl.PlotActivation("Sigmoid", (*dl.Tensor).Sigmoid).Show()
//	dl.PlotActivation("LeakyReLU(0.1)", func(x *dl.Tensor) *dl.Tensor { return x.LeakyReLU(0.1) }).Show()
func PlotActivation(name string, f func(x *Tensor) *Tensor) *Figure {
	return PlotFunctions(name+" and its derivative", -5, 5,
		TensorFunc(name, f), Derivative(name+"′", f))
}

// PlotActivations draws the usual activations in one chart over [-4, 4]:
// sigmoid, tanh, ReLU, LeakyReLU(0.1) and ELU(1). With derivatives true it
// draws their derivatives instead.
func PlotActivations(derivatives bool) *Figure {
	acts := []struct {
		name string
		f    func(x *Tensor) *Tensor
	}{
		{"sigmoid", (*Tensor).Sigmoid},
		{"tanh", (*Tensor).Tanh},
		{"ReLU", (*Tensor).ReLU},
		{"LeakyReLU(0.1)", func(x *Tensor) *Tensor { return x.LeakyReLU(0.1) }},
		{"ELU(1)", func(x *Tensor) *Tensor { return x.ELU(1) }},
	}
	fns := make([]Func, len(acts))
	title := "Activation functions"
	for i, a := range acts {
		if derivatives {
			fns[i] = Derivative(a.name+"′", a.f)
			title = "Derivatives of the activation functions"
		} else {
			fns[i] = TensorFunc(a.name, a.f)
		}
	}
	return PlotFunctions(title, -4, 4, fns...)
}

// Plot draws the robust loss's three functions of the residual x over
// [-4, 4]: the loss ρ(x), its influence function
// ψ(x) = ρ′(x) (how hard one residual pulls on the fit: bounded for robust
// losses, so outliers cannot dominate) and the weight ω(x) = ψ(x)/x that
// iteratively reweighted least squares gives each sample.
//
//	dl.Huber(1).Plot().Show()
func (l *PointwiseLoss) Plot() *Figure {
	return PlotFunctions(fmt.Sprintf("%s: ρ, ψ = ρ′, ω = ψ/x", l.String()), -4, 4,
		Func{Name: "ρ(x)", F: l.Rho},
		Func{Name: "ψ(x)", F: l.Psi},
		Func{Name: "ω(x)", F: l.Omega},
	)
}

// PlotRobustLosses overlays one of ρ, ψ or ω ("rho", "psi" or "omega") for
// several losses, e.g. the influence functions of L2, L1, Huber and Tukey:
//
//	dl.PlotRobustLosses("psi", dl.LeastSquares(), dl.L1(), dl.Huber(1), dl.Cauchy(1), dl.Tukey(3)).Show()
func PlotRobustLosses(which string, losses ...*PointwiseLoss) *Figure {
	fns := make([]Func, len(losses))
	sym := map[string]string{"rho": "ρ", "psi": "ψ", "omega": "ω"}[which]
	if sym == "" {
		which, sym = "rho", "ρ"
	}
	for i, l := range losses {
		f := l.Rho
		switch which {
		case "psi":
			f = l.Psi
		case "omega":
			f = l.Omega
		}
		fns[i] = Func{Name: l.String(), F: f}
	}
	return PlotFunctions(sym+"(x) of robust losses", -4, 4, fns...).YLabel(sym)
}

// PlotSoftmax draws a vector of logits z and its softmax
// p_i = e^{z_i} / Σ_j e^{z_j} (right axis), once per temperature T (the
// softmax of z/T; none given means T = 1): large T flattens the
// probabilities, small T sharpens them towards the argmax.
//
//	dl.PlotSoftmax([]float64{2, 1, 0.1, -1}, 0.5, 1, 2).Show()
func PlotSoftmax(logits []float64, temperatures ...float64) *Figure {
	if len(temperatures) == 0 {
		temperatures = []float64{1}
	}
	idx := make([]float64, len(logits))
	for i := range idx {
		idx[i] = float64(i)
	}
	f := Plot().Title("Softmax").XLabel("class").YLabel("logit z").Y2Label("probability").
		Points("logits z", idx, logits)
	for _, T := range temperatures {
		if !(T > 0) {
			continue
		}
		z := New(append([]float64(nil), logits...), len(logits)).Mul(Scalar(1 / T))
		name := "softmax(z)"
		if len(temperatures) > 1 || T != 1 {
			name = fmt.Sprintf("softmax(z/%g)", T)
		}
		f.lines = append(f.lines, echarts.LineSeries{Name: name, X: idx, Y: z.Softmax(0).Data(), Right: true, Symbols: true})
	}
	return f
}

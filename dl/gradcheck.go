package dl

import (
	"fmt"
	"math"
	"strings"
)

// gradCheckStep is the h of the central difference (f(x+h) − f(x−h))/2h.
// In float64 its error is about h²·f”' + 1e-16/h ≈ 1e-10.
const gradCheckStep = 1e-6

// GradCheckResult is the report of GradCheck: one line per input.
type GradCheckResult struct {
	Inputs []GradCheckInput
}

// GradCheckInput is the comparison for one input of GradCheck.
type GradCheckInput struct {
	Index int    // position in the inputs given to GradCheck
	Name  string // the input's Name(), if it has one
	Shape []int
	// MaxError is the worst error over the input's elements, where an
	// element's error is |analytic − numeric| / max(1, |analytic|, |numeric|):
	// the relative error, or the absolute one for gradients smaller than 1.
	MaxError float64
	Worst    int     // flat index of the element with the worst error
	Analytic float64 // autograd's gradient at Worst
	Numeric  float64 // the central-difference estimate at Worst
}

// GradCheck compares the gradients that autograd computes for f with
// numerical ones, the definition of a derivative made concrete:
//
//	∂L/∂xᵢ ≈ (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h,   h = 1e-6
//
// for every element xᵢ of every input. f receives copies of inputs (as
// leaves that require a gradient), so the inputs and their gradients are
// left untouched. If f returns a non-scalar y, L = Σ yⱼ·wⱼ with fixed
// pseudo-random weights wⱼ, so that every output element is checked.
//
// Use it to test an op or a loss you wrote: the worst error should be tiny
// (below 1e-6); a large one means the backward pass does not match the
// forward. Avoid points where f has a kink (ReLU or Abs at exactly 0).
func GradCheck(f func(inputs ...*Tensor) *Tensor, inputs ...*Tensor) GradCheckResult {
	// Analytic gradients.
	xs := make([]*Tensor, len(inputs))
	for i, in := range inputs {
		xs[i] = in.Detach().RequiresGrad()
	}
	y := f(xs...)
	w := gradCheckWeights(len(y.data))
	if y.requiresGrad {
		y.BackwardWith(New(append([]float64(nil), w...), y.shape...))
	}
	loss := func() float64 {
		out := f(xs...)
		s := 0.0
		for j, v := range out.data {
			s += v * w[j]
		}
		return s
	}
	var res GradCheckResult
	for i, x := range xs {
		line := GradCheckInput{Index: i, Name: inputs[i].name, Shape: x.Shape(), Worst: -1}
		for j := range x.data {
			analytic := 0.0
			if x.grad != nil {
				analytic = x.grad.data[j]
			}
			orig := x.data[j]
			x.data[j] = orig + gradCheckStep
			lp := loss()
			x.data[j] = orig - gradCheckStep
			lm := loss()
			x.data[j] = orig
			numeric := (lp - lm) / (2 * gradCheckStep)
			e := math.Abs(analytic-numeric) / max(1, math.Abs(analytic), math.Abs(numeric))
			if math.IsNaN(e) {
				e = math.Inf(1)
			}
			if line.Worst < 0 || e > line.MaxError {
				line.MaxError, line.Worst, line.Analytic, line.Numeric = e, j, analytic, numeric
			}
		}
		res.Inputs = append(res.Inputs, line)
	}
	return res
}

// gradCheckWeights returns n fixed weights in [0.5, 1.5), different from
// each other so that a gradient sent to the wrong output element shows.
func gradCheckWeights(n int) []float64 {
	if n == 1 {
		return []float64{1}
	}
	rng := NewRNG(7)
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + rng.Float64()
	}
	return w
}

// MaxError returns the worst error over all inputs.
func (r GradCheckResult) MaxError() float64 {
	m := 0.0
	for _, in := range r.Inputs {
		m = max(m, in.MaxError)
	}
	return m
}

// OK reports whether every input's worst error is at most tol (1e-6 is a
// good tolerance in float64).
func (r GradCheckResult) OK(tol float64) bool {
	for _, in := range r.Inputs {
		if !(in.MaxError <= tol) {
			return false
		}
	}
	return true
}

// String formats the report as a table, one row per input:
//
//	input  shape  max error  at  autograd  numeric
func (r GradCheckResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %-10s %-10s %-6s %-14s %-14s\n", "input", "shape", "max error", "at", "autograd", "numeric")
	for _, in := range r.Inputs {
		name := fmt.Sprintf("#%d", in.Index)
		if in.Name != "" {
			name += " " + in.Name
		}
		verdict := "ok"
		if !(in.MaxError <= 1e-6) {
			verdict = "MISMATCH"
		}
		fmt.Fprintf(&b, "%-10s %-10s %-10.2e %-6d %-14.6g %-14.6g %s\n",
			name, shapeStr(in.Shape), in.MaxError, in.Worst, in.Analytic, in.Numeric, verdict)
	}
	return b.String()
}

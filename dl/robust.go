package dl

import (
	"fmt"
	"math"
)

// PointwiseLoss is a regression loss that applies a function ρ to every
// residual x = pred − target and averages (or sums) the results:
//
//	L = mean_i ρ(pred_i − target_i)
//
// Make one with MSE, LeastSquares, L1, Lp, Huber, Fair, Cauchy or Tukey.
// Besides Forward it exposes the three functions of the lecture's
// robust-loss table for plotting:
//
//   - Rho(x)   ρ(x), the loss of one residual
//   - Psi(x)   ψ(x) = ρ'(x), the influence function: how hard one residual
//     pulls on the fit (it is the gradient Backward sends to pred)
//   - Omega(x) ω(x) = ψ(x)/x, the weight a residual gets in iteratively
//     reweighted least squares
//
// A robust loss has a bounded ψ (Huber, Fair) or one that falls back to 0
// (Cauchy, Tukey), so outliers cannot drag the fit away.
type PointwiseLoss struct {
	name            string
	sum             bool
	rho, psi, omega func(x float64) float64
}

// Forward returns the mean (or sum) of ρ(pred − target), pred and target
// having the same number of elements (an N×1 column against N targets is
// fine: values are paired in order). It is one op in the graph, named after
// the loss; its backward pass is the influence function:
//
//	∂L/∂pred_i = ψ(pred_i − target_i) / N     (N = number of elements; 1 for Sum)
//	∂L/∂target_i = −ψ(pred_i − target_i) / N  (if target requires a gradient)
func (l *PointwiseLoss) Forward(pred, target *Tensor) *Tensor {
	checkSameSize(l.name, pred, target)
	p, t := pred.Data(), target.Data()
	s := 0.0
	for i := range p {
		s += l.rho(p[i] - t[i])
	}
	scale := lossScale(len(p), l.sum)
	out := newOp(l.name, []int{}, pred, target)
	out.data[0] = s * scale
	return out.withBackward(func() {
		g := out.grad.data[0] * scale
		if pred.requiresGrad {
			gp := pred.gradData()
			for i := range p {
				gp[i] += g * l.psi(p[i]-t[i])
			}
		}
		if target.requiresGrad {
			gt := target.gradData()
			for i := range p {
				gt[i] -= g * l.psi(p[i]-t[i])
			}
		}
	})
}

// Sum returns the same loss with a sum instead of a mean over the elements.
func (l *PointwiseLoss) Sum() *PointwiseLoss { c := *l; c.sum = true; return &c }

// Mean returns the same loss with a mean over the elements (the default).
func (l *PointwiseLoss) Mean() *PointwiseLoss { c := *l; c.sum = false; return &c }

// Rho returns ρ(x), the loss of a single residual x.
func (l *PointwiseLoss) Rho(x float64) float64 { return l.rho(x) }

// Psi returns ψ(x) = ρ'(x), the influence function.
func (l *PointwiseLoss) Psi(x float64) float64 { return l.psi(x) }

// Omega returns ω(x) = ψ(x)/x, the IRLS weight.
func (l *PointwiseLoss) Omega(x float64) float64 { return l.omega(x) }

// String names the loss, e.g. "Huber(ξ=1)".
func (l *PointwiseLoss) String() string { return l.name + reductionName(l.sum) }

func signOf(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// MSE returns the mean squared error, PyTorch's nn.MSELoss:
//
//	ρ(x) = x²,   ψ(x) = 2x,   ω(x) = 2,   L = mean_i (pred_i − target_i)²
//
// It is twice the slide's least-squares ρ (LeastSquares); both have the
// same minimiser.
func MSE() *PointwiseLoss {
	return &PointwiseLoss{
		name:  "MSE",
		rho:   func(x float64) float64 { return x * x },
		psi:   func(x float64) float64 { return 2 * x },
		omega: func(x float64) float64 { return 2 },
	}
}

// LeastSquares returns the least-squares loss of the robust-loss table:
//
//	ρ(x) = x²/2,   ψ(x) = x,   ω(x) = 1
//
// the L2 loss ‖ŷ − y‖²/2 per element (half of MSE). Every residual has
// weight 1, so one outlier with a huge residual dominates the fit.
func LeastSquares() *PointwiseLoss {
	return &PointwiseLoss{
		name:  "LeastSquares",
		rho:   func(x float64) float64 { return x * x / 2 },
		psi:   func(x float64) float64 { return x },
		omega: func(x float64) float64 { return 1 },
	}
}

// L1 returns the L1-norm loss (mean absolute error, PyTorch's nn.L1Loss):
//
//	ρ(x) = |x|,   ψ(x) = signOf(x),   ω(x) = 1/|x|
func L1() *PointwiseLoss {
	return &PointwiseLoss{
		name:  "L1",
		rho:   math.Abs,
		psi:   signOf,
		omega: func(x float64) float64 { return 1 / math.Abs(x) },
	}
}

// Lp returns the Lp-norm loss of the robust-loss table (p ≥ 1):
//
//	ρ(x) = |x|^p / p,   ψ(x) = signOf(x)|x|^{p−1},   ω(x) = |x|^{p−2}
//
// p = 2 is LeastSquares, p = 1 is L1.
func Lp(p float64) *PointwiseLoss {
	if !(p >= 1) {
		panic(errorf("Lp(%v): p must be ≥ 1 (the gradient of |x|^p/p is infinite at 0 for p < 1)", p))
	}
	return &PointwiseLoss{
		name:  fmt.Sprintf("Lp(p=%g)", p),
		rho:   func(x float64) float64 { return math.Pow(math.Abs(x), p) / p },
		psi:   func(x float64) float64 { return signOf(x) * math.Pow(math.Abs(x), p-1) },
		omega: func(x float64) float64 { return math.Pow(math.Abs(x), p-2) },
	}
}

// Huber returns the Huber loss with threshold ξ = xi (quadratic near 0,
// linear beyond ξ):
//
//	|x| ≤ ξ:  ρ(x) = x²/2,          ψ(x) = x,          ω(x) = 1
//	|x| > ξ:  ρ(x) = ξ(|x| − ξ/2),  ψ(x) = ξ signOf(x),   ω(x) = ξ/|x|
//
// PyTorch: nn.HuberLoss(delta=ξ) is the same function.
func Huber(xi float64) *PointwiseLoss {
	checkXi("Huber", xi)
	return &PointwiseLoss{
		name: fmt.Sprintf("Huber(ξ=%g)", xi),
		rho: func(x float64) float64 {
			if math.Abs(x) <= xi {
				return x * x / 2
			}
			return xi * (math.Abs(x) - xi/2)
		},
		psi: func(x float64) float64 {
			if math.Abs(x) <= xi {
				return x
			}
			return xi * signOf(x)
		},
		omega: func(x float64) float64 {
			if math.Abs(x) <= xi {
				return 1
			}
			return xi / math.Abs(x)
		},
	}
}

// Fair returns the Fair loss with scale ξ = xi:
//
//	ρ(x) = ξ²(|x|/ξ − log(1 + |x|/ξ)),   ψ(x) = x/(1 + |x|/ξ),   ω(x) = 1/(1 + |x|/ξ)
func Fair(xi float64) *PointwiseLoss {
	checkXi("Fair", xi)
	return &PointwiseLoss{
		name: fmt.Sprintf("Fair(ξ=%g)", xi),
		rho: func(x float64) float64 {
			a := math.Abs(x) / xi
			return xi * xi * (a - math.Log1p(a))
		},
		psi:   func(x float64) float64 { return x / (1 + math.Abs(x)/xi) },
		omega: func(x float64) float64 { return 1 / (1 + math.Abs(x)/xi) },
	}
}

// Cauchy returns the Cauchy (Lorentzian) loss with scale ξ = xi:
//
//	ρ(x) = ξ²/2 · log(1 + x²/ξ²),   ψ(x) = x/(1 + x²/ξ²),   ω(x) = 1/(1 + x²/ξ²)
func Cauchy(xi float64) *PointwiseLoss {
	checkXi("Cauchy", xi)
	return &PointwiseLoss{
		name:  fmt.Sprintf("Cauchy(ξ=%g)", xi),
		rho:   func(x float64) float64 { return xi * xi / 2 * math.Log1p(x*x/(xi*xi)) },
		psi:   func(x float64) float64 { return x / (1 + x*x/(xi*xi)) },
		omega: func(x float64) float64 { return 1 / (1 + x*x/(xi*xi)) },
	}
}

// Tukey returns Tukey's biweight loss with threshold ξ = xi, as in the
// lecture's table:
//
//	|x| ≤ ξ:  ρ(x) = x⁶/6 − ξ²x⁴/2 + ξ⁴x²/2,   ψ(x) = x(ξ² − x²)²,   ω(x) = (ξ² − x²)²
//	|x| > ξ:  ρ(x) = ξ⁶/6,                      ψ(x) = 0,             ω(x) = 0
//
// Residuals beyond ξ have no influence at all: outliers are ignored. (The
// table's ρ is the textbook biweight scaled by ξ⁴.)
func Tukey(xi float64) *PointwiseLoss {
	checkXi("Tukey", xi)
	x2, x4, x6 := xi*xi, xi*xi*xi*xi, xi*xi*xi*xi*xi*xi
	return &PointwiseLoss{
		name: fmt.Sprintf("Tukey(ξ=%g)", xi),
		rho: func(x float64) float64 {
			if math.Abs(x) > xi {
				return x6 / 6
			}
			s := x * x
			return s*s*s/6 - x2*s*s/2 + x4*s/2
		},
		psi: func(x float64) float64 {
			if math.Abs(x) > xi {
				return 0
			}
			d := x2 - x*x
			return x * d * d
		},
		omega: func(x float64) float64 {
			if math.Abs(x) > xi {
				return 0
			}
			d := x2 - x*x
			return d * d
		},
	}
}

func checkXi(name string, xi float64) {
	if !(xi > 0) || math.IsInf(xi, 0) {
		panic(errorf("%s(%v): ξ is a scale for the residuals and must be a finite number > 0, e.g. 1", name, xi))
	}
}

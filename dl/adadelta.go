package dl

import (
	"fmt"
	"math"
)

// AdaDeltaOptimizer scales each step by running averages of past squared
// steps and squared gradients; make one with AdaDelta.
type AdaDeltaOptimizer struct {
	optimizer[*AdaDeltaOptimizer]
	rho, eps float64
}

// AdaDelta returns AdaDelta (Zeiler 2012) with decay rate ρ = rho
// (typically 0.9), ε = 1e-6 and no learning rate to tune, as on the slide
// "Fixing AdaGrad":
//
//	E[∇L²]_t  = ρ E[∇L²]_{t−1} + (1−ρ) ∇L(x_t)²
//	RMS[∇L]_t = √(E[∇L²]_t + ε)
//	Δx_t      = − RMS[Δx]_{t−1} / RMS[∇L]_t · ∇L(x_t)
//	E[Δx²]_t  = ρ E[Δx²]_{t−1} + (1−ρ) Δx_t²,  RMS[Δx]_t = √(E[Δx²]_t + ε)
//	x_{t+1}   = x_t + Δx_t
//
// The running averages forget old gradients (a window of roughly 1/(1−ρ)
// steps), so the steps no longer decay to zero as in AdaGrad, and the ratio
// of the two RMS values has the units of x, which replaces the learning rate.
//
// PyTorch: torch.optim.Adadelta(params, lr=1.0, rho=ρ, eps=1e-6) is the
// same, with an extra factor lr multiplying Δx in the update only (not in
// E[Δx²]); LR/SetLR are that factor (default 1), which lets schedules work.
func AdaDelta(rho float64) *AdaDeltaOptimizer {
	if !(rho >= 0 && rho < 1) {
		panic(errorf("AdaDelta: rho %v must be in [0, 1), typically 0.9", rho))
	}
	o := &AdaDeltaOptimizer{rho: rho, eps: 1e-6}
	return o.init(o, "AdaDelta", 1) // lr: the factor PyTorch multiplies Δx by
}

// Step applies the AdaDelta update to every parameter with a gradient.
func (o *AdaDeltaOptimizer) Step(params ...*Tensor) {
	lr, rho, eps, l2, beta := o.lr, o.rho, o.eps, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		st := o.state.get(p, 2)
		Eg2, Edx2 := st.a, st.b
		for i := range x {
			g := grad[i] + l2*x[i]
			Eg2[i] = flush(rho*Eg2[i] + (1-rho)*g*g)                  // E[∇L²]_t
			dx := -math.Sqrt(Edx2[i]+eps) / math.Sqrt(Eg2[i]+eps) * g // −RMS[Δx]_{t−1}/RMS[∇L]_t · ∇L
			Edx2[i] = flush(rho*Edx2[i] + (1-rho)*dx*dx)              // E[Δx²]_t
			x[i] = x[i] + lr*dx - beta*x[i]                           // x_{t+1} = x_t + Δx_t
		}
	}
}

// Eps sets ε (default 1e-6) and returns the optimizer.
func (o *AdaDeltaOptimizer) Eps(eps float64) *AdaDeltaOptimizer { o.eps = eps; return o }

// TorchCompatible makes the decoupled decay lr·β·x (PyTorch's AdamW
// convention) and returns the optimizer; the AdaDelta update itself already
// is PyTorch's.
func (o *AdaDeltaOptimizer) TorchCompatible() *AdaDeltaOptimizer { o.torchDecay = true; return o }

// String describes the optimizer, e.g. "AdaDelta(rho=0.9, eps=1e-06)".
func (o *AdaDeltaOptimizer) String() string {
	s := fmt.Sprintf("AdaDelta(rho=%g, eps=%g", o.rho, o.eps)
	if o.lr != 1 {
		s += fmt.Sprintf(", lr=%g", o.lr)
	}
	return o.describe(s) + ")"
}

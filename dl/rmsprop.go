package dl

import (
	"fmt"
	"math"
)

// RMSPropOptimizer divides each step by a running RMS of the gradients;
// make one with RMSProp.
type RMSPropOptimizer struct {
	optimizer[*RMSPropOptimizer]
	alpha, eps float64
	epsOutside bool
}

// RMSProp returns RMSProp (Hinton 2012) with learning rate λ = lr, α = 0.99
// and ε = 1e-8, exactly as on the slide:
//
//	v_t     = (1 − α) ∇L(x_t)² + α v_{t−1}        (v_0 = 0)
//	x_{t+1} = x_t − λ / √(v_t + ε) · ∇L(x_t)
//
// v is a moving average of the squared gradients, so each parameter's step
// is its gradient divided by the gradient's recent typical size.
//
// PyTorch: torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8) puts ε
// outside the root, x_{t+1} = x_t − λ∇L / (√v_t + ε). The two agree closely
// where v_t ≫ ε² (ordinary gradients) and differ for gradients near zero:
// the slide's step is at most λ|∇L|/√ε. TorchCompatible switches to ε outside
// the root (and the decoupled decay to lr·β·x). PyTorch's momentum and
// centered options are not supported.
func RMSProp(lr float64) *RMSPropOptimizer {
	o := &RMSPropOptimizer{alpha: 0.99, eps: 1e-8}
	return o.init(o, "RMSProp", lr)
}

// Step applies the RMSProp update to every parameter with a gradient.
func (o *RMSPropOptimizer) Step(params ...*Tensor) {
	lr, alpha, eps, l2, beta := o.lr, o.alpha, o.eps, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		v := o.state.get(p, 1).a
		for i := range x {
			g := grad[i] + l2*x[i]
			v[i] = flush((1-alpha)*g*g + alpha*v[i]) // v_t = (1−α)∇L² + α v_{t−1}
			var rms float64
			if o.epsOutside {
				rms = math.Sqrt(v[i]) + eps // PyTorch: √v_t + ε
			} else {
				rms = math.Sqrt(v[i] + eps) // slide: √(v_t + ε)
			}
			x[i] = x[i] - lr/rms*g - beta*x[i]
		}
	}
}

// Alpha sets the decay rate α of the moving average (default 0.99) and
// returns the optimizer.
func (o *RMSPropOptimizer) Alpha(alpha float64) *RMSPropOptimizer { o.alpha = alpha; return o }

// Eps sets ε (default 1e-8) and returns the optimizer.
func (o *RMSPropOptimizer) Eps(eps float64) *RMSPropOptimizer { o.eps = eps; return o }

// TorchCompatible puts ε outside the root as PyTorch does, √v_t + ε, makes
// the decoupled decay lr·β·x, and returns the optimizer.
func (o *RMSPropOptimizer) TorchCompatible() *RMSPropOptimizer {
	o.epsOutside, o.torchDecay = true, true
	return o
}

// String describes the optimizer, e.g. "RMSProp(lr=0.01, alpha=0.99, eps=1e-08)".
func (o *RMSPropOptimizer) String() string {
	s := fmt.Sprintf("RMSProp(lr=%g, alpha=%g, eps=%g", o.lr, o.alpha, o.eps)
	if o.epsOutside {
		s += ", eps_outside"
	}
	return o.describe(s) + ")"
}

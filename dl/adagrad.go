package dl

import (
	"fmt"
	"math"
)

// AdaGradOptimizer adapts a learning rate per parameter from the sum of
// its squared gradients; make one with AdaGrad.
type AdaGradOptimizer struct {
	optimizer[*AdaGradOptimizer]
	eps float64
}

// AdaGrad returns AdaGrad (Duchi et al. 2011) with learning rate λ = lr and
// ε = 1e-10, as on the slide "Playing with the learning rate":
//
//	G_t     = G_{t−1} + ∇L(x_t)²                 (element-wise, G_0 = 0)
//	x_{t+1} = x_t − λ / (√G_t + ε) · ∇L(x_t)
//
// The slide's RMS[∇L]_t is √G_t, the root of the sum of the squares of the
// past gradients. Parameters with rare (small) gradients get larger steps,
// frequent ones smaller steps. Its problem, also on the slide: G only grows,
// so the steps decay rapidly towards zero (AdaDelta and RMSProp fix that).
//
// PyTorch: torch.optim.Adagrad(params, lr=0.01, eps=1e-10) is the same
// update (lr_decay and initial_accumulator_value are not supported; they
// default to 0 in PyTorch).
func AdaGrad(lr float64) *AdaGradOptimizer {
	o := &AdaGradOptimizer{eps: 1e-10}
	return o.init(o, "AdaGrad", lr)
}

// Step applies G ← G + ∇L², x ← x − λ∇L/(√G + ε) − βx to every parameter
// with a gradient.
func (o *AdaGradOptimizer) Step(params ...*Tensor) {
	lr, eps, l2, beta := o.lr, o.eps, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		G := o.state.get(p, 1).a
		for i := range x {
			g := grad[i] + l2*x[i]
			G[i] += g * g                                        // G_t = G_{t−1} + ∇L²
			x[i] = x[i] - lr/(math.Sqrt(G[i])+eps)*g - beta*x[i] // x − λ/RMS · ∇L
		}
	}
}

// Eps sets ε (default 1e-10) and returns the optimizer.
func (o *AdaGradOptimizer) Eps(eps float64) *AdaGradOptimizer { o.eps = eps; return o }

// TorchCompatible makes the decoupled decay lr·β·x (PyTorch's AdamW
// convention) and returns the optimizer; the AdaGrad update itself already
// is PyTorch's.
func (o *AdaGradOptimizer) TorchCompatible() *AdaGradOptimizer { o.torchDecay = true; return o }

// String describes the optimizer, e.g. "AdaGrad(lr=0.01, eps=1e-10)".
func (o *AdaGradOptimizer) String() string {
	return o.describe(fmt.Sprintf("AdaGrad(lr=%g, eps=%g", o.lr, o.eps)) + ")"
}

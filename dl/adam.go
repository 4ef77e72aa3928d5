package dl

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/internal/fast"
)

// AdamOptimizer is Adam, adaptive moment estimation; make one with Adam
// or AdamW.
type AdamOptimizer struct {
	optimizer[*AdamOptimizer]
	b1, b2, ep float64
	queue      fast.AdamQueue // the parameters of the step under way
}

// Adam returns Adam (Kingma & Ba 2014) with step size λ = lr, β₁ = 0.9,
// β₂ = 0.999 and ε = 1e-8, following the paper's listing on the slide:
//
//	t ← t + 1
//	m_t = β₁ m_{t−1} + (1 − β₁) ∇L(x_t)      biased first moment estimate
//	v_t = β₂ v_{t−1} + (1 − β₂) ∇L(x_t)²     biased second raw moment estimate
//	m̂_t = m_t / (1 − β₁ᵗ)                    bias-corrected first moment
//	v̂_t = v_t / (1 − β₂ᵗ)                    bias-corrected second moment
//	x_{t+1} = x_t − λ m̂_t / (√v̂_t + ε)
//
// Adam is RMSProp (divide by the RMS of recent gradients) combined with
// momentum (step along a running average of gradients); the bias correction
// undoes the pull of m_0 = v_0 = 0 towards zero in the first steps. (One
// slide writes √(v̂_t + ε); the listing, and PyTorch, use √v̂_t + ε, as here.)
//
// Configure with Betas, Eps, WeightDecay (PyTorch's weight_decay: l2·x is
// added to the gradient, L2 in the loss) and DecoupledWeightDecay (the
// slide's "− βx_t", which is AdamW). PyTorch: torch.optim.Adam(params,
// lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0) is the same update.
func Adam(lr float64) *AdamOptimizer {
	o := &AdamOptimizer{b1: 0.9, b2: 0.999, ep: 1e-8}
	return o.init(o, "Adam", lr)
}

// AdamW returns Adam with decoupled weight decay (Loshchilov & Hutter 2019)
// and the slide's update x_{t+1} = x_t − λ m̂_t/(√v̂_t + ε) − βx_t, with
// β = beta. It is Adam(lr).DecoupledWeightDecay(beta).
//
// PyTorch: torch.optim.AdamW(params, lr=α, weight_decay=wd) multiplies the
// decay by the learning rate, x ← x − α·wd·x − ..., so it equals
// AdamW(α, α·wd) while the learning rate is constant, and
// AdamW(α, wd).TorchCompatible() always (the decay then follows schedules).
func AdamW(lr, beta float64) *AdamOptimizer {
	o := Adam(lr)
	o.name = "AdamW"
	o.beta = beta
	return o
}

// Step applies one Adam update to every parameter with a gradient: t
// counts the steps, c1 and c2 are the bias corrections, and the update of
// each element is adamUpdate below. The queue runs that update on all the
// parameters at once, on all cores (dl/internal/fast, tested to give
// adamUpdate's results).
func (o *AdamOptimizer) Step(params ...*Tensor) {
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok || o.queue.Has(x) { // a parameter passed twice is updated once
			continue
		}
		st := o.state.get(p, 2)
		st.t++                                        // t ← t + 1
		c1 := 1 / (1 - math.Pow(o.b1, float64(st.t))) // 1/(1 − β₁ᵗ)
		c2 := 1 / (1 - math.Pow(o.b2, float64(st.t))) // 1/(1 − β₂ᵗ)
		o.queue.Add(x, grad, st.a, st.b, c1, c2)
	}
	o.queue.Run(fast.AdamRule{LR: o.lr, B1: o.b1, B2: o.b2, Eps: o.ep, L2: o.l2, Beta: o.decoupled(o.lr)})
}

// stepAndZeroGrad is Step followed by ZeroGrad(params...), with each
// gradient cleared in the same pass that reads it (see
// gradClearingOptimizer).
func (o *AdamOptimizer) stepAndZeroGrad(params ...*Tensor) {
	o.queue.ClearGrads()
	o.Step(params...)
}

// adamUpdate is Adam's update of one parameter (or a piece of it), with the
// bias corrections c1 = 1/(1 − β₁ᵗ) and c2 = 1/(1 − β₂ᵗ).
//
// Only m goes through flush: with β₁ = 0.9 a moment whose gradient stopped
// reaches the subnormal range after about 7000 steps, while v, with
// β₂ = 0.999, needs some 700 000; the test costs about 7 % of this loop,
// whose square root and division make it the most expensive of a batch-1
// training step.
//
// This loop is the reference: Step runs fast.Adam, which on amd64 with AVX2
// (GOAMD64 below v3) does the same operations in assembly, four elements at
// a time, with results equal to this loop's (tested in adam_test.go);
// elsewhere it is this loop.
func adamUpdate(x, grad, m, v []float64, lr, b1, b2, eps, l2, beta, c1, c2 float64) {
	grad, m, v = grad[:len(x)], m[:len(x)], v[:len(x)]
	for i := range x {
		g := grad[i] + l2*x[i]
		m[i] = flush(b1*m[i] + (1-b1)*g) // m_t (flush: see optim.go)
		v[i] = b2*v[i] + (1-b2)*g*g      // v_t
		mhat := m[i] * c1                // m̂_t = m_t/(1 − β₁ᵗ)
		vhat := v[i] * c2                // v̂_t = v_t/(1 − β₂ᵗ)
		x[i] = x[i] - lr*mhat/(math.Sqrt(vhat)+eps) - beta*x[i]
	}
}

// Betas sets β₁ and β₂ (defaults 0.9 and 0.999) and returns the optimizer.
func (o *AdamOptimizer) Betas(beta1, beta2 float64) *AdamOptimizer {
	o.b1, o.b2 = beta1, beta2
	return o
}

// Eps sets ε (default 1e-8) and returns the optimizer.
func (o *AdamOptimizer) Eps(eps float64) *AdamOptimizer { o.ep = eps; return o }

// TorchCompatible makes the decoupled decay lr·β·x, PyTorch's AdamW
// convention, and returns the optimizer: AdamW(lr, wd).TorchCompatible() is
// torch.optim.AdamW(lr=lr, weight_decay=wd). The Adam update itself already
// is PyTorch's.
func (o *AdamOptimizer) TorchCompatible() *AdamOptimizer { o.torchDecay = true; return o }

// String describes the optimizer, e.g. "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)".
func (o *AdamOptimizer) String() string {
	s := fmt.Sprintf("%s(lr=%g, betas=(%g, %g), eps=%g", o.name, o.lr, o.b1, o.b2, o.ep)
	return o.describe(s) + ")"
}

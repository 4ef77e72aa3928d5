package dl

import "fmt"

// MomentumOptimizer is gradient descent with Polyak momentum; make one
// with Momentum.
type MomentumOptimizer struct {
	optimizer[*MomentumOptimizer]
	eta   float64
	torch bool
}

// Momentum returns gradient descent with Polyak momentum (1964), learning
// rate λ = lr and damping factor η = eta (typically 0.9), as on the slide:
//
//	Momentum: m_t     = η m_{t−1} + λ ∇L(x_t)      (m_0 = 0)
//	Update:   x_{t+1} = x_t − m_t
//
// m is a running sum of past steps: a ball that keeps rolling down a
// gentle slope and averages out the zig-zag across a narrow valley.
//
// PyTorch: torch.optim.SGD(params, lr=α, momentum=μ) keeps a buffer of raw
// gradients instead, b_t = μ b_{t−1} + ∇L(x_t), and steps x_{t+1} = x_t − α b_t.
// With η = μ and λ = α the two are the same sequence, with m_t = α b_t, as
// long as the learning rate is constant. When a schedule changes the rate,
// the slide's m keeps the old rates of past steps while PyTorch rescales the
// whole buffer by the new α; TorchCompatible switches to PyTorch's form.
// PyTorch's dampening argument (default 0) is not supported.
func Momentum(lr, eta float64) *MomentumOptimizer {
	o := &MomentumOptimizer{eta: eta}
	return o.init(o, "Momentum", lr)
}

// Step applies m ← ηm + λ∇L, x ← x − m − βx to every parameter with a
// gradient.
func (o *MomentumOptimizer) Step(params ...*Tensor) {
	lr, eta, l2, beta := o.lr, o.eta, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		m := o.state.get(p, 1).a
		if o.torch {
			for i := range x {
				g := grad[i] + l2*x[i]
				m[i] = flush(eta*m[i] + g) // PyTorch's buffer b (flush: see optim.go)
				x[i] = x[i] - lr*m[i] - beta*x[i]
			}
			continue
		}
		for i := range x {
			g := grad[i] + l2*x[i]
			m[i] = flush(eta*m[i] + lr*g)  // m_t = η m_{t−1} + λ∇L(x_t)
			x[i] = x[i] - m[i] - beta*x[i] // x_{t+1} = x_t − m_t (− βx_t)
		}
	}
}

// TorchCompatible switches to PyTorch's parametrisation (buffer of raw
// gradients scaled by the current learning rate, decoupled decay lr·β·x)
// and returns the optimizer. It matters only if the learning rate changes.
func (o *MomentumOptimizer) TorchCompatible() *MomentumOptimizer {
	o.torch, o.torchDecay = true, true
	return o
}

// String describes the optimizer, e.g. "Momentum(lr=0.01, eta=0.9)".
func (o *MomentumOptimizer) String() string {
	return o.describe(fmt.Sprintf("Momentum(lr=%g, eta=%g", o.lr, o.eta)) + ")"
}

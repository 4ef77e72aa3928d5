package dl

import "fmt"

// NesterovOptimizer is gradient descent with Nesterov momentum; make one
// with Nesterov.
type NesterovOptimizer struct {
	optimizer[*NesterovOptimizer]
	eta   float64
	torch bool
}

// Nesterov returns gradient descent with Nesterov momentum (1983), learning
// rate λ = lr and damping factor η = eta, as on the slide:
//
//	Look ahead: x_temp  = x_t − η m_{t−1}
//	Momentum:   m_t     = η m_{t−1} + λ ∇L(x_temp)
//	Update:     x_{t+1} = x_t − m_t
//
// The gradient is taken where momentum is about to carry us (x_temp), not
// where we are, so the ball slows down before the slope turns up.
//
// Step only sees the gradient at the values the parameters hold, so the
// tensors hold the look-ahead point: after each Step a parameter holds
// x_temp for the next step, x_{t+1} − η m_t, and the next gradient is
// therefore ∇L(x_temp) as the slide wants. (Initially m_0 = 0 and
// x_temp = x_0.) Step recovers x_t = x_temp + η m_{t−1}, applies the slide's
// two lines, and stores the next look-ahead point. Near convergence m → 0
// and x_temp → x.
//
// PyTorch: torch.optim.SGD(params, lr=α, momentum=μ, nesterov=True) is this
// very algorithm in the look-ahead variable: it keeps b_t = μ b_{t−1} + ∇L
// and steps x ← x − α(∇L + μ b_t). With η = μ, λ = α and m_t = α b_t that is
// x_temp ← x_temp − λ∇L − η m_t, which is what the slide's lines give for
// x_temp. The sequences agree as long as the learning rate is constant;
// TorchCompatible uses PyTorch's buffer when a schedule changes it.
// Decoupled weight decay subtracts β times the stored (look-ahead) values.
func Nesterov(lr, eta float64) *NesterovOptimizer {
	o := &NesterovOptimizer{eta: eta}
	return o.init(o, "Nesterov", lr)
}

// Step applies the slide's Nesterov update (see Nesterov) to every
// parameter with a gradient.
func (o *NesterovOptimizer) Step(params ...*Tensor) {
	lr, eta, l2, beta := o.lr, o.eta, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		xtemp, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		m := o.state.get(p, 1).a
		if o.torch {
			for i := range xtemp {
				g := grad[i] + l2*xtemp[i]
				m[i] = flush(eta*m[i] + g) // PyTorch's buffer b (flush: see optim.go)
				xtemp[i] = xtemp[i] - lr*(g+eta*m[i]) - beta*xtemp[i]
			}
			continue
		}
		for i := range xtemp {
			g := grad[i] + l2*xtemp[i]              // ∇L(x_temp)
			x := xtemp[i] + eta*m[i]                // x_t = x_temp + η m_{t−1}
			m[i] = flush(eta*m[i] + lr*g)           // m_t = η m_{t−1} + λ∇L(x_temp)
			x -= m[i]                               // x_{t+1} = x_t − m_t
			xtemp[i] = x - eta*m[i] - beta*xtemp[i] // next look-ahead point
		}
	}
}

// TorchCompatible switches to PyTorch's parametrisation (buffer of raw
// gradients scaled by the current learning rate, decoupled decay lr·β·x)
// and returns the optimizer. It matters only if the learning rate changes.
func (o *NesterovOptimizer) TorchCompatible() *NesterovOptimizer {
	o.torch, o.torchDecay = true, true
	return o
}

// String describes the optimizer, e.g. "Nesterov(lr=0.01, eta=0.9)".
func (o *NesterovOptimizer) String() string {
	return o.describe(fmt.Sprintf("Nesterov(lr=%g, eta=%g", o.lr, o.eta)) + ")"
}

package dl

import "fmt"

// SGDOptimizer is (stochastic) gradient descent; make one with SGD or GD.
type SGDOptimizer struct {
	optimizer[*SGDOptimizer]
}

// SGD returns stochastic gradient descent with learning rate λ = lr:
//
//	x_{t+1} = x_t − λ ∇L(x_t)
//
// Gradient descent (GD) and stochastic gradient descent (SGD) are the same
// update; they differ only by the batch the gradient is computed on. Feed
// all samples and it is GD ("evaluates all samples for each update"), feed
// one random sample (J_sgd = J_i, i = random index) or a mini-batch and it
// is SGD. In the trainer that is BatchSize(n) versus BatchSize(1 or 32).
//
// With DecoupledWeightDecay(β) the update is the slide's
// x_{t+1} = x_t − λ∇L(x_t) − βx_t. PyTorch: torch.optim.SGD(params, lr=λ).
// PyTorch's SGD(weight_decay=wd) is WeightDecay(wd), and also equals
// DecoupledWeightDecay(λ·wd), since x − λ(∇L + wd·x) = x − λ∇L − λ·wd·x.
func SGD(lr float64) *SGDOptimizer {
	o := &SGDOptimizer{}
	return o.init(o, "SGD", lr)
}

// GD returns gradient descent with learning rate lr: the same update as SGD
// (see there), named GD so that a full-batch run prints as GD.
func GD(lr float64) *SGDOptimizer {
	o := &SGDOptimizer{}
	return o.init(o, "GD", lr)
}

// Step applies x ← x − λ∇L − βx to every parameter with a gradient.
func (o *SGDOptimizer) Step(params ...*Tensor) {
	lr, l2, beta := o.lr, o.l2, o.decoupled(o.lr)
	for _, p := range params {
		x, grad, ok := gradOf(p)
		if !ok {
			continue
		}
		for i := range x {
			g := grad[i] + l2*x[i]         // ∇L (+ l2·x if WeightDecay is set)
			x[i] = x[i] - lr*g - beta*x[i] // x_{t+1} = x_t − λ∇L − βx_t
		}
	}
}

// TorchCompatible makes the decoupled decay lr·β·x (PyTorch's AdamW
// convention) and returns the optimizer. Plain SGD has nothing else that
// differs from PyTorch.
func (o *SGDOptimizer) TorchCompatible() *SGDOptimizer { o.torchDecay = true; return o }

// String describes the optimizer, e.g. "SGD(lr=0.1)".
func (o *SGDOptimizer) String() string {
	return o.describe(fmt.Sprintf("%s(lr=%g", o.name, o.lr)) + ")"
}

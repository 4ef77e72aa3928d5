package dl

import (
	"fmt"
	"math"
)

// This file holds what all optimizers share: the Optimizer interface,
// ZeroGrad, per-parameter state and the two kinds of weight decay. Each
// optimizer lives in its own file (sgd.go, momentum.go, nesterov.go,
// adagrad.go, adadelta.go, rmsprop.go, adam.go) whose doc comment is the
// update rule in the lecture's notation:
//
//	x      the parameters (a tensor being trained)
//	∇L     its gradient, p.Grad()
//	λ      the learning rate (LR)
//	η      the momentum damping factor
//	α, ρ   decay rates of running averages (RMSProp, AdaDelta)
//	β₁, β₂ Adam's decay rates for the first and second moments
//	ε      a small constant that keeps a division finite
//	β      the weight-decay coefficient of the slide's "− βx" term
//
// Every Step is one in-place pass over each parameter's Data() and
// Grad().Data(): no temporary tensors, no allocation after the first step.

// An Optimizer updates parameters in place from their gradients.
//
// Step applies one update to every parameter that has a gradient (a
// parameter whose Grad() is nil is skipped). It does not zero the
// gradients: call ZeroGrad before the next Backward, since gradients
// accumulate. The optimizer keeps its state (momentum, running averages)
// per parameter, keyed by the *Tensor, so pass the same tensors every step.
//
// LR and SetLR read and change the learning rate λ between steps; that is
// how the schedules of schedule.go work with any optimizer. String describes
// the optimizer and all its hyper-parameters (used in labels and cache keys).
type Optimizer interface {
	Step(params ...*Tensor)
	LR() float64
	SetLR(lr float64)
	String() string
}

// gradClearingOptimizer is an Optimizer that can also zero each gradient in
// the pass in which its Step reads it: stepAndZeroGrad(ps...) is
// Step(ps...) followed by ZeroGrad(ps...). The trainer uses it when nothing
// looks at the gradients between steps, because clearing them separately
// is one more pass over memory: 1.6 MB for a 784×256 weight, 20 % of a
// batch-1 training step of an MNIST MLP with Adam.
type gradClearingOptimizer interface {
	Optimizer
	stepAndZeroGrad(params ...*Tensor)
}

// ZeroGrad sets the gradient of every parameter to zero (those without a
// gradient yet are left alone). Call it before each Backward:
//
//	dl.ZeroGrad(model.Params()...)
//	loss := lossFn.Forward(model.Forward(x), y)
//	loss.Backward()
//	opt.Step(model.Params()...)
func ZeroGrad(params ...*Tensor) {
	for _, p := range params {
		p.ZeroGrad()
	}
}

// optimizer is what every optimizer embeds: its name, the learning rate λ,
// the weight decay and the per-parameter state, with the methods that are
// the same for all of them. Self is the optimizer's own type (SGDOptimizer
// embeds optimizer[*SGDOptimizer]): the setters return it, so that they
// chain, dl.SGD(0.1).WeightDecay(1e-4).Step(...).
type optimizer[Self any] struct {
	self  Self
	name  string
	lr    float64
	state optimState
	weightDecay
}

// init checks the learning rate and fills in the shared fields; it
// returns self, for the constructors' return statements.
func (o *optimizer[Self]) init(self Self, name string, lr float64) Self {
	checkLR(name, lr)
	o.self, o.name, o.lr, o.state = self, name, lr, optimState{}
	return self
}

// LR returns the learning rate λ (for AdaDelta, the factor PyTorch
// multiplies each step by, 1 unless set).
func (o *optimizer[Self]) LR() float64 { return o.lr }

// SetLR sets the learning rate λ for the next steps. The schedules of
// schedule.go work through it.
func (o *optimizer[Self]) SetLR(lr float64) { checkLR(o.name, lr); o.lr = lr }

// WeightDecay adds l2·x to the gradient before the update (L2 in the loss,
// PyTorch's weight_decay) and returns the optimizer.
func (o *optimizer[Self]) WeightDecay(l2 float64) Self { o.l2 = l2; return o.self }

// DecoupledWeightDecay adds the slide's "− βx_t" term to every update
// (AdamW for Adam) and returns the optimizer.
func (o *optimizer[Self]) DecoupledWeightDecay(beta float64) Self { o.beta = beta; return o.self }

// weightDecay is the part of every optimizer that shrinks the weights.
//
// There are two ways, both on the slide "Overfitting?? Weight decay":
//
//   - Coupled (L2 in the loss), set with WeightDecay(l2): the optimizer
//     adds l2·x to the gradient before its update, which is exactly the
//     gradient of L = L_data + (l2/2)‖x‖². It is PyTorch's weight_decay
//     argument of SGD, Adam, RMSprop, Adagrad and Adadelta. (L2Penalty adds
//     the same term to the loss tensor instead.)
//   - Decoupled, set with DecoupledWeightDecay(β): the slide's update
//     x_{t+1} = x_t − λ∇L_data(x_t) − βx_t, i.e. the optimizer's usual
//     step, then − βx_t with the x_t from before the step. With adaptive
//     optimizers (Adam) the two differ: the coupled term is rescaled by the
//     adaptive denominator, the decoupled one is not (that is AdamW).
//
// torchDecay makes the decoupled term lr·β·x, PyTorch's AdamW convention
// (see each optimizer's TorchCompatible).
type weightDecay struct {
	l2         float64
	beta       float64
	torchDecay bool
}

// decoupled returns the coefficient of the "− βx" term for learning rate lr.
func (d *weightDecay) decoupled(lr float64) float64 {
	if d.torchDecay {
		return lr * d.beta
	}
	return d.beta
}

// describe appends the decay settings to an optimizer's description.
func (d *weightDecay) describe(s string) string {
	if d.l2 != 0 {
		s += fmt.Sprintf(", weight_decay=%g", d.l2)
	}
	if d.beta != 0 {
		s += fmt.Sprintf(", decoupled_decay=%g", d.beta)
	}
	if d.torchDecay {
		s += ", torch"
	}
	return s
}

// paramState is an optimizer's memory for one parameter: up to two buffers
// of the parameter's size and the number of steps taken.
type paramState struct {
	a, b []float64
	t    int
}

// optimState maps each parameter to its state.
type optimState map[*Tensor]*paramState

// get returns p's state, creating zeroed buffers (nbuf of them) the first
// time, or again if p changed size.
func (s optimState) get(p *Tensor, nbuf int) *paramState {
	n := p.Size()
	st := s[p]
	if st == nil || (nbuf > 0 && len(st.a) != n) {
		st = &paramState{}
		if nbuf > 0 {
			st.a = make([]float64, n)
		}
		if nbuf > 1 {
			st.b = make([]float64, n)
		}
		s[p] = st
	}
	return st
}

// gradOf returns p's values and gradient, or ok=false if p has no gradient.
func gradOf(p *Tensor) (x, g []float64, ok bool) {
	gt := p.Grad()
	if gt == nil {
		return nil, nil, false
	}
	return p.Data(), gt.Data(), true
}

// checkLR panics on a learning rate that cannot be meant.
func checkLR(name string, lr float64) {
	if !(lr >= 0) || math.IsInf(lr, 0) {
		panic(errorf("%s: learning rate %v is not a finite number ≥ 0; typical values are 0.001 to 0.1", name, lr))
	}
}

// flush returns v, or 0 if v is subnormal (closer to 0 than 2.2·10⁻³⁰⁸).
// Optimizers store their running averages through it. A parameter whose
// gradient becomes exactly 0 (e.g. a dead ReLU unit) sees its average
// decay geometrically, m ← 0.9·m, into the subnormal range, where it gets
// stuck (0.9 × the smallest subnormal rounds back to it), and x86 CPUs
// compute on subnormals about 100 times slower: a converged network would
// train several times slower. Such a value can no longer change any
// parameter (λ·10⁻³⁰⁸ vanishes against every normal x), so flushing it to 0
// changes no result; it is what torch.set_flush_denormal(True) does in
// hardware.
func flush(v float64) float64 {
	if math.Abs(v) < 0x1p-1022 {
		return 0
	}
	return v
}

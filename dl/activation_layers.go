package dl

import "fmt"

// ActivationLayer applies an element-wise (or, for Softmax and Maxout,
// row-wise) function and has no parameters; make one with Sigmoid, Tanh,
// ReLU, LeakyReLU, ELU, Maxout, Softmax or LogSoftmax. The formulas are the
// tensor methods of the same name.
type ActivationLayer struct {
	name     string
	f        func(x *Tensor) *Tensor
	training bool
}

func activation(name string, f func(x *Tensor) *Tensor) *ActivationLayer {
	return &ActivationLayer{name: name, f: f, training: true}
}

// Sigmoid returns the layer σ(x) = 1/(1 + e^{−x}), which squeezes values
// into (0, 1): the output of a binary classifier.
func Sigmoid() *ActivationLayer { return activation("Sigmoid()", (*Tensor).Sigmoid) }

// Tanh returns the layer tanh(x), which squeezes values into (−1, 1).
func Tanh() *ActivationLayer { return activation("Tanh()", (*Tensor).Tanh) }

// ReLU returns the layer max(0, x).
func ReLU() *ActivationLayer { return activation("ReLU()", (*Tensor).ReLU) }

// LeakyReLU returns the layer x for x ≥ 0 and αx for x < 0 (α = alpha,
// e.g. 0.01), which keeps a small gradient for negative inputs.
func LeakyReLU(alpha float64) *ActivationLayer {
	return activation(fmt.Sprintf("LeakyReLU(α=%g)", alpha), func(x *Tensor) *Tensor { return x.LeakyReLU(alpha) })
}

// ELU returns the layer x for x ≥ 0 and α(eˣ − 1) for x < 0 (α = alpha,
// typically 1).
func ELU(alpha float64) *ActivationLayer {
	return activation(fmt.Sprintf("ELU(α=%g)", alpha), func(x *Tensor) *Tensor { return x.ELU(alpha) })
}

// Maxout returns the layer that takes the maximum over k pieces: an input
// whose last dimension is k·m gives m outputs, out[i] = max_j x[j·m + i].
// The slide's Maxout unit max(w₁ᵀx + b₁, w₂ᵀx + b₂) is a Linear layer with
// k·m outputs followed by Maxout(k):
//
//	dl.Sequential(dl.Linear(in, 2*m), dl.Maxout(2))
func Maxout(k int) *ActivationLayer {
	return activation(fmt.Sprintf("Maxout(k=%d)", k), func(x *Tensor) *Tensor { return x.Maxout(k) })
}

// Softmax returns the layer that turns each row of scores (the last axis)
// into probabilities: softmax(z)_c = e^{z_c} / Σ_k e^{z_k}. Do not put it in
// front of CrossEntropy, which applies it itself (on logits, more stably).
func Softmax() *ActivationLayer {
	return activation("Softmax()", func(x *Tensor) *Tensor { return x.Softmax(-1) })
}

// LogSoftmax returns the layer log softmax(z) over the last axis, computed
// stably; its output is what NLL expects.
func LogSoftmax() *ActivationLayer {
	return activation("LogSoftmax()", func(x *Tensor) *Tensor { return x.LogSoftmax(-1) })
}

// Forward applies the function.
func (a *ActivationLayer) Forward(x *Tensor) *Tensor { return a.f(x) }

// Params returns nil: an activation has no parameters.
func (a *ActivationLayer) Params() []*Tensor { return nil }

// SetTraining sets the mode (activations behave the same in both).
func (a *ActivationLayer) SetTraining(training bool) { a.training = training }

// Training reports the mode.
func (a *ActivationLayer) Training() bool { return a.training }

// String names the activation, e.g. "LeakyReLU(α=0.01)".
func (a *ActivationLayer) String() string { return a.name }

// FlattenLayer reshapes each sample to a vector; make one with Flatten.
type FlattenLayer struct{ training bool }

// Flatten returns the layer that reshapes a batch N×d₁×d₂×… to
// N×(d₁·d₂·…), e.g. images 28×28 into vectors of 784 for a Linear layer.
func Flatten() *FlattenLayer { return &FlattenLayer{training: true} }

// Forward reshapes x to N×(product of the other dimensions).
func (f *FlattenLayer) Forward(x *Tensor) *Tensor {
	s := x.Shape()
	if len(s) < 1 {
		panic(errorf("Flatten: the input is a scalar; Flatten needs a batch N×d₁×… (first dimension = samples)"))
	}
	return x.Reshape(s[0], -1)
}

// Params returns nil.
func (f *FlattenLayer) Params() []*Tensor { return nil }

// SetTraining sets the mode (Flatten behaves the same in both).
func (f *FlattenLayer) SetTraining(training bool) { f.training = training }

// Training reports the mode.
func (f *FlattenLayer) Training() bool { return f.training }

// String returns "Flatten()".
func (f *FlattenLayer) String() string { return "Flatten()" }

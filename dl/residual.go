package dl

import (
	"fmt"
	"strings"
)

// ResidualLayer adds its input to the output of an inner module, a skip
// connection; make one with Residual.
type ResidualLayer struct {
	Inner    Module
	training bool
}

// Residual returns the skip connection y = x + inner(x) (as in ResNet).
// The gradient reaches x directly through the "+ x", whatever inner does,
// which is a treatment for vanishing gradients in deep networks. inner must
// keep the shape of its input, e.g.
//
//	dl.Residual(dl.Sequential(dl.Linear(64, 64), dl.ReLU(), dl.Linear(64, 64)))
func Residual(inner Module) *ResidualLayer {
	return &ResidualLayer{Inner: inner, training: true}
}

// Forward returns x + Inner.Forward(x).
func (r *ResidualLayer) Forward(x *Tensor) *Tensor {
	y := r.Inner.Forward(x)
	if fmt.Sprint(y.Shape()) != fmt.Sprint(x.Shape()) {
		panic(errorf("Residual: the inner module turns a %s input into a %s output; a skip connection needs the same shape (e.g. Linear(n, n))",
			shapeStr(x.Shape()), shapeStr(y.Shape())))
	}
	return x.Add(y)
}

// Params returns the inner module's parameters.
func (r *ResidualLayer) Params() []*Tensor { return r.Inner.Params() }

// Buffers returns the inner module's buffers.
func (r *ResidualLayer) Buffers() []*Tensor { return buffersOf(r.Inner) }

// SetTraining sets the mode of the layer and the inner module.
func (r *ResidualLayer) SetTraining(training bool) {
	r.training = training
	r.Inner.SetTraining(training)
}

// Training reports the mode.
func (r *ResidualLayer) Training() bool { return r.training }

func (r *ResidualLayer) reseed(seed uint64) {
	if s, ok := r.Inner.(reseeder); ok {
		s.reseed(seed)
	}
}

func (r *ResidualLayer) seedNoise(seed uint64) {
	if s, ok := r.Inner.(noiseSeeder); ok {
		s.seedNoise(seed)
	}
}

// String describes the layer, e.g. "Residual(x + Linear(4 → 4))".
func (r *ResidualLayer) String() string {
	return "Residual(x + " + strings.ReplaceAll(r.Inner.String(), "\n", "\n  ") + ")"
}

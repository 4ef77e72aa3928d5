package dl

import "fmt"

// DropoutLayer randomly zeroes inputs during training; make one with Dropout.
type DropoutLayer struct {
	P            float64 // probability of dropping a value
	rng          *RNG
	seed         uint64
	explicitSeed bool
	training     bool
}

// Dropout returns dropout with drop probability p (Srivastava et al. 2014),
// a treatment for overfitting on the slides (nn.Dropout(p=0.4)). In
// training mode each value is kept with probability 1 − p and scaled up, or
// set to 0:
//
//	y = x · mask / (1 − p),   mask_i ~ Bernoulli(1 − p)
//
// This is inverted dropout, as in PyTorch: the scaling keeps the expected
// value of y equal to x, so in eval mode the layer simply passes x through.
// A new mask is drawn at every Forward from the layer's seeded generator
// (the trainer re-seeds it from its Seed, see Train).
func Dropout(p float64) *DropoutLayer {
	if !(p >= 0 && p <= 1) {
		panic(errorf("Dropout(%v): p is a probability and must be in [0, 1], e.g. 0.4", p))
	}
	return &DropoutLayer{P: p, seed: DefaultSeed, rng: NewRNG(DefaultSeed), training: true}
}

// Seed sets the seed of the masks and returns the layer.
func (d *DropoutLayer) Seed(seed uint64) *DropoutLayer {
	d.seed, d.explicitSeed, d.rng = seed, true, NewRNG(seed)
	return d
}

func (d *DropoutLayer) reseed(seed uint64) {
	if !d.explicitSeed {
		d.seed, d.rng = seed, NewRNG(seed)
	}
}

func (d *DropoutLayer) seedNoise(seed uint64) {
	d.seed, d.rng = seed, NewRNG(seed)
}

// Forward multiplies x by a fresh random mask scaled by 1/(1 − p) in
// training mode and returns x unchanged in eval mode.
func (d *DropoutLayer) Forward(x *Tensor) *Tensor {
	if !d.training || d.P == 0 {
		return x
	}
	mask := make([]float64, x.Size())
	if d.P < 1 {
		scale := 1 / (1 - d.P)
		for i := range mask {
			if d.rng.Float64() >= d.P {
				mask[i] = scale
			}
		}
	}
	return x.Mul(New(mask, x.Shape()...))
}

// Params returns nil: dropout has no parameters.
func (d *DropoutLayer) Params() []*Tensor { return nil }

// SetTraining switches dropping on (true) or off (false).
func (d *DropoutLayer) SetTraining(training bool) { d.training = training }

// Training reports the mode.
func (d *DropoutLayer) Training() bool { return d.training }

// String describes the layer and its mode, e.g. "Dropout(p=0.4, training)".
func (d *DropoutLayer) String() string {
	return fmt.Sprintf("Dropout(p=%g, %s)", d.P, modeName(d.training))
}

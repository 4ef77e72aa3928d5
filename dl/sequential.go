package dl

import (
	"fmt"
	"slices"
	"strings"
)

// SequentialModel applies its layers one after the other; make one with
// Sequential.
type SequentialModel struct {
	Layers       []Module
	seed         uint64
	explicitSeed bool
	training     bool
}

// Sequential returns a model that feeds its input through layers in order:
// Forward(x) = layers[n−1](…layers[1](layers[0](x))).
//
//	model := dl.Sequential(
//		dl.Linear(2, 16), dl.ReLU(),
//		dl.Linear(16, 1), dl.Sigmoid(),
//	)
//
// Every layer gets its own seed derived from the model's seed (DefaultSeed,
// or the one given with Seed) and its position, and is initialised from it,
// so a model is the same on every run, and two layers of the same size do
// not start equal. Layers seeded explicitly (Linear(…).Seed(s)) keep their
// values. The model starts in training mode.
func Sequential(layers ...Module) *SequentialModel {
	m := &SequentialModel{Layers: layers, seed: DefaultSeed, training: true}
	m.reseedLayers()
	return m
}

// Seed re-initialises every layer (except those seeded explicitly) from
// seeds derived from seed, and returns the model.
func (m *SequentialModel) Seed(seed uint64) *SequentialModel {
	m.seed, m.explicitSeed = seed, true
	m.reseedLayers()
	return m
}

func (m *SequentialModel) reseed(seed uint64) {
	if !m.explicitSeed {
		m.seed = seed
		m.reseedLayers()
	}
}

func (m *SequentialModel) reseedLayers() {
	for i, l := range m.Layers {
		if r, ok := l.(reseeder); ok {
			r.reseed(deriveSeed(m.seed, i))
		}
	}
}

func (m *SequentialModel) seedNoise(seed uint64) {
	for i, l := range m.Layers {
		if n, ok := l.(noiseSeeder); ok {
			n.seedNoise(deriveSeed(seed, i))
		}
	}
}

// Forward feeds x through every layer in order.
func (m *SequentialModel) Forward(x *Tensor) *Tensor {
	for _, l := range m.Layers {
		x = l.Forward(x)
	}
	return x
}

// Params returns the parameters of all layers, in layer order, each once:
// a layer that appears twice (shared weights) contributes its parameters
// once, as PyTorch's parameters() does, so that an optimizer updates them
// once per step.
func (m *SequentialModel) Params() []*Tensor {
	var ps []*Tensor
	for _, l := range m.Layers {
		for _, p := range l.Params() {
			if !slices.Contains(ps, p) { // a layer used twice shares its weights: list them once
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// Buffers returns the non-trained state of all layers (BatchNorm1d's
// running statistics), in layer order.
func (m *SequentialModel) Buffers() []*Tensor {
	var bs []*Tensor
	for _, l := range m.Layers {
		for _, b := range buffersOf(l) {
			if !slices.Contains(bs, b) {
				bs = append(bs, b)
			}
		}
	}
	return bs
}

// SetTraining sets the mode of the model and every layer.
func (m *SequentialModel) SetTraining(training bool) {
	m.training = training
	for _, l := range m.Layers {
		l.SetTraining(training)
	}
}

// Training reports the model's mode.
func (m *SequentialModel) Training() bool { return m.training }

// Train switches the model to training mode (Dropout drops, BatchNorm1d
// uses batch statistics) and returns it.
func (m *SequentialModel) Train() *SequentialModel { m.SetTraining(true); return m }

// Eval switches the model to evaluation mode (Dropout passes everything,
// BatchNorm1d uses its running statistics) and returns it. Use it before
// measuring or predicting; the trainer does it for validation.
func (m *SequentialModel) Eval() *SequentialModel { m.SetTraining(false); return m }

// Add appends layers to the model (seeding them like Sequential does) and
// returns it.
func (m *SequentialModel) Add(layers ...Module) *SequentialModel {
	n := len(m.Layers)
	m.Layers = append(m.Layers, layers...)
	for i, l := range layers {
		if r, ok := l.(reseeder); ok {
			r.reseed(deriveSeed(m.seed, n+i))
		}
		l.SetTraining(m.training)
	}
	return m
}

// String lists the layers and the mode, like PyTorch:
//
//	Sequential (training mode, 65 parameters)
//	  (0): Linear(2 → 16)
//	  (1): ReLU()
//	  (2): Linear(16 → 1)
func (m *SequentialModel) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Sequential (%s mode, %d parameters)", modeName(m.training), ParamCount(m))
	for i, l := range m.Layers {
		s := strings.ReplaceAll(l.String(), "\n", "\n  ")
		fmt.Fprintf(&b, "\n  (%d): %s", i, s)
	}
	return b.String()
}

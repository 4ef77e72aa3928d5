package dl

import "fmt"

// A Module is a layer or a whole model: something with a Forward pass and
// trainable parameters. Linear, the activation layers, BatchNorm1d,
// Dropout, Residual, Flatten and Sequential are modules, and a notebook can
// define its own by implementing these five methods.
//
//   - Forward computes the output for a batch x (first dimension = samples),
//     recording the graph so that Backward reaches the parameters.
//   - Params returns the trainable tensors (the ones the optimizer updates),
//     always the same tensors in the same order.
//   - SetTraining switches between training mode (true, the default) and
//     evaluation mode (false); only BatchNorm1d, BatchNorm2d and Dropout behave
//     differently. Training reports the mode.
//   - String describes the module (printing a model shows its layers and
//     its mode).
type Module interface {
	Forward(x *Tensor) *Tensor
	Params() []*Tensor
	SetTraining(training bool)
	Training() bool
	String() string
}

// A BufferedModule is a Module with state that is not trained by the
// optimizer but belongs to the model, like BatchNorm1d's running mean and
// variance. Save and Load store Buffers after Params.
type BufferedModule interface {
	Module
	Buffers() []*Tensor
}

// ParamCount returns the number of trainable values of m, the sum of the
// sizes of its Params.
func ParamCount(m Module) int {
	n := 0
	for _, p := range m.Params() {
		n += p.Size()
	}
	return n
}

// buffersOf returns m's buffers, or nil if it has none.
func buffersOf(m Module) []*Tensor {
	if b, ok := m.(BufferedModule); ok {
		return b.Buffers()
	}
	return nil
}

// modeName is how a module's mode is printed.
func modeName(training bool) string {
	if training {
		return "training"
	}
	return "eval"
}

// Seeding. Every random initial value or random mask in dl comes from a
// seed, never from hidden global state, so that the same notebook gives the
// same numbers every run and models can be built in parallel (Sweep).
// A layer built alone uses DefaultSeed; Sequential gives each of its layers
// its own seed derived from the Sequential's seed and its position, unless
// the layer was seeded explicitly with its Seed method.

// reseeder is implemented by modules whose initial parameters come from a
// seed; reseed re-initialises them from seed unless the user chose a seed.
type reseeder interface{ reseed(seed uint64) }

// noiseSeeder is implemented by modules that draw random numbers while
// running (Dropout); the trainer seeds them from its own seed.
type noiseSeeder interface{ seedNoise(seed uint64) }

// deriveSeed mixes a seed with a position (splitmix64), so that layer i of
// a model gets a seed of its own.
func deriveSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// checkFeatures panics unless x is a batch whose last dimension is n;
// layer describes the layer for the message (called only on failure).
func checkFeatures(layer fmt.Stringer, x *Tensor, n int) {
	s := x.shape
	if len(s) < 1 || s[len(s)-1] != n {
		panic(errorf("%s: input is %s, but its last dimension should be %d (the layer's input features); check the previous layer's output size",
			layer, shapeStr(s), n))
	}
}

package dl

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
)

// LinearLayer is a fully connected layer y = xW + b; make one with Linear.
//
// Weight has shape in×out and Bias shape out, so that a batch x of shape
// N×in gives y = x·Weight + Bias of shape N×out: row i of y is wᵀxᵢ + b for
// each of the out neurons, as on the slides. (PyTorch's nn.Linear stores
// the transpose, an out×in weight, and computes x·Wᵀ + b.)
type LinearLayer struct {
	Weight, Bias *Tensor // trainable parameters; Bias is nil after NoBias
	in, out      int
	initName     string                              // "" for PyTorch's default
	init         func(rng *RNG, in, out int) *Tensor // weight initialiser (nil: default)
	seed         uint64
	explicitSeed bool
	training     bool
}

// Linear returns a fully connected layer from in to out features,
// initialised like PyTorch's nn.Linear: weight and bias drawn uniformly from
// [−1/√in, 1/√in]. The values come from a seed, so they are the same every
// run: DefaultSeed for a layer built alone, a seed derived from the model's
// inside Sequential (see Sequential), or the one given with Seed.
//
//	layer := dl.Linear(3, 1)                            // PyTorch's default init
//	layer := dl.Linear(784, 256).Init(dl.KaimingNormal) // He init for ReLU nets
func Linear(in, out int) *LinearLayer {
	if in < 1 || out < 1 {
		panic(errorf("Linear(%d, %d): the numbers of input and output features must be ≥ 1", in, out))
	}
	l := &LinearLayer{in: in, out: out, seed: DefaultSeed, training: true}
	l.Weight = Zeros(in, out).Named("weight").RequiresGrad()
	l.Bias = Zeros(out).Named("bias").RequiresGrad()
	l.initialize()
	return l
}

// Init chooses the weight initialisation, one of dl.XavierUniform,
// dl.XavierNormal (for tanh/sigmoid networks), dl.KaimingUniform or
// dl.KaimingNormal (for ReLU networks), or a fixed spread such as
// dl.NormalInit(0.01), re-initialises the layer and returns it. With an
// explicit Init the bias starts at zero.
func (l *LinearLayer) Init(scheme any) *LinearLayer {
	switch f := scheme.(type) {
	case func(*RNG, int, int, ...int) *Tensor: // XavierUniform, XavierNormal
		l.init = func(rng *RNG, in, out int) *Tensor { return f(rng, in, out, in, out) }
		l.initName = funcName(scheme)
	case func(*RNG, int, ...int) *Tensor: // KaimingUniform, KaimingNormal
		l.init = func(rng *RNG, in, out int) *Tensor { return f(rng, in, in, out) }
		l.initName = funcName(scheme)
	case InitScheme: // NormalInit, UniformInit
		if f.draw == nil {
			panic(errorf("Linear.Init: an empty dl.InitScheme; make one with dl.NormalInit(std) or dl.UniformInit(a)"))
		}
		l.init = func(rng *RNG, in, out int) *Tensor { return f.draw(rng, in, out) }
		l.initName = f.name
	default:
		panic(errorf("Linear.Init: %T is not an initialiser; use dl.XavierUniform, dl.XavierNormal, dl.KaimingUniform, dl.KaimingNormal, dl.NormalInit(std) or dl.UniformInit(a)", scheme))
	}
	l.initialize()
	return l
}

// Seed sets the seed of the layer's initial values, re-initialises it and
// returns it. A layer seeded this way keeps its values when put into a
// Sequential.
func (l *LinearLayer) Seed(seed uint64) *LinearLayer {
	l.seed, l.explicitSeed = seed, true
	l.initialize()
	return l
}

// NoBias removes the bias (y = xW) and returns the layer.
func (l *LinearLayer) NoBias() *LinearLayer {
	l.Bias = nil
	return l
}

// initialize fills Weight and Bias in place (so that references to them,
// e.g. an optimizer's state, stay valid) from the layer's seed.
func (l *LinearLayer) initialize() {
	rng := NewRNG(l.seed)
	w := l.Weight.Data()
	if l.init == nil {
		bound := 1 / math.Sqrt(float64(l.in))
		copy(w, rng.Uniform(-bound, bound, l.in, l.out).Data())
		if l.Bias != nil {
			copy(l.Bias.Data(), rng.Uniform(-bound, bound, l.out).Data())
		}
		return
	}
	copy(w, l.init(rng, l.in, l.out).Data())
	if l.Bias != nil {
		clear(l.Bias.Data())
	}
}

func (l *LinearLayer) reseed(seed uint64) {
	if !l.explicitSeed {
		l.seed = seed
		l.initialize()
	}
}

// Forward returns x·Weight + Bias for a batch x of shape N×in (or any
// shape whose last dimension is in).
func (l *LinearLayer) Forward(x *Tensor) *Tensor {
	checkFeatures(l, x, l.in)
	if len(x.shape) != 2 || l.Bias == nil {
		y := x.MatMul(l.Weight)
		if l.Bias != nil {
			y = y.Add(l.Bias)
		}
		return y
	}
	return linear(x, l.Weight, l.Bias)
}

// linear is the op "Linear": y = x·W + b for a batch x (N×in), weights W
// (in×out) and bias b (out), in one op. It is x.MatMul(w).Add(b) fused: the
// product is written straight on top of the bias rows, so there is one
// result and one node on the tape instead of two (PyTorch's addmm).
//
// Backward, with G = ∂L/∂y (N×out):
//
//	∂L/∂x = G·Wᵀ      ∂L/∂W = xᵀ·G      ∂L/∂b = Σ_rows G
//
// (the bias is added to every row, so its gradient sums the rows).
func linear(x, w, b *Tensor) *Tensor {
	n, in, out := x.shape[0], x.shape[1], w.shape[1]
	y := newOp("Linear", []int{n, out}, x, w, b)
	for i := 0; i < n; i++ {
		copy(y.data[i*out:(i+1)*out], b.data) // y = b in every row,
	}
	gemm(false, false, n, out, in, 1, x.data, in, w.data, out, 1, y.data, out) // then y += x·W
	return y.withBackward(func() {
		g := y.grad.data
		if x.requiresGrad { // ∂L/∂x += G·Wᵀ   (N×out · out×in)
			gemm(false, true, n, in, out, 1, g, out, w.data, out, 1, x.gradData(), in)
		}
		if w.requiresGrad { // ∂L/∂W += xᵀ·G   (in×N · N×out)
			gemm(true, false, in, out, n, 1, x.data, in, g, out, 1, w.gradData(), out)
		}
		if b.requiresGrad { // ∂L/∂b += Σ_rows G
			gb := b.gradData()
			for i := 0; i < n; i++ {
				addTo(gb, g[i*out:(i+1)*out])
			}
		}
	})
}

// Params returns [Weight, Bias] (or [Weight] without bias).
func (l *LinearLayer) Params() []*Tensor {
	if l.Bias == nil {
		return []*Tensor{l.Weight}
	}
	return []*Tensor{l.Weight, l.Bias}
}

// SetTraining sets the mode (a Linear layer behaves the same in both).
func (l *LinearLayer) SetTraining(training bool) { l.training = training }

// Training reports the mode.
func (l *LinearLayer) Training() bool { return l.training }

// String describes the layer, e.g. "Linear(3 → 1)".
func (l *LinearLayer) String() string {
	s := fmt.Sprintf("Linear(%d → %d", l.in, l.out)
	if l.Bias == nil {
		s += ", no bias"
	}
	if l.initName != "" {
		s += ", init=" + l.initName
	}
	return s + ")"
}

// funcName returns the short name of a function value ("XavierUniform").
func funcName(f any) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return name[strings.LastIndex(name, ".")+1:]
}

package dl

import (
	"fmt"
	"math"
)

// Weight initialisation. A layer's weights start random so that neurons
// differ, with a spread chosen so that the variance of the signal stays
// about the same from layer to layer. The formulas are PyTorch's
// (torch.nn.init). fanIn is the number of inputs of a neuron, fanOut the
// number of neurons fed by one input; for a Linear layer in→out, fanIn = in
// and fanOut = out. A nil rng means DefaultRNG().

// XavierUniform (Glorot) draws from U[−a, a] with a = √(6/(fanIn + fanOut)),
// for layers followed by tanh or sigmoid.
func XavierUniform(rng *RNG, fanIn, fanOut int, shape ...int) *Tensor {
	a := math.Sqrt(6 / float64(fanIn+fanOut))
	return rng.Uniform(-a, a, shape...)
}

// XavierNormal (Glorot) draws from N(0, σ²) with σ = √(2/(fanIn + fanOut)).
func XavierNormal(rng *RNG, fanIn, fanOut int, shape ...int) *Tensor {
	return rng.Normal(0, math.Sqrt(2/float64(fanIn+fanOut)), shape...)
}

// KaimingUniform (He) draws from U[−b, b] with b = gain·√(3/fanIn) and the
// ReLU gain √2, i.e. b = √(6/fanIn), for layers followed by ReLU.
func KaimingUniform(rng *RNG, fanIn int, shape ...int) *Tensor {
	b := math.Sqrt2 * math.Sqrt(3/float64(fanIn))
	return rng.Uniform(-b, b, shape...)
}

// KaimingNormal (He) draws from N(0, σ²) with σ = gain/√fanIn and the ReLU
// gain √2, i.e. σ = √(2/fanIn).
func KaimingNormal(rng *RNG, fanIn int, shape ...int) *Tensor {
	return rng.Normal(0, math.Sqrt2/math.Sqrt(float64(fanIn)), shape...)
}

// InitScheme is a weight initialisation with a fixed spread, whatever the
// layer's size, for Linear(...).Init; make one with NormalInit or
// UniformInit.
type InitScheme struct {
	name string
	draw func(rng *RNG, shape ...int) *Tensor
}

// String names the scheme, e.g. "N(0, 0.01²)".
func (s InitScheme) String() string { return s.name }

// NormalInit draws every weight from N(0, std²), whatever the layer's size:
//
//	dl.Linear(256, 256).Init(dl.NormalInit(0.01))
//
// This is how networks were initialised before Xavier and Kaiming, and
// what shows why they are needed: in a deep network a σ too small makes the
// signal (and the gradient) shrink layer after layer, a σ too large makes
// it grow, so the gradients vanish or explode. Xavier and Kaiming pick σ
// from the layer's fan-in so that the variance stays the same. PyTorch:
// torch.nn.init.normal_(layer.weight, 0, std).
func NormalInit(std float64) InitScheme {
	if !(std >= 0) || math.IsInf(std, 0) {
		panic(errorf("NormalInit(%v): the standard deviation must be a finite number ≥ 0, e.g. 0.01 or 1", std))
	}
	return InitScheme{
		name: fmt.Sprintf("N(0, %g²)", std),
		draw: func(rng *RNG, shape ...int) *Tensor { return rng.Normal(0, std, shape...) },
	}
}

// UniformInit draws every weight from U[−a, a], whatever the layer's size
// (see NormalInit). PyTorch: torch.nn.init.uniform_(layer.weight, -a, a).
func UniformInit(a float64) InitScheme {
	if !(a >= 0) || math.IsInf(a, 0) {
		panic(errorf("UniformInit(%v): the half-width must be a finite number ≥ 0, e.g. 0.05", a))
	}
	return InitScheme{
		name: fmt.Sprintf("U[−%g, %g]", a, a),
		draw: func(rng *RNG, shape ...int) *Tensor { return rng.Uniform(-a, a, shape...) },
	}
}

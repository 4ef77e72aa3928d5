package dl

import "math"

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
	return Uniform(rng, -a, a, shape...)
}

// XavierNormal (Glorot) draws from N(0, σ²) with σ = √(2/(fanIn + fanOut)).
func XavierNormal(rng *RNG, fanIn, fanOut int, shape ...int) *Tensor {
	return Normal(rng, 0, math.Sqrt(2/float64(fanIn+fanOut)), shape...)
}

// KaimingUniform (He) draws from U[−b, b] with b = gain·√(3/fanIn) and the
// ReLU gain √2, i.e. b = √(6/fanIn), for layers followed by ReLU.
func KaimingUniform(rng *RNG, fanIn int, shape ...int) *Tensor {
	b := math.Sqrt2 * math.Sqrt(3/float64(fanIn))
	return Uniform(rng, -b, b, shape...)
}

// KaimingNormal (He) draws from N(0, σ²) with σ = gain/√fanIn and the ReLU
// gain √2, i.e. σ = √(2/fanIn).
func KaimingNormal(rng *RNG, fanIn int, shape ...int) *Tensor {
	return Normal(rng, 0, math.Sqrt2/math.Sqrt(float64(fanIn)), shape...)
}

package dl

import (
	"math/rand/v2"

	"github.com/dlfun/dlfun/internal/detrand"
)

// DefaultSeed is the seed of DefaultRNG: a notebook that draws its random
// numbers from DefaultRNG (or from NewRNG(DefaultSeed)) gets the same numbers
// on every run and every machine.
const DefaultSeed uint64 = 42

// RNG is a seeded pseudo-random number generator (PCG from math/rand/v2).
// Every random thing in dl takes an *RNG, so results are reproducible: the
// same seed gives the same numbers. An RNG is not safe for concurrent use.
type RNG struct {
	r *rand.Rand
}

// NewRNG returns a generator seeded with seed.
func NewRNG(seed uint64) *RNG {
	return &RNG{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// defaultRNG is the package default generator, seeded with DefaultSeed.
var defaultRNG = NewRNG(DefaultSeed)

// DefaultRNG returns the package's default generator, seeded with
// DefaultSeed when the program starts. It is shared state: every draw
// advances it. (Since each notebook cell runs as a fresh process, a cell
// sees the same sequence every time it runs.)
func DefaultRNG() *RNG { return defaultRNG }

// Float64 returns a uniform value in [0, 1).
func (g *RNG) Float64() float64 { return g.r.Float64() }

// NormFloat64 returns a standard normal value (mean 0, standard deviation 1),
// the same bits on every machine (math/rand/v2's own NormFloat64 is not:
// see internal/detrand).
func (g *RNG) NormFloat64() float64 { return detrand.NormFloat64(g.r) }

// IntN returns a uniform integer in [0, n). It panics if n ≤ 0.
func (g *RNG) IntN(n int) int { return g.r.IntN(n) }

// Perm returns a random permutation of 0..n−1.
func (g *RNG) Perm(n int) []int { return g.r.Perm(n) }

// Shuffle randomly permutes n elements by calling swap(i, j).
func (g *RNG) Shuffle(n int, swap func(i, j int)) { g.r.Shuffle(n, swap) }

// rngOrDefault lets a nil *RNG mean DefaultRNG.
func rngOrDefault(g *RNG) *RNG {
	if g == nil {
		return defaultRNG
	}
	return g
}

// Rand returns a tensor of the given shape with values drawn uniformly
// from [0, 1) by DefaultRNG, like torch.rand: dl.Rand(3, 4). For a stream
// of its own, seeded, use an RNG's method: dl.NewRNG(7).Rand(3, 4).
func Rand(shape ...int) *Tensor { return defaultRNG.Uniform(0, 1, shape...) }

// Randn returns a tensor of the given shape with standard normal values
// (mean 0, standard deviation 1) drawn by DefaultRNG, like torch.randn:
// dl.Randn(3, 4). For a stream of its own use dl.NewRNG(seed).Randn(3, 4).
func Randn(shape ...int) *Tensor { return defaultRNG.Normal(0, 1, shape...) }

// Uniform returns a tensor of the given shape with values drawn uniformly
// from [lo, hi) by DefaultRNG (see RNG.Uniform).
func Uniform(lo, hi float64, shape ...int) *Tensor { return defaultRNG.Uniform(lo, hi, shape...) }

// Normal returns a tensor of the given shape with values drawn from
// N(mean, std²) by DefaultRNG (see RNG.Normal).
func Normal(mean, std float64, shape ...int) *Tensor { return defaultRNG.Normal(mean, std, shape...) }

// Rand returns a tensor of the given shape with values drawn uniformly
// from [0, 1) by g (a nil g means DefaultRNG()).
func (g *RNG) Rand(shape ...int) *Tensor { return g.Uniform(0, 1, shape...) }

// Randn returns a tensor of the given shape with standard normal values
// drawn by g (a nil g means DefaultRNG()).
func (g *RNG) Randn(shape ...int) *Tensor { return g.Normal(0, 1, shape...) }

// Uniform returns a tensor of the given shape with values drawn uniformly
// from [lo, hi) by g: lo + (hi − lo)·u with u ~ U[0, 1). A nil g means
// DefaultRNG().
func (g *RNG) Uniform(lo, hi float64, shape ...int) *Tensor {
	g = rngOrDefault(g)
	t := Zeros(shape...)
	for i := range t.data {
		// float64(…) rounds the product before the sum: without it Go
		// may fuse them into one FMA instruction on arm64 and not on
		// amd64, and the same seed would give different numbers.
		t.data[i] = lo + float64((hi-lo)*g.Float64())
	}
	return t
}

// Normal returns a tensor of the given shape with values drawn from the
// normal distribution N(mean, std²) by g: mean + std·z with z ~ N(0, 1).
// A nil g means DefaultRNG().
func (g *RNG) Normal(mean, std float64, shape ...int) *Tensor {
	g = rngOrDefault(g)
	t := Zeros(shape...)
	for i := range t.data {
		t.data[i] = mean + float64(std*g.NormFloat64()) // no FMA: see Uniform
	}
	return t
}

package datasets

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/dlfun/dlfun/internal/detrand"
)

// Every random number in this package comes from a PCG generator
// (math/rand/v2.PCG, a published algorithm with a fixed output sequence),
// and is turned into floats, integers and Gaussians by the small functions
// below rather than by rand.Rand's helpers. They use only integer
// arithmetic, +, −, ×, ÷ and √ (which IEEE 754 rounds identically
// everywhere), and every product that feeds a sum is written as mul(a, b):
// an explicit float64 conversion, which forbids the compiler from fusing it
// into an FMA instruction (Go does that on arm64, e.g. Apple laptops, but not
// on amd64). So the same seed gives the same bytes on every machine.

// streamConstant is the second PCG word; it is mixed with the seed so that
// seeds 0, 1, 2, ... start far apart in the generator's sequence.
const streamConstant = 0x9e3779b97f4a7c15

// newRNG returns the generator that a seed names.
func newRNG(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^streamConstant))
}

// newRNG2 returns the generator for (seed, stream), e.g. one per epoch.
func newRNG2(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitmix(stream^streamConstant)))
}

// splitmix scrambles x (SplitMix64 finaliser) so nearby inputs give unrelated outputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// mul returns a·b rounded to float64; the conversion stops FMA fusion.
func mul(a, b float64) float64 { return float64(a * b) }

// uniform returns a float64 uniformly distributed in [0, 1).
func uniform(r *rand.Rand) float64 {
	return float64(r.Uint64()>>11) / (1 << 53)
}

// uniformIn returns a float64 uniformly distributed in [lo, hi).
func uniformIn(r *rand.Rand, lo, hi float64) float64 {
	return lo + mul(hi-lo, uniform(r))
}

// intN returns an int uniformly distributed in [0, n) (Lemire's method).
func intN(r *rand.Rand, n int) int {
	if n <= 0 {
		panic("datasets: intN needs n > 0")
	}
	un := uint64(n)
	hi, lo := bits.Mul64(r.Uint64(), un)
	if lo < un {
		threshold := -un % un
		for lo < threshold {
			hi, lo = bits.Mul64(r.Uint64(), un)
		}
	}
	return int(hi)
}

// shuffle puts p in a uniformly random order (Fisher–Yates).
func shuffle(r *rand.Rand, p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := intN(r, i+1)
		p[i], p[j] = p[j], p[i]
	}
}

// perm returns a random permutation of 0..n-1.
func perm(r *rand.Rand, n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	shuffle(r, p)
	return p
}

// normal returns a standard Gaussian sample (Marsaglia's polar method):
// draw (u, v) uniformly in the unit disc, s = u²+v², and return
// u·√(−2·ln s / s).
func normal(r *rand.Rand) float64 {
	for {
		u := uniformIn(r, -1, 1)
		v := uniformIn(r, -1, 1)
		s := mul(u, u) + mul(v, v)
		if s > 0 && s < 1 {
			return mul(u, math.Sqrt(-2*detrand.Log(s)/s))
		}
	}
}

// sinCos returns sin θ and cos θ using only exactly rounded operations:
// θ is reduced to [−π, π] and both Taylor series are summed until the terms
// vanish (|θ|ⁿ/n! < 1e-17 for n ≥ 30).
func sinCos(theta float64) (sin, cos float64) {
	const twoPi = 2 * math.Pi
	k := math.Floor(theta/twoPi + 0.5)
	x := theta - mul(k, twoPi)
	// sin: x − x³/3! + …; cos: 1 − x²/2! + …
	sin, cos = 0, 0
	term := 1.0 // xⁿ/n!, with sign
	for n := 0; n < 32; n++ {
		if n%2 == 0 {
			cos += term
		} else {
			sin += term
		}
		next := mul(term, x) / float64(n+1)
		if n%2 == 1 {
			next = -next
		}
		term = next
	}
	return sin, cos
}

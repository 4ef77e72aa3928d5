package dl

import (
	"math"
	"testing"

	"github.com/dlfun/dlfun/dl/internal/fast"
)

// TestAdamFastMatchesLoop checks that fast.Adam (AVX2 assembly on amd64)
// gives the reference loop adamUpdate's results: lengths around the
// 4-element blocks, zero and subnormal-bound moments (flush), NaN and ±Inf,
// L2 and decoupled decay, several steps.
func TestAdamFastMatchesLoop(t *testing.T) {
	rng := NewRNG(7)
	for _, n := range []int{0, 1, 3, 4, 5, 8, 15, 16, 17, 33, 1000, 1003} {
		for _, decay := range [][2]float64{{0, 0}, {0.01, 0}, {0, 0.001}, {0.05, 0.002}} {
			x0 := make([]float64, n)
			for i := range x0 {
				x0[i] = rng.NormFloat64()
			}
			xa, xb := append([]float64(nil), x0...), append([]float64(nil), x0...)
			ma, va := make([]float64, n), make([]float64, n)
			mb, vb := make([]float64, n), make([]float64, n)
			// Moments near flush's threshold, and special values.
			for i := 0; i < n; i += 7 {
				ma[i], mb[i] = 0x1p-1020, 0x1p-1020
			}
			g := make([]float64, n)
			for step := 1; step <= 5; step++ {
				for i := range g {
					switch {
					case i%5 == 0:
						g[i] = 0
					case i%11 == 3:
						g[i] = 1e-300
					default:
						g[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
					}
				}
				if n > 20 && step == 5 {
					g[9], g[10], g[13] = math.NaN(), math.Inf(1), math.Inf(-1)
				}
				c1 := 1 / (1 - math.Pow(0.9, float64(step)))
				c2 := 1 / (1 - math.Pow(0.999, float64(step)))
				adamUpdate(xa, g, ma, va, 1e-3, 0.9, 0.999, 1e-8, decay[0], decay[1], c1, c2)
				fast.Adam(xb, g, mb, vb, fast.AdamRule{LR: 1e-3, B1: 0.9, B2: 0.999, Eps: 1e-8, L2: decay[0], Beta: decay[1]}, c1, c2)
				for _, c := range []struct {
					name string
					a, b []float64
				}{{"x", xa, xb}, {"m", ma, mb}, {"v", va, vb}} {
					for i := range c.a {
						if !sameFloat(c.a[i], c.b[i]) {
							t.Fatalf("n=%d decay=%v step %d: %s[%d] = %v (loop) vs %v (fast)",
								n, decay, step, c.name, i, c.a[i], c.b[i])
						}
					}
				}
			}
		}
	}
}

// sameFloat reports whether a and b agree to 1e-15 relative (both NaN counts).
func sameFloat(a, b float64) bool {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return true
	}
	return math.Abs(a-b) <= 1e-15*math.Max(math.Abs(a), math.Abs(b))
}

//go:build amd64 && !amd64.v3

package dl

import (
	"math"
	"testing"

	"github.com/dlfun/dlfun/dl/internal/fast"
)

// TestAdamFastExact checks the stronger property the assembly is written
// for: without FMA and in the loop's order, the results are bit for bit
// equal (below GOAMD64=v3 the compiler does not fuse the Go loop either).
func TestAdamFastExact(t *testing.T) {
	rng := NewRNG(8)
	n := 4099
	x, g := rng.Randn(n).Data(), rng.Randn(n).Data()
	xa, xb := append([]float64(nil), x...), append([]float64(nil), x...)
	ma, va, mb, vb := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for step := 1; step <= 3; step++ {
		c1 := 1 / (1 - math.Pow(0.9, float64(step)))
		c2 := 1 / (1 - math.Pow(0.999, float64(step)))
		adamUpdate(xa, g, ma, va, 1e-3, 0.9, 0.999, 1e-8, 0.01, 0.001, c1, c2)
		fast.Adam(xb, g, mb, vb, fast.AdamRule{LR: 1e-3, B1: 0.9, B2: 0.999, Eps: 1e-8, L2: 0.01, Beta: 0.001}, c1, c2)
	}
	diff := 0
	for i := range xa {
		if math.Float64bits(xa[i]) != math.Float64bits(xb[i]) ||
			math.Float64bits(ma[i]) != math.Float64bits(mb[i]) ||
			math.Float64bits(va[i]) != math.Float64bits(vb[i]) {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d elements differ in their bits", diff, n)
	}
}

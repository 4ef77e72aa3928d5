package fast

import (
	"math"
	"math/rand/v2"
	"testing"
)

var rule = AdamRule{LR: 1e-3, B1: 0.9, B2: 0.999, Eps: 1e-8, L2: 0.01, Beta: 0.001}

// randomSlices returns k slices of n normal numbers with a few special
// values (0, subnormal-bound, NaN, ±Inf).
func randomSlices(rng *rand.Rand, n, k int) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		out[j] = make([]float64, n)
		for i := range out[j] {
			out[j][i] = rng.NormFloat64()
		}
	}
	if n > 20 {
		out[0][9], out[0][10], out[1][13], out[1][14] = math.NaN(), math.Inf(1), math.Inf(-1), 0
		out[2][3] = 0x1p-1020
	}
	return out
}

func bitsEqual(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}

// TestAdamMatchesLoop checks that Adam (the assembly where there is one)
// gives adamLoop's results bit for bit, for lengths around the 4-element
// blocks.
func TestAdamMatchesLoop(t *testing.T) {
	if !useAVX2 {
		t.Log("no assembly in this build: Adam is adamLoop")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 4, 5, 17, 1003, 4099} {
		in := randomSlices(rng, n, 4) // x, g, m, v
		got := [][]float64{append([]float64(nil), in[0]...), in[1], append([]float64(nil), in[2]...), append([]float64(nil), in[3]...)}
		want := [][]float64{append([]float64(nil), in[0]...), in[1], append([]float64(nil), in[2]...), append([]float64(nil), in[3]...)}
		for j := range want[3] { // v ≥ 0
			got[3][j], want[3][j] = math.Abs(got[3][j]), math.Abs(want[3][j])
		}
		for step := 1; step <= 3; step++ {
			c1, c2 := 1/(1-math.Pow(0.9, float64(step))), 1/(1-math.Pow(0.999, float64(step)))
			Adam(got[0], got[1], got[2], got[3], rule, c1, c2)
			adamLoop(want[0], want[1], want[2], want[3], rule, c1, c2)
		}
		for j, name := range []string{"x", "g", "m", "v"} {
			if i := bitsEqual(got[j], want[j]); i >= 0 {
				t.Errorf("n=%d: %s[%d] = %v (Adam), %v (adamLoop)", n, name, i, got[j][i], want[j][i])
			}
		}
	}
}

// TestAdamQueue checks that a queue of parameters, small (one goroutine)
// and large (split over the cores), gets each parameter's own update, that
// zeroGrads clears exactly the gradients, and that Has finds a queued
// parameter.
func TestAdamQueue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sizes := range [][]int{{3, 5, 1}, {MinParallel + 7, 100, 2 * MinParallel}} {
		for _, zero := range []bool{false, true} {
			var q AdamQueue
			var params, want [][][]float64
			for _, n := range sizes {
				p := randomSlices(rng, n, 4)
				for j := range p[3] {
					p[3][j] = math.Abs(p[3][j])
				}
				w := [][]float64{append([]float64(nil), p[0]...), append([]float64(nil), p[1]...), append([]float64(nil), p[2]...), append([]float64(nil), p[3]...)}
				adamLoop(w[0], w[1], w[2], w[3], rule, 1.5, 2.5)
				if zero {
					clear(w[1])
				}
				if q.Has(p[0]) {
					t.Fatalf("sizes %v: Has before Add", sizes)
				}
				q.Add(p[0], p[1], p[2], p[3], 1.5, 2.5)
				if !q.Has(p[0]) {
					t.Fatalf("sizes %v: not Has after Add", sizes)
				}
				params, want = append(params, p), append(want, w)
			}
			if zero {
				q.ClearGrads()
			}
			q.Run(rule)
			if len(q.spans) != 0 || q.n != 0 || q.zeroGrads {
				t.Fatalf("sizes %v: the queue is not empty after Run", sizes)
			}
			for k := range params {
				for j, name := range []string{"x", "g", "m", "v"} {
					if i := bitsEqual(params[k][j], want[k][j]); i >= 0 {
						t.Errorf("sizes %v zeroGrads=%v: parameter %d %s[%d] = %v, want %v", sizes, zero, k, name, i, params[k][j][i], want[k][j][i])
					}
				}
			}
		}
	}
}

package detrand

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestLogExp(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-20, 0.001, 0.1, 0.5, 0.7071, 1, 1.5, 2, 10, 1e10, 1e300} {
		if got, want := Log(x), math.Log(x); math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
			t.Errorf("Log(%g) = %.17g, want %.17g", x, got, want)
		}
	}
	for _, x := range []float64{-700, -50, -5.9, -1, -0.5, -1e-10, 0, 1e-10, 0.3, 1, 10, 700} {
		if got, want := Exp(x), math.Exp(x); math.Abs(got-want) > 1e-14*want {
			t.Errorf("Exp(%g) = %.17g, want %.17g", x, got, want)
		}
	}
}

// The fast path is the standard library's: the same seed gives the same
// numbers as rand.Rand.NormFloat64 on (nearly) every draw, and the
// distribution is standard normal.
func TestNormFloat64(t *testing.T) {
	const n = 200000
	ours := rand.New(rand.NewPCG(1, 2))
	std := rand.New(rand.NewPCG(1, 2))
	same, sum, sum2 := 0, 0.0, 0.0
	for range n {
		a, b := NormFloat64(ours), std.NormFloat64()
		if a == b {
			same++
		}
		sum += a
		sum2 += a * a
	}
	if same < n*99/100 {
		t.Errorf("only %d of %d draws equal the standard library's", same, n)
	}
	mean, variance := sum/n, sum2/n-(sum/n)*(sum/n)
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.01 {
		t.Errorf("mean %.4f, variance %.4f: want 0 and 1", mean, variance)
	}
}

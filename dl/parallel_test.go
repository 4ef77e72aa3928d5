package dl

import (
	"math"
	"runtime"
	"sync/atomic"
	"testing"
)

// TestParallelFor checks that every index is visited exactly once, for
// loops below and above parallelMin and with one or several goroutines.
func TestParallelFor(t *testing.T) {
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 1000, parallelMin - 1, parallelMin, 3*parallelMin + 7} {
			seen := make([]int32, n)
			var calls atomic.Int32
			parallelFor(n, func(lo, hi int) {
				calls.Add(1)
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("GOMAXPROCS=%d n=%d: index %d visited %d times", procs, n, i, c)
				}
			}
			if n < parallelMin || procs == 1 {
				if calls.Load() != 1 {
					t.Errorf("GOMAXPROCS=%d n=%d: %d calls, want 1 (no split)", procs, n, calls.Load())
				}
			} else if calls.Load() < 2 {
				t.Errorf("GOMAXPROCS=%d n=%d: %d calls, want the loop split", procs, n, calls.Load())
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestAdamParallelMatchesSerial checks that a parameter large enough to be
// updated on several goroutines gets exactly the serial update.
func TestAdamParallelMatchesSerial(t *testing.T) {
	rng := NewRNG(21)
	n := 2*parallelMin + 5
	p := Randn(rng, n).RequiresGrad()
	x0 := p.Clone().Data()
	copy(p.gradData(), Randn(rng, n).Data())
	g := append([]float64(nil), p.Grad().Data()...)
	opt := Adam(0.01).WeightDecay(0.1)
	m, v := make([]float64, n), make([]float64, n)
	for step := 1; step <= 3; step++ {
		opt.Step(p)
		// The same three steps, serially.
		c1 := 1 / (1 - math.Pow(0.9, float64(step)))
		c2 := 1 / (1 - math.Pow(0.999, float64(step)))
		adamUpdate(x0, g, m, v, 0.01, 0.9, 0.999, 1e-8, 0.1, 0, c1, c2)
	}
	for i, want := range x0 {
		if got := p.Data()[i]; got != want {
			t.Fatalf("element %d: parallel %v, serial %v", i, got, want)
		}
	}
}

// TestAdamStepAndZeroGrad checks that stepAndZeroGrad is Step followed by
// ZeroGrad, for parameters updated on one goroutine and on several.
func TestAdamStepAndZeroGrad(t *testing.T) {
	for _, n := range []int{5, 2*parallelMin + 3} {
		rng := NewRNG(8)
		p, q := Randn(rng, n).RequiresGrad(), Zeros(n).RequiresGrad()
		copy(q.Data(), p.Data())
		g := Randn(rng, n).Data()
		a, b := Adam(0.01), Adam(0.01)
		for range 3 {
			copy(p.gradData(), g)
			copy(q.gradData(), g)
			a.Step(p)
			p.ZeroGrad()
			b.stepAndZeroGrad(q)
			for i := range n {
				if p.Data()[i] != q.Data()[i] || q.Grad().Data()[i] != 0 {
					t.Fatalf("n=%d element %d: value %v after Step+ZeroGrad, %v after stepAndZeroGrad (gradient left %v)",
						n, i, p.Data()[i], q.Data()[i], q.Grad().Data()[i])
				}
			}
		}
	}
}

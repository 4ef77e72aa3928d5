package dl

import (
	"math"
	"testing"

	"github.com/dlfun/dlfun/dl/internal/fast"
)

// TestAdamParallelMatchesSerial checks that a parameter large enough to be
// updated on several goroutines gets exactly the serial update.
func TestAdamParallelMatchesSerial(t *testing.T) {
	rng := NewRNG(21)
	n := 2*fast.MinParallel + 5
	p := rng.Randn(n).RequiresGrad()
	x0 := p.Clone().Data()
	copy(p.gradData(), rng.Randn(n).Data())
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
	for _, n := range []int{5, 2*fast.MinParallel + 3} {
		rng := NewRNG(8)
		p, q := rng.Randn(n).RequiresGrad(), Zeros(n).RequiresGrad()
		copy(q.Data(), p.Data())
		g := rng.Randn(n).Data()
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

// TestSharedWeightsUpdatedOnce checks that a layer used twice in a
// Sequential lists its parameters once, and that Adam given the same
// parameter twice updates it once (never from two cores at once).
func TestSharedWeightsUpdatedOnce(t *testing.T) {
	shared := Linear(200, 200)
	m := Sequential(shared, ReLU(), shared)
	if ps := m.Params(); len(ps) != 2 || ps[0] != shared.Weight || ps[1] != shared.Bias {
		t.Fatalf("Params of a model using one layer twice: %d tensors, want its weight and bias once", len(ps))
	}
	rng := NewRNG(4)
	p, q := rng.Randn(2*fast.MinParallel).RequiresGrad(), Zeros(2*fast.MinParallel).RequiresGrad()
	copy(q.Data(), p.Data())
	g := rng.Randn(2 * fast.MinParallel).Data()
	copy(p.gradData(), g)
	copy(q.gradData(), g)
	Adam(0.01).Step(p, p)
	Adam(0.01).Step(q)
	for i := range p.Data() {
		if p.Data()[i] != q.Data()[i] {
			t.Fatalf("element %d: %v after Step(p, p), %v after Step(p)", i, p.Data()[i], q.Data()[i])
		}
	}
}

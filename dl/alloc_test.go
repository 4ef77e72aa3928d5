package dl

import "testing"

// The allocation budget of a training step at steady state: each op
// allocates its result tensor (with room for its gradient) and its backward
// closure; values, gradients and temporaries come from the buffer pool, and
// the backward pass sorts the graph without allocating. These tests keep it
// that way (the numbers have some slack: a garbage collection empties the
// pool, and the next step then allocates its buffers afresh).

func TestStepAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in the full run without -race")
	}
	rng := NewRNG(4)
	m := newMLP(rng)
	x := rng.Rand(8, 784)
	onehot := Zeros(8, 10)
	for i := 0; i < 8; i++ {
		onehot.Set(1, i, rng.IntN(10))
	}
	params := []*Tensor{m.w1, m.b1, m.w2, m.b2, m.w3, m.b3}
	step := func() {
		ZeroGrad(params...)
		l := m.loss(x, onehot)
		l.Backward()
		l.Release()
	}
	step()         // fill the pool
	const ops = 13 // 3 × (MatMul, Add, activation), LogSoftmax, Mul, Sum, Mean, Neg
	got := testing.AllocsPerRun(20, step)
	t.Logf("%.1f allocations per step of %d ops", got, ops)
	if got > 2*ops+8 {
		t.Errorf("a step of %d ops allocates %.0f times, want ≤ %d (2 per op and a few more)", ops, got, 2*ops+8)
	}
}

func TestTrainerStepAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in the full run without -race")
	}
	x, y := people50()
	model := Sequential(Linear(3, 1), Sigmoid())
	tr := Train(model).Loss(BCE()).Optimizer(GD(0.1)).Data(TensorDataset(x, y), nil).
		BatchSize(50).Epochs(500).NoShuffle().Progress(false)
	tr.Run() // fill the pool
	// Linear, Sigmoid, BCE: 3 ops; the loss's value, the history and the
	// run's set-up come on top.
	got := testing.AllocsPerRun(3, func() { tr.Run() }) / 500
	t.Logf("%.2f allocations per trainer step", got)
	if got > 12 {
		t.Errorf("a trainer step allocates %.1f times, want ≤ 12", got)
	}
}

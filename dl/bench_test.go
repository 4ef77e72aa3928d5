package dl

import (
	"strconv"
	"testing"
)

// Run with: go test ./dl/ -run '^$' -bench . -benchtime=200ms

func BenchmarkMatMul64x784x256(b *testing.B) {
	rng := NewRNG(1)
	x, w := rng.Randn(64, 784), rng.Randn(784, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		x.MatMul(w)
	}
	flops := 2.0 * 64 * 784 * 256 * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkElementwiseChain64x256 runs five elementwise ops (with a bias
// broadcast) on 64×256 tensors: forward only, and forward+backward.
func BenchmarkElementwiseChain64x256(b *testing.B) {
	rng := NewRNG(2)
	x, y, bias := rng.Randn(64, 256), rng.Randn(64, 256), rng.Randn(256)
	chain := func() *Tensor { return x.Mul(y).Add(bias).Tanh().Square().Sub(x) }
	b.Run("forward", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			chain()
		}
	})
	b.Run("forward+backward", func(b *testing.B) {
		x.RequiresGrad()
		defer func() { x.requiresGrad = false }()
		b.ReportAllocs()
		for b.Loop() {
			out := chain()
			out.BackwardWith(Scalar(1))
			out.Release()
		}
	})
}

// BenchmarkOpOverhead2x2 measures the fixed cost of one op on a tiny
// tensor: the tape bookkeeping dominates. "recorded" builds the graph
// (inputs require a gradient); "backward" adds the backward pass of a
// 4-op graph, reported per op.
func BenchmarkOpOverhead2x2(b *testing.B) {
	a, c := Ones(2, 2), Full(2, 2, 2)
	b.Run("untracked", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.Add(c)
		}
	})
	w := Ones(2, 2).RequiresGrad()
	b.Run("recorded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Add(c)
		}
	})
	b.Run("forward+backward/op", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Mul(c).Add(a).Sigmoid().Sum().Backward()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4, "ns/op-each")
	})
}

// mlp is the 784-256-128-10 network of the MNIST lab, built from ops.
type mlp struct{ w1, b1, w2, b2, w3, b3 *Tensor }

func newMLP(rng *RNG) *mlp {
	return &mlp{
		w1: KaimingNormal(rng, 784, 784, 256).RequiresGrad(), b1: Zeros(256).RequiresGrad(),
		w2: KaimingNormal(rng, 256, 256, 128).RequiresGrad(), b2: Zeros(128).RequiresGrad(),
		w3: XavierNormal(rng, 128, 10, 128, 10).RequiresGrad(), b3: Zeros(10).RequiresGrad(),
	}
}

// loss is the softmax cross-entropy: −mean over the batch of
// log softmax(logits)[label], the label picked with a one-hot mask.
func (m *mlp) loss(x, onehot *Tensor) *Tensor {
	h := x.MatMul(m.w1).Add(m.b1).ReLU()
	h = h.MatMul(m.w2).Add(m.b2).Sigmoid()
	logits := h.MatMul(m.w3).Add(m.b3)
	return logits.LogSoftmax(1).Mul(onehot).Sum(1).Mean().Neg()
}

func BenchmarkMLPStep(b *testing.B) {
	for _, batch := range []int{1, 64, 256} {
		b.Run("batch="+strconv.Itoa(batch), func(b *testing.B) {
			rng := NewRNG(3)
			m := newMLP(rng)
			x := rng.Rand(batch, 784)
			onehot := Zeros(batch, 10)
			for i := 0; i < batch; i++ {
				onehot.Set(1, i, rng.IntN(10))
			}
			params := []*Tensor{m.w1, m.b1, m.w2, m.b2, m.w3, m.b3}
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range params {
					p.ZeroGrad()
				}
				l := m.loss(x, onehot)
				l.Backward()
				l.Release()
			}
		})
	}
}

// BenchmarkMatMulGonum64x784x256 is the same product through gonum's BLAS,
// the reference dl used before dl/internal/gemm.
func BenchmarkMatMulGonum64x784x256(b *testing.B) {
	rng := NewRNG(1)
	x, w := rng.Randn(64, 784), rng.Randn(784, 256)
	out := Zeros(64, 256)
	b.ReportAllocs()
	for b.Loop() {
		gemmGonum(false, false, 64, 256, 784, 1, x.data, 784, w.data, 256, 0, out.data, 256)
	}
	flops := 2.0 * 64 * 784 * 256 * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

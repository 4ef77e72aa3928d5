package gemm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// benchGemm times C = A·B for an m×k A and k×n B and reports GFLOP/s
// (2·m·n·k floating-point operations per product).
func benchGemm(b *testing.B, m, n, k int, gonum bool) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, bb := randSlice(rng, m*k), randSlice(rng, k*n)
	c := make([]float64, m*n)
	mul := func() { Gemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) }
	if gonum {
		ga := blas64.General{Rows: m, Cols: k, Stride: k, Data: a}
		gb := blas64.General{Rows: k, Cols: n, Stride: n, Data: bb}
		gc := blas64.General{Rows: m, Cols: n, Stride: n, Data: c}
		mul = func() { blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, ga, gb, 0, gc) }
	}
	mul() // start the pool, size the buffers
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		mul()
	}
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkMatMul256(b *testing.B)        { benchGemm(b, 256, 256, 256, false) }
func BenchmarkMatMul512(b *testing.B)        { benchGemm(b, 512, 512, 512, false) }
func BenchmarkMatMul1024(b *testing.B)       { benchGemm(b, 1024, 1024, 1024, false) }
func BenchmarkMatMul64x784x256(b *testing.B) { benchGemm(b, 64, 256, 784, false) }

// The same products with the portable Go micro-kernel.
func BenchmarkMatMulGoKernel256(b *testing.B) {
	withKernel(b, isaGo)
	benchGemm(b, 256, 256, 256, false)
}
func BenchmarkMatMulGoKernel1024(b *testing.B) {
	withKernel(b, isaGo)
	benchGemm(b, 1024, 1024, 1024, false)
}

// The same products with gonum's pure-Go BLAS, for the ratio.
func BenchmarkMatMulGonum256(b *testing.B)  { benchGemm(b, 256, 256, 256, true) }
func BenchmarkMatMulGonum512(b *testing.B)  { benchGemm(b, 512, 512, 512, true) }
func BenchmarkMatMulGonum1024(b *testing.B) { benchGemm(b, 1024, 1024, 1024, true) }

// The same products restricted to the AVX2 kernel (on CPUs that also have
// AVX-512).
func BenchmarkMatMulAVX2Kernel256(b *testing.B) {
	skipUnless(b, 1)
	withKernel(b, 1)
	benchGemm(b, 256, 256, 256, false)
}
func BenchmarkMatMulAVX2Kernel1024(b *testing.B) {
	skipUnless(b, 1)
	withKernel(b, 1)
	benchGemm(b, 1024, 1024, 1024, false)
}

// skipUnless skips the benchmark when this machine lacks kernel level.
func skipUnless(b *testing.B, level int) {
	if bestISA < level {
		b.Skipf("no %d-level kernel on this CPU", level)
	}
}

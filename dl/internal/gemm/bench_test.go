package gemm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Implementations a benchmark can time.
const (
	viaGemm   = iota // the exported Gemm
	viaNative        // this package's code even when built with -tags openblas
	viaGonum         // gonum's pure-Go BLAS
)

// benchGemm times C = A·B for an m×k A and k×n B and reports GFLOP/s
// (2·m·n·k floating-point operations per product, per second of wall time).
// On a machine shared with other work, wall time is noisy; the second
// metric, GFLOP/cpu-s, divides by the CPU time of all the process's threads
// instead: it is the speed per core actually obtained, and GFLOP/s on an
// idle machine approaches it times the number of cores in use.
func benchGemm(b *testing.B, m, n, k int, impl int) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, bb := randSlice(rng, m*k), randSlice(rng, k*n)
	c := make([]float64, m*n)
	var mul func()
	switch impl {
	case viaGemm:
		mul = func() { Gemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) }
	case viaNative:
		p := problem{m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: bb, ldb: n, c: c, ldc: n}
		mul = func() { gemmNative(&p) }
	case viaGonum:
		ga := blas64.General{Rows: m, Cols: k, Stride: k, Data: a}
		gb := blas64.General{Rows: k, Cols: n, Stride: n, Data: bb}
		gc := blas64.General{Rows: m, Cols: n, Stride: n, Data: c}
		mul = func() { blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, ga, gb, 0, gc) }
	}
	mul() // start the pool, size the buffers
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		mul()
	}
	flops := 2 * float64(m) * float64(n) * float64(k) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu1, _ := processCPU(); cpuOK && cpu1 > cpu0 {
		b.ReportMetric(flops/(cpu1-cpu0)/1e9, "GFLOP/cpu-s")
	}
}

func BenchmarkMatMul256(b *testing.B)        { benchGemm(b, 256, 256, 256, viaGemm) }
func BenchmarkMatMul512(b *testing.B)        { benchGemm(b, 512, 512, 512, viaGemm) }
func BenchmarkMatMul1024(b *testing.B)       { benchGemm(b, 1024, 1024, 1024, viaGemm) }
func BenchmarkMatMul64x784x256(b *testing.B) { benchGemm(b, 64, 256, 784, viaGemm) }

// The same products with gonum's pure-Go BLAS, for the ratio.
func BenchmarkMatMulGonum256(b *testing.B)  { benchGemm(b, 256, 256, 256, viaGonum) }
func BenchmarkMatMulGonum512(b *testing.B)  { benchGemm(b, 512, 512, 512, viaGonum) }
func BenchmarkMatMulGonum1024(b *testing.B) { benchGemm(b, 1024, 1024, 1024, viaGonum) }

// The same products restricted to a slower kernel: the AVX2 one (on CPUs
// that also have AVX-512) and the portable Go one.
func BenchmarkMatMulAVX2Kernel256(b *testing.B)  { benchKernel(b, "avx2", 256) }
func BenchmarkMatMulAVX2Kernel1024(b *testing.B) { benchKernel(b, "avx2", 1024) }
func BenchmarkMatMulGoKernel256(b *testing.B)    { benchKernel(b, "go", 256) }
func BenchmarkMatMulGoKernel1024(b *testing.B)   { benchKernel(b, "go", 1024) }

// benchKernel times an n×n·n×n product with the named kernel, or skips when
// this CPU cannot run it.
func benchKernel(b *testing.B, name string, n int) {
	for level := 0; level <= bestISA; level++ {
		if isaNames[level] == name {
			withKernel(b, level)
			benchGemm(b, n, n, n, viaNative)
			return
		}
	}
	b.Skipf("this CPU has no %s kernel", name)
}

func benchNative(b *testing.B, m, n, k int) { benchGemm(b, m, n, k, viaNative) }

//go:build openblas && cgo

package gemm

import "testing"

// With -tags openblas, BenchmarkMatMul… measure OpenBLAS (Gemm routes to
// it) and these measure this package's own code in the same run.
func BenchmarkMatMulNative256(b *testing.B)  { benchNative(b, 256, 256, 256) }
func BenchmarkMatMulNative512(b *testing.B)  { benchNative(b, 512, 512, 512) }
func BenchmarkMatMulNative1024(b *testing.B) { benchNative(b, 1024, 1024, 1024) }
func BenchmarkMatMulNative64x784x256(b *testing.B) {
	benchNative(b, 64, 256, 784)
}

//go:build openblas && cgo

package gemm

import "github.com/dlfun/dlfun/dl/internal/gemm/openblas"

// compute computes a checked, non-empty product with OpenBLAS: built with
// -tags openblas, Gemm routes there, to compare the two on the same machine.
// This is for measurements only; the default build has no cgo.
func compute(p *problem) {
	openblas.Dgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, p.c, p.ldc)
}

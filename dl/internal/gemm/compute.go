//go:build !(openblas && cgo)

package gemm

// compute computes a checked, non-empty product. Built with the openblas tag,
// it calls OpenBLAS instead (compute_openblas.go).
func compute(p *problem) { gemmNative(p) }

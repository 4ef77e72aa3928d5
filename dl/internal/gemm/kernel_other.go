//go:build !amd64

package gemm

// Off amd64 only the portable kernel exists.
const (
	isaGo   = iota // portable Go kernel
	bestISA = isaGo
)

// isaNames names the kernels for tests and benchmarks.
var isaNames = [...]string{"go"}

// isa selects the micro-kernel; off amd64 there is only one.
var isa = bestISA

// microKernel computes a full mr×nr tile of C = alpha·A·B + beta·C from
// packed slivers.
func microKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	kernelGo(kc, a, b, c, ldc, alpha, beta)
}

// doubleKernel reports false: there is no 2mr×nr kernel off amd64.
func doubleKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) bool {
	return false
}

// copyRows copies w values from each of n rows of src (row stride ld) to
// dst, back to back.
func copyRows(w, n int, src []float64, ld int, dst []float64) {
	copyRowsGo(w, n, src, ld, dst)
}

// axpy adds s·x to y (len(y) ≥ len(x)).
func axpy(s float64, x, y []float64) { axpyGo(s, x, y) }

// dot returns x·y (len(y) ≥ len(x)).
func dot(x, y []float64) float64 { return dotGo(x, y) }

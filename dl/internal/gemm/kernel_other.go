//go:build !amd64

package gemm

// useAsm is always false off amd64: only the portable kernel exists.
var useAsm = false

// microKernel computes a full mr×nr tile of C = alpha·A·B + beta·C from
// packed slivers.
func microKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	kernelGo(kc, a, b, c, ldc, alpha, beta)
}

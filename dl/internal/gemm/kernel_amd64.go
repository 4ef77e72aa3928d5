//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

// useAsm selects the AVX2+FMA assembly micro-kernel. Tests set it to false
// to exercise the portable kernel on amd64.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernelAVX2 is kernelGo in AVX2+FMA assembly (kernel_amd64.s). a and b point
// to kc·mr and kc·nr packed values; c points to a full mr×nr tile of C with
// row stride ldc (in elements).
//
//go:noescape
func kernelAVX2(kc int, a, b, c *float64, ldc int, alpha, beta float64)

// microKernel computes a full mr×nr tile of C = alpha·A·B + beta·C from
// packed slivers, with the fastest kernel this CPU supports.
func microKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	if useAsm {
		_ = a[kc*mr-1]
		_ = b[kc*nr-1]
		_ = c[(mr-1)*ldc+nr-1]
		kernelAVX2(kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
		return
	}
	kernelGo(kc, a, b, c, ldc, alpha, beta)
}

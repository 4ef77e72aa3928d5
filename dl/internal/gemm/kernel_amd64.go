//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

// Micro-kernels available on amd64, from slowest to fastest.
const (
	isaGo     = iota // portable Go kernel
	isaAVX2          // kernelAVX2: 6×8 tiles, AVX2 + FMA
	isaAVX512        // kernelAVX512 for 12×8 tiles, kernelAVX2 for the rest
)

// isaNames names the kernels for tests and benchmarks.
var isaNames = [...]string{"go", "avx2", "avx512"}

// bestISA is the fastest kernel this CPU supports.
var bestISA = func() int {
	avx2 := cpu.X86.HasAVX2 && cpu.X86.HasFMA
	switch {
	case avx2 && cpu.X86.HasAVX512F: // the AVX-512 level also uses the AVX2 code
		return isaAVX512
	case avx2:
		return isaAVX2
	}
	return isaGo
}()

// isa selects the micro-kernel. Tests lower it to exercise the slower
// kernels on a machine that has the fast ones.
var isa = bestISA

// kernelAVX2 is kernelGo in AVX2+FMA assembly (kernel_amd64.s). a and b point
// to kc·mr and kc·nr packed values; c points to a full mr×nr tile of C with
// row stride ldc (in elements).
//
//go:noescape
func kernelAVX2(kc int, a, b, c *float64, ldc int, alpha, beta float64)

// kernelAVX512 is the AVX-512 kernel for a 2mr×nr tile (12×8): a points to
// two consecutive packed A slivers (2·kc·mr values), b to one packed B
// sliver, c to a full 12×8 tile of C. Each row of the tile is one 512-bit
// register.
//
//go:noescape
func kernelAVX512(kc int, a, b, c *float64, ldc int, alpha, beta float64)

// microKernel computes a full mr×nr tile of C = alpha·A·B + beta·C from
// packed slivers, with the fastest kernel this CPU supports.
func microKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	if isa >= isaAVX2 {
		_ = a[kc*mr-1]
		_ = b[kc*nr-1]
		_ = c[(mr-1)*ldc+nr-1]
		kernelAVX2(kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
		return
	}
	kernelGo(kc, a, b, c, ldc, alpha, beta)
}

// doubleKernel computes a full 2mr×nr tile (two stacked A slivers) if this
// CPU has a kernel for it, and reports whether it did.
func doubleKernel(kc int, a, b, c []float64, ldc int, alpha, beta float64) bool {
	if isa < isaAVX512 {
		return false
	}
	_ = a[2*kc*mr-1]
	_ = b[kc*nr-1]
	_ = c[(2*mr-1)*ldc+nr-1]
	kernelAVX512(kc, &a[0], &b[0], &c[0], ldc, alpha, beta)
	return true
}

// copyRows8 and copyRows6 are copyRows(nr or mr, …) in AVX2
// assembly: n rows of src with row stride ld, 8 (or 6) values each, to dst
// back to back.
//
//go:noescape
func copyRows8(n int, src *float64, ld int, dst *float64)

//go:noescape
func copyRows6(n int, src *float64, ld int, dst *float64)

// copyRows copies w values (w = nr or mr) from each of n rows of src (row
// stride ld) to dst, back to back.
func copyRows(w, n int, src []float64, ld int, dst []float64) {
	if n == 0 {
		return
	}
	if isa >= isaAVX2 {
		_ = src[(n-1)*ld+w-1]
		_ = dst[n*w-1]
		switch w {
		case nr:
			copyRows8(n, &src[0], ld, &dst[0])
			return
		case mr:
			copyRows6(n, &src[0], ld, &dst[0])
			return
		}
	}
	copyRowsGo(w, n, src, ld, dst)
}

// axpyAVX2 adds s·x to y over n values, n a multiple of 16.
//
//go:noescape
func axpyAVX2(n int, s float64, x, y *float64)

// dotAVX2 returns x·y over n values, n a multiple of 16.
//
//go:noescape
func dotAVX2(n int, x, y *float64) float64

// axpy adds s·x to y (len(y) ≥ len(x)).
func axpy(s float64, x, y []float64) {
	if n := len(x) &^ 15; isa >= isaAVX2 && n > 0 {
		_ = y[n-1]
		axpyAVX2(n, s, &x[0], &y[0])
		x, y = x[n:], y[n:]
	}
	axpyGo(s, x, y)
}

// dot returns x·y (len(y) ≥ len(x)).
func dot(x, y []float64) float64 {
	var d float64
	if n := len(x) &^ 15; isa >= isaAVX2 && n > 0 {
		_ = y[n-1]
		d = dotAVX2(n, &x[0], &y[0])
		x, y = x[n:], y[n:]
	}
	return d + dotGo(x, y)
}

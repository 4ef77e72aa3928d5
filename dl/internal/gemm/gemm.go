package gemm

import (
	"fmt"

	"github.com/dlfun/dlfun/dl/internal/workers"
)

// Tile and block sizes. mr×nr is the register tile of the micro-kernel; the
// packed layouts depend on them. kcBlock, mcBlock and ncBlock are the cache
// blocks described in the package documentation.
const (
	mr      = 6    // rows of the micro-kernel tile
	nr      = 8    // columns of the micro-kernel tile
	kcBlock = 256  // depth of a packed slab
	mcBlock = 144  // rows of a packed A block (multiple of 2·mr)
	ncBlock = 2048 // columns of a packed B panel (multiple of nr)
)

// Thresholds on m·n·k (multiply-adds) choosing how a product is computed.
const (
	tinyWork     = 256     // below: plain loops, no packing
	parallelWork = 1 << 20 // at or above: split over the worker pool
)

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(X) is X, or Xᵀ when the matching trans flag is set. op(A) is m×k, op(B)
// is k×n and C is m×n.
//
// A is stored as an m×k matrix when transA is false and as a k×m matrix when
// it is true; lda is the row stride of the stored matrix (lda ≥ its number of
// columns). The same holds for B (stored k×n or n×k, stride ldb) and for C
// (m×n, ldc ≥ n). Element (i, j) of a stored matrix X is x[i*ldx+j].
//
// As in BLAS, when beta is 0 the old contents of C are not read (NaNs in C are
// overwritten), and when alpha is 0 or k is 0, the values of A and B are not
// read (their shapes are still checked). C must not overlap A or B. Gemm panics with a message naming the argument when a slice
// is too short for its shape and stride, a stride is too small, or a
// dimension is negative. It is safe to call from several goroutines at once
// (on disjoint C).
func Gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMatrix("a", a, ar, ac, lda)
	checkMatrix("b", b, br, bc, ldb)
	checkMatrix("c", c, m, n, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}

	p := problem{transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	compute(&p)
}

// gemmNative computes a checked, non-empty product with this package's own
// code, choosing the method by size.
func gemmNative(p *problem) {
	switch work := uint64(p.m) * uint64(p.n) * uint64(p.k); {
	case useTiny(p):
		gemmTiny(p)
	case work < parallelWork:
		gemmBlocked(p, 1)
	default:
		gemmBlocked(p, workers.Size())
	}
}

// checkMatrix panics unless x can hold a rows×cols row-major matrix with row
// stride ld.
func checkMatrix(name string, x []float64, rows, cols, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: ld%s=%d is smaller than the %d columns of %s (stored %d×%d)", name, ld, cols, name, rows, cols))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := (rows-1)*ld + cols; len(x) < need {
		panic(fmt.Sprintf("gemm: len(%s)=%d is too short for a %d×%d matrix with ld%s=%d (need %d)", name, len(x), rows, cols, name, ld, need))
	}
}

// problem holds the arguments of one Gemm call.
type problem struct {
	transA, transB bool
	m, n, k        int
	alpha          float64
	a              []float64
	lda            int
	b              []float64
	ldb            int
	beta           float64
	c              []float64
	ldc            int
}

// scaleC sets C = beta·C, writing zeros when beta is 0.
func scaleC(m, n int, beta float64, c []float64, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

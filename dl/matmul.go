package dl

import gemmkernel "github.com/dlfun/dlfun/dl/internal/gemm"

// gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices,
// where op(X) is X or Xᵀ (transA, transB), op(A) is m×k, op(B) is k×n and C
// is m×n; lda, ldb, ldc are the row strides of the stored A, B, C.
//
// Every matrix product in dl goes through this one function, which hands it
// to dl/internal/gemm: a cache-blocked, packed kernel with an AVX2+FMA
// micro-kernel (a portable Go one elsewhere) that splits large products over
// one pool of worker goroutines. That package's documentation explains how
// it is fast. (The tests compare it with gonum's BLAS, which dl used before.)
func gemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemmkernel.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// MatMul returns the matrix product a·b. For 2-D tensors, a is m×k, b is
// k×n and the result is m×n:
//
//	out[i][j] = Σₖ a[i][k]·b[k][j]
//
// With more than two dimensions the last two are the matrices and the
// leading (batch) dimensions broadcast like in Add: (B, m, k)·(k, n) →
// (B, m, n). Both inputs need at least 2 dimensions (Reshape a vector to
// 1×n or n×1 first).
//
// Backward, with G = ∂L/∂out:  ∂L/∂a = G·bᵀ,  ∂L/∂b = aᵀ·G. The transposes
// are never built: gemm reads the same storage transposed.
func (a *Tensor) MatMul(b *Tensor) *Tensor {
	if len(a.shape) < 2 || len(b.shape) < 2 {
		panic(errorf("MatMul: a is %s, b is %s: both need at least 2 dimensions (matrices); make a vector a row with v.Reshape(1, -1) or a column with v.Reshape(-1, 1)",
			shapeStr(a.shape), shapeStr(b.shape)))
	}
	m, k := a.shape[len(a.shape)-2], a.shape[len(a.shape)-1]
	k2, n := b.shape[len(b.shape)-2], b.shape[len(b.shape)-1]
	if k != k2 {
		hint := ""
		if k == n {
			hint = " (did you mean b.T()?)"
		} else if m == k2 {
			hint = " (did you mean a.T()?)"
		}
		panic(errorf("MatMul: a is %s, b is %s: inner dimensions %d and %d differ; the number of columns of a must equal the number of rows of b%s",
			shapeStr(a.shape), shapeStr(b.shape), k, k2, hint))
	}
	batchA, batchB := a.shape[:len(a.shape)-2], b.shape[:len(b.shape)-2]
	batch := broadcastShapes("MatMul", batchA, batchB)
	var dims [8]int
	shape := append(append(dims[:0], batch...), m, n)
	out := newOp("MatMul", shape, a, b)
	offA, offB := batchOffsets(batchA, batch), batchOffsets(batchB, batch)
	for i := range offA {
		gemm(false, false, m, n, k, 1, a.data[offA[i]*m*k:], k, b.data[offB[i]*k*n:], n, 0, out.data[i*m*n:], n)
	}
	return out.withBackward(func() {
		g := out.grad.data
		for i := range offA {
			gi := g[i*m*n:]
			if a.requiresGrad { // ∂L/∂a += G·bᵀ   (m×n · n×k)
				gemm(false, true, m, k, n, 1, gi, n, b.data[offB[i]*k*n:], n, 1, a.gradData()[offA[i]*m*k:], k)
			}
			if b.requiresGrad { // ∂L/∂b += aᵀ·G   (k×m · m×n)
				gemm(true, false, k, n, m, 1, a.data[offA[i]*m*k:], k, gi, n, 1, b.gradData()[offB[i]*k*n:], n)
			}
		}
	})
}

// noBatch is the offsets of a product of plain matrices (read only).
var noBatch = []int{0}

// batchOffsets returns, for each batch index of the broadcast batch shape,
// the index of the matrix to use in an input with batch shape small.
func batchOffsets(small, batch []int) []int {
	if len(batch) == 0 {
		return noBatch
	}
	return bcastOffsets(small, batch)
}

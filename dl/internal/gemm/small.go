package gemm

// useTiny reports whether gemmTiny is the better method for p: for tiny
// products, matrix-vector products (m or n equal to 1) and outer products
// (k of 1 or 2, as in a weight gradient for a batch of one), packing would
// cost more than it saves.
func useTiny(p *problem) bool {
	work := uint64(p.m) * uint64(p.n) * uint64(p.k)
	return work < tinyWork || p.m == 1 || p.n == 1 || (p.k <= 2 && bRowsContiguous(p))
}

// bRowsContiguous reports whether the rows of op(B) are contiguous in b:
// when B is not transposed, or when it is n×1 with unit stride.
func bRowsContiguous(p *problem) bool {
	return !p.transB || (p.k == 1 && p.ldb == 1)
}

// gemmTiny computes a product with plain loops, without packing. Each row of
// C is either built up from rows of op(B), C[i,:] += alpha·op(A)[i,l]·op(B)[l,:]
// (when those rows are contiguous), or taken element by element as dot
// products of a row of op(A) and a column of op(B).
func gemmTiny(p *problem) {
	scaleC(p.m, p.n, p.beta, p.c, p.ldc)
	if bRowsContiguous(p) && p.n > 1 {
		for i := range p.m {
			crow := p.c[i*p.ldc : i*p.ldc+p.n]
			for l := range p.k {
				// A zero multiplier adds nothing, so its row is skipped, as
				// reference BLAS does (dger, dgemm): in a batch-1 weight
				// gradient, an outer product, most MNIST pixels are 0. (As
				// there, 0·Inf and 0·NaN in that row of op(B) are not seen.)
				a := opA(p, i, l)
				if a == 0 {
					continue
				}
				// With B not transposed row l starts at l·ldb; in the n×1
				// case k = 1 and l = 0.
				axpy(p.alpha*a, p.b[l*p.ldb:l*p.ldb+p.n], crow)
			}
		}
		return
	}
	// Row i of op(A) is x[l·incx], column j of op(B) is y[l·incy].
	for i := range p.m {
		var x []float64
		incx := 1
		if p.transA {
			x, incx = p.a[i:], p.lda
		} else {
			x = p.a[i*p.lda:]
		}
		crow := p.c[i*p.ldc : i*p.ldc+p.n]
		for j := range crow {
			var y []float64
			incy := 1
			if p.transB {
				y = p.b[j*p.ldb:]
			} else {
				y, incy = p.b[j:], p.ldb
			}
			var d float64
			if incx == 1 && incy == 1 && p.k >= 4 {
				d = dot(x[:p.k], y[:p.k])
			} else {
				// Strided, or too short for dot's unrolled loop (whose sum
				// is then the same: logistic regression's 3 features).
				d = dotStrided(p.k, x, incx, y, incy)
			}
			crow[j] += p.alpha * d
		}
	}
}

// axpyGo adds s·x to y (len(y) ≥ len(x)).
func axpyGo(s float64, x, y []float64) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		x4, y4 := (*[4]float64)(x[i:]), (*[4]float64)(y[i:])
		y4[0] += s * x4[0]
		y4[1] += s * x4[1]
		y4[2] += s * x4[2]
		y4[3] += s * x4[3]
	}
	for ; i < len(x); i++ {
		y[i] += s * x[i]
	}
}

// dotGo returns x·y (len(y) ≥ len(x)), with four partial sums.
func dotGo(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		x4, y4 := (*[4]float64)(x[i:]), (*[4]float64)(y[i:])
		s0 += x4[0] * y4[0]
		s1 += x4[1] * y4[1]
		s2 += x4[2] * y4[2]
		s3 += x4[3] * y4[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dotStrided returns Σ x[l·incx]·y[l·incy] over l < n.
func dotStrided(n int, x []float64, incx int, y []float64, incy int) float64 {
	var s float64
	for l := range n {
		s += x[l*incx] * y[l*incy]
	}
	return s
}

package gemm

// packA copies the rows×kc block of op(A) starting at row i0, column p0 into
// dst as slivers of mr rows: sliver s holds op(A)[i0+s·mr+r, p0+l] at
// dst[s·mr·kc + l·mr + r]. Rows past the end of the block are zero, so the
// micro-kernel can always compute a full mr-row tile.
func packA(p *problem, i0, rows, p0, kc int, dst []float64) {
	for s := 0; s*mr < rows; s++ {
		d := dst[s*mr*kc : (s+1)*mr*kc]
		i := i0 + s*mr
		h := min(mr, rows-s*mr)
		if p.transA {
			// A is stored k×m: the mr values of one column of the sliver
			// are contiguous in a row of A.
			for l := range kc {
				src := p.a[(p0+l)*p.lda+i:]
				dl := d[l*mr : l*mr+mr]
				if h == mr {
					*(*[mr]float64)(dl) = *(*[mr]float64)(src)
				} else {
					n := copy(dl[:h], src)
					clear(dl[n:])
				}
			}
			continue
		}
		// A is stored m×k: read the mr rows side by side.
		if h == mr {
			base := i*p.lda + p0
			r0 := p.a[base : base+kc]
			r1 := p.a[base+p.lda : base+p.lda+kc]
			r2 := p.a[base+2*p.lda : base+2*p.lda+kc]
			r3 := p.a[base+3*p.lda : base+3*p.lda+kc]
			r4 := p.a[base+4*p.lda : base+4*p.lda+kc]
			r5 := p.a[base+5*p.lda : base+5*p.lda+kc]
			for l := range r0 {
				dl := (*[mr]float64)(d[l*mr:])
				dl[0], dl[1], dl[2], dl[3], dl[4], dl[5] = r0[l], r1[l], r2[l], r3[l], r4[l], r5[l]
			}
			continue
		}
		for r := range h {
			src := p.a[(i+r)*p.lda+p0 : (i+r)*p.lda+p0+kc]
			for l, v := range src {
				d[l*mr+r] = v
			}
		}
		for r := h; r < mr; r++ {
			for l := range kc {
				d[l*mr+r] = 0
			}
		}
	}
}

// packB copies the kc×cols block of op(B) starting at row p0, column j0 into
// dst as slivers of nr columns: sliver s holds op(B)[p0+l, j0+s·nr+c] at
// dst[s·nr·kc + l·nr + c]. Columns past the end of the block are zero.
func packB(p *problem, p0, kc, j0, cols int, dst []float64) {
	for s := 0; s*nr < cols; s++ {
		d := dst[s*nr*kc : (s+1)*nr*kc]
		j := j0 + s*nr
		w := min(nr, cols-s*nr)
		if !p.transB {
			// B is stored k×n: one row of the sliver is contiguous in B.
			for l := range kc {
				src := p.b[(p0+l)*p.ldb+j:]
				dl := d[l*nr : l*nr+nr]
				if w == nr {
					s := (*[nr]float64)(src)
					dl := (*[nr]float64)(dl)
					dl[0], dl[1], dl[2], dl[3] = s[0], s[1], s[2], s[3]
					dl[4], dl[5], dl[6], dl[7] = s[4], s[5], s[6], s[7]
				} else {
					n := copy(dl[:w], src)
					clear(dl[n:])
				}
			}
			continue
		}
		// B is stored n×k: column c of the sliver is a row of B.
		for c := range w {
			src := p.b[(j+c)*p.ldb+p0 : (j+c)*p.ldb+p0+kc]
			for l, v := range src {
				d[l*nr+c] = v
			}
		}
		for c := w; c < nr; c++ {
			for l := range kc {
				d[l*nr+c] = 0
			}
		}
	}
}

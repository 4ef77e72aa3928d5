package gemm

// packA copies the rows×kc block of op(A) starting at row i0, column p0 into
// dst as slivers of mr rows: sliver s holds op(A)[i0+s·mr+r, p0+l] at
// dst[s·mr·kc + l·mr + r]. Rows past the end of the block are zero, so the
// micro-kernel can always compute a full mr-row tile.
func packA(p *problem, i0, rows, p0, kc int, dst []float64) {
	full := rows / mr // slivers without padding
	if p.transA {
		// A is stored k×m: row p0+l of A holds column l of every sliver,
		// so read it from left to right and drop mr values into each.
		// Rows are taken 8 at a time so that each sliver receives whole
		// cache lines.
		for l0 := 0; l0 < kc; l0 += 32 {
			l1 := min(kc, l0+32)
			for s := range full {
				copyRows(mr, l1-l0, p.a[(p0+l0)*p.lda+i0+s*mr:], p.lda, dst[s*mr*kc+l0*mr:])
			}
		}
	} else {
		// A is stored m×k: read the mr rows of a sliver side by side.
		for s := range full {
			base := (i0+s*mr)*p.lda + p0
			r0 := p.a[base : base+kc]
			r1 := p.a[base+p.lda : base+p.lda+kc]
			r2 := p.a[base+2*p.lda : base+2*p.lda+kc]
			r3 := p.a[base+3*p.lda : base+3*p.lda+kc]
			r4 := p.a[base+4*p.lda : base+4*p.lda+kc]
			r5 := p.a[base+5*p.lda : base+5*p.lda+kc]
			r1, r2, r3, r4, r5 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)], r4[:len(r0)], r5[:len(r0)]
			d := dst[s*mr*kc : (s+1)*mr*kc]
			for l := range r0 {
				dl := d[l*mr : l*mr+mr : l*mr+mr]
				dl[0], dl[1], dl[2], dl[3], dl[4], dl[5] = r0[l], r1[l], r2[l], r3[l], r4[l], r5[l]
			}
		}
	}
	if h := rows - full*mr; h > 0 {
		// The last, partial sliver, padded with zero rows.
		d := dst[full*mr*kc : (full+1)*mr*kc]
		for l := range kc {
			for r := range mr {
				v := 0.0
				if r < h {
					v = opA(p, i0+full*mr+r, p0+l)
				}
				d[l*mr+r] = v
			}
		}
	}
}

// packB copies the kc×cols block of op(B) starting at row p0, column j0 into
// dst as slivers of nr columns: sliver s holds op(B)[p0+l, j0+s·nr+c] at
// dst[s·nr·kc + l·nr + c]. Columns past the end of the block are zero.
func packB(p *problem, p0, kc, j0, cols int, dst []float64) {
	full := cols / nr // slivers without padding
	if !p.transB {
		// B is stored k×n: row p0+l of B holds row l of every sliver, so
		// read it from left to right and drop nr values into each.
		// Rows are taken 8 at a time so that each sliver receives whole
		// runs of cache lines.
		for l0 := 0; l0 < kc; l0 += 32 {
			l1 := min(kc, l0+32)
			for s := range full {
				copyRows(nr, l1-l0, p.b[(p0+l0)*p.ldb+j0+s*nr:], p.ldb, dst[s*nr*kc+l0*nr:])
			}
		}
	} else {
		// B is stored n×k: column c of a sliver is row j0+s·nr+c of B; read
		// the nr rows side by side.
		for s := range full {
			base := (j0+s*nr)*p.ldb + p0
			r0 := p.b[base : base+kc]
			r1 := p.b[base+p.ldb : base+p.ldb+kc]
			r2 := p.b[base+2*p.ldb : base+2*p.ldb+kc]
			r3 := p.b[base+3*p.ldb : base+3*p.ldb+kc]
			r4 := p.b[base+4*p.ldb : base+4*p.ldb+kc]
			r5 := p.b[base+5*p.ldb : base+5*p.ldb+kc]
			r6 := p.b[base+6*p.ldb : base+6*p.ldb+kc]
			r7 := p.b[base+7*p.ldb : base+7*p.ldb+kc]
			r1, r2, r3, r4 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)], r4[:len(r0)]
			r5, r6, r7 = r5[:len(r0)], r6[:len(r0)], r7[:len(r0)]
			d := dst[s*nr*kc : (s+1)*nr*kc]
			for l := range r0 {
				dl := d[l*nr : l*nr+nr : l*nr+nr]
				dl[0], dl[1], dl[2], dl[3] = r0[l], r1[l], r2[l], r3[l]
				dl[4], dl[5], dl[6], dl[7] = r4[l], r5[l], r6[l], r7[l]
			}
		}
	}
	if w := cols - full*nr; w > 0 {
		// The last, partial sliver, padded with zero columns.
		d := dst[full*nr*kc : (full+1)*nr*kc]
		for l := range kc {
			for c := range nr {
				v := 0.0
				if c < w {
					v = opB(p, p0+l, j0+full*nr+c)
				}
				d[l*nr+c] = v
			}
		}
	}
}

// copyRowsGo copies w values from each of n rows of src (row stride ld) to
// dst, back to back.
func copyRowsGo(w, n int, src []float64, ld int, dst []float64) {
	for l := range n {
		copy(dst[l*w:l*w+w], src[l*ld:l*ld+w])
	}
}

// opA returns op(A)[i, l].
func opA(p *problem, i, l int) float64 {
	if p.transA {
		return p.a[l*p.lda+i]
	}
	return p.a[i*p.lda+l]
}

// opB returns op(B)[l, j].
func opB(p *problem, l, j int) float64 {
	if p.transB {
		return p.b[j*p.ldb+l]
	}
	return p.b[l*p.ldb+j]
}

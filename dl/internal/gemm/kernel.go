package gemm

// kernelGo is the portable micro-kernel. It computes the mr×nr tile
//
//	C = alpha·(packed A sliver)·(packed B sliver) + beta·C
//
// where a holds kc·mr and b holds kc·nr packed values, and C starts at c[0]
// with row stride ldc. When beta is 0, C is overwritten without being read.
func kernelGo(kc int, a, b, c []float64, ldc int, alpha, beta float64) {
	var acc [mr * nr]float64
	a = a[:kc*mr]
	b = b[:kc*nr]
	for l := 0; l < kc; l++ {
		bl := b[l*nr : l*nr+nr : l*nr+nr]
		b0, b1, b2, b3, b4, b5, b6, b7 := bl[0], bl[1], bl[2], bl[3], bl[4], bl[5], bl[6], bl[7]
		al := a[l*mr : l*mr+mr : l*mr+mr]
		for r, ar := range al {
			t := acc[r*nr : r*nr+nr : r*nr+nr]
			t[0] += ar * b0
			t[1] += ar * b1
			t[2] += ar * b2
			t[3] += ar * b3
			t[4] += ar * b4
			t[5] += ar * b5
			t[6] += ar * b6
			t[7] += ar * b7
		}
	}
	storeTile(mr, nr, acc[:], c, ldc, alpha, beta)
}

// storeTile writes C = alpha·acc + beta·C for the top-left h×w corner of an
// mr×nr accumulator tile acc; beta == 0 overwrites C.
func storeTile(h, w int, acc, c []float64, ldc int, alpha, beta float64) {
	for r := range h {
		src := acc[r*nr : r*nr+w]
		dst := c[r*ldc : r*ldc+w]
		if beta == 0 {
			for j, v := range src {
				dst[j] = alpha * v
			}
		} else {
			for j, v := range src {
				dst[j] = alpha*v + beta*dst[j]
			}
		}
	}
}

//go:build !amd64 || amd64.v3

package dl

// adamFast is adamUpdate. On amd64 an AVX2 version is used (adam_amd64.go),
// except with GOAMD64=v3 or later: the compiler then fuses the loop's
// multiply-adds, which the assembly does not, and the two would differ in
// the last bits.
func adamFast(x, grad, m, v []float64, lr, b1, b2, eps, l2, beta, c1, c2 float64) {
	adamUpdate(x, grad, m, v, lr, b1, b2, eps, l2, beta, c1, c2)
}

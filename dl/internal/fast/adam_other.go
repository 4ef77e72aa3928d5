//go:build !amd64 || amd64.v3

package fast

// useAVX2 is false: there is no assembly for this build.
var useAVX2 = false

// Adam is Adam's update of one parameter (dl's adamUpdate), the Go loop.
// On amd64 an AVX2 version is used (adam_amd64.go), except with GOAMD64=v3
// or later: the compiler then fuses the loop's multiply-adds, which the
// assembly does not, and the two would differ in the last bits.
func Adam(x, grad, m, v []float64, r AdamRule, c1, c2 float64) {
	adamLoop(x, grad, m, v, r, c1, c2)
}

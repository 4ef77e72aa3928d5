//go:build amd64 && !amd64.v3

package fast

import (
	"math"

	"golang.org/x/sys/cpu"
)

// useAVX2 reports whether Adam may use adamAVX2. Tests turn it off to
// compare the assembly with the Go loop.
var useAVX2 = cpu.X86.HasAVX2

// adamConsts holds adamAVX2's constants, each repeated over the 4 lanes of
// a 256-bit register.
type adamConsts [12][4]float64

// adamAVX2 is adamLoop in AVX2 assembly (adam_amd64.s) for n values, n a
// multiple of 4: the same operations in the same order, four elements at a
// time, without FMA, so the results are the Go loop's bit for bit
// (VSQRTPD and VDIVPD round correctly, like math.Sqrt and /). Builds with
// GOAMD64=v3 or later, where the compiler fuses the loop's multiply-adds,
// use the Go loop instead (adam_other.go).
//
//go:noescape
func adamAVX2(n int, x, grad, m, v *float64, k *adamConsts)

// Adam is Adam's update of one parameter (dl's adamUpdate) with the bias
// corrections c1 = 1/(1 − β₁ᵗ) and c2 = 1/(1 − β₂ᵗ): the bulk of the
// elements by adamAVX2 when the CPU has AVX2, the rest by the Go loop.
func Adam(x, grad, m, v []float64, r AdamRule, c1, c2 float64) {
	if n := len(x) &^ 3; useAVX2 && n > 0 {
		grad, m, v = grad[:n], m[:n], v[:n] // bounds checks for the assembly
		var k adamConsts
		for i, c := range [...]float64{r.L2, r.B1, 1 - r.B1, r.B2, 1 - r.B2, c1, c2, r.LR, r.Eps, r.Beta,
			math.Float64frombits(1<<63 - 1), 0x1p-1022} {
			k[i] = [4]float64{c, c, c, c}
		}
		adamAVX2(n, &x[0], &grad[0], &m[0], &v[0], &k)
		x, grad, m, v = x[n:], grad[n:], m[n:], v[n:]
	}
	adamLoop(x, grad, m, v, r, c1, c2)
}

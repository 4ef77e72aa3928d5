package dl

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TestGemm checks the one matrix-product function against a naive triple
// loop, for every transpose combination, alpha/beta and padded strides. Any
// replacement kernel must pass it.
func TestGemm(t *testing.T) {
	rng := NewRNG(11)
	fill := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	type dims struct{ m, n, k int }
	for _, d := range []dims{{1, 1, 1}, {3, 4, 5}, {7, 2, 9}, {1, 17, 33}, {16, 16, 16}, {2, 3, 0}} {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, ab := range [][2]float64{{1, 0}, {2, 1}, {-0.5, 0.25}} {
					m, n, k := d.m, d.n, d.k
					ra, ca := m, k // stored shape of A
					if tA {
						ra, ca = k, m
					}
					rb, cb := k, n
					if tB {
						rb, cb = n, k
					}
					lda, ldb, ldc := ca+2, cb+1, n+3 // padded rows
					a, b, c := fill(max(ra*lda, 1)), fill(max(rb*ldb, 1)), fill(m*ldc)
					want := append([]float64(nil), c...)
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							s := 0.0
							for p := 0; p < k; p++ {
								var av, bv float64
								if tA {
									av = a[p*lda+i]
								} else {
									av = a[i*lda+p]
								}
								if tB {
									bv = b[j*ldb+p]
								} else {
									bv = b[p*ldb+j]
								}
								s += av * bv
							}
							want[i*ldc+j] = ab[0]*s + ab[1]*c[i*ldc+j]
						}
					}
					gemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					for i := range want {
						if math.Abs(c[i]-want[i]) > 1e-12*max(1, math.Abs(want[i])) {
							t.Fatalf("m,n,k=%v tA=%v tB=%v alpha,beta=%v: c[%d] = %v, want %v", d, tA, tB, ab, i, c[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestGradCheckReport(t *testing.T) {
	w := rnd(1, 2, 2).Named("w")
	r := GradCheck(func(in ...*Tensor) *Tensor { return in[0].MatMul(in[1]).Sum() }, rnd(2, 3, 2), w)
	s := r.String()
	for _, frag := range []string{"input", "max error", "autograd", "numeric", "#0 ", "#1 w", "2×2", "ok"} {
		if !strings.Contains(s, frag) {
			t.Errorf("report lacks %q:\n%s", frag, s)
		}
	}
	if strings.Contains(s, "MISMATCH") || r.MaxError() > 1e-8 {
		t.Errorf("unexpected mismatch:\n%s", s)
	}
	// An input f ignores gets a zero gradient on both sides.
	r = GradCheck(func(in ...*Tensor) *Tensor { return in[0].Sum() }, rnd(3, 2), rnd(4, 2))
	if !r.OK(1e-8) || r.Inputs[1].Analytic != 0 || r.Inputs[1].Numeric != 0 {
		t.Errorf("unused input: %+v", r.Inputs[1])
	}
	// A function that does not depend on its inputs through the tape at
	// all (a constant) is also fine.
	r = GradCheck(func(in ...*Tensor) *Tensor { return Scalar(1) }, rnd(5, 2))
	if !r.OK(0) {
		t.Errorf("constant function:\n%s", r)
	}
}

func TestRNGMethods(t *testing.T) {
	g := NewRNG(9)
	counts := make([]int, 3)
	for i := 0; i < 300; i++ {
		counts[g.IntN(3)]++
	}
	for v, c := range counts {
		if c < 60 {
			t.Errorf("IntN(3) gave %d %d times in 300", v, c)
		}
	}
	s := []int{0, 1, 2, 3, 4, 5}
	NewRNG(1).Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	s2 := []int{0, 1, 2, 3, 4, 5}
	NewRNG(1).Shuffle(len(s2), func(i, j int) { s2[i], s2[j] = s2[j], s2[i] })
	sum := 0
	for i := range s {
		sum += s[i]
		if s[i] != s2[i] {
			t.Fatalf("Shuffle with the same seed differs: %v %v", s, s2)
		}
	}
	if sum != 15 {
		t.Errorf("Shuffle lost elements: %v", s)
	}
	// The package functions draw from DefaultRNG, as does a nil *RNG.
	if x := Rand(3); x.Size() != 3 || x.Max().Item() >= 1 || x.Min().Item() < 0 {
		t.Errorf("Rand(3) = %v", x)
	}
	var none *RNG
	if x := none.Randn(2, 2); x.Size() != 4 {
		t.Errorf("(*RNG)(nil).Randn(2, 2) = %v", x)
	}
}

// gemmGonum is the reference dl used before its own kernel: gonum's
// pure-Go BLAS Dgemm, with the same arguments as gemm.
func gemmGonum(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	tA, tB := blas.NoTrans, blas.NoTrans
	if transA {
		tA = blas.Trans
	}
	if transB {
		tB = blas.Trans
	}
	blas64.Implementation().Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// TestGemmMatchesGonum compares gemm with gonum's Dgemm on the shapes a
// training step of the MNIST MLP produces (forward x·W, backward G·Wᵀ and
// xᵀ·G at batch 1, 64 and 256), including products large enough to be split
// over the worker pool.
func TestGemmMatchesGonum(t *testing.T) {
	rng := NewRNG(12)
	for _, d := range [][3]int{{1, 256, 784}, {64, 256, 784}, {64, 784, 256}, {784, 256, 64}, {256, 128, 256}, {128, 10, 256}, {300, 300, 300}} {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				m, n, k := d[0], d[1], d[2]
				a, b := rng.Randn(m*k).data, rng.Randn(k*n).data
				lda, ldb := k, n
				if tA {
					lda = m
				}
				if tB {
					ldb = k
				}
				c := rng.Randn(m * n).data
				want := append([]float64(nil), c...)
				gemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 1, c, n)
				gemmGonum(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 1, want, n)
				for i := range want {
					if math.Abs(c[i]-want[i]) > 1e-11*max(1, math.Abs(want[i])) {
						t.Fatalf("m,n,k=%v tA=%v tB=%v: c[%d] = %v, gonum %v", d, tA, tB, i, c[i], want[i])
					}
				}
			}
		}
	}
}

// TestLinearFused checks the fused Linear op against MatMul then Add: the
// same values, the same gradients for x, W and b, and one node on the tape.
func TestLinearFused(t *testing.T) {
	rng := NewRNG(13)
	for _, n := range []int{1, 7, 64} {
		x, w, b := rng.Randn(n, 5).RequiresGrad(), rng.Randn(5, 3).RequiresGrad(), rng.Randn(3).RequiresGrad()
		y := linear(x, w, b)
		if y.Op() != "Linear" || len(y.Inputs()) != 3 {
			t.Fatalf("op %q with %d inputs, want Linear with 3", y.Op(), len(y.Inputs()))
		}
		wts := rng.Randn(n, 3)
		y.Mul(wts).Sum().Backward()
		gx, gw, gb := x.Grad().Clone(), w.Grad().Clone(), b.Grad().Clone()
		ZeroGrad(x, w, b)
		ref := x.MatMul(w).Add(b)
		ref.Mul(wts).Sum().Backward()
		for _, c := range []struct {
			name      string
			got, want *Tensor
		}{{"y", y, ref}, {"∂x", gx, x.Grad()}, {"∂W", gw, w.Grad()}, {"∂b", gb, b.Grad()}} {
			for i, v := range c.want.Data() {
				if math.Abs(c.got.Data()[i]-v) > 1e-12*max(1, math.Abs(v)) {
					t.Fatalf("n=%d %s[%d] = %v, MatMul+Add gives %v", n, c.name, i, c.got.Data()[i], v)
				}
			}
		}
	}
}

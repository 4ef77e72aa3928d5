package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/internal/workers"
)

// naiveGemm is the reference: the definition of C = alpha·op(A)·op(B) + beta·C
// as a triple loop.
func naiveGemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for l := range k {
				var av, bv float64
				if transA {
					av = a[l*lda+i]
				} else {
					av = a[i*lda+l]
				}
				if transB {
					bv = b[j*ldb+l]
				} else {
					bv = b[l*ldb+j]
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

// randSlice returns n values uniform in [-1, 1).
func randSlice(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 2*rng.Float64() - 1
	}
	return x
}

// kernel is one micro-kernel choice to test.
type kernel struct {
	name string
	isa  int
}

// kernels lists the micro-kernels this machine can run: the portable Go
// kernel always, the assembly ones when the CPU supports them.
func kernels(t testing.TB) []kernel {
	var ks []kernel
	for level := isaGo; level <= bestISA; level++ {
		ks = append(ks, kernel{isaNames[level], level})
	}
	if bestISA < len(isaNames)-1 {
		t.Logf("this CPU lacks the %s kernel; testing %d kernel(s)", isaNames[len(isaNames)-1], len(ks))
	}
	return ks
}

// withKernel selects kernel level for the rest of the test or benchmark.
func withKernel(t testing.TB, level int) {
	saved := isa
	isa = level
	t.Cleanup(func() { isa = saved })
}

type shape struct{ m, n, k int }

func testShapes() []shape {
	s := []shape{
		{1, 1, 1}, {0, 5, 3}, {5, 0, 3}, {5, 3, 0}, {0, 0, 0},
		{7, 7, 7}, {13, 13, 13}, {31, 31, 31}, {67, 67, 67}, {131, 131, 131},
		{7, 13, 31}, {67, 31, 131}, {131, 7, 67},
		{1000, 3, 2}, {3, 1000, 5}, {1000, 1, 1}, {1, 1000, 7},
		{64, 64, 1}, {50, 3, 1}, {6, 8, 300}, {12, 16, 256}, {145, 9, 257},
		{64, 256, 97}, {200, 300, 520}, {37, 4100, 3},
		{5, 1, 9}, {1, 7, 300}, {2, 2, 2}, {6, 6, 6}, {9, 9, 9}, {17, 1, 100}, {1, 37, 41},
	}
	return s
}

// checkClose compares got with want at relative tolerance 1e-12·max(k,1),
// relative to the size of the terms being summed.
func checkClose(t *testing.T, got, want []float64, m, n, ldc, k int, scale float64) {
	t.Helper()
	tol := 1e-12 * float64(max(k, 1)) * scale
	for i := range m {
		for j := range n {
			g, w := got[i*ldc+j], want[i*ldc+j]
			if d := math.Abs(g - w); !(d <= tol*math.Max(1, math.Abs(w))) {
				t.Fatalf("C[%d,%d]: got %v, want %v (diff %g, tol %g)", i, j, g, w, d, tol)
			}
		}
	}
}

func TestGemmAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	scalars := []struct{ alpha, beta float64 }{{1, 0}, {1, 1}, {-0.7, 0}, {0.5, -1.5}, {0, 2}, {0, 0}, {2, 1}}
	for _, kn := range kernels(t) {
		t.Run(kn.name, func(t *testing.T) {
			withKernel(t, kn.isa)
			for _, sh := range testShapes() {
				for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
					for si, sc := range scalars {
						// Strided variant: every leading dimension larger than the width.
						for _, pad := range []int{0, 3} {
							if sh.m*sh.n*sh.k > 1e6 && (si > 1 || pad > 0) {
								continue // keep the big shapes quick
							}
							name := fmt.Sprintf("%dx%dx%d/tA=%v,tB=%v/a=%v,b=%v/pad=%d", sh.m, sh.n, sh.k, tr[0], tr[1], sc.alpha, sc.beta, pad)
							runCase(t, rng, name, tr[0], tr[1], sh, sc.alpha, sc.beta, pad)
						}
					}
				}
			}
		})
	}
}

func runCase(t *testing.T, rng *rand.Rand, name string, transA, transB bool, sh shape, alpha, beta float64, pad int) {
	m, n, k := sh.m, sh.n, sh.k
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	lda, ldb, ldc := max(ac, 1)+pad, max(bc, 1)+pad, max(n, 1)+pad
	a := randSlice(rng, max(0, (ar-1)*lda+ac))
	b := randSlice(rng, max(0, (br-1)*ldb+bc))
	c := randSlice(rng, max(0, (m-1)*ldc+n))
	if beta == 0 {
		for i := range c {
			c[i] = math.NaN() // beta == 0 must not read C
		}
	}
	want := append([]float64(nil), c...)
	naiveGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
	got := append([]float64(nil), c...)
	Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc)
	if t.Failed() {
		return
	}
	scale := math.Max(1, math.Max(math.Abs(alpha), math.Abs(beta)))
	t.Run(name, func(t *testing.T) { checkClose(t, got, want, m, n, ldc, k, scale) })
	// Padding between rows of C must be left alone.
	for i := range m - 1 {
		for j := n; j < ldc; j++ {
			if p := i*ldc + j; got[p] != c[p] && !(math.IsNaN(got[p]) && math.IsNaN(c[p])) {
				t.Fatalf("%s: padding C[%d] changed", name, p)
			}
		}
	}
}

// TestGemmParallelSerialAgree checks that splitting the work over several
// goroutines gives the same result as one, to the last bit: every element of
// C is summed in the same order whatever the task grid.
func TestGemmParallelSerialAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	workers.Size() // start the pool
	for _, sh := range []shape{{150, 170, 600}, {20, 700, 300}, {700, 20, 300}} {
		m, n, k := sh.m, sh.n, sh.k
		a, b := randSlice(rng, m*k), randSlice(rng, n*k)
		var results [][]float64
		for _, nw := range []int{1, 2, 3} {
			c := make([]float64, m*n)
			p := problem{transB: true, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: k, c: c, ldc: n}
			gemmBlocked(&p, nw)
			results = append(results, c)
		}
		for w, c := range results[1:] {
			for i := range c {
				if c[i] != results[0][i] {
					t.Fatalf("%dx%dx%d: element %d: %d goroutines %v, 1 goroutine %v", m, n, k, i, w+2, c[i], results[0][i])
				}
			}
		}
	}
}

func TestGemmConcurrentCallers(t *testing.T) {
	done := make(chan error)
	for g := range 4 {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(g), 9))
			m, n, k := 90, 110, 130
			a, b := randSlice(rng, m*k), randSlice(rng, k*n)
			got, want := make([]float64, m*n), make([]float64, m*n)
			naiveGemm(false, true, m, n, k, 1, a, k, b, k, 0, want, n)
			for range 5 {
				Gemm(false, true, m, n, k, 1, a, k, b, k, 0, got, n)
			}
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
					done <- fmt.Errorf("goroutine %d: element %d: got %v want %v", g, i, got[i], want[i])
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestGemmPanics(t *testing.T) {
	x := make([]float64, 12)
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"negative m", func() { Gemm(false, false, -1, 2, 2, 1, x, 2, x, 2, 0, x, 2) }, "negative dimension"},
		{"short a", func() { Gemm(false, false, 4, 2, 4, 1, x, 4, x, 2, 0, x, 2) }, "len(a)=12 is too short for a 4×4 matrix"},
		{"short b", func() { Gemm(false, true, 2, 4, 4, 1, x, 4, x, 4, 0, x, 4) }, "len(b)=12 is too short for a 4×4 matrix"},
		{"short c", func() { Gemm(false, false, 3, 5, 1, 1, x, 1, x, 5, 0, x, 5) }, "len(c)=12 is too short for a 3×5 matrix"},
		{"small lda", func() { Gemm(false, false, 2, 2, 3, 1, x, 2, x, 2, 0, x, 2) }, "lda=2 is smaller than the 3 columns of a"},
		{"small lda transposed", func() { Gemm(true, false, 3, 2, 2, 1, x, 2, x, 2, 0, x, 2) }, "lda=2 is smaller than the 3 columns of a"},
		{"small ldb", func() { Gemm(false, false, 2, 3, 2, 1, x, 2, x, 2, 0, x, 3) }, "ldb=2 is smaller than the 3 columns of b"},
		{"small ldc", func() { Gemm(false, false, 2, 3, 2, 1, x, 2, x, 3, 0, x, 2) }, "ldc=2 is smaller than the 3 columns of c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if msg := fmt.Sprint(r); !strings.Contains(msg, tt.want) {
					t.Fatalf("panic %q does not contain %q", msg, tt.want)
				}
			}()
			tt.f()
		})
	}
}

func TestGemmAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are checked in the full run")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sh := range []shape{{4, 4, 4}, {30, 30, 30}, {64, 256, 784}, {200, 200, 200}} {
		for _, kn := range kernels(t) {
			t.Run(fmt.Sprintf("%s/%dx%dx%d", kn.name, sh.m, sh.n, sh.k), func(t *testing.T) {
				withKernel(t, kn.isa)
				a, b := randSlice(rng, sh.m*sh.k), randSlice(rng, sh.k*sh.n)
				c := make([]float64, sh.m*sh.n)
				f := func() { Gemm(false, true, sh.m, sh.n, sh.k, 1, a, sh.k, b, sh.k, 0, c, sh.n) }
				f() // warm the buffers and start the pool
				if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
					t.Errorf("%v allocations per call, want 0", allocs)
				}
			})
		}
	}
}

func TestGemmGOMAXPROCS1(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	rng := rand.New(rand.NewPCG(7, 8))
	m, n, k := 100, 120, 300
	a, b := randSlice(rng, k*m), randSlice(rng, n*k)
	got, want := make([]float64, m*n), make([]float64, m*n)
	naiveGemm(true, true, m, n, k, 1.5, a, m, b, k, 0, want, n)
	Gemm(true, true, m, n, k, 1.5, a, m, b, k, 0, got, n)
	checkClose(t, got, want, m, n, n, k, 1.5)
}

// TestGemmOuterProductZeros checks the skipping of zero multipliers in
// gemmTiny's outer-product path: a batch-1 weight gradient xᵀ·δ with a
// mostly-zero x (like an MNIST image), accumulated into C (beta 1) and not.
func TestGemmOuterProductZeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sh := range []struct{ m, n, k int }{{784, 256, 1}, {33, 17, 1}, {40, 30, 2}, {1, 8, 1}} {
		for _, beta := range []float64{0, 1, 0.5} {
			a, b := randSlice(rng, sh.m*sh.k), randSlice(rng, sh.k*sh.n)
			for i := range a {
				if rng.IntN(5) > 0 {
					a[i] = 0
				}
			}
			c := randSlice(rng, sh.m*sh.n)
			want := append([]float64(nil), c...)
			// A transposed (k×m, as xᵀ for a row x), B not: rows of B contiguous.
			Gemm(true, false, sh.m, sh.n, sh.k, 1.5, a, sh.m, b, sh.n, beta, c, sh.n)
			naiveGemm(true, false, sh.m, sh.n, sh.k, 1.5, a, sh.m, b, sh.n, beta, want, sh.n)
			checkClose(t, c, want, sh.m, sh.n, sh.n, sh.k, 1)
		}
	}
}

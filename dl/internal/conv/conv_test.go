package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

var geometries = []Geometry{
	{N: 1, C: 1, H: 5, W: 5, F: 1, K: 3, Stride: 1, Pad: 0},
	{N: 1, C: 2, H: 7, W: 6, F: 1, K: 3, Stride: 2, Pad: 1},
	{N: 1, C: 3, H: 5, W: 8, F: 1, K: 5, Stride: 3, Pad: 2},
	{N: 1, C: 1, H: 4, W: 4, F: 1, K: 6, Stride: 1, Pad: 1},
	{N: 1, C: 2, H: 6, W: 5, F: 1, K: 1, Stride: 2, Pad: 0},
}

func withOut(g Geometry) Geometry {
	g.OH, g.OW = OutSize(g.H, g.K, g.Stride, g.Pad), OutSize(g.W, g.K, g.Stride, g.Pad)
	return g
}

func name(g Geometry) string {
	return fmt.Sprintf("C%d_%dx%d_k%d_s%d_p%d", g.C, g.H, g.W, g.K, g.Stride, g.Pad)
}

// TestIm2col checks every entry of col against its definition.
func TestIm2col(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, g := range geometries {
		g := withOut(g)
		t.Run(name(g), func(t *testing.T) {
			x := make([]float64, g.inSize())
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			col := make([]float64, g.rows()*g.cols())
			for i := range col {
				col[i] = math.NaN() // every entry must be written
			}
			im2col(&g, x, col)
			for c := range g.C {
				for i := range g.K {
					for j := range g.K {
						r := (c*g.K+i)*g.K + j
						for oh := range g.OH {
							for ow := range g.OW {
								h, w := oh*g.Stride-g.Pad+i, ow*g.Stride-g.Pad+j
								want := 0.0
								if h >= 0 && h < g.H && w >= 0 && w < g.W {
									want = x[(c*g.H+h)*g.W+w]
								}
								if got := col[r*g.cols()+oh*g.OW+ow]; got != want {
									t.Fatalf("col[(%d,%d,%d), (%d,%d)] = %v, want %v", c, i, j, oh, ow, got, want)
								}
							}
						}
					}
				}
			}
		})
	}
}

// TestCol2imIsTheTranspose checks ⟨im2col(x), d⟩ = ⟨x, col2im(d)⟩ for
// random x and d: col2im is the adjoint of im2col, which is what the
// backward pass needs.
func TestCol2imIsTheTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, g := range geometries {
		g := withOut(g)
		t.Run(name(g), func(t *testing.T) {
			x := make([]float64, g.inSize())
			d := make([]float64, g.rows()*g.cols())
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for i := range d {
				d[i] = rng.NormFloat64()
			}
			col := make([]float64, len(d))
			im2col(&g, x, col)
			dx := make([]float64, len(x))
			col2im(&g, d, dx)
			lhs, rhs := 0.0, 0.0
			for i := range d {
				lhs += col[i] * d[i]
			}
			for i := range x {
				rhs += x[i] * dx[i]
			}
			if math.Abs(lhs-rhs) > 1e-12*max(1, math.Abs(lhs)) {
				t.Errorf("⟨im2col(x), d⟩ = %v but ⟨x, col2im(d)⟩ = %v", lhs, rhs)
			}
		})
	}
}

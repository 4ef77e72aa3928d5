// Package conv computes 2-D convolutions (cross-correlations, as in every
// deep-learning library) for package dl by lowering them to matrix products:
// the one routine dl.Conv2d's forward and backward passes call.
//
// # im2col
//
// For one sample x (C×H×W), a weight W (F×C×k×k) and an output of OH×OW
// positions, every output value is a dot product of one filter with one
// k×k patch of every channel:
//
//	y[f, oh, ow] = b[f] + Σ_{c,i,j} W[f, c, i, j] · x[c, oh·s − p + i, ow·s − p + j]
//
// Write the patches side by side as the columns of a matrix "col" of
// K = C·k·k rows and P = OH·OW columns (im2col: row (c, i, j), column
// (oh, ow), zero where the patch hangs over the padding). Then the whole
// convolution of the sample is one matrix product with the weight seen as
// an F×K matrix:
//
//	Y (F×P) = W (F×K) · col (K×P)
//
// and the backward pass is two more, with G = ∂L/∂Y:
//
//	∂L/∂W += G · colᵀ          (F×P · P×K)
//	∂L/∂col = Wᵀ · G           (K×F · F×P), added back into ∂L/∂x by col2im
//
// col2im is the transpose of im2col: each entry of ∂L/∂col is added to the
// input pixel it was copied from (a pixel that appears in several patches
// gathers several contributions).
//
// # How it is fast
//
// The products go to dl/internal/gemm. The batch is cut into chunks of a few
// samples that run in parallel on dl's worker pool (dl/internal/workers);
// each chunk builds the col matrix of one sample at a time in scratch memory
// of its own, small enough to stay in the L2 cache between im2col and the
// product. The backward pass builds col again instead of keeping the
// forward's (a copy is cheaper than holding K×P values per sample for the
// whole step). Each chunk accumulates its own share of ∂L/∂W and ∂L/∂b, and
// the shares are added in chunk order at the end, so the result does not
// depend on which goroutine ran which chunk. Scratch memory is recycled, so
// calls at steady state allocate nothing.
package conv

import (
	"sync"

	"github.com/dlfun/dlfun/dl/internal/gemm"
	"github.com/dlfun/dlfun/dl/internal/workers"
)

// Geometry describes a convolution of a batch of N inputs C×H×W with F
// filters C×K×K, stride Stride and zero padding Pad on every side; OH×OW is
// the output size, (H + 2·Pad − K)/Stride + 1 by (W + 2·Pad − K)/Stride + 1.
// The caller checks that the sizes are valid.
type Geometry struct {
	N, C, H, W  int
	F, K        int
	Stride, Pad int
	OH, OW      int
}

// OutSize returns the output size of a convolution (or pooling) of an input
// of size n with kernel k, stride s and padding p: ⌊(n + 2p − k)/s⌋ + 1.
func OutSize(n, k, s, p int) int { return (n+2*p-k)/s + 1 }

func (g *Geometry) rows() int    { return g.C * g.K * g.K } // K of the product
func (g *Geometry) cols() int    { return g.OH * g.OW }     // P
func (g *Geometry) inSize() int  { return g.C * g.H * g.W }
func (g *Geometry) outSize() int { return g.F * g.OH * g.OW }

// chunk is the number of samples a parallel task handles.
const chunk = 4

// scratch is a task's col matrix (or ∂L/∂col), reused by the next task
// while it is still in the cache.
type scratch struct{ col []float64 }

// share is one chunk's share of ∂L/∂W and ∂L/∂b, kept until all chunks are
// done.
type share struct{ dw, db []float64 }

var (
	scratches workers.FreeList[scratch]
	shareList workers.FreeList[share]
)

// grow returns buf with length n, reallocated only if too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// Forward computes y = conv(x, w) + b for the whole batch: x is N×C×H×W, w
// is F×C×K×K, b is F values or nil, y is N×F×OH×OW (overwritten).
func Forward(g Geometry, x, w, b, y []float64) {
	kk, p, f := g.rows(), g.cols(), g.F
	workers.For(g.N, chunk, func(lo, hi int) {
		s := scratches.Get()
		s.col = grow(s.col, kk*p)
		for n := lo; n < hi; n++ {
			yn := y[n*g.outSize() : (n+1)*g.outSize()]
			beta := 0.0
			if b != nil {
				for i := range f {
					row := yn[i*p : (i+1)*p]
					for j := range row {
						row[j] = b[i]
					}
				}
				beta = 1
			}
			im2col(&g, x[n*g.inSize():(n+1)*g.inSize()], s.col)
			gemm.Gemm(false, false, f, p, kk, 1, w, kk, s.col, p, beta, yn, p) // Y = W·col (+ b)
		}
		scratches.Put(s)
	})
}

// Backward adds the gradients of a convolution to dx, dw and db, given
// dy = ∂L/∂y (N×F×OH×OW) and the forward's x and w. A nil dx, dw or db is
// not computed.
func Backward(g Geometry, x, w, dy, dx, dw, db []float64) {
	if dx == nil && dw == nil && db == nil {
		return
	}
	kk, p, f := g.rows(), g.cols(), g.F
	nchunks := (g.N + chunk - 1) / chunk
	// shares[c] is chunk c's ∂L/∂W and ∂L/∂b, added in order at the end.
	shares := sharesPool.Get().(*[]*share)
	for range nchunks {
		*shares = append(*shares, nil)
	}
	workers.For(nchunks, 1, func(c0, c1 int) {
		s := scratches.Get()
		s.col = grow(s.col, kk*p)
		for c := c0; c < c1; c++ {
			sh := shareList.Get()
			sh.dw, sh.db = grow(sh.dw, f*kk), grow(sh.db, f)
			clear(sh.dw)
			clear(sh.db)
			for n := c * chunk; n < min(g.N, (c+1)*chunk); n++ {
				dyn := dy[n*g.outSize() : (n+1)*g.outSize()]
				xn := x[n*g.inSize() : (n+1)*g.inSize()]
				if dw != nil { // ∂L/∂W += G·colᵀ
					im2col(&g, xn, s.col)
					gemm.Gemm(false, true, f, kk, p, 1, dyn, p, s.col, p, 1, sh.dw, kk)
				}
				if db != nil { // ∂L/∂b += Σ_positions G
					for i := range f {
						sum := 0.0
						for _, v := range dyn[i*p : (i+1)*p] {
							sum += v
						}
						sh.db[i] += sum
					}
				}
				if dx != nil { // ∂L/∂col = Wᵀ·G, then col2im into ∂L/∂x
					gemm.Gemm(true, false, kk, p, f, 1, w, kk, dyn, p, 0, s.col, p)
					col2im(&g, s.col, dx[n*g.inSize():(n+1)*g.inSize()])
				}
			}
			(*shares)[c] = sh // each chunk its own slot; For's return orders the writes
		}
		scratches.Put(s)
	})
	for _, sh := range *shares {
		if dw != nil {
			for i, v := range sh.dw {
				dw[i] += v
			}
		}
		if db != nil {
			for i, v := range sh.db {
				db[i] += v
			}
		}
		shareList.Put(sh)
	}
	clear(*shares)
	*shares = (*shares)[:0]
	sharesPool.Put(shares)
}

var sharesPool = sync.Pool{New: func() any { return new([]*share) }}

// im2col writes the patches of one sample x (C×H×W) as the columns of col
// (C·K·K rows of OH·OW): col[(c, i, j), (oh, ow)] = x[c, oh·s−p+i, ow·s−p+j],
// 0 in the padding.
func im2col(g *Geometry, x, col []float64) {
	p := g.cols()
	r := 0
	for c := range g.C {
		xc := x[c*g.H*g.W : (c+1)*g.H*g.W]
		for i := range g.K {
			for j := range g.K {
				row := col[r*p : (r+1)*p]
				r++
				lo, hi := validRange(j, g.Pad, g.Stride, g.W, g.OW)
				for oh := range g.OH {
					out := row[oh*g.OW : (oh+1)*g.OW]
					ih := oh*g.Stride - g.Pad + i
					if ih < 0 || ih >= g.H {
						zero(out)
						continue
					}
					xrow := xc[ih*g.W : (ih+1)*g.W]
					zero(out[:lo])
					if g.Stride == 1 { // a run of the input row
						copy(out[lo:hi], xrow[lo-g.Pad+j:hi-g.Pad+j])
					} else {
						for ow := lo; ow < hi; ow++ {
							out[ow] = xrow[ow*g.Stride-g.Pad+j]
						}
					}
					zero(out[hi:])
				}
			}
		}
	}
}

// zero sets x to zeros; the runs are a few values, too short to be worth a
// call of clear.
func zero(x []float64) {
	for t := range x {
		x[t] = 0
	}
}

// col2im adds each entry of col (laid out as in im2col) to the pixel of dx
// (C×H×W) it was copied from; entries from the padding are dropped.
func col2im(g *Geometry, col, dx []float64) {
	p := g.cols()
	r := 0
	for c := range g.C {
		dc := dx[c*g.H*g.W : (c+1)*g.H*g.W]
		for i := range g.K {
			for j := range g.K {
				row := col[r*p : (r+1)*p]
				r++
				lo, hi := validRange(j, g.Pad, g.Stride, g.W, g.OW)
				for oh := range g.OH {
					ih := oh*g.Stride - g.Pad + i
					if ih < 0 || ih >= g.H {
						continue
					}
					in := row[oh*g.OW : (oh+1)*g.OW]
					drow := dc[ih*g.W : (ih+1)*g.W]
					if g.Stride == 1 {
						src, dst := in[lo:hi], drow[lo-g.Pad+j:hi-g.Pad+j]
						src = src[:len(dst)] // one bounds check, not one per value
						for t, v := range src {
							dst[t] += v
						}
						continue
					}
					for ow := lo; ow < hi; ow++ {
						drow[ow*g.Stride-g.Pad+j] += in[ow]
					}
				}
			}
		}
	}
}

// validRange returns the output columns [lo, hi) whose input column
// ow·s − p + j lies inside 0..w−1, for kernel column j.
func validRange(j, p, s, w, ow int) (lo, hi int) {
	// ow·s − p + j ≥ 0  ⇔  ow ≥ ⌈(p − j)/s⌉
	if p > j {
		lo = (p - j + s - 1) / s
	}
	// ow·s − p + j ≤ w − 1  ⇔  ow ≤ ⌊(w − 1 + p − j)/s⌋
	if w-1+p-j >= 0 {
		hi = min(ow, (w-1+p-j)/s+1)
	}
	return min(lo, hi), hi
}

package gemm

import (
	"sync"
	"sync/atomic"
)

// superBlocks is the number of mc-row blocks of A packed together: the
// packed A buffer holds at most superBlocks·mcBlock·kcBlock values (2.4 MB).
const superBlocks = 8

// call is the shared state of one blocked Gemm: the problem, the packed slab
// of B and the packed super-block of A for the current blocks, and a
// parallel-for over tasks that the caller and the pool workers drain
// together. calls are recycled through callPool so that steady-state Gemm
// calls allocate nothing.
type call struct {
	p problem

	// Current blocks: columns [jc, jc+nc) of C, depth [pc, pc+kc), row
	// blocks [rb0, rb1) of C (rows [rb0·mc, min(rb1·mc, m))).
	jc, nc, pc, kc int
	rb0, rb1       int
	packB          bool    // whether this pack phase packs the B slab too
	beta           float64 // beta for this slab: p.beta for the first, then 1

	mc                    int // rows per row block (multiple of mr)
	chunkSlivers, nChunks int // split of the B slab into column chunks

	bp []float64 // packed kc×nc slab of B
	ap []float64 // packed row blocks [rb0, rb1) of A, kc deep

	// Parallel-for state.
	phase  int          // packPhase or computePhase
	ntasks int          // number of tasks in this phase
	nw     int          // goroutines taking part
	next   atomic.Int64 // next task to hand out
	wg     sync.WaitGroup
}

const (
	packPhase = iota
	computePhase
)

var callPool = sync.Pool{New: func() any { return new(call) }}

// gemmBlocked computes the product with the packed, cache-blocked algorithm
// using up to nw goroutines (the caller plus nw-1 pool workers).
//
//	for each panel of ≤ ncBlock columns of C (jc)
//	  for each slab of ≤ kcBlock of the k dimension (pc)
//	    for each super-block of ≤ superBlocks·mc rows of C
//	      in parallel: pack the B slab (first time only) and the A rows
//	      in parallel: for each (row block, column chunk) tile of C,
//	                   run the micro-kernel over its mr×nr tiles
func gemmBlocked(p *problem, nw int) {
	cl := callPool.Get().(*call)
	cl.p = *p
	cl.nw = nw
	rowBlocks := ceilDiv(p.m, mcBlock)
	cl.mc = roundUp(ceilDiv(p.m, rowBlocks), mr)
	rowBlocks = ceilDiv(p.m, cl.mc)
	// Equal slabs: k = 784 gives 4 slabs of 196, not 3 of 256 and one of 16.
	kc := ceilDiv(p.k, ceilDiv(p.k, kcBlock))
	cl.ap = grow(cl.ap, min(rowBlocks, superBlocks)*cl.mc*kc)
	for jc := 0; jc < p.n; jc += ncBlock {
		nc := min(ncBlock, p.n-jc)
		slivers := ceilDiv(nc, nr)
		cl.jc, cl.nc = jc, nc
		cl.bp = grow(cl.bp, slivers*nr*kc)
		for pc := 0; pc < p.k; pc += kc {
			cl.pc, cl.kc = pc, min(kc, p.k-pc)
			cl.beta = 1
			if pc == 0 {
				cl.beta = p.beta
			}
			cl.packB = true
			for rb0 := 0; rb0 < rowBlocks; rb0 += superBlocks {
				cl.rb0, cl.rb1 = rb0, min(rowBlocks, rb0+superBlocks)
				// Enough tasks for dynamic balance: about 4 per goroutine.
				cl.nChunks = 1
				if nw > 1 {
					cl.nChunks = min(slivers, ceilDiv(4*nw, cl.rb1-cl.rb0))
				}
				cl.chunkSlivers = ceilDiv(slivers, cl.nChunks)
				cl.nChunks = ceilDiv(slivers, cl.chunkSlivers)
				cl.run(packPhase, 2*nw)
				cl.packB = false
				cl.run(computePhase, (cl.rb1-cl.rb0)*cl.nChunks)
			}
		}
	}
	cl.p = problem{} // do not keep the caller's matrices alive
	callPool.Put(cl)
}

// run executes tasks 0..ntasks-1 of the given phase on the caller and up to
// nw-1 pool workers, and returns when all are done.
func (cl *call) run(phase, ntasks int) {
	cl.phase, cl.ntasks = phase, ntasks
	cl.next.Store(0)
	helpers := min(cl.nw, ntasks) - 1
	if helpers > 0 {
		cl.wg.Add(helpers)
		for range helpers {
			workQueue() <- cl
		}
	}
	cl.drain()
	if helpers > 0 {
		cl.wg.Wait()
	}
}

// drain runs tasks until none are left.
func (cl *call) drain() {
	for {
		t := int(cl.next.Add(1) - 1)
		if t >= cl.ntasks {
			return
		}
		if cl.phase == packPhase {
			cl.packTask(t)
		} else {
			cl.computeTask(t)
		}
	}
}

// packTask packs one of nw shares of the B slab (tasks 0..nw-1, only when
// packB is set) or of the A rows (tasks nw..2nw-1).
func (cl *call) packTask(t int) {
	share, nshares := t%cl.nw, cl.nw
	if t < cl.nw {
		if !cl.packB {
			return
		}
		s0, s1 := shareRange(ceilDiv(cl.nc, nr), share, nshares)
		if s0 < s1 {
			j0 := s0 * nr
			packB(&cl.p, cl.pc, cl.kc, cl.jc+j0, min(cl.nc, s1*nr)-j0, cl.bp[s0*nr*cl.kc:])
		}
		return
	}
	top := cl.rb0 * cl.mc                   // first row of the super-block
	rows := min(cl.rb1*cl.mc, cl.p.m) - top // rows in the super-block
	s0, s1 := shareRange(ceilDiv(rows, mr), share, nshares)
	if s0 < s1 {
		i0 := s0 * mr
		packA(&cl.p, top+i0, min(rows, s1*mr)-i0, cl.pc, cl.kc, cl.ap[s0*mr*cl.kc:])
	}
}

// shareRange splits 0..n-1 into nshares nearly equal ranges and returns the
// bounds of range share.
func shareRange(n, share, nshares int) (lo, hi int) {
	return n * share / nshares, n * (share + 1) / nshares
}

// computeTask multiplies row block rb0 + t/nChunks of the packed A rows by
// column chunk t%nChunks of the packed B slab, updating that tile of C.
func (cl *call) computeTask(t int) {
	p := &cl.p
	rb, ch := t/cl.nChunks, t%cl.nChunks
	i0 := (cl.rb0 + rb) * cl.mc
	rows := min(cl.mc, p.m-i0)
	kc := cl.kc
	ap := cl.ap[rb*cl.mc*kc:]
	s0 := ch * cl.chunkSlivers
	s1 := min(ceilDiv(cl.nc, nr), s0+cl.chunkSlivers)
	var tile [mr * nr]float64
	for s := s0; s < s1; s++ {
		j := s * nr // column inside the slab
		w := min(nr, cl.nc-j)
		bs := cl.bp[s*nr*kc : (s+1)*nr*kc]
		for r := 0; r < rows; r += mr {
			h := min(mr, rows-r)
			off := (i0+r)*p.ldc + cl.jc + j
			if w == nr && r+2*mr <= rows &&
				doubleKernel(kc, ap[r*kc:(r+2*mr)*kc], bs, p.c[off:], p.ldc, p.alpha, cl.beta) {
				r += mr // two slivers done
				continue
			}
			as := ap[r*kc : (r+mr)*kc]
			if h == mr && w == nr {
				microKernel(kc, as, bs, p.c[off:], p.ldc, p.alpha, cl.beta)
				continue
			}
			// Edge tile: compute the full padded tile aside, store the
			// part that exists.
			microKernel(kc, as, bs, tile[:], nr, 1, 0)
			storeTile(h, w, tile[:], p.c[off:], p.ldc, p.alpha, cl.beta)
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func roundUp(a, b int) int { return ceilDiv(a, b) * b }

// grow returns buf if it holds at least n values, otherwise a new slice.
func grow(buf []float64, n int) []float64 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]float64, n)
}

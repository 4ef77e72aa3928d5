package gemm

import (
	"sync"
	"sync/atomic"
)

// call is the shared state of one blocked Gemm: the problem, the packed slab
// of B for the current (jc, pc) block, and a parallel-for over tasks that the
// caller and the pool workers drain together. calls are recycled through
// callPool so that steady-state Gemm calls allocate nothing.
type call struct {
	p problem

	// Current block: columns [jc, jc+nc) of C, depth [pc, pc+kc).
	jc, nc, pc, kc int
	beta           float64 // beta for this slab: p.beta for the first, then 1

	// Row blocking of C and the split of the B slab into column chunks.
	mc, rowBlocks         int
	chunkSlivers, nChunks int

	bp []float64 // packed kc×nc slab of B, shared by all workers
	ap []float64 // packed A block of the calling goroutine

	// Parallel-for state.
	phase  int          // packPhase or computePhase
	ntasks int          // number of tasks in this phase
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
func gemmBlocked(p *problem, nw int) {
	cl := callPool.Get().(*call)
	cl.p = *p
	cl.rowBlocks = ceilDiv(p.m, mcBlock)
	cl.mc = roundUp(ceilDiv(p.m, cl.rowBlocks), mr)
	cl.ap = grow(cl.ap, cl.mc*kcBlock)
	for jc := 0; jc < p.n; jc += ncBlock {
		nc := min(ncBlock, p.n-jc)
		slivers := ceilDiv(nc, nr)
		// Enough tasks for dynamic balance between nw workers; when there
		// are few row blocks, the B slab is split into column chunks.
		nChunks := 1
		if nw > 1 {
			nChunks = min(slivers, ceilDiv(3*nw, cl.rowBlocks))
		}
		cl.chunkSlivers = ceilDiv(slivers, nChunks)
		cl.nChunks = ceilDiv(slivers, cl.chunkSlivers)
		cl.jc, cl.nc = jc, nc
		cl.bp = grow(cl.bp, slivers*nr*kcBlock)
		for pc := 0; pc < p.k; pc += kcBlock {
			cl.pc, cl.kc = pc, min(kcBlock, p.k-pc)
			cl.beta = 1
			if pc == 0 {
				cl.beta = p.beta
			}
			cl.run(packPhase, min(slivers, nw), nw)
			cl.run(computePhase, cl.rowBlocks*cl.nChunks, nw)
		}
	}
	cl.p = problem{} // do not keep the caller's matrices alive
	callPool.Put(cl)
}

// run executes tasks 0..ntasks-1 of the given phase on the caller and up to
// nw-1 pool workers, and returns when all are done.
func (cl *call) run(phase, ntasks, nw int) {
	cl.phase, cl.ntasks = phase, ntasks
	cl.next.Store(0)
	helpers := min(nw, ntasks) - 1
	if helpers > 0 {
		cl.wg.Add(helpers)
		for range helpers {
			workQueue() <- cl
		}
	}
	cl.drain(&cl.ap)
	if helpers > 0 {
		cl.wg.Wait()
	}
}

// drain runs tasks until none are left; ap is the goroutine's own buffer
// for packed A blocks.
func (cl *call) drain(ap *[]float64) {
	for {
		t := int(cl.next.Add(1) - 1)
		if t >= cl.ntasks {
			return
		}
		if cl.phase == packPhase {
			cl.packTask(t)
		} else {
			*ap = grow(*ap, cl.mc*kcBlock)
			cl.computeTask(t, *ap)
		}
	}
}

// packTask packs the t-th of ntasks equal shares of the B slab.
func (cl *call) packTask(t int) {
	slivers := ceilDiv(cl.nc, nr)
	per := ceilDiv(slivers, cl.ntasks)
	s0, s1 := t*per, min(slivers, (t+1)*per)
	if s0 >= s1 {
		return
	}
	j0 := s0 * nr
	cols := min(cl.nc, s1*nr) - j0
	packB(&cl.p, cl.pc, cl.kc, cl.jc+j0, cols, cl.bp[s0*nr*cl.kc:])
}

// computeTask packs row block t/nChunks of op(A) and multiplies it by column
// chunk t%nChunks of the packed B slab, updating that tile of C.
func (cl *call) computeTask(t int, ap []float64) {
	p := &cl.p
	rb, ch := t/cl.nChunks, t%cl.nChunks
	i0 := rb * cl.mc
	rows := min(cl.mc, p.m-i0)
	if rows <= 0 {
		return
	}
	kc := cl.kc
	packA(p, i0, rows, cl.pc, kc, ap)

	s0 := ch * cl.chunkSlivers
	s1 := min(ceilDiv(cl.nc, nr), s0+cl.chunkSlivers)
	var tile [mr * nr]float64
	for s := s0; s < s1; s++ {
		j := s * nr // column inside the slab
		w := min(nr, cl.nc-j)
		bs := cl.bp[s*nr*kc : (s+1)*nr*kc]
		for r := 0; r < rows; r += mr {
			h := min(mr, rows-r)
			as := ap[r*kc : (r+mr)*kc]
			off := (i0+r)*p.ldc + cl.jc + j
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

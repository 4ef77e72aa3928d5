package gemm

import (
	"sync"
	"sync/atomic"

	"github.com/dlfun/dlfun/dl/internal/workers"
)

// gemmBlocked computes the product with the packed, cache-blocked algorithm
// using up to nw goroutines: the caller plus nw-1 pool workers.
//
// C is cut into a grid of rectangular tasks (see plan). Each task is an
// independent serial GEMM on its part of C (blockedTile), with its own
// packing buffers, so the goroutines never wait for each other until the
// end: one hand-off to the pool and one wait for the last task per call. The
// price is that a task packs the rows of op(A) and the columns of op(B) it
// needs even when a neighbour packs them too; plan picks the grid that packs
// least.
func gemmBlocked(p *problem, nw int) {
	cl := getCall()
	cl.p = *p
	cl.plan(nw)
	cl.next.Store(0)
	cl.wg.Add(cl.ntasks)
	helpers := min(nw, cl.ntasks) - 1
	cl.refs.Store(int32(helpers + 1))
	if helpers > 0 {
		// Offer never blocks on a full queue (other calls keep the
		// workers busy): a helper that cannot be handed the call is not
		// needed.
		cl.refs.Add(int32(workers.Offer(cl, helpers) - helpers))
	}
	cl.Help(&cl.buf)
	// Wait for the tasks, not for the helpers: a helper that wakes up late
	// (its core busy with another process) finds no task left and simply
	// drops its reference.
	cl.wg.Wait()
	cl.Leave()
}

// call is the shared state of one blocked Gemm: the problem, its task grid
// and the counter handing out tasks. calls are recycled through freeCalls
// (with the caller's packing buffers) so that steady-state Gemm calls
// allocate nothing.
type call struct {
	p problem

	// Task grid: rowGroups × colChunks tasks of rowsPer × colsPer of C.
	rowGroups, colChunks int
	rowsPer, colsPer     int
	ntasks               int

	next atomic.Int64    // next task to hand out
	wg   sync.WaitGroup  // counts unfinished tasks
	refs atomic.Int32    // goroutines still holding the call
	buf  workers.Scratch // the calling goroutine's packing buffers
}

// Leave drops one reference to cl; the last one recycles it.
func (cl *call) Leave() {
	if cl.refs.Add(-1) == 0 {
		putCall(cl)
	}
}

// freeCalls keeps finished calls, with their packing buffers, for the next
// Gemm, so that steady-state calls never allocate.
var freeCalls workers.FreeList[call]

func getCall() *call { return freeCalls.Get() }

func putCall(cl *call) {
	cl.p = problem{} // do not keep the caller's matrices alive
	freeCalls.Put(cl)
}

// plan chooses the task grid for nw goroutines: about 2·nw tasks (so a
// goroutine slowed down by another process simply takes fewer), shaped to
// minimise packing. A grid of r row groups × c column chunks packs A c times
// and B r times, i.e. k·(c·m + r·n) copies.
func (cl *call) plan(nw int) {
	m, n := cl.p.m, cl.p.n
	rg, cc := 1, 1
	if nw > 1 {
		target := 2 * nw
		maxRg, maxCc := ceilDiv(m, mr), ceilDiv(n, nr)
		best := -1
		for r := 1; r <= min(target, maxRg); r++ {
			c := min(ceilDiv(target, r), maxCc)
			if cost := c*m + r*n; best < 0 || cost < best {
				best, rg, cc = cost, r, c
			}
		}
	}
	// Multiples of 2·mr rows, so that the AVX-512 kernel's 12-row tiles fit.
	cl.rowsPer = roundUp(ceilDiv(m, rg), 2*mr)
	cl.colsPer = roundUp(ceilDiv(n, cc), nr)
	cl.rowGroups = ceilDiv(m, cl.rowsPer)
	cl.colChunks = ceilDiv(n, cl.colsPer)
	cl.ntasks = cl.rowGroups * cl.colChunks
}

// Help runs tasks until none are left, packing into buf (buf.A holds the
// packed block of A, buf.B the packed panel of B).
func (cl *call) Help(buf *workers.Scratch) {
	for {
		t := int(cl.next.Add(1) - 1)
		if t >= cl.ntasks {
			return
		}
		i0 := t / cl.colChunks * cl.rowsPer
		j0 := t % cl.colChunks * cl.colsPer
		blockedTile(&cl.p, i0, min(cl.p.m, i0+cl.rowsPer), j0, min(cl.p.n, j0+cl.colsPer), buf)
		cl.wg.Done()
	}
}

// blockedTile computes rows [i0, i1) × columns [j0, j1) of C with the
// classic three cache-blocking loops around packing and the macro-kernel.
func blockedTile(p *problem, i0, i1, j0, j1 int, buf *workers.Scratch) {
	// Equal slabs: k = 784 gives 4 slabs of 196, not 3 of 256 and one of 16.
	kcEq := ceilDiv(p.k, ceilDiv(p.k, kcBlock))
	rows := i1 - i0
	mc := roundUp(ceilDiv(rows, ceilDiv(rows, mcBlock)), 2*mr)
	for jc := j0; jc < j1; jc += ncBlock {
		nc := min(ncBlock, j1-jc)
		for pc := 0; pc < p.k; pc += kcEq {
			kc := min(kcEq, p.k-pc)
			beta := 1.0 // later slabs add to what the first one stored
			if pc == 0 {
				beta = p.beta
			}
			buf.B = grow(buf.B, roundUp(nc, nr)*kc)
			packB(p, pc, kc, jc, nc, buf.B)
			for ic := i0; ic < i1; ic += mc {
				h := min(mc, i1-ic)
				buf.A = grow(buf.A, roundUp(h, mr)*kc)
				packA(p, ic, h, pc, kc, buf.A)
				macroKernel(p, ic, h, jc, nc, kc, buf.A, buf.B, beta)
			}
		}
	}
}

// macroKernel multiplies a packed h×kc block of op(A) by a packed kc×nc
// panel of op(B) into C[i0:i0+h, j0:j0+nc], one micro-kernel tile at a
// time. The B sliver of the outer loop stays in L1 while the A slivers
// stream from L2.
func macroKernel(p *problem, i0, h, j0, nc, kc int, ap, bp []float64, beta float64) {
	var tile [mr * nr]float64
	for j := 0; j < nc; j += nr {
		w := min(nr, nc-j)
		bs := bp[j*kc : (j+nr)*kc]
		for r := 0; r < h; r += mr {
			hr := min(mr, h-r)
			off := (i0+r)*p.ldc + j0 + j
			if w == nr && r+2*mr <= h &&
				doubleKernel(kc, ap[r*kc:(r+2*mr)*kc], bs, p.c[off:], p.ldc, p.alpha, beta) {
				r += mr // two slivers done
				continue
			}
			as := ap[r*kc : (r+mr)*kc]
			if hr == mr && w == nr {
				microKernel(kc, as, bs, p.c[off:], p.ldc, p.alpha, beta)
				continue
			}
			// Edge tile: compute the full padded tile aside, store the
			// part that exists.
			microKernel(kc, as, bs, tile[:], nr, 1, 0)
			storeTile(hr, w, tile[:], p.c[off:], p.ldc, p.alpha, beta)
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

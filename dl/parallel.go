package dl

import "github.com/dlfun/dlfun/dl/internal/workers"

// Parallel loops. A few loops over large arrays are worth running on all
// cores: an optimizer's update of a 784×256 weight matrix (200 704 numbers,
// each needing a square root and a division) takes longer than the whole
// forward and backward pass of a small batch. parallelFor splits such a loop
// into chunks that the calling goroutine and the workers of the one pool
// that the matrix products use too (dl/internal/workers) take one at a time
// until none is left. The caller always works too, so if the workers do not
// get a core (another program is busy), it simply does all the chunks itself
// and nothing waits for long.

// parallelMin is the shortest loop parallelFor splits: below it, waking a
// worker costs more than it saves.
const parallelMin = 1 << 15

// parallelGrain is the length of the chunks parallelFor hands out: about
// 10 µs of an Adam update, so that the goroutines end close together.
const parallelGrain = 1 << 13

// parallelFor calls body(lo, hi) on consecutive chunks [lo, hi) that cover
// 0..n, each exactly once. Loops of at least parallelMin iterations run on
// up to GOMAXPROCS goroutines at once, so body must write only the elements
// lo..hi−1 of its outputs; shorter loops are one call body(0, n).
func parallelFor(n int, body func(lo, hi int)) {
	if n < parallelMin {
		body(0, n)
		return
	}
	workers.For(n, parallelGrain, body)
}

// span is one tensor's elements within a loop over several tensors laid end
// to end (see forSpans): the elements from..from+len(x)−1 of that loop.
type span struct {
	from int
	x, g []float64  // the tensor's values and gradient
	a, b []float64  // state the loop updates with them (optimizer moments)
	k    [2]float64 // per-tensor numbers (Adam's bias corrections)
}

// spanUpdater is a loop body for forSpans: updateSpan handles elements
// lo..hi−1 of span s, in the span's own numbering.
type spanUpdater interface {
	updateSpan(s *span, lo, hi int)
}

// forSpans runs u.updateSpan on pieces of the spans as one parallel loop
// over all their elements laid end to end (parallelFor), so that tensors of
// many sizes share the cores evenly with a single hand-off to the workers.
// With zeroGrads, each piece of a gradient is cleared right after its
// update, while it is still in the core's cache: that costs a few percent
// of an Adam step, where a separate ZeroGrad pass costs a third.
func forSpans(spans []span, u spanUpdater, zeroGrads bool) {
	n := 0
	if len(spans) > 0 {
		last := spans[len(spans)-1]
		n = last.from + len(last.x)
	}
	if n < parallelMin { // one goroutine, and no closure to allocate
		for i := range spans {
			updatePiece(u, &spans[i], 0, len(spans[i].x), zeroGrads)
		}
		return
	}
	parallelFor(n, func(lo, hi int) {
		for i := range spans {
			s := &spans[i]
			if a, b := max(lo, s.from), min(hi, s.from+len(s.x)); a < b {
				updatePiece(u, s, a-s.from, b-s.from, zeroGrads)
			}
		}
	})
}

// updatePiece updates elements lo..hi−1 of span s, then clears their
// gradient if zeroGrads.
func updatePiece(u spanUpdater, s *span, lo, hi int, zeroGrads bool) {
	u.updateSpan(s, lo, hi)
	if zeroGrads {
		clear(s.g[lo:hi])
	}
}

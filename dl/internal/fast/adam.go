package fast

import "math"

// AdamRule is Adam's hyper-parameters for one step, in the notation of
// dl's AdamOptimizer: x ← x − LR·m̂/(√v̂ + Eps) − Beta·x, with the gradient
// g + L2·x feeding the moments m (decay B1) and v (decay B2).
type AdamRule struct {
	LR, B1, B2, Eps, L2, Beta float64
}

// AdamQueue collects the parameters of one Adam step and updates them all
// in one parallel loop (Run): the elements of all parameters laid end to
// end, so that tensors of many sizes share the cores evenly with a single
// hand-off to the workers. Its zero value is ready; keep one per optimizer
// so that its list is not allocated every step.
type AdamQueue struct {
	spans     []span
	n         int  // elements queued
	zeroGrads bool // set by ClearGrads for the next Run
}

// span is one parameter within the queue's loop: the elements
// from..from+len(x)−1 of that loop.
type span struct {
	from       int
	x, g, m, v []float64 // values, gradient, first and second moments
	c1, c2     float64   // bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)
}

// Has reports whether the values x are already queued. A parameter passed
// twice must be updated once (and two cores must never update the same
// numbers at once).
func (q *AdamQueue) Has(x []float64) bool {
	for _, s := range q.spans {
		if len(x) > 0 && len(s.x) > 0 && &s.x[0] == &x[0] {
			return true
		}
	}
	return false
}

// Add queues one parameter: its values x, gradient g, moments m and v
// (each at least len(x) long) and its bias corrections c1 = 1/(1 − β₁ᵗ),
// c2 = 1/(1 − β₂ᵗ).
func (q *AdamQueue) Add(x, g, m, v []float64, c1, c2 float64) {
	n := len(x)
	q.spans = append(q.spans, span{from: q.n, x: x, g: g[:n], m: m[:n], v: v[:n], c1: c1, c2: c2})
	q.n += n
}

// ClearGrads makes the next Run set each gradient to zero right after
// reading it, while it is still in the core's cache: that costs a few
// percent of an Adam step, where a separate ZeroGrad pass costs a third.
func (q *AdamQueue) ClearGrads() { q.zeroGrads = true }

// Run updates every queued parameter with Adam (r), clears the gradients
// if ClearGrads was called, and empties the queue.
func (q *AdamQueue) Run(r AdamRule) {
	zeroGrads := q.zeroGrads
	defer q.reset()
	if q.n < MinParallel { // one goroutine, and no closure to allocate
		for i := range q.spans {
			q.spans[i].update(r, 0, len(q.spans[i].x), zeroGrads)
		}
		return
	}
	For(q.n, func(lo, hi int) {
		for i := range q.spans {
			s := &q.spans[i]
			if a, b := max(lo, s.from), min(hi, s.from+len(s.x)); a < b {
				s.update(r, a-s.from, b-s.from, zeroGrads)
			}
		}
	})
}

// reset empties the queue, keeping no parameter alive.
func (q *AdamQueue) reset() {
	clear(q.spans)
	q.spans, q.n, q.zeroGrads = q.spans[:0], 0, false
}

// update updates elements lo..hi−1 of the span, then clears their gradient
// if zeroGrads.
func (s *span) update(r AdamRule, lo, hi int, zeroGrads bool) {
	Adam(s.x[lo:hi], s.g[lo:hi], s.m[lo:hi], s.v[lo:hi], r, s.c1, s.c2)
	if zeroGrads {
		clear(s.g[lo:hi])
	}
}

// adamLoop is dl's adamUpdate, the reference, repeated here for the
// elements the assembly leaves (and on other CPUs): the same operations in
// the same order, so that the results are equal.
func adamLoop(x, grad, m, v []float64, r AdamRule, c1, c2 float64) {
	lr, b1, b2, eps, l2, beta := r.LR, r.B1, r.B2, r.Eps, r.L2, r.Beta
	grad, m, v = grad[:len(x)], m[:len(x)], v[:len(x)]
	for i := range x {
		g := grad[i] + l2*x[i]
		m[i] = flush(b1*m[i] + (1-b1)*g)
		v[i] = b2*v[i] + (1-b2)*g*g
		mhat := m[i] * c1
		vhat := v[i] * c2
		x[i] = x[i] - lr*mhat/(math.Sqrt(vhat)+eps) - beta*x[i]
	}
}

// flush is dl's flush: v, or 0 if v is subnormal.
func flush(v float64) float64 {
	if math.Abs(v) < 0x1p-1022 {
		return 0
	}
	return v
}

package workers

import (
	"sync"
	"sync/atomic"
)

// For calls body(lo, hi) on consecutive chunks [lo, hi) that cover 0..n,
// each exactly once, on up to Size() goroutines at once: the caller and
// pool workers take chunks of about grain iterations one at a time until
// none is left. body must write only what belongs to iterations lo..hi−1.
// A loop of at most one chunk, or with GOMAXPROCS = 1, is one call
// body(0, n) on the calling goroutine.
//
// Small chunks balance the goroutines (one slowed down by another process
// takes fewer); each chunk should still be worth a few microseconds, as
// taking one costs an atomic add.
func For(n, grain int, body func(lo, hi int)) {
	chunks := 1
	if grain > 0 {
		chunks = (n + grain - 1) / grain
	}
	if chunks <= 1 {
		body(0, n)
		return
	}
	nw := Size()
	if nw == 1 {
		body(0, n)
		return
	}
	l := loops.Get()
	l.n, l.size, l.body = n, (n+chunks-1)/chunks, body
	l.next.Store(0)
	l.wg.Add(chunks)
	helpers := min(nw, chunks) - 1
	l.refs.Store(int32(helpers + 1))
	l.refs.Add(int32(Offer(l, helpers) - helpers))
	l.Help(nil)
	// Wait for the chunks, not for the helpers: a helper that wakes up late
	// finds nothing left and only drops its reference.
	l.wg.Wait()
	l.Leave()
}

// loop is the shared state of one For call.
type loop struct {
	n, size int
	body    func(lo, hi int)
	next    atomic.Int64   // next chunk to hand out
	wg      sync.WaitGroup // counts unfinished chunks
	refs    atomic.Int32   // goroutines still holding the loop
}

// Help runs chunks until none are left.
func (l *loop) Help(*Scratch) {
	for {
		lo := int(l.next.Add(1)-1) * l.size
		if lo >= l.n {
			return
		}
		l.body(lo, min(lo+l.size, l.n))
		l.wg.Done()
	}
}

// Leave drops one reference; the last one recycles the loop.
func (l *loop) Leave() {
	if l.refs.Add(-1) == 0 {
		l.body = nil // do not keep the caller's data alive
		loops.Put(l)
	}
}

// loops keeps finished loops for the next For.
var loops FreeList[loop]

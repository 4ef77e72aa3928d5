package dl

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Parallel loops. A few loops over large arrays are worth running on all
// cores: an optimizer's update of a 784×256 weight matrix (200 704 numbers,
// each needing a square root and a division) takes longer than the whole
// forward and backward pass of a small batch. parallelFor splits such a loop
// into chunks that the calling goroutine and a few helper goroutines take
// one at a time until none is left. The caller always works too, so if the
// helpers do not get a core (another program is busy), it simply does all
// the chunks itself and nothing waits for long.

// parallelMin is the shortest loop parallelFor splits: below it, starting
// goroutines costs more than it saves.
const parallelMin = 1 << 15

// parallelFor calls body(lo, hi) on consecutive chunks [lo, hi) that cover
// 0..n, each exactly once. Loops of at least parallelMin iterations run on
// up to GOMAXPROCS goroutines at once, so body must write only the elements
// lo..hi−1 of its outputs; shorter loops are one call body(0, n).
func parallelFor(n int, body func(lo, hi int)) {
	procs := runtime.GOMAXPROCS(0)
	if n < parallelMin || procs == 1 {
		body(0, n)
		return
	}
	chunks := 4 * procs // several per goroutine: a slowed-down one takes fewer
	size := (n + chunks - 1) / chunks
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		for {
			lo := int(next.Add(1)-1) * size
			if lo >= n {
				return
			}
			body(lo, min(lo+size, n))
		}
	}
	for range procs - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

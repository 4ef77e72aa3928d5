package fast

import "github.com/dlfun/dlfun/dl/internal/workers"

// A few loops over large arrays are worth running on all cores: an
// optimizer's update of a 784×256 weight matrix (200 704 numbers, each
// needing a square root and a division) takes longer than the whole
// forward and backward pass of a small batch. For splits such a loop into
// chunks that the calling goroutine and the workers of the one pool that
// the matrix products use too (dl/internal/workers) take one at a time
// until none is left. The caller always works too, so if the workers do not
// get a core (another program is busy), it simply does all the chunks itself
// and nothing waits for long.

// MinParallel is the shortest loop For splits: below it, waking a worker
// costs more than it saves.
const MinParallel = 1 << 15

// grain is the length of the chunks For hands out: about 10 µs of an Adam
// update, so that the goroutines end close together.
const grain = 1 << 13

// For calls body(lo, hi) on consecutive chunks [lo, hi) that cover 0..n,
// each exactly once. Loops of at least MinParallel iterations run on up to
// GOMAXPROCS goroutines at once, so body must write only the elements
// lo..hi−1 of its outputs; shorter loops are one call body(0, n).
func For(n int, body func(lo, hi int)) {
	if n < MinParallel {
		body(0, n)
		return
	}
	workers.For(n, grain, body)
}

package gemm

import (
	"runtime"
	"sync"
)

// The process-wide worker pool: poolSize goroutines started on first use,
// each sleeping on queue until a Gemm hands it a call. There is exactly one
// pool; workers never call Gemm themselves, so pools never nest.
var (
	poolOnce sync.Once
	queue    chan *call
	poolSize int
)

// workQueue starts the pool if needed and returns its queue.
func workQueue() chan<- *call {
	poolOnce.Do(startPool)
	return queue
}

func startPool() {
	poolSize = runtime.GOMAXPROCS(0)
	queue = make(chan *call, poolSize)
	for range poolSize {
		go worker()
	}
}

// worker runs tasks of the calls it receives, packing into its own buffers.
func worker() {
	var buf buffers
	for cl := range queue {
		cl.drain(&buf)
		cl.release()
	}
}

// workers returns how many goroutines a large product may use: the current
// GOMAXPROCS, bounded by the pool size once the pool exists.
func workers() int {
	nw := runtime.GOMAXPROCS(0)
	poolOnce.Do(startPool)
	return max(1, min(nw, poolSize))
}

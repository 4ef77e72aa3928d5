package gemm

import (
	"runtime"
	"sync"
)

// The process-wide worker pool: worker goroutines started on first use, as
// many as GOMAXPROCS (more are added if GOMAXPROCS grows later), each
// sleeping on queue until a Gemm hands it a call. There is exactly one pool;
// workers never call Gemm themselves, so pools never nest.
var (
	poolMu   sync.Mutex
	poolSize int                    // workers started so far
	queue    = make(chan *call, 64) // calls waiting for a worker
)

// workers returns how many goroutines a large product may use, the current
// GOMAXPROCS, after making sure the pool has that many workers.
func workers() int {
	nw := runtime.GOMAXPROCS(0)
	poolMu.Lock()
	for poolSize < nw {
		go worker()
		poolSize++
	}
	poolMu.Unlock()
	return nw
}

// worker runs tasks of the calls it receives, packing into its own buffers.
func worker() {
	var buf buffers
	for cl := range queue {
		cl.drain(&buf)
		cl.release()
	}
}

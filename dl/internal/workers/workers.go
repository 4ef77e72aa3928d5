// Package workers is dlfun's one pool of worker goroutines. The matrix
// products (dl/internal/gemm) and the parallel loops of dl/internal/fast
// (Adam's update of all parameters) both hand their work to it, so two
// pools never compete for the cores.
//
// The pool has as many workers as GOMAXPROCS, started on first use; each
// sleeps on a channel until it is offered a Job. A Job is shared work that
// any number of goroutines can help with: each helper takes parts of it
// (with an atomic counter) until none are left. The goroutine that offers a
// job always helps too, so if the workers do not get a core (another program
// is busy) it simply does all the parts itself, and it waits only for parts
// that a helper has started, never for a helper to wake up.
package workers

import (
	"runtime"
	"sync"
)

// Scratch is memory owned by one goroutine and kept from job to job, so that
// steady-state jobs allocate nothing: gemm packs its blocks into A and B.
type Scratch struct{ A, B []float64 }

// Job is work that several goroutines share.
type Job interface {
	// Help does parts of the job until none are left, using s as its own
	// memory.
	Help(s *Scratch)
	// Leave is called by a worker after Help returns: the worker no longer
	// touches the job.
	Leave()
}

var (
	mu    sync.Mutex
	size  int                  // workers started so far
	queue = make(chan Job, 64) // jobs waiting for a worker
)

// Size returns how many goroutines may work on one job, the current
// GOMAXPROCS, after making sure the pool has that many workers (more are
// started if GOMAXPROCS grows).
func Size() int {
	n := runtime.GOMAXPROCS(0)
	mu.Lock()
	for size < n {
		go worker()
		size++
	}
	mu.Unlock()
	return n
}

// Offer hands j to up to n workers and returns how many took it; each of
// them calls j.Help and then j.Leave. It never blocks: when the queue is
// full (other jobs keep the workers busy), fewer helpers are needed anyway.
//
// Go's scheduler puts a goroutine woken by a channel send on the sender's
// own core (in its "run next" slot), where it would wait until the sender
// blocks; an idle core steals it only after a pause that on a virtual
// machine lasts 50–100 µs, half of an Adam step of a 784-256-128-10 MLP.
// So after handing out the job, Offer yields: the woken worker starts on
// this core at once, and the caller continues on whichever core comes free
// first, usually the idle one.
func Offer(j Job, n int) (sent int) {
	for range n {
		select {
		case queue <- j:
			sent++
		default:
			n = 0
		}
	}
	if sent > 0 {
		runtime.Gosched()
	}
	return sent
}

// worker runs the jobs it receives, with its own scratch memory.
func worker() {
	var s Scratch
	for j := range queue {
		j.Help(&s)
		j.Leave()
	}
}

// FreeList keeps finished jobs (and whatever memory they hold) for the next
// one, so that steady-state jobs allocate nothing. Unlike a sync.Pool it is
// never emptied by the garbage collector; it holds at most as many items as
// were in use at once. The zero value is ready to use.
type FreeList[T any] struct {
	mu   sync.Mutex
	list []*T
}

// Get returns a kept item, or a new zero one.
func (f *FreeList[T]) Get() *T {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.list); n > 0 {
		x := f.list[n-1]
		f.list = f.list[:n-1]
		return x
	}
	return new(T)
}

// Put keeps x for a later Get; the caller must not use it any more.
func (f *FreeList[T]) Put(x *T) {
	f.mu.Lock()
	f.list = append(f.list, x)
	f.mu.Unlock()
}

package dl

import (
	"sync"
	"unsafe"
)

// Buffers. Op outputs and gradients get their storage from newBuf. When a
// training step is over, (*Tensor).Release hands the buffers of the graph's
// intermediate results back here, keyed by length, so that the next step
// reuses them instead of asking the garbage collector for fresh memory: at
// steady state a training step finds every buffer it needs in the pool.
//
// Each length has its own sync.Pool (which lets the garbage collector empty
// it when memory is needed). A pool stores a pointer to the first element
// of a buffer rather than the slice itself: a pointer fits in an interface
// value without an allocation, and newBuf rebuilds the slice from it with
// unsafe.Slice, since the pool's key is the length.

// pools maps a buffer length to a *sync.Pool of *float64, each the first
// element of a buffer of exactly that length. Short lengths, the most
// frequent (scalars, small layers), skip the map: smallPools[n] is the pool
// of length n.
var (
	pools      sync.Map
	smallPools [smallPooled]sync.Pool
)

// smallPooled is the length from which buffers are pooled through the map.
const smallPooled = 256

// pool returns the pool of buffers of length n ≥ 1, or nil if there is none
// yet and create is false.
func pool(n int, create bool) *sync.Pool {
	if n < smallPooled {
		return &smallPools[n]
	}
	if p, ok := pools.Load(n); ok {
		return p.(*sync.Pool)
	}
	if !create {
		return nil
	}
	p, _ := pools.LoadOrStore(n, new(sync.Pool))
	return p.(*sync.Pool)
}

// newBuf returns a slice of length n with unspecified contents.
func newBuf(n int) []float64 {
	if n > 0 {
		if p := pool(n, false); p != nil {
			if v := p.Get(); v != nil {
				return unsafe.Slice(v.(*float64), n)
			}
		}
	}
	return make([]float64, n)
}

// newZeroBuf returns a slice of length n filled with zeros.
func newZeroBuf(n int) []float64 {
	b := newBuf(n)
	clear(b)
	return b
}

// putBuf gives a buffer back for reuse. The caller must not use it again.
func putBuf(b []float64) {
	n := len(b)
	if n == 0 || cap(b) != n { // only whole buffers, as newBuf made them
		return
	}
	pool(n, true).Put(unsafe.SliceData(b))
}

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
// element of a buffer of exactly that length.
var pools sync.Map

// newBuf returns a slice of length n with unspecified contents.
func newBuf(n int) []float64 {
	if p, ok := pools.Load(n); ok {
		if v := p.(*sync.Pool).Get(); v != nil {
			return unsafe.Slice(v.(*float64), n)
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
	p, ok := pools.Load(n)
	if !ok {
		p, _ = pools.LoadOrStore(n, new(sync.Pool))
	}
	p.(*sync.Pool).Put(unsafe.SliceData(b))
}

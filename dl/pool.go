package dl

import "sync"

// Buffers. Op outputs and gradients get their storage from newBuf. When a
// training step is over, (*Tensor).Release hands the buffers of the graph's
// intermediate results back here, keyed by length, so that the next step
// reuses them instead of asking the garbage collector for fresh memory.
// Small buffers are not pooled: allocating them is cheaper than pooling.

// minPooled is the smallest buffer length worth pooling.
const minPooled = 256

// pools maps a buffer length to a *sync.Pool of *[]float64 of that length.
var pools sync.Map

// newBuf returns a slice of length n with unspecified contents.
func newBuf(n int) []float64 {
	if n >= minPooled {
		if p, ok := pools.Load(n); ok {
			if v := p.(*sync.Pool).Get(); v != nil {
				return *(v.(*[]float64))
			}
		}
	}
	return make([]float64, n)
}

// newZeroBuf returns a slice of length n filled with zeros.
func newZeroBuf(n int) []float64 {
	if n < minPooled {
		return make([]float64, n)
	}
	b := newBuf(n)
	clear(b)
	return b
}

// putBuf gives a buffer back for reuse. The caller must not use it again.
func putBuf(b []float64) {
	n := len(b)
	if n < minPooled || cap(b) != n {
		return
	}
	p, ok := pools.Load(n)
	if !ok {
		p, _ = pools.LoadOrStore(n, new(sync.Pool))
	}
	p.(*sync.Pool).Put(&b)
}

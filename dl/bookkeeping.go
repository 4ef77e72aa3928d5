package dl

import "sync"

// bookkeeping is the part of a Tensor that only saves work: none of it
// changes a value or a gradient. A training step makes the same tensors
// over and over, so package dl keeps the allocations per op down to the
// tensor itself (and its backward closure), and lets Release recycle the
// storage of a finished step:
//
//   - small shapes and input lists are stored in arrays inside the tensor
//     (dims, ins) instead of separate allocations;
//   - an op result that will need a gradient is allocated together with the
//     Tensor that will hold it (gradSpace), since Backward fills one for
//     every op result;
//   - the values come from the buffer pool (pool.go), and Release gives them
//     back, marking the tensors it recycled (released) and the root whose
//     graph it freed (freed), so that a later use explains what happened;
//   - mark lets topoSort tell which tensors it has already visited, and
//     the slices Backward and Release sort a graph into are recycled
//     (sortGraph, orders).
type bookkeeping struct {
	dims      [4]int     // storage of shape when it has at most 4 dimensions
	ins       [3]*Tensor // storage of inputs when the op has at most 3
	gradSpace *Tensor    // where gradData puts the gradient (allocated with the tensor), or nil
	mark      uint64     // the number of the last topoSort that visited this tensor
	released  bool       // the storage was returned to the buffer pool by Release
	freed     bool       // this tensor was the root of a released graph: its tape is gone
}

// newResult allocates an op's output tensor with room for shape and, if it
// requires a gradient, for its inputs and its gradient; its values come
// from the buffer pool, uninitialised.
func newResult(requiresGrad bool, shape []int, inputs []*Tensor) *Tensor {
	var out *Tensor
	if requiresGrad {
		pair := new([2]Tensor) // the result and, next to it, its gradient
		out = &pair[0]
		out.gradSpace, out.requiresGrad = &pair[1], true
		out.inputs = append(out.ins[:0:len(out.ins)], inputs...)
	} else {
		out = new(Tensor)
	}
	out.shape = append(out.dims[:0:len(out.dims)], shape...)
	out.data = newBuf(numel(shape))
	return out
}

// newGrad returns a zero gradient for t, in the space allocated with t if
// there is one.
func (t *Tensor) newGrad() *Tensor {
	g := t.gradSpace
	if g == nil {
		g = new(Tensor)
	}
	g.data, g.shape = newZeroBuf(len(t.data)), t.shape
	return g
}

// sortGraph returns topoSort(t) in a slice borrowed from orders; give it
// back with returnOrder(buf, order) when done.
func sortGraph(t *Tensor) (order []*Tensor, buf *[]*Tensor) {
	buf = orders.Get().(*[]*Tensor)
	return topoSort(t, (*buf)[:0]), buf
}

// orders recycles the slices topoSort fills, one per running Backward or
// Release.
var orders = sync.Pool{New: func() any { return new([]*Tensor) }}

// returnOrder gives a slice borrowed from orders back, emptied so that the
// pool does not keep a graph alive.
func returnOrder(p *[]*Tensor, order []*Tensor) {
	clear(order)
	*p = order[:0]
	orders.Put(p)
}

package dl

// Tensor is an N-dimensional array of float64 values stored contiguously in
// row-major order (the last index varies fastest), plus the bookkeeping that
// lets Backward compute gradients.
//
// A tensor made by an op whose inputs require a gradient remembers the op's
// name, its inputs and a backward closure: that record is the tape (see the
// package doc). Every op returns a new tensor that owns its storage; there
// are no views, so changing one tensor never changes another.
//
// Always use *Tensor; the zero Tensor is not useful.
type Tensor struct {
	data  []float64 // row-major values, len(data) == product of shape
	shape []int     // dimensions; empty for a 0-D (scalar) tensor; never modified, so tensors may share it
	name  string    // optional label for graph plots and printing

	requiresGrad bool      // a gradient is wanted for this tensor (leaf) or flows through it (op result)
	grad         *Tensor   // ∂(root)/∂(this tensor), same shape; nil until a Backward reaches it
	op           string    // name of the op that made this tensor ("" if a constructor did)
	inputs       []*Tensor // the op's inputs, in argument order
	backward     func()    // pushes grad into the inputs' grads (the chain rule for this op)

	bookkeeping // storage reuse and graph walks; nothing a result depends on (bookkeeping.go)
}

// Shape returns a copy of the tensor's dimensions ([] for a scalar).
func (t *Tensor) Shape() []int { return append([]int{}, t.shape...) }

// NDim returns the number of dimensions (0 for a scalar).
func (t *Tensor) NDim() int { return len(t.shape) }

// Size returns the number of elements, the product of the shape (1 for a scalar).
func (t *Tensor) Size() int { return len(t.data) }

// Data returns the tensor's storage in row-major order. It is the live
// storage, not a copy: writing to it changes the tensor (and is invisible to
// autograd, so do it only on leaves, like an optimizer does).
func (t *Tensor) Data() []float64 {
	t.mustBeLive("Data")
	return t.data
}

// Item returns the value of a tensor that holds exactly one element, such as
// a loss. It panics for any other size.
func (t *Tensor) Item() float64 {
	t.mustBeLive("Item")
	if len(t.data) != 1 {
		panic(errorf("Item: tensor has shape %s (%d elements); Item needs exactly one element (reduce first, e.g. t.Sum() or t.Mean(), or use At(i, j))",
			shapeStr(t.shape), len(t.data)))
	}
	return t.data[0]
}

// At returns the element at the given index, one integer per dimension;
// At() with no index reads a scalar.
func (t *Tensor) At(idx ...int) float64 {
	t.mustBeLive("At")
	return t.data[t.offset("At", idx)]
}

// Set writes v at the given index. Like Data, it bypasses autograd.
func (t *Tensor) Set(v float64, idx ...int) {
	t.mustBeLive("Set")
	t.data[t.offset("Set", idx)] = v
}

// offset turns a multi-index into a position in data, panicking clearly if
// the index does not fit the shape.
func (t *Tensor) offset(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		panic(errorf("%s: tensor has shape %s (%d dimensions) but got %d indices %v; give one index per dimension",
			op, shapeStr(t.shape), len(t.shape), len(idx), idx))
	}
	off := 0
	for d, i := range idx {
		n := t.shape[d]
		if i < 0 || i >= n {
			panic(errorf("%s: index %d is out of range for dimension %d of a tensor of shape %s (valid: 0..%d)",
				op, i, d, shapeStr(t.shape), n-1))
		}
		off = off*n + i
	}
	return off
}

// Clone returns a copy of the tensor's values as a new leaf (no graph, no
// gradient), keeping its name.
func (t *Tensor) Clone() *Tensor {
	t.mustBeLive("Clone")
	c := &Tensor{data: append([]float64(nil), t.data...), shape: append([]int{}, t.shape...), name: t.name}
	return c
}

// Name returns the tensor's label ("" if none was set).
func (t *Tensor) Name() string { return t.name }

// Named sets the tensor's label, used by String, Graph and graph plots, and
// returns the tensor so that it chains: w := dl.Randn(3, 1).Named("w").
func (t *Tensor) Named(name string) *Tensor {
	t.name = name
	return t
}

// Grad returns the gradient ∂L/∂t accumulated by Backward calls from a root
// L, with t's shape; nil until a backward pass reached t. The returned
// tensor is live: ZeroGrad zeroes it in place.
func (t *Tensor) Grad() *Tensor { return t.grad }

// mustBeLive panics if Release recycled this tensor's storage.
func (t *Tensor) mustBeLive(op string) {
	if t.released {
		panicReleased(op, t)
	}
}

func panicReleased(op string, t *Tensor) {
	panic(usageErrorf("%s: this tensor (%s, made by %s) was an intermediate result of a graph freed by Release(); its storage has been recycled. Keep a copy with Clone() before calling Release(), or do not call Release()",
		op, shapeStr(t.shape), t.op))
}

// numel is the number of elements of a shape.
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// sameShape reports whether two shapes are equal.
func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

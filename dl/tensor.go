package dl

// Tensor is an N-dimensional array of float64 values stored contiguously in
// row-major order, optionally recording the operations that made it so that
// Backward can compute gradients.
type Tensor struct {
	data  []float64
	shape []int
}

// New returns a tensor of the given shape that uses data as its storage
// (row-major). It panics if len(data) does not equal the product of shape.
func New(data []float64, shape ...int) *Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(data) {
		panic("dl.New: data length does not match shape")
	}
	return &Tensor{data: data, shape: append([]int(nil), shape...)}
}

// Shape returns the tensor's dimensions.
func (t *Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Data returns the tensor's storage (row-major), not a copy.
func (t *Tensor) Data() []float64 { return t.data }

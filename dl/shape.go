package dl

// Shape ops rearrange or select values without computing new ones. Every one
// of them copies into a new tensor (dl has no views), and its backward moves
// the gradient back to where each value came from.

// Reshape returns a tensor with the same values in the same row-major order
// and a new shape with the same number of elements. One dimension may be
// -1: it is inferred. Backward: the gradient is reshaped back.
func (a *Tensor) Reshape(shape ...int) *Tensor {
	shape = resolveShape("Reshape", a.shape, shape)
	out := newOp("Reshape", shape, a)
	copy(out.data, a.data)
	return out.withBackward(func() {
		addTo(a.gradData(), out.grad.data)
	})
}

// resolveShape fills in a -1 and checks the element count.
func resolveShape(op string, from, shape []int) []int {
	shape = append([]int{}, shape...)
	infer, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d == -1:
			panic(errorf("%s: shape %v has more than one -1; only one dimension can be inferred", op, shape))
		case d < 0:
			panic(errorf("%s: shape %v has a negative dimension %d (only -1 is allowed, meaning \"infer\")", op, shape, d))
		default:
			known *= d
		}
	}
	n := numel(from)
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			panic(errorf("%s: cannot reshape %s (%d elements) into %v: %d is not a multiple of %d, the product of the other dimensions",
				op, shapeStr(from), n, shape, n, known))
		}
		shape[infer] = n / known
	} else if known != n {
		panic(errorf("%s: cannot reshape %s (%d elements) into %s (%d elements); the number of elements must stay the same (use -1 for one dimension to have it inferred)",
			op, shapeStr(from), n, shapeStr(shape), known))
	}
	return shape
}

// Flatten returns the values as a 1-D tensor of length Size().
func (a *Tensor) Flatten() *Tensor { return a.Reshape(-1) }

// T returns the transpose of the last two dimensions: for a matrix,
// out[j][i] = a[i][j]. It is Transpose(-2, -1).
func (a *Tensor) T() *Tensor {
	if len(a.shape) < 2 {
		panic(errorf("T: a is %s; T swaps the last two dimensions and needs at least 2 (make a vector a column with v.Reshape(-1, 1))", shapeStr(a.shape)))
	}
	return a.Transpose(-2, -1)
}

// Transpose returns a tensor with axes a1 and a2 swapped:
// out[…i…j…] = a[…j…i…]. Backward: the same swap applied to the gradient.
func (a *Tensor) Transpose(a1, a2 int) *Tensor {
	a1, a2 = normAxis("Transpose", a1, a.shape), normAxis("Transpose", a2, a.shape)
	shape := append([]int{}, a.shape...)
	shape[a1], shape[a2] = shape[a2], shape[a1]
	out := newOp("Transpose", shape, a)
	swapAxes(out.data, a.data, a.shape, a1, a2)
	return out.withBackward(func() {
		swapAxesAdd(a.gradData(), out.grad.data, shape, a1, a2)
	})
}

// swapAxes writes src (shape) with axes a1, a2 swapped into dst.
func swapAxes(dst, src []float64, shape []int, a1, a2 int) {
	if lastTwo(shape, a1, a2) {
		r, c := shape[len(shape)-2], shape[len(shape)-1]
		for off := 0; off < len(src); off += r * c {
			for i := 0; i < r; i++ {
				for j, v := range src[off+i*c : off+(i+1)*c] {
					dst[off+j*r+i] = v
				}
			}
		}
		return
	}
	for i, o := range swapOffsets(shape, a1, a2) {
		dst[o] = src[i]
	}
}

// swapAxesAdd adds src (shape) with axes a1, a2 swapped into dst.
func swapAxesAdd(dst, src []float64, shape []int, a1, a2 int) {
	if lastTwo(shape, a1, a2) {
		r, c := shape[len(shape)-2], shape[len(shape)-1]
		for off := 0; off < len(src); off += r * c {
			for i := 0; i < r; i++ {
				for j, v := range src[off+i*c : off+(i+1)*c] {
					dst[off+j*r+i] += v
				}
			}
		}
		return
	}
	for i, o := range swapOffsets(shape, a1, a2) {
		dst[o] += src[i]
	}
}

// lastTwo reports whether axes a1, a2 are the last two (a matrix transpose
// per batch element), which has a simple double loop.
func lastTwo(shape []int, a1, a2 int) bool {
	nd := len(shape)
	return nd >= 2 && min(a1, a2) == nd-2 && max(a1, a2) == nd-1
}

// swapOffsets returns, for each element of a tensor of the given shape, its
// offset in the tensor with axes a1 and a2 swapped.
func swapOffsets(shape []int, a1, a2 int) []int {
	nd := len(shape)
	out := append([]int{}, shape...)
	out[a1], out[a2] = out[a2], out[a1]
	outStrides := make([]int, nd)
	s := 1
	for d := nd - 1; d >= 0; d-- {
		outStrides[d] = s
		s *= out[d]
	}
	strides := append([]int{}, outStrides...) // stride in out for each dim of shape
	strides[a1], strides[a2] = outStrides[a2], outStrides[a1]
	return stridedOffsets(shape, strides)
}

// splitAt describes a tensor as outer × n × inner around an axis.
func splitAt(shape []int, axis int) (outer, n, inner int) {
	return numel(shape[:axis]), shape[axis], numel(shape[axis+1:])
}

// Slice returns the elements with index start ≤ i < end along axis (like
// a[:, start:end] in NumPy for axis 1). Backward: the gradient goes back to
// the selected positions; the others get 0.
func (a *Tensor) Slice(axis, start, end int) *Tensor {
	axis = normAxis("Slice", axis, a.shape)
	if start < 0 || end > a.shape[axis] || start > end {
		panic(errorf("Slice: range %d:%d does not fit axis %d of size %d (tensor %s); need 0 ≤ start ≤ end ≤ %d",
			start, end, axis, a.shape[axis], shapeStr(a.shape), a.shape[axis]))
	}
	shape := append([]int{}, a.shape...)
	shape[axis] = end - start
	out := newOp("Slice", shape, a)
	outer, n, inner := splitAt(a.shape, axis)
	w := (end - start) * inner
	for o := 0; o < outer; o++ {
		copy(out.data[o*w:(o+1)*w], a.data[(o*n+start)*inner:])
	}
	return out.withBackward(func() {
		ga, g := a.gradData(), out.grad.data
		for o := 0; o < outer; o++ {
			addTo(ga[(o*n+start)*inner:(o*n+start)*inner+w], g[o*w:(o+1)*w])
		}
	})
}

// Rows gathers the rows idx along axis 0: out[i] = a[idx[i]]. It is how a
// mini-batch is taken from a data set. Indices may repeat. Backward: each
// row's gradient is added back to the row it came from.
func (a *Tensor) Rows(idx []int) *Tensor {
	if len(a.shape) == 0 {
		panic(errorf("Rows: a is a scalar; Rows gathers along axis 0 and needs at least 1 dimension"))
	}
	r := numel(a.shape[1:])
	for _, i := range idx {
		if i < 0 || i >= a.shape[0] {
			panic(errorf("Rows: index %d is out of range for a tensor of shape %s (rows 0..%d)", i, shapeStr(a.shape), a.shape[0]-1))
		}
	}
	shape := append([]int{len(idx)}, a.shape[1:]...)
	out := newOp("Rows", shape, a)
	idx = append([]int(nil), idx...)
	for k, i := range idx {
		copy(out.data[k*r:(k+1)*r], a.data[i*r:(i+1)*r])
	}
	return out.withBackward(func() {
		ga, g := a.gradData(), out.grad.data
		for k, i := range idx {
			addTo(ga[i*r:(i+1)*r], g[k*r:(k+1)*r])
		}
	})
}

// Concat joins tensors along axis; all other dimensions must agree:
// Concat(1, 2×3, 2×4) is 2×7. Backward: each input gets its block of the
// gradient back.
func Concat(axis int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic(errorf("Concat: no tensors given; call Concat(axis, a, b, ...)"))
	}
	first := ts[0].shape
	axis = normAxis("Concat", axis, first)
	total := 0
	for i, t := range ts {
		bad := len(t.shape) != len(first)
		for d := 0; !bad && d < len(first); d++ {
			bad = d != axis && t.shape[d] != first[d]
		}
		if bad {
			panic(errorf("Concat: tensor 0 is %s, tensor %d is %s: all dimensions except the concatenation axis %d must be equal",
				shapeStr(first), i, shapeStr(t.shape), axis))
		}
		total += t.shape[axis]
	}
	shape := append([]int{}, first...)
	shape[axis] = total
	ts = append([]*Tensor(nil), ts...)
	out := newOp("Concat", shape, ts...)
	outer, _, inner := splitAt(shape, axis)
	rowOut := total * inner
	at := 0 // column offset (in elements) of the current input inside an output row
	for _, t := range ts {
		w := t.shape[axis] * inner
		for o := 0; o < outer; o++ {
			copy(out.data[o*rowOut+at:o*rowOut+at+w], t.data[o*w:(o+1)*w])
		}
		at += w
	}
	return out.withBackward(func() {
		g := out.grad.data
		at := 0
		for _, t := range ts {
			w := t.shape[axis] * inner
			if t.requiresGrad {
				gt := t.gradData()
				for o := 0; o < outer; o++ {
					addTo(gt[o*w:(o+1)*w], g[o*rowOut+at:o*rowOut+at+w])
				}
			}
			at += w
		}
	})
}

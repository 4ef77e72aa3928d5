package dl

import "math"

// New returns a tensor of the given shape that takes ownership of data
// (row-major: element (i, j) of an r×c tensor is data[i·c + j]). No shape
// means a scalar, which needs one value. New panics if len(data) is not the
// product of the shape.
func New(data []float64, shape ...int) *Tensor {
	for _, d := range shape {
		if d < 0 {
			panic(errorf("New: shape %v has a negative dimension %d", shape, d))
		}
	}
	if n := numel(shape); n != len(data) {
		panic(errorf("New: %d values cannot fill a tensor of shape %s, which holds %d; pass exactly %d values (or change the shape)",
			len(data), shapeStr(shape), n, n))
	}
	return &Tensor{data: data, shape: append([]int{}, shape...)}
}

// From copies a Go value into a new tensor whose shape follows the nesting:
// a float64 gives a scalar, []float64 a vector, [][]float64 a matrix, and so
// on up to 4-D:
//
//	x := dl.From([][]float64{{1, 2, 3}, {4, 5, 6}}) // shape 2×3
//
// It panics if the rows are ragged (not all the same length).
func From[T float64 | []float64 | [][]float64 | [][][]float64 | [][][][]float64](v T) *Tensor {
	var data []float64
	var shape []int
	switch v := any(v).(type) {
	case float64:
		data = []float64{v}
	case []float64:
		data, shape = append([]float64(nil), v...), []int{len(v)}
	case [][]float64:
		shape = []int{len(v), 0}
		for i, row := range v {
			data = appendRow(data, row, shape, 1, i)
		}
	case [][][]float64:
		shape = []int{len(v), 0, 0}
		for i, m := range v {
			fromCheck(shape, 1, len(m), i)
			for j, row := range m {
				data = appendRow(data, row, shape, 2, i, j)
			}
		}
	case [][][][]float64:
		shape = []int{len(v), 0, 0, 0}
		for i, c := range v {
			fromCheck(shape, 1, len(c), i)
			for j, m := range c {
				fromCheck(shape, 2, len(m), i, j)
				for k, row := range m {
					data = appendRow(data, row, shape, 3, i, j, k)
				}
			}
		}
	}
	if len(data) != numel(shape) { // some dimension was empty
		data = make([]float64, numel(shape))
	}
	return &Tensor{data: data, shape: shape}
}

// appendRow appends row to data after checking that its length agrees with
// the rows seen so far (shape[d]).
func appendRow(data, row []float64, shape []int, d int, at ...int) []float64 {
	fromCheck(shape, d, len(row), at...)
	return append(data, row...)
}

// fromCheck records the length n of dimension d the first time and panics
// if a later slice at index path `at` has a different length.
func fromCheck(shape []int, d, n int, at ...int) {
	first := true
	for _, i := range at {
		if i != 0 {
			first = false
		}
	}
	if first {
		shape[d] = n
		return
	}
	if n != shape[d] {
		panic(errorf("From: ragged input: element %v has length %d but the first one has length %d; every row must have the same length",
			at, n, shape[d]))
	}
}

// Scalar returns a 0-D tensor holding v. It is the one way to mix a number
// into an op, with broadcasting doing the rest: x.Mul(dl.Scalar(2)).
func Scalar(v float64) *Tensor { return &Tensor{data: []float64{v}} }

// Zeros returns a tensor of the given shape filled with 0.
func Zeros(shape ...int) *Tensor { return Full(0, shape...) }

// Ones returns a tensor of the given shape filled with 1.
func Ones(shape ...int) *Tensor { return Full(1, shape...) }

// Full returns a tensor of the given shape with every element equal to v.
func Full(v float64, shape ...int) *Tensor {
	t := New(make([]float64, numel(shape)), shape...)
	if v != 0 {
		for i := range t.data {
			t.data[i] = v
		}
	}
	return t
}

// Arange returns the 1-D tensor start, start+step, start+2·step, … up to
// but excluding stop (like NumPy's arange). step must not be 0.
func Arange(start, stop, step float64) *Tensor {
	if step == 0 || math.IsNaN(step) {
		panic(errorf("Arange: step is %v; use a positive step to count up or a negative one to count down", step))
	}
	n := int(math.Ceil((stop - start) / step))
	if n < 0 {
		n = 0
	}
	data := make([]float64, n)
	for i := range data {
		data[i] = start + float64(i)*step
	}
	return New(data, n)
}

// Linspace returns n evenly spaced values from lo to hi, both included:
// lo + i·(hi−lo)/(n−1) for i = 0..n−1.
func Linspace(lo, hi float64, n int) *Tensor {
	if n < 0 {
		panic(errorf("Linspace: n is %d; it must be ≥ 0", n))
	}
	data := make([]float64, n)
	for i := range data {
		if n == 1 {
			data[i] = lo
			break
		}
		data[i] = lo + float64(i)*(hi-lo)/float64(n-1)
	}
	if n > 1 {
		data[n-1] = hi
	}
	return New(data, n)
}

// Eye returns the n×n identity matrix I (1 on the diagonal, 0 elsewhere).
func Eye(n int) *Tensor {
	t := Zeros(n, n)
	for i := 0; i < n; i++ {
		t.data[i*n+i] = 1
	}
	return t
}

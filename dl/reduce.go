package dl

import (
	"math"
	"slices"
)

// Reductions combine values over some axes. With no axes they reduce over
// all of them and return a scalar. The plain forms drop the reduced
// dimensions (Sum(1) of 2×3 is 2); the ...Keep forms keep them with size 1
// (SumKeep(1) of 2×3 is 2×1), which is what you need to broadcast the
// result back against the input, as in x.Sub(x.MeanKeep(0)).
//
// Internally every reduction first computes the "kept" shape and uses the
// broadcasting machinery: a sum is the adjoint of a broadcast.

// reduceShapes returns the shape with reduced axes set to 1 (keep), the
// result's shape (out: keep, or keep without those axes) and the number of
// elements reduced into each result element.
func reduceShapes(op string, shape []int, axes []int, keepDims bool) (keep, out []int, count int) {
	nd := len(shape)
	both := make([]int, 2*nd) // keep and out share one allocation
	keep, out = both[:nd:nd], both[nd:nd]
	copy(keep, shape)
	var flags [8]bool
	reduced := flags[:0]
	if nd > len(flags) {
		reduced = make([]bool, 0, nd)
	}
	reduced = reduced[:nd]
	if len(axes) == 0 {
		for i := range reduced {
			reduced[i] = true
		}
	}
	for _, ax := range axes {
		a := normAxis(op, ax, shape)
		if reduced[a] {
			panic(errorf("%s: axis %d is listed twice in %v (tensor %s); list each axis once", op, ax, slices.Clone(axes), shapeStr(shape)))
		}
		reduced[a] = true
	}
	count = 1
	for i, r := range reduced {
		if r {
			count *= shape[i]
			keep[i] = 1
			if keepDims {
				out = append(out, 1)
			}
		} else {
			out = append(out, shape[i])
		}
	}
	return keep, out, count
}

// Sum returns the sum of the elements over the given axes (all if none),
// dropping them. Backward: ∂(Σx)/∂xᵢ = 1, so the gradient is copied back to
// every summed element.
func (a *Tensor) Sum(axes ...int) *Tensor { return a.sum("Sum", axes, false) }

// SumKeep is Sum keeping the reduced axes with size 1.
func (a *Tensor) SumKeep(axes ...int) *Tensor { return a.sum("SumKeep", axes, true) }

func (a *Tensor) sum(op string, axes []int, keepDims bool) *Tensor {
	keep, shape, _ := reduceShapes(op, a.shape, axes, keepDims)
	out := newOp(op, shape, a)
	clear(out.data)
	sumInto(out.data, a.data, keep, a.shape)
	return out.withBackward(func() {
		addExpanded(a.gradData(), out.grad.data, keep, a.shape)
	})
}

// Mean returns the average over the given axes (all if none), dropping
// them: (1/N)·Σx, N the number of averaged elements. Backward: each element
// gets g/N.
func (a *Tensor) Mean(axes ...int) *Tensor { return a.mean("Mean", axes, false) }

// MeanKeep is Mean keeping the reduced axes with size 1.
func (a *Tensor) MeanKeep(axes ...int) *Tensor { return a.mean("MeanKeep", axes, true) }

func (a *Tensor) mean(op string, axes []int, keepDims bool) *Tensor {
	keep, shape, n := reduceShapes(op, a.shape, axes, keepDims)
	out := newOp(op, shape, a)
	clear(out.data)
	sumInto(out.data, a.data, keep, a.shape)
	inv := 1 / float64(n)
	for i := range out.data {
		out.data[i] *= inv
	}
	return out.withBackward(func() {
		tmp := newBuf(len(out.data))
		for i, g := range out.grad.data {
			tmp[i] = g * inv
		}
		addExpanded(a.gradData(), tmp, keep, a.shape)
		putBuf(tmp)
	})
}

// Var returns the population variance over the given axes (all if none),
// dropping them: (1/N)·Σ(x − μ)² with μ the mean (divides by N, not N−1,
// like the batch statistics of batch normalisation).
// Backward: ∂Var/∂xᵢ = 2(xᵢ − μ)/N.
func (a *Tensor) Var(axes ...int) *Tensor { return a.variance("Var", axes, false) }

// VarKeep is Var keeping the reduced axes with size 1.
func (a *Tensor) VarKeep(axes ...int) *Tensor { return a.variance("VarKeep", axes, true) }

func (a *Tensor) variance(op string, axes []int, keepDims bool) *Tensor {
	keep, shape, n := reduceShapes(op, a.shape, axes, keepDims)
	inv := 1 / float64(n)
	// centered = x − μ, computed once and kept for the backward pass.
	mu := make([]float64, numel(keep))
	sumInto(mu, a.data, keep, a.shape)
	for i := range mu {
		mu[i] *= inv
	}
	centered := make([]float64, len(a.data))
	expandInto(centered, mu, keep, a.shape)
	sq := newBuf(len(a.data))
	for i, v := range a.data {
		centered[i] = v - centered[i]
		sq[i] = centered[i] * centered[i]
	}
	out := newOp(op, shape, a)
	clear(out.data)
	sumInto(out.data, sq, keep, a.shape)
	putBuf(sq)
	for i := range out.data {
		out.data[i] *= inv
	}
	return out.withBackward(func() {
		ga := a.gradData()
		gFull := newZeroBuf(len(a.data))
		addExpanded(gFull, out.grad.data, keep, a.shape)
		for i, c := range centered {
			ga[i] += 2 * inv * c * gFull[i]
		}
		putBuf(gFull)
	})
}

// Max returns the largest element over the given axes (all if none),
// dropping them. Backward: the gradient goes to the position of the
// maximum (the first one, if several are equal); the others get 0.
func (a *Tensor) Max(axes ...int) *Tensor { return a.extreme("Max", axes, false, 1) }

// MaxKeep is Max keeping the reduced axes with size 1.
func (a *Tensor) MaxKeep(axes ...int) *Tensor { return a.extreme("MaxKeep", axes, true, 1) }

// Min returns the smallest element over the given axes (all if none),
// dropping them. Backward: like Max, the gradient goes to the minimum.
func (a *Tensor) Min(axes ...int) *Tensor { return a.extreme("Min", axes, false, -1) }

// MinKeep is Min keeping the reduced axes with size 1.
func (a *Tensor) MinKeep(axes ...int) *Tensor { return a.extreme("MinKeep", axes, true, -1) }

// extreme computes Max (sign 1) or Min (sign −1) and remembers, for each
// result element, the flat index of the input element that won.
func (a *Tensor) extreme(op string, axes []int, keepDims bool, sign float64) *Tensor {
	if len(a.data) == 0 {
		panic(errorf("%s: the tensor %s is empty; there is no extreme value", op, shapeStr(a.shape)))
	}
	keep, shape, _ := reduceShapes(op, a.shape, axes, keepDims)
	out := newOp(op, shape, a)
	win := make([]int, len(out.data))
	for i := range out.data {
		out.data[i] = math.Inf(-1)
		win[i] = -1
	}
	for i, o := range bcastOffsets(keep, a.shape) {
		v := sign * a.data[i]
		if v > out.data[o] || win[o] < 0 {
			out.data[o], win[o] = v, i
		}
	}
	for i := range out.data {
		out.data[i] *= sign
	}
	return out.withBackward(func() {
		ga := a.gradData()
		for o, g := range out.grad.data {
			ga[win[o]] += g
		}
	})
}

// ArgMax returns, for each position of the other axes, the index along axis
// of the largest element (the first one on ties), as float64 values with
// that axis dropped. It is a constant: no gradient. For a batch of scores
// (B, classes), ArgMax(1) gives the B predicted classes.
func (a *Tensor) ArgMax(axis int) *Tensor {
	a.mustBeLive("ArgMax")
	axis = normAxis("ArgMax", axis, a.shape)
	if a.shape[axis] == 0 {
		panic(errorf("ArgMax: axis %d of the tensor %s is empty", axis, shapeStr(a.shape)))
	}
	shape := append(append([]int{}, a.shape[:axis]...), a.shape[axis+1:]...)
	outer, n, inner := splitAt(a.shape, axis)
	out := Zeros(shape...)
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			best, arg := math.Inf(-1), 0
			for k := 0; k < n; k++ {
				if v := a.data[(o*n+k)*inner+j]; v > best || (k == 0) {
					best, arg = v, k
				}
			}
			out.data[o*inner+j] = float64(arg)
		}
	}
	return out
}

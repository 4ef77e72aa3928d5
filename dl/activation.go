package dl

import "math"

// Activation functions: the non-linearities between layers, and the
// softmax family that turns scores into probabilities.

// Sigmoid returns σ(a) = 1/(1 + e⁻ᵃ) elementwise, a value in (0, 1).
// Backward: σ'(a) = σ(a)·(1 − σ(a)), computed from the output.
func (a *Tensor) Sigmoid() *Tensor {
	out := unary("Sigmoid", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = sigmoid(v)
		}
	})
	return out.withBackward(func() {
		ga, y := a.gradData(), out.data
		for i, g := range out.grad.data {
			ga[i] += g * y[i] * (1 - y[i])
		}
	})
}

// sigmoid is σ(v) = 1/(1 + e⁻ᵛ) for one number; for v < 0 it is written
// as eᵛ/(1 + eᵛ), the same value, so that no exponential overflows.
func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}

// Tanh returns tanh(a) = (eᵃ − e⁻ᵃ)/(eᵃ + e⁻ᵃ) elementwise, in (−1, 1).
// Backward: tanh'(a) = 1 − tanh²(a).
func (a *Tensor) Tanh() *Tensor {
	out := unary("Tanh", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Tanh(v)
		}
	})
	return out.withBackward(func() {
		ga, y := a.gradData(), out.data
		for i, g := range out.grad.data {
			ga[i] += g * (1 - y[i]*y[i])
		}
	})
}

// ReLU returns max(0, a) elementwise.
// Backward: 1 where a > 0, else 0.
func (a *Tensor) ReLU() *Tensor {
	out := unary("ReLU", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = max(v, 0)
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			if x[i] > 0 {
				ga[i] += g
			}
		}
	})
}

// LeakyReLU returns a where a > 0 and alpha·a elsewhere (alpha is small,
// e.g. 0.01, so negative inputs still pass some gradient).
// Backward: 1 where a > 0, else alpha.
func (a *Tensor) LeakyReLU(alpha float64) *Tensor {
	out := unary("LeakyReLU", a, func(o, x []float64) {
		for i, v := range x {
			if v > 0 {
				o[i] = v
			} else {
				o[i] = alpha * v
			}
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			if x[i] > 0 {
				ga[i] += g
			} else {
				ga[i] += alpha * g
			}
		}
	})
}

// ELU returns a where a > 0 and alpha·(eᵃ − 1) elsewhere.
// Backward: 1 where a > 0, else alpha·eᵃ (= out + alpha).
func (a *Tensor) ELU(alpha float64) *Tensor {
	out := unary("ELU", a, func(o, x []float64) {
		for i, v := range x {
			if v > 0 {
				o[i] = v
			} else {
				o[i] = alpha * (math.Exp(v) - 1)
			}
		}
	})
	return out.withBackward(func() {
		ga, x, y := a.gradData(), a.data, out.data
		for i, g := range out.grad.data {
			if x[i] > 0 {
				ga[i] += g
			} else {
				ga[i] += g * (y[i] + alpha)
			}
		}
	})
}

// Softmax returns the probabilities along axis:
//
//	softmax(x)ᵢ = eˣⁱ / Σⱼ eˣʲ = e^(xᵢ − lse(x)),   lse(x) = log Σⱼ eˣʲ
//
// with the log-sum-exp computed stably (see logSumExp), so that no
// exponential overflows. Backward: with y = softmax(x),
// ∂L/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼ·yⱼ).
func (a *Tensor) Softmax(axis int) *Tensor {
	axis = normAxis("Softmax", axis, a.shape)
	out := newOp("Softmax", a.shape, a)
	outer, n, inner := splitAt(a.shape, axis)
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			base := o*n*inner + j
			lse := logSumExp(a.data[base:], n, inner)
			for k := 0; k < n; k++ {
				out.data[base+k*inner] = math.Exp(a.data[base+k*inner] - lse)
			}
		}
	}
	return out.withBackward(func() {
		ga, g, y := a.gradData(), out.grad.data, out.data
		for o := 0; o < outer; o++ {
			for j := 0; j < inner; j++ {
				base := o*n*inner + j
				dot := 0.0
				for k := 0; k < n; k++ {
					dot += g[base+k*inner] * y[base+k*inner]
				}
				for k := 0; k < n; k++ {
					p := base + k*inner
					ga[p] += y[p] * (g[p] - dot)
				}
			}
		}
	})
}

// LogSoftmax returns log(softmax(x)) along axis:
//
//	logsoftmax(x)ᵢ = xᵢ − lse(x),   lse(x) = log Σⱼ eˣʲ (see logSumExp)
//
// It is the first half of the cross-entropy loss. Backward: with
// p = softmax(x), ∂L/∂xᵢ = gᵢ − pᵢ·Σⱼ gⱼ.
func (a *Tensor) LogSoftmax(axis int) *Tensor {
	axis = normAxis("LogSoftmax", axis, a.shape)
	out := newOp("LogSoftmax", a.shape, a)
	outer, n, inner := splitAt(a.shape, axis)
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			base := o*n*inner + j
			lse := logSumExp(a.data[base:], n, inner)
			for k := 0; k < n; k++ {
				out.data[base+k*inner] = a.data[base+k*inner] - lse
			}
		}
	}
	return out.withBackward(func() {
		ga, g, y := a.gradData(), out.grad.data, out.data
		for o := 0; o < outer; o++ {
			for j := 0; j < inner; j++ {
				base := o*n*inner + j
				sum := 0.0
				for k := 0; k < n; k++ {
					sum += g[base+k*inner]
				}
				for k := 0; k < n; k++ {
					p := base + k*inner
					ga[p] += g[p] - math.Exp(y[p])*sum
				}
			}
		}
	})
}

// logSumExp returns lse(x) = log Σₖ e^(xₖ) over the n values x[0],
// x[stride], …, x[(n−1)·stride], computed as
//
//	lse(x) = m + log Σₖ e^(xₖ − m),   m = maxₖ xₖ
//
// which is the same number, but no exponential overflows (the largest is
// e⁰ = 1). Softmax, LogSoftmax and CrossEntropy all use it.
func logSumExp(x []float64, n, stride int) float64 {
	m := math.Inf(-1)
	for k := 0; k < n; k++ {
		m = max(m, x[k*stride])
	}
	s := 0.0
	for k := 0; k < n; k++ {
		s += math.Exp(x[k*stride] - m)
	}
	return m + math.Log(s)
}

// Maxout takes the maximum over k linear pieces stored side by side in the
// last dimension: for a last dimension of size k·m the result has size m and
//
//	out[…, i] = maxⱼ a[…, j·m + i],   j = 0..k−1
//
// (piece j is the consecutive block of width m starting at j·m). Backward:
// the gradient goes to the winning piece.
func (a *Tensor) Maxout(k int) *Tensor {
	if len(a.shape) == 0 || k <= 0 || a.shape[len(a.shape)-1]%k != 0 {
		panic(errorf("Maxout: a is %s: the last dimension must be k·m for k = %d pieces (e.g. a Linear layer with k·m outputs)",
			shapeStr(a.shape), k))
	}
	last := a.shape[len(a.shape)-1]
	m := last / k
	shape := append(append([]int{}, a.shape[:len(a.shape)-1]...), m)
	out := newOp("Maxout", shape, a)
	rows := len(a.data) / max(last, 1)
	win := make([]int32, len(out.data)) // winning piece j for each output
	for r := 0; r < rows; r++ {
		x, y, w := a.data[r*last:(r+1)*last], out.data[r*m:(r+1)*m], win[r*m:(r+1)*m]
		copy(y, x[:m])
		clear(w)
		for j := 1; j < k; j++ {
			for i, v := range x[j*m : (j+1)*m] {
				if v > y[i] {
					y[i], w[i] = v, int32(j)
				}
			}
		}
	}
	return out.withBackward(func() {
		ga, g := a.gradData(), out.grad.data
		for r := 0; r < rows; r++ {
			for i := 0; i < m; i++ {
				ga[r*last+int(win[r*m+i])*m+i] += g[r*m+i]
			}
		}
	})
}

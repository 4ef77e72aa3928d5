package dl

import "math"

// Elementwise ops. Each op computes its output with a tight loop over the
// flat []float64 storage and, right below, attaches the closure that applies
// the chain rule: given g = ∂L/∂out, add g·∂out/∂input into each input's
// gradient. Binary ops broadcast (see broadcast.go).

// Add returns a + b elementwise, with broadcasting.
// Backward: ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1.
func (a *Tensor) Add(b *Tensor) *Tensor {
	out := binary("Add", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = x[i] + y[i]
		}
	})
	return out.withBackward(func() {
		g := out.grad.data
		backpropSum(a, out, g)
		backpropSum(b, out, g)
	})
}

// Sub returns a − b elementwise, with broadcasting.
// Backward: ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1.
func (a *Tensor) Sub(b *Tensor) *Tensor {
	out := binary("Sub", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = x[i] - y[i]
		}
	})
	return out.withBackward(func() {
		g := out.grad.data
		backpropSum(a, out, g)
		backpropTo(b, out, func(gb []float64) {
			for i, v := range g {
				gb[i] -= v
			}
		})
	})
}

// Mul returns a · b elementwise (the Hadamard product), with broadcasting.
// Backward: ∂(a·b)/∂a = b, ∂(a·b)/∂b = a.
func (a *Tensor) Mul(b *Tensor) *Tensor {
	out := binary("Mul", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = x[i] * y[i]
		}
	})
	return out.withBackward(func() {
		g := out.grad.data
		x, y := expanded(a, out.shape), expanded(b, out.shape)
		backpropTo(a, out, func(ga []float64) {
			for i, v := range g {
				ga[i] += v * y[i]
			}
		})
		backpropTo(b, out, func(gb []float64) {
			for i, v := range g {
				gb[i] += v * x[i]
			}
		})
		dropTemp(x, a)
		dropTemp(y, b)
	})
}

// Div returns a / b elementwise, with broadcasting.
// Backward: ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b².
func (a *Tensor) Div(b *Tensor) *Tensor {
	out := binary("Div", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = x[i] / y[i]
		}
	})
	return out.withBackward(func() {
		g := out.grad.data
		x, y := expanded(a, out.shape), expanded(b, out.shape)
		backpropTo(a, out, func(ga []float64) {
			for i, v := range g {
				ga[i] += v / y[i]
			}
		})
		backpropTo(b, out, func(gb []float64) {
			for i, v := range g {
				gb[i] -= v * x[i] / (y[i] * y[i])
			}
		})
		dropTemp(x, a)
		dropTemp(y, b)
	})
}

// addTo does dst[i] += src[i].
func addTo(dst, src []float64) {
	src = src[:len(dst)]
	for i, v := range src {
		dst[i] += v
	}
}

// unary makes the output of a one-input elementwise op: out[i] = f(x[i]),
// computed by kernel in one loop.
func unary(op string, a *Tensor, kernel func(out, x []float64)) *Tensor {
	out := newOp(op, a.shape, a)
	kernel(out.data, a.data)
	return out
}

// Neg returns −a. Backward: ∂(−a)/∂a = −1.
func (a *Tensor) Neg() *Tensor {
	out := unary("Neg", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = -v
		}
	})
	return out.withBackward(func() {
		ga := a.gradData()
		for i, g := range out.grad.data {
			ga[i] -= g
		}
	})
}

// Pow returns aᵖ elementwise for a constant exponent p.
// Backward: ∂aᵖ/∂a = p·aᵖ⁻¹.
func (a *Tensor) Pow(p float64) *Tensor {
	out := unary("Pow", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Pow(v, p)
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			ga[i] += g * p * math.Pow(x[i], p-1)
		}
	})
}

// Square returns a² elementwise. Backward: ∂a²/∂a = 2a.
func (a *Tensor) Square() *Tensor {
	out := unary("Square", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = v * v
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			ga[i] += 2 * g * x[i]
		}
	})
}

// Sqrt returns √a elementwise. Backward: ∂√a/∂a = 1/(2√a).
func (a *Tensor) Sqrt() *Tensor {
	out := unary("Sqrt", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Sqrt(v)
		}
	})
	return out.withBackward(func() {
		ga, y := a.gradData(), out.data
		for i, g := range out.grad.data {
			ga[i] += g / (2 * y[i])
		}
	})
}

// Exp returns eᵃ elementwise. Backward: ∂eᵃ/∂a = eᵃ (the output itself).
func (a *Tensor) Exp() *Tensor {
	out := unary("Exp", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Exp(v)
		}
	})
	return out.withBackward(func() {
		ga, y := a.gradData(), out.data
		for i, g := range out.grad.data {
			ga[i] += g * y[i]
		}
	})
}

// Log returns the natural logarithm ln a elementwise (−Inf at 0, NaN below).
// Backward: ∂ln a/∂a = 1/a.
func (a *Tensor) Log() *Tensor {
	out := unary("Log", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Log(v)
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			ga[i] += g / x[i]
		}
	})
}

// Abs returns |a| elementwise. Backward: ∂|a|/∂a = sign(a) (0 at a = 0).
func (a *Tensor) Abs() *Tensor {
	out := unary("Abs", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = math.Abs(v)
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			switch {
			case x[i] > 0:
				ga[i] += g
			case x[i] < 0:
				ga[i] -= g
			}
		}
	})
}

// Clamp limits every element to [lo, hi]: min(max(a, lo), hi).
// Backward: the gradient passes (×1) where lo < a < hi and is 0 where the
// value was clipped.
func (a *Tensor) Clamp(lo, hi float64) *Tensor {
	if lo > hi {
		panic(errorf("Clamp: lo = %v is greater than hi = %v; call Clamp(lo, hi) with lo ≤ hi", lo, hi))
	}
	out := unary("Clamp", a, func(o, x []float64) {
		for i, v := range x {
			o[i] = min(max(v, lo), hi)
		}
	})
	return out.withBackward(func() {
		ga, x := a.gradData(), a.data
		for i, g := range out.grad.data {
			if x[i] > lo && x[i] < hi {
				ga[i] += g
			}
		}
	})
}

// Comparisons return masks: 1 where the relation holds, 0 elsewhere, with
// broadcasting. A mask is a constant (no gradient flows through it); multiply
// by it to select: x.Mul(x.Gt(dl.Scalar(0))) keeps the positive entries.

// Gt returns the mask a > b.
func (a *Tensor) Gt(b *Tensor) *Tensor {
	return compare("Gt", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = b2f(x[i] > y[i])
		}
	})
}

// Ge returns the mask a ≥ b.
func (a *Tensor) Ge(b *Tensor) *Tensor {
	return compare("Ge", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = b2f(x[i] >= y[i])
		}
	})
}

// Lt returns the mask a < b.
func (a *Tensor) Lt(b *Tensor) *Tensor {
	return compare("Lt", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = b2f(x[i] < y[i])
		}
	})
}

// Le returns the mask a ≤ b.
func (a *Tensor) Le(b *Tensor) *Tensor {
	return compare("Le", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = b2f(x[i] <= y[i])
		}
	})
}

// Eq returns the mask a = b (exact equality of float64 values).
func (a *Tensor) Eq(b *Tensor) *Tensor {
	return compare("Eq", a, b, func(o, x, y []float64) {
		for i := range o {
			o[i] = b2f(x[i] == y[i])
		}
	})
}

// compare runs a comparison kernel with broadcasting; the result never
// requires a gradient (a step function has derivative 0 almost everywhere).
func compare(op string, a, b *Tensor, kernel func(out, x, y []float64)) *Tensor {
	a.mustBeLive(op)
	b.mustBeLive(op)
	shape := broadcastShapes(op, a.shape, b.shape)
	out := &Tensor{shape: shape, data: newBuf(numel(shape))}
	x, y := expanded(a, shape), expanded(b, shape)
	kernel(out.data, x, y)
	dropTemp(x, a)
	dropTemp(y, b)
	return out
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Where returns a where cond ≠ 0 and b elsewhere, with all three broadcast
// to a common shape: out[i] = cond[i] ? a[i] : b[i]. cond is a mask such as
// x.Gt(dl.Scalar(0)) and gets no gradient.
// Backward: ∂out/∂a = cond, ∂out/∂b = 1 − cond.
func Where(cond, a, b *Tensor) *Tensor {
	shape := broadcastShapes("Where", broadcastShapes("Where", cond.shape, a.shape), b.shape)
	cond.mustBeLive("Where")
	out := newOp("Where", shape, cond, a, b)
	c, x, y := expanded(cond, shape), expanded(a, shape), expanded(b, shape)
	for i := range out.data {
		if c[i] != 0 {
			out.data[i] = x[i]
		} else {
			out.data[i] = y[i]
		}
	}
	dropTemp(c, cond)
	dropTemp(x, a)
	dropTemp(y, b)
	return out.withBackward(func() {
		g := out.grad.data
		c := expanded(cond, shape)
		backpropTo(a, out, func(ga []float64) {
			for i, v := range g {
				if c[i] != 0 {
					ga[i] += v
				}
			}
		})
		backpropTo(b, out, func(gb []float64) {
			for i, v := range g {
				if c[i] == 0 {
					gb[i] += v
				}
			}
		})
		dropTemp(c, cond)
	})
}

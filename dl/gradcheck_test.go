package dl

import (
	"math"
	"testing"
)

// Test inputs. Each helper draws from its own seed so cases are independent.

// rnd returns values uniform in [-1, 1).
func rnd(seed uint64, shape ...int) *Tensor { return NewRNG(seed).Uniform(-1, 1, shape...) }

// pos returns values uniform in [0.5, 2): safe for Log, Sqrt and Pow.
func pos(seed uint64, shape ...int) *Tensor { return NewRNG(seed).Uniform(0.5, 2, shape...) }

// away returns values with 0.2 ≤ |v| < 1 and random signs: away from the
// kink at 0 of ReLU, Abs, LeakyReLU, ELU.
func away(seed uint64, shape ...int) *Tensor {
	rng := NewRNG(seed)
	t := Zeros(shape...)
	for i := range t.data {
		v := 0.2 + 0.8*rng.Float64()
		if rng.Float64() < 0.5 {
			v = -v
		}
		t.data[i] = v
	}
	return t
}

type gradCase struct {
	name   string
	f      func(in ...*Tensor) *Tensor
	inputs []*Tensor
}

func unaryCase(name string, f func(a *Tensor) *Tensor, inputs ...*Tensor) []gradCase {
	var cs []gradCase
	for _, in := range inputs {
		cs = append(cs, gradCase{name + "/" + shapeStr(in.shape), func(x ...*Tensor) *Tensor { return f(x[0]) }, []*Tensor{in}})
	}
	return cs
}

func binaryCase(name string, f func(a, b *Tensor) *Tensor, pairs ...[2]*Tensor) []gradCase {
	var cs []gradCase
	for _, p := range pairs {
		cs = append(cs, gradCase{name + "/" + shapeStr(p[0].shape) + "+" + shapeStr(p[1].shape),
			func(x ...*Tensor) *Tensor { return f(x[0], x[1]) }, []*Tensor{p[0], p[1]}})
	}
	return cs
}

// broadcastPairs covers every broadcasting path: same shape, scalar on
// either side, a bias row (suffix), a column (prefix) and the general case.
func broadcastPairs(gen func(seed uint64, shape ...int) *Tensor) [][2]*Tensor {
	return [][2]*Tensor{
		{gen(1, 2, 3), gen(2, 2, 3)},
		{gen(3, 3, 1), gen(4, 1, 4)},
		{gen(5, 2, 3), gen(6, 3)},
		{gen(7), gen(8, 2, 2)},
		{gen(9, 2, 2), gen(10)},
		{gen(11, 3, 1), gen(12, 3, 4)},
		{gen(13, 2, 1, 3), gen(14, 4, 1)},
		{gen(15, 4), gen(16, 2, 3, 4)},
		{gen(17, 5), gen(18, 5)},
		// Sizes that take the fast paths of binary: rows of ≥ 16, and
		// scalars over more than one 64-element chunk.
		{gen(19, 3, 20), gen(20, 20)},
		{gen(21, 20), gen(22, 2, 20)},
		{gen(23, 5, 30), gen(24)},
		{gen(25), gen(26, 150)},
	}
}

func reduceCases(name string, f func(a *Tensor, axes ...int) *Tensor) []gradCase {
	type rc struct {
		shape []int
		axes  []int
	}
	var cs []gradCase
	for _, c := range []rc{
		{[]int{5}, nil}, {[]int{3, 4}, nil}, {[]int{3, 4}, []int{0}}, {[]int{3, 4}, []int{1}},
		{[]int{3, 4}, []int{-1}}, {[]int{2, 3, 4}, []int{1}}, {[]int{2, 3, 4}, []int{0, 2}},
		{[]int{2, 3, 4}, []int{2, 0, 1}}, {[]int{2, 3, 2, 2}, []int{1, 3}},
	} {
		axes := c.axes
		cs = append(cs, gradCase{name + "/" + shapeStr(c.shape) + "/axes" + shapeStr(axes),
			func(x ...*Tensor) *Tensor { return f(x[0], axes...) }, []*Tensor{rnd(uint64(len(cs)+100), c.shape...)}})
	}
	return cs
}

func allGradCases() []gradCase {
	var cs []gradCase
	add := func(more ...gradCase) { cs = append(cs, more...) }
	add(binaryCase("Add", (*Tensor).Add, broadcastPairs(rnd)...)...)
	add(binaryCase("Sub", (*Tensor).Sub, broadcastPairs(rnd)...)...)
	add(binaryCase("Mul", (*Tensor).Mul, broadcastPairs(rnd)...)...)
	add(binaryCase("Div", (*Tensor).Div, broadcastPairs(pos)...)...)
	shapes := func(gen func(seed uint64, shape ...int) *Tensor) []*Tensor {
		return []*Tensor{gen(20), gen(21, 4), gen(22, 2, 3), gen(23, 2, 2, 3)}
	}
	add(unaryCase("Neg", (*Tensor).Neg, shapes(rnd)...)...)
	add(unaryCase("Pow3", func(a *Tensor) *Tensor { return a.Pow(3) }, shapes(rnd)...)...)
	add(unaryCase("Pow0.5", func(a *Tensor) *Tensor { return a.Pow(0.5) }, shapes(pos)...)...)
	add(unaryCase("Pow-1.5", func(a *Tensor) *Tensor { return a.Pow(-1.5) }, shapes(pos)...)...)
	add(unaryCase("Square", (*Tensor).Square, shapes(rnd)...)...)
	add(unaryCase("Sqrt", (*Tensor).Sqrt, shapes(pos)...)...)
	add(unaryCase("Exp", (*Tensor).Exp, shapes(rnd)...)...)
	add(unaryCase("Log", (*Tensor).Log, shapes(pos)...)...)
	add(unaryCase("Abs", (*Tensor).Abs, shapes(away)...)...)
	add(unaryCase("Clamp", func(a *Tensor) *Tensor { return a.Clamp(-0.5, 0.5) },
		From([]float64{-0.9, -0.3, 0.1, 0.45, 0.7}), From([][]float64{{-2, 0.2}, {0.3, 3}}))...)
	add(unaryCase("Sigmoid", (*Tensor).Sigmoid, shapes(rnd)...)...)
	add(unaryCase("Tanh", (*Tensor).Tanh, shapes(rnd)...)...)
	add(unaryCase("ReLU", (*Tensor).ReLU, shapes(away)...)...)
	add(unaryCase("LeakyReLU", func(a *Tensor) *Tensor { return a.LeakyReLU(0.1) }, shapes(away)...)...)
	add(unaryCase("ELU", func(a *Tensor) *Tensor { return a.ELU(1.5) }, shapes(away)...)...)
	for _, axis := range []int{0, 1, -1} {
		add(unaryCase("Softmax"+itoa(axis), func(a *Tensor) *Tensor { return a.Softmax(axis) }, rnd(30, 3, 4), rnd(31, 2, 3, 4))...)
		add(unaryCase("LogSoftmax"+itoa(axis), func(a *Tensor) *Tensor { return a.LogSoftmax(axis) }, rnd(32, 3, 4), rnd(33, 2, 3, 4))...)
	}
	add(unaryCase("Softmax1D", func(a *Tensor) *Tensor { return a.Softmax(0) }, rnd(34, 5))...)
	add(unaryCase("Maxout2", func(a *Tensor) *Tensor { return a.Maxout(2) }, rnd(35, 6), rnd(36, 3, 8))...)
	add(unaryCase("Maxout3", func(a *Tensor) *Tensor { return a.Maxout(3) }, rnd(37, 2, 2, 6))...)
	add(reduceCases("Sum", (*Tensor).Sum)...)
	add(reduceCases("SumKeep", (*Tensor).SumKeep)...)
	add(reduceCases("Mean", (*Tensor).Mean)...)
	add(reduceCases("MeanKeep", (*Tensor).MeanKeep)...)
	add(reduceCases("Var", (*Tensor).Var)...)
	add(reduceCases("VarKeep", (*Tensor).VarKeep)...)
	add(reduceCases("Max", (*Tensor).Max)...)
	add(reduceCases("MaxKeep", (*Tensor).MaxKeep)...)
	add(reduceCases("Min", (*Tensor).Min)...)
	add(reduceCases("MinKeep", (*Tensor).MinKeep)...)
	add(binaryCase("MatMul", (*Tensor).MatMul,
		[2]*Tensor{rnd(40, 3, 4), rnd(41, 4, 2)},
		[2]*Tensor{rnd(42, 1, 5), rnd(43, 5, 1)},
		[2]*Tensor{rnd(44, 2, 3, 4), rnd(45, 4, 5)},
		[2]*Tensor{rnd(46, 2, 3, 4), rnd(47, 2, 4, 5)},
		[2]*Tensor{rnd(48, 3, 4), rnd(49, 2, 4, 2)},
		[2]*Tensor{rnd(50, 2, 1, 3, 4), rnd(51, 3, 4, 2)},
	)...)
	add(unaryCase("T", (*Tensor).T, rnd(52, 3, 4), rnd(53, 2, 3, 4))...)
	add(unaryCase("Transpose02", func(a *Tensor) *Tensor { return a.Transpose(0, 2) }, rnd(54, 2, 3, 4))...)
	add(unaryCase("Transpose10", func(a *Tensor) *Tensor { return a.Transpose(1, 0) }, rnd(90, 3, 5))...)
	add(unaryCase("Transpose-1-2", func(a *Tensor) *Tensor { return a.Transpose(-1, -2) }, rnd(91, 2, 2, 3, 4))...)
	add(unaryCase("Reshape", func(a *Tensor) *Tensor { return a.Reshape(4, -1) }, rnd(55, 2, 6), rnd(56, 2, 2, 3))...)
	add(unaryCase("Flatten", (*Tensor).Flatten, rnd(57, 2, 3))...)
	add(unaryCase("Slice1", func(a *Tensor) *Tensor { return a.Slice(1, 1, 3) }, rnd(58, 3, 4), rnd(59, 2, 4, 3))...)
	add(unaryCase("Slice0", func(a *Tensor) *Tensor { return a.Slice(0, 2, 3) }, rnd(60, 4), rnd(61, 3, 2))...)
	add(unaryCase("Rows", func(a *Tensor) *Tensor { return a.Rows([]int{2, 0, 2}) }, rnd(62, 3), rnd(63, 3, 2), rnd(64, 4, 2, 2))...)
	cs = append(cs,
		gradCase{"Concat0", func(x ...*Tensor) *Tensor { return Concat(0, x...) }, []*Tensor{rnd(65, 2, 3), rnd(66, 1, 3), rnd(67, 3, 3)}},
		gradCase{"Concat1", func(x ...*Tensor) *Tensor { return Concat(1, x...) }, []*Tensor{rnd(68, 2, 3), rnd(69, 2, 1)}},
		gradCase{"Concat-1/3D", func(x ...*Tensor) *Tensor { return Concat(-1, x...) }, []*Tensor{rnd(70, 2, 2, 3), rnd(71, 2, 2, 2)}},
		gradCase{"Where", func(x ...*Tensor) *Tensor { return Where(x[0].Gt(Scalar(0)), x[0], x[1]) }, []*Tensor{rnd(72, 3, 4), rnd(73, 4)}},
		gradCase{"Where/scalar", func(x ...*Tensor) *Tensor { return Where(x[0].Lt(Scalar(0)), x[1], x[0].Square()) }, []*Tensor{rnd(74, 2, 3), rnd(75)}},
		gradCase{"MSE", func(x ...*Tensor) *Tensor { return x[0].Sub(x[1]).Square().Mean() }, []*Tensor{rnd(76, 4, 2), rnd(77, 4, 2)}},
		gradCase{"BCE", func(x ...*Tensor) *Tensor {
			p := x[0].Sigmoid()
			y := From([]float64{1, 0, 1})
			one := Scalar(1)
			return y.Mul(p.Log()).Add(one.Sub(y).Mul(one.Sub(p).Log())).Mean().Neg()
		}, []*Tensor{rnd(78, 3)}},
		gradCase{"SharedInput", func(x ...*Tensor) *Tensor { return x[0].Mul(x[0]).Add(x[0].Exp()).Sum(0) }, []*Tensor{rnd(79, 3, 2)}},
		gradCase{"TwoLayer", twoLayer, twoLayerInputs()},
	)
	return cs
}

func TestGradCheckEveryOp(t *testing.T) {
	for _, c := range allGradCases() {
		t.Run(c.name, func(t *testing.T) {
			r := GradCheck(c.f, c.inputs...)
			if len(r.Inputs) != len(c.inputs) {
				t.Fatalf("report has %d inputs, want %d", len(r.Inputs), len(c.inputs))
			}
			if !r.OK(1e-7) {
				t.Errorf("gradient mismatch:\n%s", r)
			}
		})
	}
}

// TestGradCheckCatchesWrongGradient makes sure GradCheck is not blind: an
// op whose backward is deliberately wrong must fail.
func TestGradCheckCatchesWrongGradient(t *testing.T) {
	wrongSquare := func(in ...*Tensor) *Tensor {
		a := in[0]
		out := unary("WrongSquare", a, func(o, x []float64) {
			for i, v := range x {
				o[i] = v * v
			}
		})
		return out.withBackward(func() {
			ga := a.gradData()
			for i, g := range out.grad.data {
				ga[i] += g * a.data[i] // should be 2·x
			}
		})
	}
	r := GradCheck(wrongSquare, rnd(1, 3, 2))
	if r.OK(1e-3) {
		t.Fatalf("GradCheck accepted a wrong gradient:\n%s", r)
	}
	if r.MaxError() < 0.1 {
		t.Errorf("MaxError = %g, want a large error", r.MaxError())
	}
}

// twoLayer is a 2-layer network with a sigmoid hidden layer, a softmax
// cross-entropy loss built from LogSoftmax and a one-hot mask.
func twoLayer(in ...*Tensor) *Tensor {
	x, w1, b1, w2, b2 := in[0], in[1], in[2], in[3], in[4]
	onehot := From([][]float64{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}})
	logits := x.MatMul(w1).Add(b1).Sigmoid().MatMul(w2).Add(b2)
	return logits.LogSoftmax(1).Mul(onehot).Sum(1).Mean().Neg()
}

func twoLayerInputs() []*Tensor {
	return []*Tensor{rnd(80, 4, 5), rnd(81, 5, 6), rnd(82, 6), rnd(83, 6, 3), rnd(84, 3)}
}

func TestTwoLayerNetworkByHand(t *testing.T) {
	in := twoLayerInputs()
	x := in[0]
	w1, b1, w2, b2 := in[1].RequiresGrad(), in[2].RequiresGrad(), in[3].RequiresGrad(), in[4].RequiresGrad()
	loss := twoLayer(x, w1, b1, w2, b2)
	if loss.NDim() != 0 || loss.Item() <= 0 || math.IsNaN(loss.Item()) {
		t.Fatalf("loss = %v, want a positive scalar", loss)
	}
	loss.Backward()
	r := GradCheck(twoLayer, in...)
	if !r.OK(1e-7) {
		t.Fatalf("GradCheck:\n%s", r)
	}
	// The analytic gradients of the leaves equal what GradCheck checked.
	for i, p := range []*Tensor{w1, b1, w2, b2} {
		if p.Grad() == nil {
			t.Fatalf("param %d has no gradient", i)
		}
		if !sameShape(p.Grad().shape, p.shape) {
			t.Errorf("param %d: grad shape %v, want %v", i, p.Grad().shape, p.shape)
		}
		ri := r.Inputs[i+1]
		if d := math.Abs(p.Grad().data[ri.Worst] - ri.Numeric); d > 1e-7 {
			t.Errorf("param %d: grad[%d] = %v, numeric %v", i, ri.Worst, p.Grad().data[ri.Worst], ri.Numeric)
		}
	}
	if x.Grad() != nil {
		t.Errorf("x does not require a gradient but got one")
	}
}

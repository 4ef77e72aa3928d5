package dl

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// panicMessage runs f and returns the message it panicked with ("" if none).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func TestErrorMessages(t *testing.T) {
	m23, m32 := Zeros(2, 3), Zeros(3, 2)
	w := Zeros(2, 1).RequiresGrad()
	released := func() *Tensor {
		l := w.Mul(Scalar(2)).Sum()
		l.Release()
		return l
	}
	cases := []struct {
		name string
		f    func()
		want []string // every fragment must appear in the message
	}{
		{"Add shapes", func() { m23.Add(m32) }, []string{"Add:", "a is 2×3, b is 3×2", "equal or one is 1"}},
		{"Sub shapes", func() { Zeros(4).Sub(Zeros(3)) }, []string{"Sub:", "a is 4, b is 3"}},
		{"Mul shapes", func() { Zeros(2, 3, 4).Mul(Zeros(3, 3)) }, []string{"Mul:", "a is 2×3×4, b is 3×3"}},
		{"Div shapes", func() { m23.Div(Zeros(2)) }, []string{"Div:", "a is 2×3, b is 2"}},
		{"Gt shapes", func() { m23.Gt(Zeros(2)) }, []string{"Gt:", "a is 2×3, b is 2"}},
		{"Where shapes", func() { Where(Zeros(3), m23, Zeros(2)) }, []string{"Where:", "3", "2"}},
		{"MatMul inner (b.T)", func() { Zeros(50, 3).MatMul(Zeros(2, 3)) }, []string{"MatMul: a is 50×3, b is 2×3: inner dimensions 3 and 2 differ", "did you mean b.T()?"}},
		{"MatMul inner", func() { Zeros(50, 3).MatMul(Zeros(2, 1)) }, []string{"MatMul: a is 50×3, b is 2×1: inner dimensions 3 and 2 differ"}},
		{"MatMul vector", func() { Zeros(3).MatMul(Zeros(3, 1)) }, []string{"MatMul: a is 3, b is 3×1", "Reshape(1, -1)"}},
		{"MatMul batch", func() { Zeros(2, 3, 4).MatMul(Zeros(3, 4, 5)) }, []string{"MatMul:", "a is 2, b is 3"}},
		{"Reshape size", func() { m23.Reshape(4, 2) }, []string{"Reshape: cannot reshape 2×3 (6 elements) into 4×2 (8 elements)"}},
		{"Reshape infer", func() { m23.Reshape(4, -1) }, []string{"Reshape:", "not a multiple of 4"}},
		{"Reshape two -1", func() { m23.Reshape(-1, -1) }, []string{"Reshape:", "more than one -1"}},
		{"Sum bad axis", func() { m23.Sum(2) }, []string{"Sum: axis 2 does not exist for a tensor of shape 2×3", "0..1"}},
		{"MeanKeep bad axis", func() { m23.MeanKeep(-3) }, []string{"MeanKeep: axis -3 does not exist"}},
		{"Sum repeated axis", func() { m23.Sum(1, -1) }, []string{"Sum: axis -1 is listed twice"}},
		{"Softmax bad axis", func() { m23.Softmax(5) }, []string{"Softmax: axis 5"}},
		{"ArgMax scalar", func() { Scalar(1).ArgMax(0) }, []string{"ArgMax: axis 0 does not exist: the tensor is a scalar"}},
		{"Transpose bad axis", func() { m23.Transpose(0, 3) }, []string{"Transpose: axis 3"}},
		{"Slice range", func() { m23.Slice(1, 2, 5) }, []string{"Slice: range 2:5 does not fit axis 1 of size 3"}},
		{"Rows range", func() { m23.Rows([]int{2}) }, []string{"Rows: index 2 is out of range", "2×3"}},
		{"Concat shapes", func() { Concat(0, m23, m32) }, []string{"Concat: tensor 0 is 2×3, tensor 1 is 3×2"}},
		{"Maxout", func() { Zeros(2, 5).Maxout(2) }, []string{"Maxout: a is 2×5", "k·m"}},
		{"Item", func() { m23.Item() }, []string{"Item: tensor has shape 2×3 (6 elements)", "Sum()"}},
		{"At", func() { m23.At(2, 0) }, []string{"At: index 2 is out of range for dimension 0"}},
		{"At count", func() { m23.At(1) }, []string{"At: tensor has shape 2×3 (2 dimensions) but got 1 indices"}},
		{"New", func() { New([]float64{1, 2, 3}, 2, 2) }, []string{"New: 3 values cannot fill a tensor of shape 2×2, which holds 4"}},
		{"From ragged", func() { From([][]float64{{1, 2}, {3}}) }, []string{"From: ragged input", "length 1", "length 2"}},
		{"Backward non-scalar", func() { w.Mul(Scalar(2)).Backward() }, []string{"Backward: called on a tensor of shape 2×1", "Sum()", "BackwardWith"}},
		{"Backward no graph", func() { Zeros(1).Backward() }, []string{"Backward: this tensor (shape 1) does not require a gradient", "RequiresGrad()"}},
		{"Backward no grad result", func() { Zeros(2).Add(Ones(2)).Sum().Backward() }, []string{"does not require a gradient"}},
		{"Backward released", func() { released().Backward() }, []string{"Backward: the graph below this tensor (made by Sum) was freed by Release()", "Recompute the forward pass"}},
		{"BackwardWith seed shape", func() { w.Mul(Scalar(2)).BackwardWith(Ones(3)) }, []string{"BackwardWith: seed has shape 3 but the tensor has shape 2×1"}},
		{"BackwardWith nil", func() { w.Mul(Scalar(2)).BackwardWith(nil) }, []string{"BackwardWith: seed is nil", "dl.Ones(2, 1)"}},
		{"Clamp", func() { m23.Clamp(1, 0) }, []string{"Clamp: lo = 1 is greater than hi = 0"}},
		{"Arange", func() { Arange(0, 1, 0) }, []string{"Arange: step is 0"}},
		{"TensorDataset", func() { TensorDataset(Zeros(3, 2), Zeros(2)) }, []string{"TensorDataset: x is 3×2, y is 2"}},
		{"T vector", func() { Zeros(3).T() }, []string{"T: a is 3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := panicMessage(c.f)
			if msg == "" {
				t.Fatalf("no panic")
			}
			if e := recoverError(c.f); e == nil || e.Error() != msg {
				t.Errorf("errors.As(recovered, *Error) = %v, want the message %q", e, msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q\n does not contain %q", msg, w)
				}
			}
		})
	}
}

// recoverError runs f and returns the *Error it panicked with, found with
// errors.As as a caller would (nil if f did not panic with one).
func recoverError(f func()) (e *Error) {
	defer func() {
		err, _ := recover().(error)
		if !errors.As(err, &e) {
			e = nil
		}
	}()
	f()
	return nil
}

// TestErrorValues triggers every kind of panic of package dl (outside the
// conv, pooling and plot files) and checks that errors.As finds an *Error
// with the op, kind, shapes and hint its message names.
func TestErrorValues(t *testing.T) {
	type badConfig struct{ F func() }
	cases := []struct {
		name   string
		f      func()
		op     string
		kind   ErrorKind
		shapes [][]int // nil: not checked
		hint   string  // a fragment of Hint ("": no hint expected)
	}{
		{"Add", func() { Zeros(2, 3).Add(Zeros(3, 2)) }, "Add", ShapeError, [][]int{{2, 3}, {3, 2}}, ""},
		{"MatMul b.T", func() { Zeros(50, 3).MatMul(Zeros(2, 3)) }, "MatMul", ShapeError, [][]int{{50, 3}, {2, 3}}, "did you mean b.T()?"},
		{"Reshape", func() { Zeros(2, 3).Reshape(4, 2) }, "Reshape", ShapeError, nil, "the number of elements must stay the same"},
		{"Sum axis", func() { Zeros(2, 3).Sum(2) }, "Sum", ShapeError, [][]int{{2, 3}}, "valid axes are 0..1"},
		{"ArgMax scalar", func() { Scalar(1).ArgMax(0) }, "ArgMax", ShapeError, [][]int{{}}, ""},
		{"Max empty", func() { Zeros(0, 2).Max() }, "Max", ShapeError, nil, ""},
		{"Item", func() { Zeros(2, 3).Item() }, "Item", ShapeError, [][]int{{2, 3}}, "reduce first"},
		{"Rows scalar", func() { Scalar(1).Rows([]int{0}) }, "Rows", ValueError, nil, "Rows gathers along axis 0"},
		{"Concat none", func() { Concat(0) }, "Concat", ValueError, nil, "call Concat(axis, a, b, ...)"},
		{"New negative", func() { New(nil, -1) }, "New", ValueError, nil, ""},
		{"Linspace", func() { Linspace(0, 1, -1) }, "Linspace", ValueError, nil, "it must be ≥ 0"},
		{"Flatten scalar", func() { Flatten().Forward(Scalar(1)) }, "Flatten", ValueError, nil, "Flatten needs a batch"},
		{"Linear sizes", func() { Linear(0, 1) }, "Linear(0, 1)", ValueError, nil, ""},
		{"Linear input", func() { Linear(2, 3).Forward(Zeros(4, 5)) }, "Linear(2 → 3)", ShapeError, [][]int{{4, 5}}, "check the previous layer's output size"},
		{"Linear.Init empty", func() { Linear(2, 3).Init(InitScheme{}) }, "Linear.Init", ValueError, nil, "dl.NormalInit(std)"},
		{"Linear.Init type", func() { Linear(2, 3).Init(42) }, "Linear.Init", ValueError, nil, "dl.XavierUniform"},
		{"NormalInit", func() { NormalInit(-1) }, "NormalInit(-1)", ValueError, nil, ""},
		{"UniformInit", func() { UniformInit(math.NaN()) }, "UniformInit(NaN)", ValueError, nil, ""},
		{"Dropout", func() { Dropout(2) }, "Dropout(2)", ValueError, nil, ""},
		{"BatchNorm1d size", func() { BatchNorm1d(0) }, "BatchNorm1d(0)", ValueError, nil, ""},
		{"BatchNorm1d input", func() { BatchNorm1d(3).Forward(Zeros(4, 2)) }, "BatchNorm1d(3)", ShapeError, [][]int{{4, 2}}, "it needs N×3"},
		{"BatchNorm1d batch", func() { BatchNorm1d(2).Forward(Zeros(1, 2)) }, "BatchNorm1d(2)", ShapeError, [][]int{{1, 2}}, "call Eval() first"},
		{"Residual", func() { Residual(Linear(2, 3)).Forward(Zeros(4, 2)) }, "Residual", ShapeError, [][]int{{4, 2}, {4, 3}}, ""},
		{"MSE sizes", func() { MSE().Forward(Zeros(3), Zeros(4)) }, "MSE", ShapeError, [][]int{{3}, {4}}, "one target per prediction"},
		{"CrossEntropy rank", func() { CrossEntropy().Forward(Zeros(3), Zeros(3)) }, "CrossEntropy", ShapeError, [][]int{{3}}, ""},
		{"CrossEntropy targets", func() { CrossEntropy().Forward(Zeros(2, 3), Zeros(3)) }, "CrossEntropy", ShapeError, [][]int{{3}}, "give 2 class indices"},
		{"CrossEntropy class", func() { CrossEntropy().Forward(Zeros(2, 3), From([]float64{0, 3})) }, "CrossEntropy", ValueError, nil, ""},
		{"Accuracy scores", func() { Accuracy(Zeros(3, 2), Zeros(2)) }, "Accuracy", ShapeError, [][]int{{3, 2}, {2}, {3, 2}}, "give 3 class indices"},
		{"Accuracy binary", func() { Accuracy(Zeros(3), Zeros(2)) }, "Accuracy", ShapeError, [][]int{{3}, {2}}, ""},
		{"Lp", func() { Lp(0.5) }, "Lp(0.5)", ValueError, nil, ""},
		{"Huber", func() { Huber(0) }, "Huber(0)", ValueError, nil, ""},
		{"SGD lr", func() { SGD(-1) }, "SGD", ValueError, nil, ""},
		{"AdaDelta", func() { AdaDelta(1) }, "AdaDelta", ValueError, nil, ""},
		{"StepLR", func() { StepLR(0, 0.5) }, "StepLR", ValueError, nil, ""},
		{"CosineLR", func() { CosineLR(0, 0) }, "CosineLR", ValueError, nil, ""},
		{"LogisticLoss2D", func() { LogisticLoss2D(nil, nil) }, "LogisticLoss2D", ValueError, nil, ""},
		{"OptimizerName", func() { OptimizerName("adamx").New(0.1) }, "OptimizerName", ValueError, nil, "use one of [gd sgd"},
		{"Memo name", func() { Memo("", Linear(1, 1), nil, nil) }, "Memo", ValueError, nil, "give each memoized run a name"},
		{"Memo config", func() { Memo("x", Linear(1, 1), badConfig{}, nil) }, `Memo("x")`, ValueError, nil, ""},
		{"Train data", func() { Train(Linear(1, 1)).Progress(false).Run() }, "Train", ValueError, nil, ""},
		{"Train batch", func() {
			Train(Linear(1, 1)).Data(TensorDataset(Zeros(2, 1), Zeros(2, 1)), nil).BatchSize(0).Progress(false).Run()
		}, "Train", ValueError, nil, ""},
		{"Backward no grad", func() { Zeros(1).Backward() }, "Backward", UsageError, nil, ""},
		{"Backward released", func() {
			l := Zeros(2).RequiresGrad().Mul(Scalar(2)).Sum()
			l.Release()
			l.Backward()
		}, "Backward", UsageError, nil, ""},
		{"released tensor", func() {
			h := Zeros(2).RequiresGrad().Mul(Scalar(2))
			h.Sum().Release()
			h.Item()
		}, "Item", UsageError, nil, "Keep a copy with Clone()"},
		{"NaN forward", func() {
			SetCheckNaN(true)
			defer SetCheckNaN(false)
			From([]float64{-1}).Sqrt()
		}, "Sqrt", NumericError, nil, "Look at this op's inputs"},
		{"Sweep", func() {
			Sweep(Grid{LR: []float64{0.1}}).Progress(false).Run(func(SweepPoint) *History { Zeros(2).Add(Zeros(3)); return nil })
		}, "Sweep", ShapeError, nil, "equal or one is 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := recoverError(c.f)
			if e == nil {
				t.Fatalf("no *Error: the panic was %q", panicMessage(c.f))
			}
			if e.Op != c.op || e.Kind != c.kind {
				t.Errorf("Op, Kind = %q, %v; want %q, %v (message %q)", e.Op, e.Kind, c.op, c.kind, e)
			}
			if c.shapes != nil && !reflect.DeepEqual(e.Shapes, c.shapes) {
				t.Errorf("Shapes = %v, want %v (message %q)", e.Shapes, c.shapes, e)
			}
			if !strings.Contains(e.Hint, c.hint) || (c.hint != "" && !strings.Contains(e.Error(), e.Hint)) {
				t.Errorf("Hint = %q, want it to contain %q (message %q)", e.Hint, c.hint, e)
			}
		})
	}
}

func TestCheckNaN(t *testing.T) {
	SetCheckNaN(true)
	defer SetCheckNaN(false)
	if !CheckNaN() {
		t.Fatal("CheckNaN() is false after SetCheckNaN(true)")
	}
	x := From([]float64{1, 0, 2}).RequiresGrad()
	msg := panicMessage(func() { x.Mul(Scalar(2)).Sub(Scalar(2)).Log().Sum() })
	if !strings.Contains(msg, "NaN check: Log produced -Inf at flat index 0") {
		t.Errorf("forward NaN message = %q", msg)
	}
	// Without gradients the op is not recorded but still named.
	msg = panicMessage(func() { From([]float64{-1}).Sqrt() })
	if !strings.Contains(msg, "NaN check: Sqrt produced NaN") {
		t.Errorf("forward NaN message without grad = %q", msg)
	}
	// A finite forward whose backward blows up: d√x/dx at 0 is +Inf.
	z := From([]float64{0, 1}).RequiresGrad()
	msg = panicMessage(func() { z.Sqrt().Sum().Backward() })
	if !strings.Contains(msg, "NaN check: the backward step of Sqrt produced +Inf") {
		t.Errorf("backward NaN message = %q", msg)
	}
	SetCheckNaN(false)
	if msg := panicMessage(func() { From([]float64{0}).Log() }); msg != "" {
		t.Errorf("check off but got panic %q", msg)
	}
}

package dl_test

import (
	"fmt"

	"github.com/dlfun/dlfun/dl"
	"gonum.org/v1/gonum/mat"
)

func ExampleFrom() {
	x := dl.From([][]float64{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(x)
	fmt.Println(x.Shape(), x.At(1, 2))
	// Output:
	// tensor([[1., 2., 3.],
	//         [4., 5., 6.]], shape=2×3)
	// [2 3] 6
}

func ExampleNew() {
	// New takes the values in row-major order: row 0, then row 1.
	x := dl.New([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	fmt.Println(x)
	// Output:
	// tensor([[1., 2.],
	//         [3., 4.],
	//         [5., 6.]], shape=3×2)
}

func ExampleScalar() {
	x := dl.From([]float64{1, 2, 3})
	fmt.Println(x.Mul(dl.Scalar(2)).Add(dl.Scalar(0.5)))
	// Output:
	// tensor([2.5000, 4.5000, 6.5000], shape=3)
}

func ExampleTensor_Add() {
	// Broadcasting: a 2×1 column plus a length-3 row gives a 2×3 table.
	col := dl.From([][]float64{{10}, {20}})
	row := dl.From([]float64{1, 2, 3})
	fmt.Println(col.Add(row))
	// Output:
	// tensor([[11., 12., 13.],
	//         [21., 22., 23.]], shape=2×3)
}

func ExampleTensor_MatMul() {
	x := dl.From([][]float64{{1, 2}, {3, 4}})
	w := dl.From([][]float64{{1}, {-1}})
	fmt.Println(x.MatMul(w))
	// Output:
	// tensor([[-1.],
	//         [-1.]], shape=2×1)
}

func ExampleTensor_Sum() {
	x := dl.From([][]float64{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(x.Sum())
	fmt.Println(x.Sum(0))
	fmt.Println(x.MeanKeep(1))
	// Output:
	// tensor(21.)
	// tensor([5., 7., 9.], shape=3)
	// tensor([[2.],
	//         [5.]], shape=2×1)
}

func ExampleTensor_Backward() {
	// Logistic regression on two samples: ŷ = σ(x·w + b), L = mean((ŷ − y)²).
	x := dl.From([][]float64{{1, 2}, {3, -1}})
	y := dl.From([][]float64{{1}, {0}})
	w := dl.From([][]float64{{0.5}, {-0.5}}).RequiresGrad().Named("w")
	b := dl.Scalar(0).RequiresGrad().Named("b")

	loss := x.MatMul(w).Add(b).Sigmoid().Sub(y).Square().Mean()
	loss.Backward()

	// Same numbers as PyTorch (float64).
	fmt.Printf("loss %.4f\n", loss.Item())
	fmt.Println(w.Grad())
	fmt.Println(b.Grad())
	// Output:
	// loss 0.5816
	// tensor([[ 0.1312],
	//         [-0.3850]], shape=2×1)
	// tensor(-0.0538)
}

func ExampleTensor_Graph() {
	x := dl.From([][]float64{{1, 2}}).Named("x")
	w := dl.From([][]float64{{3}, {4}}).RequiresGrad().Named("w")
	y := x.MatMul(w).Sigmoid()
	y.Sum().Backward()
	fmt.Print(y.Graph())
	// Output:
	// #0 leaf x 1×2
	// #1 leaf w 2×1 (grad)
	// #2 MatMul 1×1 ← #0, #1 (grad)
	// #3 Sigmoid 1×1 ← #2 (grad)
}

func ExampleGradCheck() {
	rng := dl.NewRNG(dl.DefaultSeed)
	x, w := rng.Randn(4, 3), rng.Randn(3, 2).Named("w")
	f := func(in ...*dl.Tensor) *dl.Tensor {
		return in[0].MatMul(in[1]).Tanh().Sum()
	}
	r := dl.GradCheck(f, x, w)
	fmt.Println(r.OK(1e-6))
	// Output:
	// true
}

func ExampleNoGrad() {
	w := dl.Ones(2).RequiresGrad()
	var y *dl.Tensor
	dl.NoGrad(func() {
		y = w.Mul(dl.Scalar(3))
	})
	fmt.Println(y.GradRequired(), y)
	// Output:
	// false tensor([3., 3.], shape=2)
}

func ExampleTensor_LogSoftmax() {
	scores := dl.From([][]float64{{2, 1, 0.1}})
	fmt.Println(scores.Softmax(1))
	fmt.Println(scores.LogSoftmax(1))
	// Output:
	// tensor([[0.6590, 0.2424, 0.0986]], shape=1×3)
	// tensor([[-0.4170, -1.4170, -2.3170]], shape=1×3)
}

func ExampleXavierUniform() {
	rng := dl.NewRNG(1)
	w := dl.XavierUniform(rng, 3, 2, 3, 2)                 // fanIn 3, fanOut 2, shape 3×2
	fmt.Println(w.Shape(), w.Abs().Max().Item() <= 1.0954) // √(6/5)
	// Output:
	// [3 2] true
}

func ExampleTensor_Release() {
	w := dl.Ones(2, 2).RequiresGrad()
	loss := w.Square().Sum()
	loss.Backward()
	loss.Release() // intermediate buffers go back to the pool
	fmt.Println(loss.Item(), w.Grad())
	// Output:
	// 4 tensor([[2., 2.],
	//         [2., 2.]], shape=2×2)
}

func ExampleTensorDataset() {
	x := dl.From([][]float64{{1, 2}, {3, 4}, {5, 6}})
	y := dl.From([]float64{0, 1, 0})
	d := dl.TensorDataset(x, y)
	bx, by := make([]float64, 2), make([]float64, 1)
	d.Gather([]int{1}, bx, by)
	fmt.Println(d.Len(), d.SampleShape(), bx, by)
	// Output:
	// 3 [2] [3 4] [1]
}

func ExampleTensor_Display() {
	// In a notebook Display shows an HTML table; elsewhere (here) it prints
	// the same text as fmt.Println.
	dl.Eye(2).Named("I").Display()
	// Output:
	// tensor([[1., 0.],
	//         [0., 1.]], shape=2×2, name=I)
}

// Tensors move to gonum and back in one call: here gonum solves the least
// squares problem X·w ≈ y for data that a line explains exactly.
func ExampleFromVecDense() {
	X := dl.From([][]float64{{1, 0}, {1, 1}, {1, 2}, {1, 3}}) // a column of ones and x
	y := dl.From([]float64{1, 3, 5, 7})                       // y = 1 + 2x
	var w mat.VecDense
	if err := w.SolveVec(X.Dense(), y.VecDense()); err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", dl.FromVecDense(&w).Data())
	// Output:
	// [1.0000 2.0000]
}

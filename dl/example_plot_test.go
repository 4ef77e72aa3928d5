package dl_test

import (
	"fmt"

	"github.com/dlfun/dlfun/dl"
)

// In a notebook cell, end the chain with Show(); printing a figure lists
// its axes and series instead (handy outside a notebook).
func ExamplePlot() {
	train := []float64{0.9, 0.5, 0.3, 0.2, 0.15}
	val := []float64{0.95, 0.6, 0.45, 0.44, 0.5}
	fig := dl.Plot().Line("train", nil, train).Line("val", nil, val).
		Title("Loss").XLabel("epoch").LogY()
	fmt.Println(fig) // fig.Show() in a notebook
	// Output:
	// Loss
	// x: value "epoch"
	// y: log
	// line "train": 5 points
	// line "val": 5 points
}

// The History that Run returns plots itself: loss and accuracy panels.
func ExampleHistory_Plot() {
	x := dl.From([][]float64{{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}})
	y := dl.From([]float64{0, 0, 0, 1, 1, 1})
	model := dl.Sequential(dl.Linear(1, 1), dl.Sigmoid())
	h := dl.Train(model).Loss(dl.BCE()).Optimizer(dl.SGD(0.5)).
		Data(dl.TensorDataset(x, y), nil).BatchSize(2).Epochs(30).Progress(false).Run()
	fmt.Println(h.Plot()) // h.Plot().Show() in a notebook
	// Output:
	// SGD(lr=0.5) bs=2
	// 30 epochs · best epoch 30 · final loss 0.05593
	// x: value "epoch"
	// x: value "epoch"
	// y: value "loss"
	// y: value "accuracy"
	// line "train (per step)": 90 points
	// line "train": 30 points
	// line "train": 30 points
}

// A sweep's runs overlaid, one colour per configuration.
func ExampleSweepResult_Plot() {
	r := &dl.SweepResult{
		Configs: []dl.SweepPoint{{LR: 0.01}, {LR: 0.1}},
		List: []*dl.History{
			{TrainLoss: []float64{1, 0.9, 0.8}, ValLoss: []float64{1, 0.92, 0.85}},
			{TrainLoss: []float64{1, 0.4, 0.2}, ValLoss: []float64{1, 0.5, 0.3}},
		},
	}
	fmt.Println(r.Plot("loss"))
	// Output:
	// Loss of 2 runs
	// best final val loss: lr=0.1 (0.3)
	// x: value "epoch"
	// y: value "loss"
	// line "lr=0.01": 3 points
	// line "lr=0.1": 3 points
}

// The lecture's seven optimizers on an elongated valley, side by side.
func ExampleSurface_Compare() {
	fig := dl.Ellipsoid(1, 10).Compare(50) // .Show() in a notebook
	fmt.Println(fig)
	// Output:
	// Ellipsoid ½(1·x² + 10·y²)
	// 15 log-spaced levels from 0.014 to 55.7
	// x: value "x"
	// y: value "y"
	// heatmap: 4096 points
	// line "GD": 24 points
	// line "SGD": 40 points
	// line "Momentum": 40 points
	// line "Nesterov": 40 points
	// line "AdaGrad": 27 points
	// line "RMSProp": 7 points
	// line "Adam": 40 points
}

// OptimizerPath runs a real optimizer on a function of two variables.
func ExampleOptimizerPath() {
	valley := dl.Ellipsoid(1, 10)
	xs, ys := dl.OptimizerPath(dl.GD(0.15), valley.F, -4, 2, 3)
	for i := range xs {
		fmt.Printf("(%.4f, %.4f)\n", xs[i], ys[i])
	}
	fig := dl.Landscape(valley.At).Range(-5, 5, -3, 3).Path("GD", xs, ys)
	_ = fig // fig.Show() in a notebook
	// Output:
	// (-4.0000, 2.0000)
	// (-3.4000, -1.0000)
	// (-2.8900, 0.5000)
	// (-2.4565, -0.2500)
}

// What a classifier predicts around the data, with the data on top.
func ExamplePlotDecisionBoundary() {
	x := dl.From([][]float64{{-1, -1}, {-1, 1}, {1, -1}, {1, 1}})
	y := dl.From([]float64{0, 1, 1, 0})
	model := dl.Sequential(dl.Linear(2, 8), dl.Tanh(), dl.Linear(8, 1), dl.Sigmoid())
	data := dl.TensorDataset(x, y)
	dl.Train(model).Loss(dl.BCE()).Optimizer(dl.Adam(0.1)).Data(data, nil).
		BatchSize(4).Epochs(200).Progress(false).Run()
	fmt.Println(dl.PlotDecisionBoundary(model, data))
	// Output:
	// Decision boundary
	// background: P(class 1) · accuracy on these 4 points 100.0 %
	// x: value "x₁"
	// y: value "x₂"
	// heatmap: 4096 points
	// scatter "class 0": 2 points
	// scatter "class 1": 2 points
}

// Functions of one variable; derivatives of tensor functions by autograd.
func ExamplePlotFunctions() {
	fig := dl.PlotFunctions("tanh and its derivative", -4, 4,
		dl.TensorFunc("tanh", (*dl.Tensor).Tanh),
		dl.Derivative("tanh′", (*dl.Tensor).Tanh),
	)
	fmt.Println(fig)
	fmt.Printf("tanh′(0) = %.1f\n", dl.Derivative("", (*dl.Tensor).Tanh).F(0))
	// Output:
	// tanh and its derivative
	// x: value "x"
	// line "tanh": 121 points
	// line "tanh′": 121 points
	// tanh′(0) = 1.0
}

// A robust loss's ρ, its influence function ψ and the weight ω.
func ExamplePointwiseLoss_Plot() {
	fmt.Println(dl.Huber(1).Plot())
	// Output:
	// Huber(ξ=1): ρ, ψ = ρ′, ω = ψ/x
	// x: value "x"
	// line "ρ(x)": 121 points
	// line "ψ(x)": 121 points
	// line "ω(x)": 121 points
}

// Per-layer statistics of one forward and backward pass: in a deep sigmoid
// network the gradients shrink towards the input (vanishing gradients).
func ExampleLayerStats() {
	rng := dl.NewRNG(1)
	x, y := rng.Randn(64, 4), rng.Rand(64)
	model := dl.Sequential(
		dl.Linear(4, 16), dl.Sigmoid(),
		dl.Linear(16, 16), dl.Sigmoid(),
		dl.Linear(16, 1), dl.Sigmoid(),
	)
	r := dl.LayerStats(model, x, y, dl.MSE())
	fmt.Println(r)
	fmt.Println(r.PlotGradients()) // r.PlotGradients().Show() in a notebook
	// Output:
	// loss 0.104
	// layer                 std(out)  std(∂L/∂out)   std(∂L/∂W)
	// 1 Linear(4 → 16)         0.726      1.11e-05     7.88e-05
	// 2 Sigmoid()               0.16       4.9e-05            -
	// 3 Linear(16 → 16)        0.317       8.8e-05     0.000699
	// 4 Sigmoid()             0.0774      0.000361            -
	// 5 Linear(16 → 1)       0.00833       0.00236      0.00315
	// 6 Sigmoid()            0.00202       0.00973            -
	// Weight gradients ∂L/∂W per layer
	// bar "1 Linear(4 → 16)": 15 points
	// bar "3 Linear(16 → 16)": 22 points
	// bar "5 Linear(16 → 1)": 10 points
}

// Images with predicted labels; wrong ones are framed in red.
func ExamplePlotPredictions() {
	images := dl.NewRNG(1).Rand(3, 28, 28)
	fmt.Println(dl.PlotPredictions(images, []int{7, 2, 1}, []int{7, 3, 1}))
	// Output:
	// Predictions: 2 of 3 correct
	// images: 3 of 28×28
}

// A confusion matrix: true classes as rows, predictions as columns.
func ExamplePlotConfusion() {
	pred := []int{0, 1, 2, 2, 1, 0}
	truth := []int{0, 1, 2, 1, 1, 2}
	fmt.Println(dl.PlotConfusion(pred, truth, 3))
	// Output:
	// Confusion matrix: accuracy 66.7 % of 6
	// heatmap: 9 points
}

// The autograd graph of a small computation, with values and gradients.
func ExampleTensor_PlotGraph() {
	w := dl.Scalar(0.5).RequiresGrad().Named("w")
	x := dl.Scalar(2).Named("x")
	loss := w.Mul(x).Sigmoid().Named("loss")
	loss.Backward()
	fmt.Println(loss.PlotGraph())
	// Output:
	// Computation graph
	// graph: 4 points
}

// A live chart for a hand-written training loop; outside a notebook
// LivePlot returns nil and every call does nothing.
func ExampleLivePlot() {
	live := dl.LivePlot("my loop")
	w := dl.Scalar(5).RequiresGrad()
	opt := dl.SGD(0.1)
	for step := 1; step <= 50; step++ {
		w.ZeroGrad()
		loss := w.Square()
		loss.Backward()
		opt.Step(w)
		live.Step(step, loss.Item())
	}
	live.Done(nil)
	fmt.Printf("w = %.4f, live view on: %v\n", w.Item(), live != nil)
	// Output:
	// w = 0.0001, live view on: false
}

// SideBySide puts figures in one row of the cell (they wrap in a narrow
// window); Show draws them, printing lists each figure.
func ExampleSideBySide() {
	loss := dl.Plot().Line("train", nil, []float64{0.9, 0.5, 0.3}).Title("Loss")
	acc := dl.Plot().Line("train", nil, []float64{0.6, 0.8, 0.9}).Title("Accuracy")
	fmt.Println(dl.SideBySide(loss, acc)) // .Show() in a notebook
	// Output:
	// Loss
	// line "train": 3 points
	// |
	// Accuracy
	// line "train": 3 points
}

package dl_test

import (
	"fmt"
	"math"
	"os"

	"github.com/dlfun/dlfun/dl"
)

// A whole notebook cell: a toy dataset, an MLP, training, the History.
func Example_notebookCell() {
	rng := dl.NewRNG(1)
	x := rng.Uniform(-1, 1, 300, 2)           // 300 points in the square
	y := x.Square().Sum(1).Lt(dl.Scalar(0.5)) // class 1 inside the circle
	train := dl.TensorDataset(x.Slice(0, 0, 200), y.Slice(0, 0, 200))
	val := dl.TensorDataset(x.Slice(0, 200, 300), y.Slice(0, 200, 300))
	model := dl.Sequential(dl.Linear(2, 16), dl.Tanh(), dl.Linear(16, 2))
	hist := dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(0.05)).
		Data(train, val).BatchSize(20).Epochs(10).Seed(1).Run()
	fmt.Println(hist)
	// Output:
	// Adam(lr=0.05, betas=(0.9, 0.999), eps=1e-08) bs=20
	// epoch  train loss    val loss   train acc     val acc
	//     1      0.7224      0.6941      0.6250      0.5700
	//     2      0.6655      0.6947      0.5450      0.6000
	//     3      0.6474      0.6472      0.6350      0.6000
	//     4      0.6393      0.6235      0.6000      0.6000
	//     5      0.5820      0.5516      0.7500      0.8300
	//     6      0.5377      0.4863      0.7800      0.8100
	//     7      0.4656      0.4127      0.8250      0.9100
	//     8      0.3861      0.3419      0.9100      0.9200
	//     9      0.3502      0.4517      0.8550      0.7100
	//    10      0.3408      0.2990      0.8500      0.8500
}

func ExampleTrain() {
	// Logistic regression y = σ(xw + b) by full-batch gradient descent.
	x := dl.From([][]float64{{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}})
	y := dl.From([]float64{0, 0, 0, 1, 1, 1})
	model := dl.Sequential(dl.Linear(1, 1), dl.Sigmoid())
	hist := dl.Train(model).Loss(dl.BCE()).Optimizer(dl.GD(0.5)).
		Data(dl.TensorDataset(x, y), nil).BatchSize(6).Epochs(200).Run()
	loss, _ := hist.Final()
	acc, _ := hist.FinalAcc()
	fmt.Printf("%d steps, loss %.4f, accuracy %.2f\n", len(hist.StepLoss), loss, acc)
	// Output:
	// 200 steps, loss 0.0299, accuracy 1.00
}

// The optimizers work on any tensors: here a hand-written loop minimising
// f(x) = (x − 3)².
func ExampleMomentum() {
	x := dl.Scalar(0).RequiresGrad()
	opt := dl.Momentum(0.1, 0.9) // m ← 0.9·m + 0.1·∇f;  x ← x − m
	for step := 1; step <= 200; step++ {
		dl.ZeroGrad(x)
		x.Sub(dl.Scalar(3)).Square().Backward()
		opt.Step(x)
	}
	fmt.Printf("x = %.4f\n", x.Item())
	// Output:
	// x = 3.0000
}

func ExampleAdam() {
	opt := dl.Adam(1e-3).Betas(0.9, 0.99).Eps(1e-6).WeightDecay(1e-4)
	fmt.Println(opt)
	fmt.Println(dl.AdamW(1e-3, 1e-5))
	fmt.Println(dl.RMSProp(0.01).TorchCompatible())
	// Output:
	// Adam(lr=0.001, betas=(0.9, 0.99), eps=1e-06, weight_decay=0.0001)
	// AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, decoupled_decay=1e-05)
	// RMSProp(lr=0.01, alpha=0.99, eps=1e-08, eps_outside, torch)
}

// The robust-loss table: ρ, ψ and ω of a few losses.
func ExampleHuber() {
	losses := []*dl.PointwiseLoss{dl.LeastSquares(), dl.Huber(1), dl.Cauchy(1), dl.Tukey(2)}
	for _, l := range losses {
		fmt.Printf("%-12s ρ(3)=%6.3f  ψ(3)=%6.3f  ω(3)=%5.3f\n", l, l.Rho(3), l.Psi(3), l.Omega(3))
	}
	// Output:
	// LeastSquares ρ(3)= 4.500  ψ(3)= 3.000  ω(3)=1.000
	// Huber(ξ=1)   ρ(3)= 2.500  ψ(3)= 1.000  ω(3)=0.333
	// Cauchy(ξ=1)  ρ(3)= 1.151  ψ(3)= 0.300  ω(3)=0.100
	// Tukey(ξ=2)   ρ(3)=10.667  ψ(3)= 0.000  ω(3)=0.000
}

func ExampleCrossEntropy() {
	logits := dl.From([][]float64{{2, 0, -1}, {0.5, 0.5, 3}})
	labels := dl.From([]float64{0, 2}) // class indices
	loss := dl.CrossEntropy().Forward(logits, labels)
	fmt.Printf("%.4f\n", loss.Item())
	// Output:
	// 0.1609
}

func ExampleSummary() {
	model := dl.Sequential(
		dl.Flatten(),
		dl.Linear(784, 256), dl.ReLU(), dl.Dropout(0.2),
		dl.Linear(256, 128), dl.BatchNorm1d(128), dl.ReLU(),
		dl.Linear(128, 10),
	)
	fmt.Println(dl.Summary(model, 28, 28))
	// Output:
	// Layer                           Output shape       Params
	// Input                           N×28×28
	// (0) Flatten()                   N×784                   0
	// (1) Linear(784 → 256)           N×256              200960
	// (2) ReLU()                      N×256                   0
	// (3) Dropout(p=0.2, training)    N×256                   0
	// (4) Linear(256 → 128)           N×128               32896
	// (5) BatchNorm1d(128, training)  N×128                 256
	// (6) ReLU()                      N×128                   0
	// (7) Linear(128 → 10)            N×10                 1290
	// Total parameters: 235402
}

func ExampleSequential() {
	model := dl.Sequential(dl.Linear(2, 4), dl.ReLU(), dl.Dropout(0.5), dl.Linear(4, 1), dl.Sigmoid())
	fmt.Println(model.Eval())
	// Output:
	// Sequential (eval mode, 17 parameters)
	//   (0): Linear(2 → 4)
	//   (1): ReLU()
	//   (2): Dropout(p=0.5, eval)
	//   (3): Linear(4 → 1)
	//   (4): Sigmoid()
}

func ExampleSweep() {
	rng := dl.NewRNG(2)
	x := rng.Normal(0, 1, 64, 2)
	y := x.Slice(1, 0, 1).Gt(dl.Scalar(0)).Reshape(64) // class: sign of the first coordinate
	data := dl.TensorDataset(x, y)
	res := dl.Sweep(dl.Grid{LR: []float64{0.01, 0.3}, Optimizer: []dl.OptimizerName{"sgd", "adam"}}).
		Run(func(c dl.SweepPoint) *dl.History {
			model := dl.Sequential(dl.Linear(2, 2))
			return dl.Train(model).Loss(dl.CrossEntropy()).Data(data, nil).BatchSize(16).Epochs(5).Config(c).Run()
		})
	fmt.Println(res)
	best, _ := res.Best()
	fmt.Println("best:", best.Label())
	// Output:
	// config        train loss  train acc  epochs
	// sgd lr=0.01       0.4540     0.8125       5
	// adam lr=0.01      0.3824     0.8750       5
	// sgd lr=0.3        0.2458     0.9531       5
	// adam lr=0.3       0.0920     0.9688       5  ← best
	// best: adam lr=0.3
}

// A later notebook cell gets the trained model back instead of training
// again: Memo loads the parameters and the History saved by the first run
// (the printed message says where the cache is).
func ExampleTrainer_Memo() {
	dir, _ := os.MkdirTemp("", "memo")
	defer os.RemoveAll(dir)
	dl.SetMemoDir(dir)
	defer dl.SetMemoDir("")
	rng := dl.NewRNG(1)
	x := rng.Normal(0, 1, 50, 3)
	y := x.Sum(1).Gt(dl.Scalar(0))
	for cell := 1; cell <= 2; cell++ { // two cells, i.e. two processes
		model := dl.Sequential(dl.Linear(3, 8), dl.ReLU(), dl.Linear(8, 2))
		hist := dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(0.01)).
			Data(dl.TensorDataset(x, y), nil).Epochs(10).Memo("mlp").Run()
		_ = hist
	}
}

// Save writes parameters and history to one file; Load reads them back
// into a model of the same architecture (e.g. in a later notebook cell).
func ExampleSave() {
	dir, _ := os.MkdirTemp("", "save")
	defer os.RemoveAll(dir)
	path := dir + "/model.dlfun"

	model := dl.Sequential(dl.Linear(2, 3), dl.BatchNorm1d(3), dl.ReLU(), dl.Linear(3, 1)).Seed(7)
	hist := &dl.History{TrainLoss: []float64{0.9, 0.5, 0.3}}
	if err := dl.Save(path, model, hist); err != nil {
		fmt.Println(err)
	}

	fresh := dl.Sequential(dl.Linear(2, 3), dl.BatchNorm1d(3), dl.ReLU(), dl.Linear(3, 1))
	loaded, err := dl.Load(path, fresh)
	fmt.Println(err, loaded.TrainLoss)
	fmt.Println(fresh.Params()[0].At(0, 0) == model.Params()[0].At(0, 0))
	_, err = dl.Load(path, dl.Sequential(dl.Linear(2, 1)))
	fmt.Println(err != nil)
	// Output:
	// <nil> [0.9 0.5 0.3]
	// true
	// true
}

func ExampleLinear() {
	layer := dl.Linear(3, 2) // y = xW + b, W is 3×2
	x := dl.Ones(4, 3)       // a batch of 4 samples
	y := layer.Forward(x)
	fmt.Println(layer, y.Shape(), layer.Weight.Shape(), layer.Bias.Shape())
	fmt.Println(dl.Linear(256, 128).Init(dl.KaimingNormal))
	// Output:
	// Linear(3 → 2) [4 2] [3 2] [2]
	// Linear(256 → 128, init=KaimingNormal)
}

func ExampleDropout() {
	drop := dl.Dropout(0.5).Seed(1)
	x := dl.Ones(8)
	fmt.Println(drop.Forward(x).Data()) // training: zeros, and 1/(1−p) = 2 for the kept values
	drop.SetTraining(false)
	fmt.Println(drop.Forward(x).Data()) // eval: unchanged
	// Output:
	// [0 2 2 2 2 0 2 2]
	// [1 1 1 1 1 1 1 1]
}

func ExampleStepLR() {
	opt := dl.SGD(0.1)
	sched := dl.StepLR(2, 0.5) // halve every 2 epochs
	var rates []float64
	for epoch := 0; epoch < 6; epoch++ {
		opt.SetLR(sched.Rate(0.1, epoch))
		rates = append(rates, opt.LR())
	}
	fmt.Println(rates)
	fmt.Printf("%.4f\n", dl.CosineLR(10, 0).Rate(0.1, 5))
	// Output:
	// [0.1 0.1 0.05 0.05 0.025 0.025]
	// 0.0500
}

func ExampleClipGradNorm() {
	w := dl.From([]float64{1, 2}).RequiresGrad()
	w.Mul(dl.From([]float64{30, 40})).Sum().Backward() // gradient (30, 40), norm 50
	norm := dl.ClipGradNorm([]*dl.Tensor{w}, 5)
	fmt.Printf("norm %.0f, clipped gradient %.4f\n", norm, w.Grad().Data())
	// Output:
	// norm 50, clipped gradient [3.0000 4.0000]
}

// A layer initialised with a fixed spread, as before Xavier and Kaiming.
// Each output sums 256 products, so its spread is 0.01·√256 = 0.16 times
// the input's: through a stack of such layers the signal shrinks six-fold
// per layer, and so do the gradients.
func ExampleNormalInit() {
	layer := dl.Linear(256, 256).Init(dl.NormalInit(0.01))
	x := dl.NewRNG(1).Randn(64, 256)
	y := layer.Forward(x)
	fmt.Println(layer)
	fmt.Printf("std of x %.2f, std of y %.2f\n", math.Sqrt(x.Var().Item()), math.Sqrt(y.Var().Item()))
	// Output:
	// Linear(256 → 256, init=N(0, 0.01²))
	// std of x 0.99, std of y 0.16
}

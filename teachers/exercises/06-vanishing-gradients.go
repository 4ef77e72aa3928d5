//go:build ignore

// Solutions to the exercises of notebooks/06-vanishing-gradients.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: each sigmoid layer shrinks the gradient about 10× (×6 with
// no hidden layer, ×53 with one, ×590 with two, ×6800 with three), so three
// hidden layers already make it a thousandfold. A measuring loop:
//
//	for d := 0; d <= 5; d++ {
//		layers := []dl.Module{dl.Linear(2, width), dl.Sigmoid()}
//		for range d {
//			layers = append(layers, dl.Linear(width, width), dl.Sigmoid())
//		}
//		g := gradScale(dl.Sequential(append(layers, dl.Linear(width, 2))...).Seed(1))
//		fmt.Println(d, last(g)/g[0])
//	}
var vanishDepth = 3

// EXERCISE 2: Xavier's variance 2/(n_in+n_out) = 1/32 for a 32 → 32 layer
// is Kaiming's 2/n_in halved; ReLU zeroes half of the signal, so each
// layer multiplies the std by about √(32 · 1/32 · ½) ≈ 0.71 (0.75
// measured): the signal shrinks. Kaiming's factor 2 compensates exactly
// the half that ReLU removes.
var xavierReLU = "shrinks"

// EXERCISE 3: without clipping, the loss becomes NaN at step 3 and dl.Train
// stops and says so. With clipping the run goes on, but the weights of
// N(0, 1) are so large that the outputs and the loss stay astronomically
// high (about 2·10⁴): clipping caps the step, it does not repair the
// initialisation.
func trainClipped(name string, model *dl.SequentialModel) *dl.History {
	train, val := moons().Split(0.2, 1)
	return dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.SGD(0.1)).Data(train, val).ClipGradNorm(1).
		BatchSize(20).Epochs(30).Seed(1).Label(name).Progress(false).Memo("06-" + name).Run()
}

var clippingLearns = "no"

// EXERCISE 4: with skip connections every hidden layer's weight gradient
// is about 0.01–0.03, while the plain ReLU network with PyTorch's default
// initialisation starts at about 1.5·10⁻⁶ in its first layer.
func residualReLUNet() *dl.SequentialModel {
	layers := []dl.Module{dl.Linear(2, width)}
	for range depth {
		layers = append(layers, dl.Residual(dl.Sequential(dl.ReLU(), dl.Linear(width, width))))
	}
	layers = append(layers, dl.ReLU(), dl.Linear(width, 2))
	return dl.Sequential(layers...).Seed(1)
}

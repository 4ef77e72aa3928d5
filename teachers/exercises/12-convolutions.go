//go:build ignore

// Solutions to the exercises of notebooks/12-convolutions.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: with padding 2 and stride 2 the first convolution gives
// 6×14×14, the second (stride 2, no padding) 16×5×5: the same 400 features
// as LeNet, and the same 61 706 parameters (pooling has none). The network
// computes 4× fewer convolution outputs; it learns its own downsampling.
func stridedLeNet() *dl.SequentialModel {
	return dl.Sequential(
		dl.Conv2d(1, 6, 5).Padding(2).Stride(2), dl.ReLU(),
		dl.Conv2d(6, 16, 5).Stride(2), dl.ReLU(),
		dl.Flatten(),
		dl.Linear(16*5*5, 120), dl.ReLU(),
		dl.Linear(120, 84), dl.ReLU(),
		dl.Linear(84, 10),
	).Seed(1)
}

var stridedParams = 61706

// EXERCISE 2: 2 channels lose a few points of accuracy (two edge detectors
// are not enough), 16 gain little over 6 at 3 epochs on 2400 digits.
func lenetChannels(c int) *dl.SequentialModel {
	return dl.Sequential(
		dl.Conv2d(1, c, 5).Padding(2), dl.ReLU(), dl.MaxPool2d(2),
		dl.Conv2d(c, 16, 5), dl.ReLU(), dl.MaxPool2d(2),
		dl.Flatten(),
		dl.Linear(16*5*5, 120), dl.ReLU(),
		dl.Linear(120, 84), dl.ReLU(),
		dl.Linear(84, 10),
	).Seed(1)
}

// EXERCISE 3: the MLP suffers much more: each of its weights belongs to one
// pixel position, while a convolution applies the same filter everywhere
// (a shifted digit gives shifted feature maps). Pooling adds invariance to
// shifts of about its window (2 pixels per pooling layer) only; the final
// Linear layers still see positions.
func shiftRight(x *dl.Tensor, k int) *dl.Tensor {
	s := x.Shape()
	y := dl.Zeros(s...)
	for n := range s[0] {
		for c := range s[1] {
			for i := range s[2] {
				for j := k; j < s[3]; j++ {
					y.Set(x.At(n, c, i, j-k), n, c, i, j)
				}
			}
		}
	}
	return y
}

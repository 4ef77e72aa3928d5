package datasets

import (
	"fmt"
	"iter"
	"math"

	"github.com/dlfun/dlfun/dl"
)

// FullBatch as a batch size makes every batch the whole dataset: plain
// (full-batch) gradient descent. Any batch size larger than the dataset
// means the same.
const FullBatch = math.MaxInt

// Loader cuts a dataset into mini-batches, in a new random order every
// epoch. Batch size 1 is stochastic gradient descent (SGD), FullBatch is
// gradient descent (GD), anything in between is mini-batch SGD:
//
//	loader := datasets.NewLoader(train, 64, 1).DropLast(true)
//	for epoch := range 5 {
//		for x, y := range loader.Epoch(epoch) {
//			// x: 64×784, y: [64]
//		}
//	}
//
// The order of epoch e depends only on the seed and e (not on earlier
// epochs, not on the machine): Epoch(3) is the same sequence of batches
// every time, on every computer.
//
// The batches are views of two buffers the Loader owns and refills: the x
// and y of one batch are overwritten by the next. Use them (or Clone them)
// before asking for the next batch; do not keep them. After the first epoch
// a Loader allocates nothing per batch. Run one epoch at a time: a Loader
// is not safe for concurrent use.
type Loader struct {
	ds           dl.Dataset
	batch        int
	seed         uint64
	dropLast     bool
	shuffle      bool
	order        []int
	xbuf, ybuf   []float64
	xFull, yFull *dl.Tensor // tensors over the whole buffers (size batch)
	xLast, yLast *dl.Tensor // tensors for a smaller last batch, if any
}

// NewLoader returns a Loader over ds with the given batch size (1 for SGD,
// FullBatch for GD) that shuffles every epoch from seed.
func NewLoader(ds dl.Dataset, batchSize int, seed uint64) *Loader {
	if batchSize < 1 {
		panic(fmt.Sprintf("datasets.NewLoader: batch size %d, want ≥ 1 (1 = SGD, datasets.FullBatch = GD)", batchSize))
	}
	if ds.Len() < 1 {
		panic("datasets.NewLoader: the dataset is empty")
	}
	return &Loader{ds: ds, batch: min(batchSize, ds.Len()), seed: seed, shuffle: true}
}

// DropLast with on = true skips the last batch of an epoch when it is smaller than
// the batch size, so every batch has the same size. It returns the Loader.
func (l *Loader) DropLast(on bool) *Loader {
	l.dropLast = on
	return l
}

// Shuffle with on = false serves the samples in dataset order every epoch (for
// evaluation); shuffling is on by default. It returns the Loader.
func (l *Loader) Shuffle(on bool) *Loader {
	l.shuffle = on
	return l
}

// BatchSize returns the batch size (at most the dataset's length).
func (l *Loader) BatchSize() int { return l.batch }

// NumBatches returns the number of batches in one epoch.
func (l *Loader) NumBatches() int {
	n := l.ds.Len()
	if l.dropLast {
		return n / l.batch
	}
	return (n + l.batch - 1) / l.batch
}

// Order returns the sample indices of epoch e in the order the batches
// serve them (a new slice).
func (l *Loader) Order(e int) []int {
	order := make([]int, l.ds.Len())
	l.fillOrder(order, e)
	return order
}

// fillOrder puts epoch e's order into order: a shuffle of 0…n−1 drawn from
// a generator seeded by (seed, e).
func (l *Loader) fillOrder(order []int, e int) {
	for i := range order {
		order[i] = i
	}
	if l.shuffle {
		shuffle(newRNG2(l.seed, uint64(e)), order)
	}
}

// Epoch returns the batches of epoch e (counting from 0) as an iterator:
// for x, y := range loader.Epoch(e). x has shape [b]+SampleShape and y
// [b]+TargetShape, with b the batch size (smaller for the last batch unless
// DropLast). x and y are overwritten by the next batch.
func (l *Loader) Epoch(e int) iter.Seq2[*dl.Tensor, *dl.Tensor] {
	return func(yield func(x, y *dl.Tensor) bool) {
		l.allocate()
		l.fillOrder(l.order, e)
		n := len(l.order)
		for start := 0; start < n; start += l.batch {
			end := min(start+l.batch, n)
			size := end - start
			if size < l.batch && l.dropLast {
				return
			}
			x, y := l.xFull, l.yFull
			if size < l.batch {
				x, y = l.xLast, l.yLast
			}
			l.ds.Gather(l.order[start:end], x.Data(), y.Data())
			if !yield(x, y) {
				return
			}
		}
	}
}

// allocate creates the batch buffers and their tensors once.
func (l *Loader) allocate() {
	if l.xFull != nil {
		return
	}
	l.order = make([]int, l.ds.Len())
	xs, ys := l.ds.SampleShape(), l.ds.TargetShape()
	sx, sy := prod(xs), prod(ys)
	l.xbuf, l.ybuf = make([]float64, l.batch*sx), make([]float64, l.batch*sy)
	l.xFull = dl.New(l.xbuf, append([]int{l.batch}, xs...)...)
	l.yFull = dl.New(l.ybuf, append([]int{l.batch}, ys...)...)
	if last := l.ds.Len() % l.batch; last != 0 {
		l.xLast = dl.New(l.xbuf[:last*sx], append([]int{last}, xs...)...)
		l.yLast = dl.New(l.ybuf[:last*sy], append([]int{last}, ys...)...)
	}
}

package dl

// A Dataset is what loaders and the trainer read: Len samples, each an input
// of shape SampleShape and a target of shape TargetShape. A class label is a
// target of shape [] (a scalar holding the class index as a float64).
//
// Gather copies the samples idx into x (len(idx)·∏SampleShape values,
// row-major) and their targets into y (len(idx)·∏TargetShape values). It
// lets a dataset keep compact storage (MNIST keeps uint8 pixels) and convert
// only the current mini-batch, into buffers the caller reuses.
type Dataset interface {
	Len() int
	SampleShape() []int
	TargetShape() []int
	Gather(idx []int, x, y []float64)
}

// TensorDataset returns a Dataset over tensors already in memory: sample i
// is x's row i (x.Rows([]int{i}) without the leading 1) and its target is
// y's row i. x and y must have the same number of rows (the first
// dimension). A 1-D y (class indices or 0/1 labels) gives scalar targets.
// The tensors are read at Gather time, not copied.
func TensorDataset(x, y *Tensor) Dataset {
	if len(x.shape) == 0 || len(y.shape) == 0 || x.shape[0] != y.shape[0] {
		panic(errorf("TensorDataset: x is %s, y is %s: both need a first dimension with one row per sample, and the same number of rows",
			shapeStr(x.shape), shapeStr(y.shape)))
	}
	return &tensorDataset{x: x, y: y}
}

// tensorDataset is the Dataset returned by TensorDataset.
type tensorDataset struct{ x, y *Tensor }

// Len, SampleShape and TargetShape implement Dataset: one sample per row.
func (d *tensorDataset) Len() int           { return d.x.shape[0] }
func (d *tensorDataset) SampleShape() []int { return append([]int{}, d.x.shape[1:]...) }
func (d *tensorDataset) TargetShape() []int { return append([]int{}, d.y.shape[1:]...) }

// Gather copies the samples idx into x and their targets into y.
func (d *tensorDataset) Gather(idx []int, x, y []float64) {
	sx, sy := numel(d.x.shape[1:]), numel(d.y.shape[1:])
	for k := 0; k < len(idx); {
		// Consecutive samples (an unshuffled batch: all of them in
		// full-batch gradient descent) are one copy.
		i, run := idx[k], 1
		for k+run < len(idx) && idx[k+run] == i+run {
			run++
		}
		copy(x[k*sx:(k+run)*sx], d.x.data[i*sx:(i+run)*sx])
		copy(y[k*sy:(k+run)*sy], d.y.data[i*sy:(i+run)*sy])
		k += run
	}
}

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

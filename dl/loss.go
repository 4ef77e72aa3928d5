package dl

import "fmt"

// A Loss measures how far a model's predictions are from the targets: its
// Forward returns a scalar tensor to call Backward on.
//
//	loss := dl.MSE().Forward(model.Forward(x), y)
//	loss.Backward()
//
// Every loss averages over the elements of the batch by default (PyTorch's
// reduction="mean"); its Sum method returns the same loss summing instead.
// The regression losses (MSE, LeastSquares, L1, Lp, Huber, Fair, Cauchy,
// Tukey, in robust.go) apply ρ to each residual x = pred − target; the
// classification losses (BCE, BCEWithLogits, CrossEntropy, NLL, in
// loss_classification.go) compare probabilities with labels. String names
// the loss and its parameters.
type Loss interface {
	Forward(pred, target *Tensor) *Tensor
	String() string
}

// reduce applies a loss's reduction to per-element loss values.
func reduceLoss(values *Tensor, sum bool) *Tensor {
	if sum {
		return values.Sum()
	}
	return values.Mean()
}

// reductionName is how a reduction prints in a loss's String.
func reductionName(sum bool) string {
	if sum {
		return ", sum"
	}
	return ""
}

// sameShapeTarget returns target with pred's shape. A target with the same
// number of elements is reshaped (a column of N predictions against N
// labels); anything else panics, because broadcasting N×1 against N would
// silently compare every prediction with every target.
func sameShapeTarget(loss string, pred, target *Tensor) *Tensor {
	ps, ts := pred.Shape(), target.Shape()
	if fmt.Sprint(ps) == fmt.Sprint(ts) {
		return target
	}
	if pred.Size() == target.Size() {
		return target.Reshape(ps...)
	}
	panic(fmt.Sprintf("%s: predictions are %s but targets are %s; they need the same number of elements (one target per prediction)",
		loss, shapeStr(ps), shapeStr(ts)))
}

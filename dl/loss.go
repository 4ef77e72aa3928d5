package dl

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

// lossScale is the factor of a reduction over n values: 1/n for a mean,
// 1 for a sum.
func lossScale(n int, sum bool) float64 {
	if sum {
		return 1
	}
	return 1 / float64(n)
}

// reductionName is how a reduction prints in a loss's String.
func reductionName(sum bool) string {
	if sum {
		return ", sum"
	}
	return ""
}

// checkSameSize panics unless pred and target have the same number of
// elements. Predictions N×1 against N targets are paired in order; other
// mismatches are errors, never broadcast (broadcasting N×1 against N would
// silently compare every prediction with every target).
func checkSameSize(loss string, pred, target *Tensor) {
	if pred.Size() != target.Size() {
		panic(errorf("%s: predictions are %s but targets are %s; they need the same number of elements (one target per prediction)",
			loss, shapeStr(pred.Shape()), shapeStr(target.Shape())))
	}
}

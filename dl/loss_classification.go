package dl

import (
	"fmt"
	"math"
)

// ClassificationLoss is a cross-entropy loss; make one with BCE,
// BCEWithLogits, CrossEntropy or NLL. The trainer also uses it to count
// correct predictions (accuracy).
type ClassificationLoss struct {
	kind classKind
	sum  bool
}

type classKind int

const (
	kindBCE classKind = iota
	kindBCEWithLogits
	kindCrossEntropy
	kindNLL
)

var classNames = [...]string{"BCE", "BCEWithLogits", "CrossEntropy", "NLL"}

// BCE returns the binary cross-entropy on probabilities, the logistic
// regression loss of the slides:
//
//	L = mean_i −( y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i) )
//
// pred holds probabilities ŷ ∈ [0, 1] (the output of a Sigmoid layer) and
// target the labels y ∈ {0, 1} (or soft labels in [0, 1]), one per
// prediction. Like PyTorch's nn.BCELoss, each log is clamped at −100 so a
// saturated sigmoid gives a large finite loss, not Inf. BCEWithLogits is the
// numerically better choice.
func BCE() *ClassificationLoss { return &ClassificationLoss{kind: kindBCE} }

// BCEWithLogits returns the binary cross-entropy on logits h (the model's
// output before the sigmoid), BCE(σ(h), y) computed stably for any h:
//
//	L = mean_i −( y_i log σ(h_i) + (1 − y_i) log(1 − σ(h_i)) )
//
// It is the two-class cross-entropy with logits (0, h), since
// σ(h) = eʰ/(e⁰ + eʰ): log σ(h) and log(1 − σ(h)) come from a stable
// LogSoftmax, so h = ±1000 is fine. PyTorch: nn.BCEWithLogitsLoss.
func BCEWithLogits() *ClassificationLoss { return &ClassificationLoss{kind: kindBCEWithLogits} }

// CrossEntropy returns the multi-class cross-entropy on logits, with the
// softmax inside (computed stably as LogSoftmax):
//
//	p_{i,c} = softmax(z_i)_c = e^{z_{i,c}} / Σ_k e^{z_{i,k}}
//	L = mean_i −Σ_{c=1}^{M} y_{i,c} log p_{i,c}
//
// pred is N×M logits z (no Softmax layer in front); target is N class
// indices 0..M−1 stored as float64 (y is then one-hot: L = mean −log p_{i,label})
// or an N×M matrix of class probabilities. PyTorch: nn.CrossEntropyLoss.
func CrossEntropy() *ClassificationLoss { return &ClassificationLoss{kind: kindCrossEntropy} }

// NLL returns the negative log-likelihood loss on log-probabilities:
//
//	L = mean_i −Σ_c y_{i,c} logp_{i,c}
//
// pred is N×M log-probabilities (the output of a LogSoftmax layer); target
// as in CrossEntropy. NLL(LogSoftmax(z)) = CrossEntropy(z). PyTorch:
// nn.NLLLoss.
func NLL() *ClassificationLoss { return &ClassificationLoss{kind: kindNLL} }

// Sum returns the same loss with a sum instead of a mean over the samples.
func (l *ClassificationLoss) Sum() *ClassificationLoss { c := *l; c.sum = true; return &c }

// Mean returns the same loss with a mean over the samples (the default).
func (l *ClassificationLoss) Mean() *ClassificationLoss { c := *l; c.sum = false; return &c }

// String names the loss, e.g. "CrossEntropy".
func (l *ClassificationLoss) String() string { return classNames[l.kind] + reductionName(l.sum) }

// logClampMin is e^−100: PyTorch's BCE clamps log at −100.
var logClampMin = math.Exp(-100)

// Forward returns the loss of pred against target (see the constructors).
func (l *ClassificationLoss) Forward(pred, target *Tensor) *Tensor {
	name := classNames[l.kind]
	switch l.kind {
	case kindBCE:
		y := sameShapeTarget(name, pred, target)
		one := Scalar(1)
		logp := pred.Clamp(logClampMin, 1).Log()            // log ŷ ≥ −100
		log1mp := one.Sub(pred).Clamp(logClampMin, 1).Log() // log(1 − ŷ) ≥ −100
		return reduceLoss(y.Mul(logp).Add(one.Sub(y).Mul(log1mp)).Neg(), l.sum)
	case kindBCEWithLogits:
		y := sameShapeTarget(name, pred, target)
		n := pred.Size()
		// Columns: log(1 − σ(h)) = log e⁰/(e⁰ + eʰ) and log σ(h).
		logp := Concat(1, Zeros(n, 1), pred.Reshape(n, 1)).LogSoftmax(1)
		yy := make([]float64, 2*n)
		for i, v := range y.Data() {
			yy[2*i], yy[2*i+1] = 1-v, v
		}
		return reduceLoss(logp.Mul(New(yy, n, 2)).Sum(1).Neg(), l.sum)
	default:
		s := pred.Shape()
		if len(s) != 2 {
			panic(fmt.Sprintf("%s: predictions are %s; they must be N×M (one row of M class scores per sample)", name, shapeStr(s)))
		}
		logp := pred
		if l.kind == kindCrossEntropy {
			logp = pred.LogSoftmax(1)
		}
		y := classTargets(name, target, s[0], s[1])
		return reduceLoss(logp.Mul(y).Sum(1).Neg(), l.sum)
	}
}

// classTargets returns the N×M matrix y of CrossEntropy and NLL: one-hot
// rows from N class indices, or the given N×M probabilities.
func classTargets(loss string, target *Tensor, n, m int) *Tensor {
	ts := target.Shape()
	if len(ts) == 2 && ts[0] == n && ts[1] == m {
		return target
	}
	if target.Size() != n {
		panic(fmt.Sprintf("%s: predictions are %d×%d but targets are %s; give %d class indices (shape %d) or a %d×%d matrix of probabilities",
			loss, n, m, shapeStr(ts), n, n, n, m))
	}
	y := make([]float64, n*m)
	for i, c := range target.Data() {
		k := int(c)
		if float64(k) != c || k < 0 || k >= m {
			panic(fmt.Sprintf("%s: target %v of sample %d is not a class index 0..%d", loss, c, i, m-1))
		}
		y[i*m+k] = 1
	}
	return New(y, n, m)
}

// correct counts the predictions of a batch that give the target's class:
// ŷ ≥ 0.5 (BCE) or h ≥ 0 (BCEWithLogits) against y ≥ 0.5, or the row's
// largest score against the label (CrossEntropy, NLL).
func (l *ClassificationLoss) correct(pred, target *Tensor) int {
	switch l.kind {
	case kindBCE:
		return countBinary(pred.Data(), target.Data(), 0.5)
	case kindBCEWithLogits:
		return countBinary(pred.Data(), target.Data(), 0)
	}
	return countArgmax(pred, target)
}

func countBinary(p, y []float64, threshold float64) int {
	n := 0
	for i := range p {
		if (p[i] >= threshold) == (y[i] >= 0.5) {
			n++
		}
	}
	return n
}

func countArgmax(pred, target *Tensor) int {
	s := pred.Shape()
	rows, m := s[0], s[len(s)-1]
	p, y := pred.Data(), target.Data()
	probs := len(y) == rows*m && m > 1
	n := 0
	for i := 0; i < rows; i++ {
		label := 0.0
		if probs {
			label = float64(argmaxRow(y[i*m : (i+1)*m]))
		} else {
			label = y[i]
		}
		if float64(argmaxRow(p[i*m:(i+1)*m])) == label {
			n++
		}
	}
	return n
}

func argmaxRow(r []float64) int {
	best := 0
	for j, v := range r {
		if v > r[best] {
			best = j
		}
	}
	return best
}

// Accuracy returns the fraction of correct predictions: for N×M scores
// (M > 1) the largest score of each row against the class index (or the
// largest target probability); for one score per sample, pred ≥ 0.5
// against target ≥ 0.5 (use probabilities, e.g. after a Sigmoid).
func Accuracy(pred, target *Tensor) float64 {
	s := pred.Shape()
	if len(s) == 0 || pred.Size() == 0 {
		return math.NaN()
	}
	rows := s[0]
	if len(s) >= 2 && s[len(s)-1] > 1 {
		return float64(countArgmax(pred, target)) / float64(rows)
	}
	if target.Size() != pred.Size() {
		panic(fmt.Sprintf("Accuracy: predictions are %s, targets %s: one target per prediction", shapeStr(s), shapeStr(target.Shape())))
	}
	return float64(countBinary(pred.Data(), target.Data(), 0.5)) / float64(pred.Size())
}

package dl

import (
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
//	  = mean_i ( log(1 + e^{h_i}) − y_i h_i )
//
// since log σ(h) = h − log(1 + eʰ) and log(1 − σ(h)) = −log(1 + eʰ). The
// code writes log(1 + eʰ) as max(h, 0) + log(1 + e^{−|h|}), the same
// number, whose exponential never overflows, so h = ±1000 is fine. The
// gradient is ∂L/∂h_i = σ(h_i) − y_i (divided by N for the mean).
// PyTorch: nn.BCEWithLogitsLoss.
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

// Forward returns the loss of pred against target (see the constructors).
// It is one op in the graph, named after the loss, whose backward pass is
// the classic short formula (target gets no gradient):
//
//	BCE:           ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) / N
//	BCEWithLogits: ∂L/∂h = (σ(h) − y) / N
//	CrossEntropy:  ∂L/∂z_{i,c} = (p_{i,c}·Σ_k y_{i,k} − y_{i,c}) / N   (= p − y for one-hot y)
//	NLL:           ∂L/∂logp_{i,c} = −y_{i,c} / N
//
// with N the number of samples (1 for Sum).
func (l *ClassificationLoss) Forward(pred, target *Tensor) *Tensor {
	switch l.kind {
	case kindBCE:
		return l.bce(pred, target)
	case kindBCEWithLogits:
		return l.bceWithLogits(pred, target)
	}
	return l.crossEntropy(pred, target)
}

// bce is −(y log ŷ + (1 − y) log(1 − ŷ)), each log clamped at −100 and the
// gradient's denominator at 1e-12, exactly like PyTorch.
func (l *ClassificationLoss) bce(pred, target *Tensor) *Tensor {
	checkSameSize("BCE", pred, target)
	p, y := pred.Data(), target.Data()
	s := 0.0
	for i := range p {
		switch y[i] { // hard labels need only one of the two logs
		case 1:
			s -= clampedLog(p[i])
		case 0:
			s -= clampedLog(1 - p[i])
		default:
			s -= y[i]*clampedLog(p[i]) + (1-y[i])*clampedLog(1-p[i])
		}
	}
	scale := lossScale(len(p), l.sum)
	out := newOp(classNames[l.kind], []int{}, pred, target)
	out.data[0] = s * scale
	return out.withBackward(func() {
		if !pred.requiresGrad {
			return
		}
		g, gp := out.grad.data[0]*scale, pred.gradData()
		for i := range p {
			gp[i] += g * (p[i] - y[i]) / max(p[i]*(1-p[i]), 1e-12)
		}
	})
}

// clampedLog is ln v clamped below at −100, as in PyTorch's BCE, so that a
// prediction of exactly 0 or 1 costs 100 instead of +Inf.
func clampedLog(v float64) float64 {
	l := math.Log(v)
	if l < -100 { // (an if, not max: max must also order NaNs and ±0, which costs more)
		return -100
	}
	return l
}

// bceWithLogits is −(y log σ(h) + (1 − y) log(1 − σ(h))) written as
// max(h, 0) − h·y + log(1 + e^{−|h|}) (see BCEWithLogits).
func (l *ClassificationLoss) bceWithLogits(pred, target *Tensor) *Tensor {
	checkSameSize("BCEWithLogits", pred, target)
	h, y := pred.Data(), target.Data()
	s := 0.0
	for i := range h {
		s += bceLogit(h[i], y[i])
	}
	scale := lossScale(len(h), l.sum)
	out := newOp(classNames[l.kind], []int{}, pred, target)
	out.data[0] = s * scale
	return out.withBackward(func() {
		if !pred.requiresGrad {
			return
		}
		g, gp := out.grad.data[0]*scale, pred.gradData()
		for i := range h {
			gp[i] += g * (sigmoid(h[i]) - y[i])
		}
	})
}

// bceLogit is one sample's BCEWithLogits, log(1 + eʰ) − y·h, written as
// max(h, 0) − y·h + log(1 + e^{−|h|}) so that no exponential overflows.
func bceLogit(h, y float64) float64 {
	return max(h, 0) - y*h + math.Log1p(math.Exp(-math.Abs(h)))
}

// crossEntropy is CrossEntropy (on logits) and NLL (on log-probabilities).
//
// With lse_i = log Σ_k e^{z_{i,k}} the log-probabilities of CrossEntropy
// are log p_{i,c} = z_{i,c} − lse_i (for NLL, z itself: lse_i = 0). The
// backward step recomputes lse_i rather than keeping the N×M matrix of
// log-probabilities from the forward pass: M exponentials per sample cost
// less than a buffer allocated and kept alive per step.
func (l *ClassificationLoss) crossEntropy(pred, target *Tensor) *Tensor {
	name := classNames[l.kind]
	pred.mustBeLive(name)
	s := pred.shape
	if len(s) != 2 {
		panic(errorf("%s: predictions are %s; they must be N×M (one row of M class scores per sample)", name, shapeStr(s)))
	}
	n, m := s[0], s[1]
	z := pred.data
	y, isLabels := classTargets(name, target, n, m)
	ce := l.kind == kindCrossEntropy
	total := 0.0
	for i := 0; i < n; i++ {
		zi := z[i*m : (i+1)*m]
		lse := 0.0
		if ce {
			lse = logSumExp(zi, m, 1)
		}
		if isLabels {
			total -= zi[int(y[i])] - lse // −log p_{i,label}
			continue
		}
		for c, v := range zi {
			total -= y[i*m+c] * (v - lse) // −Σ_c y_{i,c} log p_{i,c}
		}
	}
	scale := lossScale(n, l.sum)
	out := newOp(classNames[l.kind], nil, pred, target)
	out.data[0] = total * scale
	return out.withBackward(func() {
		if !pred.requiresGrad {
			return
		}
		g, gz := out.grad.data[0]*scale, pred.gradData()
		for i := 0; i < n; i++ {
			zi, row := z[i*m:(i+1)*m], gz[i*m:(i+1)*m]
			ysum := 1.0
			if !isLabels {
				ysum = 0
				for _, v := range y[i*m : (i+1)*m] {
					ysum += v
				}
			}
			if ce {
				lse := logSumExp(zi, m, 1)
				for c, v := range zi {
					row[c] += g * ysum * math.Exp(v-lse) // p_{i,c}·Σy
				}
			}
			if isLabels {
				row[int(y[i])] -= g
				continue
			}
			for c := range row {
				row[c] -= g * y[i*m+c]
			}
		}
	})
}

// classTargets reads the targets of CrossEntropy and NLL and returns their
// values: N class indices (isLabels; checked to be whole numbers 0..M−1) or
// an N×M matrix of probabilities.
func classTargets(loss string, target *Tensor, n, m int) (y []float64, isLabels bool) {
	target.mustBeLive(loss)
	ts := target.shape
	if len(ts) == 2 && ts[0] == n && ts[1] == m && m > 1 {
		return target.data, false
	}
	if len(target.data) != n {
		panic(errorf("%s: predictions are %d×%d but targets are %s; give %d class indices (shape %d) or a %d×%d matrix of probabilities",
			loss, n, m, shapeStr(ts), n, n, n, m))
	}
	for i, c := range target.data {
		k := int(c)
		if float64(k) != c || k < 0 || k >= m {
			panic(errorf("%s: target %v of sample %d is not a class index 0..%d", loss, c, i, m-1))
		}
	}
	return target.data, true
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
	s := pred.shape
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
	if m := s[len(s)-1]; len(s) >= 2 && m > 1 {
		if n := target.Size(); n != rows && n != pred.Size() {
			panic(errorf("Accuracy: predictions are %s, targets %s; give %d class indices (shape %d) or a %s matrix of probabilities",
				shapeStr(s), shapeStr(target.Shape()), rows, rows, shapeStr(s)))
		}
		return float64(countArgmax(pred, target)) / float64(rows)
	}
	if target.Size() != pred.Size() {
		panic(errorf("Accuracy: predictions are %s, targets %s: one target per prediction", shapeStr(s), shapeStr(target.Shape())))
	}
	return float64(countBinary(pred.Data(), target.Data(), 0.5)) / float64(pred.Size())
}

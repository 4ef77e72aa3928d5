package dl

import (
	"fmt"
)

// BatchNormLayer normalises each feature over the batch; make one with
// BatchNorm1d.
type BatchNormLayer struct {
	Gamma, Beta             *Tensor // learnable scale γ and shift β, shape n
	RunningMean, RunningVar *Tensor // running statistics used in eval mode, shape n
	n                       int
	eps, momentum           float64
	training                bool
}

// BatchNorm1d returns batch normalisation (Ioffe & Szegedy 2015) over n
// features, as on the slide "Batch normalization":
//
//	x̂_k = (x_k − E[x_k]) / √(Var(x_k) + ε)
//	y_k = γ_k x̂_k + β_k
//
// In training mode E and Var are the mean and (biased) variance of feature
// k over the current batch, computed independently for each dimension, and
// the gradient flows through them. Each training step also updates running
// estimates with momentum 0.1:
//
//	running_mean = (1 − momentum)·running_mean + momentum·E[x_k]
//	running_var  = (1 − momentum)·running_var  + momentum·Var_unbiased(x_k)
//
// (unbiased: ×N/(N−1)). In eval mode the running estimates replace the
// batch statistics, so a prediction does not depend on the rest of the
// batch. γ starts at 1, β at 0, the running mean at 0 and variance at 1,
// ε = 1e-5. Input: N×n, or N×n×L (statistics over N and L).
//
// PyTorch: nn.BatchNorm1d(n, eps=1e-5, momentum=0.1), the same computation.
func BatchNorm1d(n int) *BatchNormLayer {
	if n < 1 {
		panic(errorf("BatchNorm1d(%d): the number of features must be ≥ 1", n))
	}
	return &BatchNormLayer{
		Gamma:       Ones(n).Named("gamma").RequiresGrad(),
		Beta:        Zeros(n).Named("beta").RequiresGrad(),
		RunningMean: Zeros(n).Named("running_mean"),
		RunningVar:  Ones(n).Named("running_var"),
		n:           n, eps: 1e-5, momentum: 0.1, training: true,
	}
}

// Eps sets ε (default 1e-5) and returns the layer.
func (l *BatchNormLayer) Eps(eps float64) *BatchNormLayer { l.eps = eps; return l }

// Momentum sets the momentum of the running statistics (default 0.1) and
// returns the layer.
func (l *BatchNormLayer) Momentum(m float64) *BatchNormLayer { l.momentum = m; return l }

// Forward normalises x with batch statistics (training) or the running
// ones (eval) and applies γ and β.
func (l *BatchNormLayer) Forward(x *Tensor) *Tensor {
	s := x.Shape()
	var axes []int
	var pshape []int // shape of γ, β and the statistics for broadcasting
	switch {
	case len(s) == 2 && s[1] == l.n:
		axes, pshape = []int{0}, []int{l.n}
	case len(s) == 3 && s[1] == l.n:
		axes, pshape = []int{0, 2}, []int{l.n, 1}
	default:
		panic(errorf("BatchNorm1d(%d): input is %s; it needs N×%d (or N×%d×L)", l.n, shapeStr(s), l.n, l.n))
	}
	gamma, beta := l.Gamma.Reshape(pshape...), l.Beta.Reshape(pshape...)
	if !l.training {
		mean := l.RunningMean.Reshape(pshape...)
		std := l.RunningVar.Add(Scalar(l.eps)).Sqrt().Reshape(pshape...)
		return x.Sub(mean).Div(std).Mul(gamma).Add(beta)
	}
	count := x.Size() / l.n
	if count < 2 {
		panic(errorf("BatchNorm1d(%d): a training batch needs more than 1 value per feature to compute a variance, got %s; use a larger batch or call Eval() first", l.n, shapeStr(s)))
	}
	mean := x.MeanKeep(axes...)                                 // E[x_k]
	variance := x.VarKeep(axes...)                              // Var(x_k), biased (÷N)
	xhat := x.Sub(mean).Div(variance.Add(Scalar(l.eps)).Sqrt()) // x̂_k
	l.updateRunning(mean.Data(), variance.Data(), count)
	return xhat.Mul(gamma).Add(beta) // y_k = γ_k x̂_k + β_k
}

// updateRunning moves the running statistics towards the batch's.
func (l *BatchNormLayer) updateRunning(mean, variance []float64, count int) {
	m := l.momentum
	unbias := float64(count) / float64(count-1)
	rm, rv := l.RunningMean.Data(), l.RunningVar.Data()
	for k := range rm {
		rm[k] = (1-m)*rm[k] + m*mean[k]
		rv[k] = (1-m)*rv[k] + m*variance[k]*unbias
	}
}

// Params returns [Gamma, Beta].
func (l *BatchNormLayer) Params() []*Tensor { return []*Tensor{l.Gamma, l.Beta} }

// Buffers returns [RunningMean, RunningVar].
func (l *BatchNormLayer) Buffers() []*Tensor { return []*Tensor{l.RunningMean, l.RunningVar} }

// SetTraining chooses batch statistics (true) or running statistics (false).
func (l *BatchNormLayer) SetTraining(training bool) { l.training = training }

// Training reports the mode.
func (l *BatchNormLayer) Training() bool { return l.training }

// String describes the layer and its mode, e.g. "BatchNorm1d(16, training)".
func (l *BatchNormLayer) String() string {
	s := fmt.Sprintf("BatchNorm1d(%d", l.n)
	if l.eps != 1e-5 || l.momentum != 0.1 {
		s += fmt.Sprintf(", eps=%g, momentum=%g", l.eps, l.momentum)
	}
	return s + ", " + modeName(l.training) + ")"
}

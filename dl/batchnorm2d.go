package dl

import (
	"fmt"
	"math"
)

// BatchNorm2dLayer normalises each channel of a batch of images; make one
// with BatchNorm2d.
type BatchNorm2dLayer struct {
	Gamma, Beta             *Tensor // learnable scale γ and shift β, one per channel
	RunningMean, RunningVar *Tensor // running statistics used in eval mode, one per channel
	c                       int
	eps, momentum           float64
	training                bool
}

// BatchNorm2d returns batch normalisation over the c channels of images
// N×c×H×W: BatchNorm1d's formulas, where channel k's statistics are taken
// over all N·H·W values of that channel (a filter's output is normalised
// as one feature, whatever the position):
//
//	x̂ = (x − E[x_k]) / √(Var(x_k) + ε)
//	y = γ_k x̂ + β_k
//
// In training mode E and Var (biased, ÷m with m = N·H·W) come from the
// batch and each step updates the running estimates with momentum 0.1:
//
//	running_mean = (1 − momentum)·running_mean + momentum·E[x_k]
//	running_var  = (1 − momentum)·running_var  + momentum·Var(x_k)·m/(m − 1)
//
// (the unbiased variance, as PyTorch). In eval mode the running estimates
// replace the batch statistics. γ starts at 1, β at 0, ε = 1e-5.
//
// Backward in training mode, with G = ∂L/∂y and means over channel k:
//
//	∂L/∂x = γ_k / √(Var(x_k) + ε) · (G − mean(G) − x̂·mean(G·x̂))
//	∂L/∂γ_k = Σ G·x̂      ∂L/∂β_k = Σ G
//
// (the two means are the gradient flowing through E and Var); in eval mode
// the statistics are constants and ∂L/∂x = γ_k / √(running_var + ε) · G.
//
// PyTorch: nn.BatchNorm2d(c, eps=1e-5, momentum=0.1).
func BatchNorm2d(c int) *BatchNorm2dLayer {
	if c < 1 {
		panic(errorf("BatchNorm2d(%d): the number of channels must be ≥ 1", c))
	}
	return &BatchNorm2dLayer{
		Gamma:       Ones(c).Named("gamma").RequiresGrad(),
		Beta:        Zeros(c).Named("beta").RequiresGrad(),
		RunningMean: Zeros(c).Named("running_mean"),
		RunningVar:  Ones(c).Named("running_var"),
		c:           c, eps: 1e-5, momentum: 0.1, training: true,
	}
}

// Eps sets ε (default 1e-5) and returns the layer.
func (l *BatchNorm2dLayer) Eps(eps float64) *BatchNorm2dLayer { l.eps = eps; return l }

// Momentum sets the momentum of the running statistics (default 0.1) and
// returns the layer.
func (l *BatchNorm2dLayer) Momentum(m float64) *BatchNorm2dLayer { l.momentum = m; return l }

// Forward normalises a batch of images x (N×c×H×W) with batch statistics
// (training) or the running ones (eval) and applies γ and β.
func (l *BatchNorm2dLayer) Forward(x *Tensor) *Tensor {
	s := x.shape
	if len(s) != 4 || s[1] != l.c {
		panic(errorf("%s: input is %s; it needs N×%d×H×W images (samples, channels, rows, columns)", l, shapeStr(s), l.c))
	}
	n, c, hw := s[0], s[1], s[2]*s[3]
	m := n * hw // values per channel
	if l.training && m < 2 {
		panic(errorf("%s: input is %s, 1 value per channel: a training batch needs more to compute a variance; use a larger batch or call Eval() first", l, shapeStr(s)))
	}
	gamma, beta := l.Gamma, l.Beta
	y := newOp("BatchNorm2d", s, x, gamma, beta)
	// stats returns channel k's mean and 1/√(variance + ε): the batch's
	// (training) or the running ones (eval). The backward pass calls it
	// again rather than keeping them.
	training := l.training
	stats := func(k int) (mean, invStd, variance float64) {
		if !training {
			v := l.RunningVar.data[k]
			return l.RunningMean.data[k], 1 / math.Sqrt(v+l.eps), v
		}
		sum := 0.0
		forChannel(x.data, k, c, hw, n, func(v []float64) {
			for _, xi := range v {
				sum += xi
			}
		})
		mean = sum / float64(m) // E[x_k]
		ss := 0.0
		forChannel(x.data, k, c, hw, n, func(v []float64) {
			for _, xi := range v {
				ss += (xi - mean) * (xi - mean)
			}
		})
		variance = ss / float64(m) // Var(x_k), biased (÷m)
		return mean, 1 / math.Sqrt(variance+l.eps), variance
	}
	for k := range c {
		mean, invStd, variance := stats(k)
		g, b := gamma.data[k], beta.data[k]
		for i := range n {
			off := (i*c + k) * hw
			out := y.data[off : off+hw]
			for j, xi := range x.data[off : off+hw] {
				xhat := (xi - mean) * invStd // x̂
				out[j] = g*xhat + b          // y = γ_k x̂ + β_k
			}
		}
		if training {
			mo := l.momentum
			l.RunningMean.data[k] = (1-mo)*l.RunningMean.data[k] + mo*mean
			l.RunningVar.data[k] = (1-mo)*l.RunningVar.data[k] + mo*variance*float64(m)/float64(m-1)
		}
	}
	return y.withBackward(func() {
		gy := y.grad.data
		for k := range c {
			mean, invStd, _ := stats(k)
			// Σ G and Σ G·x̂ over the channel.
			sumG, sumGX := 0.0, 0.0
			for i := range n {
				off := (i*c + k) * hw
				for j, gj := range gy[off : off+hw] {
					sumG += gj
					sumGX += gj * (x.data[off+j] - mean) * invStd
				}
			}
			if gamma.requiresGrad {
				gamma.gradData()[k] += sumGX // ∂L/∂γ_k = Σ G·x̂
			}
			if beta.requiresGrad {
				beta.gradData()[k] += sumG // ∂L/∂β_k = Σ G
			}
			if !x.requiresGrad {
				continue
			}
			gx := x.gradData()
			scale := gamma.data[k] * invStd
			meanG, meanGX := sumG/float64(m), sumGX/float64(m)
			if !training { // the statistics are constants
				meanG, meanGX = 0, 0
			}
			for i := range n {
				off := (i*c + k) * hw
				for j, gj := range gy[off : off+hw] {
					xhat := (x.data[off+j] - mean) * invStd
					gx[off+j] += scale * (gj - meanG - xhat*meanGX) // γ/σ·(G − mean(G) − x̂·mean(G·x̂))
				}
			}
		}
	})
}

// forChannel calls f on channel k's H·W values of each of the n images of
// x (n×c×hw).
func forChannel(x []float64, k, c, hw, n int, f func(v []float64)) {
	for i := range n {
		off := (i*c + k) * hw
		f(x[off : off+hw])
	}
}

// Params returns [Gamma, Beta].
func (l *BatchNorm2dLayer) Params() []*Tensor { return []*Tensor{l.Gamma, l.Beta} }

// Buffers returns [RunningMean, RunningVar].
func (l *BatchNorm2dLayer) Buffers() []*Tensor { return []*Tensor{l.RunningMean, l.RunningVar} }

// SetTraining chooses batch statistics (true) or running statistics (false).
func (l *BatchNorm2dLayer) SetTraining(training bool) { l.training = training }

// Training reports the mode.
func (l *BatchNorm2dLayer) Training() bool { return l.training }

// String describes the layer and its mode, e.g. "BatchNorm2d(16, training)".
func (l *BatchNorm2dLayer) String() string {
	s := fmt.Sprintf("BatchNorm2d(%d", l.c)
	if l.eps != 1e-5 || l.momentum != 0.1 {
		s += fmt.Sprintf(", eps=%g, momentum=%g", l.eps, l.momentum)
	}
	return s + ", " + modeName(l.training) + ")"
}

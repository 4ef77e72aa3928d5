package dl

import (
	"fmt"
	"math"
)

// Loss surfaces of two variables for the optimizer lessons: a function of
// a 2-vector w = (x, y), in two forms: a tensor form for autograd (what an
// optimizer follows) and a plain float form (what the contour shows).
//
//	s := dl.Ellipsoid(1, 10)
//	s.Compare(60).Show() // GD, SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam

// Surface is a loss function of two parameters, ready to draw and to
// optimize: F for autograd, At for the contour, a window to draw, a start
// point and learning rates that show the lesson.
type Surface struct {
	Name string
	// F computes the loss from w, a tensor of shape [2] holding (x, y).
	F func(w *Tensor) *Tensor
	// At is the same loss for plain numbers (the contour plot).
	At func(x, y float64) float64
	// X0, X1, Y0, Y1 is the window Landscape draws.
	X0, X1, Y0, Y1 float64
	// StartX, StartY is where the optimizer paths of Compare start.
	StartX, StartY float64
	// LR is the learning rate λ that Compare gives GD and SGD, MomentumLR
	// the one it gives Momentum and Nesterov (with η = 0.9 their steps grow
	// up to 10 times longer), and Step the one it gives AdaGrad, RMSProp
	// and Adam (whose steps are about λ long whatever the gradient's size).
	LR, MomentumLR, Step float64
	// Noise is the standard deviation of the gradient noise of Noisy, for
	// surfaces that are not a sum over samples.
	Noise float64
	// sample, if set, is the loss of one random sample (Noisy uses it).
	sample func(w *Tensor, rng *RNG) *Tensor
}

// wx and wy return the two coordinates of a 2-vector as [1]-shaped tensors
// (with the gradient flowing back into w).
func wx(w *Tensor) *Tensor { return w.Slice(0, 0, 1) }
func wy(w *Tensor) *Tensor { return w.Slice(0, 1, 2) }

// Ellipsoid returns the quadratic valley
//
//	L(x, y) = ½ (a·x² + b·y²)
//
// whose contours are ellipses: with b ≫ a it is the lecture's "near the
// minima the loss is ellipsoidal" picture, where the gradient points almost
// across the valley, so GD zig-zags and crawls along it while momentum
// builds up speed along the floor. Its LR (1.8/max(a, b)) makes GD zig-zag
// visibly; MomentumLR (0.3/max(a, b)) lets momentum converge at the same
// rate √η along both axes. The minimum is at (0, 0); the condition
// number is b/a.
func Ellipsoid(a, b float64) Surface {
	big := math.Max(math.Abs(a), math.Abs(b))
	if big == 0 {
		big = 1
	}
	return Surface{
		Name: fmt.Sprintf("Ellipsoid ½(%g·x² + %g·y²)", a, b),
		F: func(w *Tensor) *Tensor {
			x, y := wx(w), wy(w)
			return x.Square().Mul(Scalar(a / 2)).Add(y.Square().Mul(Scalar(b / 2))).Sum()
		},
		At: func(x, y float64) float64 { return (a*x*x + b*y*y) / 2 },
		X0: -5, X1: 5, Y0: -3, Y1: 3,
		StartX: -4.5, StartY: 2,
		LR: 1.8 / big, MomentumLR: 0.3 / big, Step: 0.3,
		Noise: 0.2 * big,
	}
}

// Rosenbrock returns Rosenbrock's banana-shaped valley
//
//	L(x, y) = (1 − x)² + 100·(y − x²)²
//
// with its minimum 0 at (1, 1) at the end of a long, flat, curved valley:
// easy to find, slow to follow. Its values span many decades, so the
// contour levels are log-spaced.
func Rosenbrock() Surface {
	return Surface{
		Name: "Rosenbrock (1 − x)² + 100·(y − x²)²",
		F: func(w *Tensor) *Tensor {
			x, y := wx(w), wy(w)
			return Scalar(1).Sub(x).Square().Add(y.Sub(x.Square()).Square().Mul(Scalar(100))).Sum()
		},
		At: func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) },
		X0: -2, X1: 2, Y0: -1, Y1: 3,
		StartX: -1.5, StartY: 2.5,
		LR: 0.0008, MomentumLR: 0.0008, Step: 0.05,
		Noise: 20,
	}
}

// LogisticLoss2D returns the loss of logistic regression with one input
// feature as a function of its two parameters, the weight w (x axis) and
// the bias b (y axis):
//
//	L(w, b) = 1/N Σᵢ −( yᵢ log σ(w·xᵢ + b) + (1 − yᵢ) log(1 − σ(w·xᵢ + b)) )
//
// for samples xs[i] with labels ys[i] ∈ {0, 1}. The lecture's point: this
// loss is convex, one bowl with no local minima (unless the classes are
// separable, when it keeps falling towards infinity). Noisy draws one random
// sample per step, J_sgd = J_i: true stochastic gradient descent. The window
// is centred on the minimum, found with a few hundred Adam steps.
func LogisticLoss2D(xs, ys []float64) Surface {
	n := min(len(xs), len(ys))
	if n == 0 {
		panic(errorf("LogisticLoss2D: no samples: pass the feature values xs and the labels ys (0 or 1)"))
	}
	xs, ys = append([]float64(nil), xs[:n]...), append([]float64(nil), ys[:n]...)
	X, Y := New(xs, n), New(ys, n)
	loss := func(w *Tensor, X, Y *Tensor) *Tensor {
		h := X.Mul(wx(w)).Add(wy(w))
		// log(1+e^h) − y·h, written stably as relu(h) + log(1+e^−|h|) − y·h
		softplus := h.ReLU().Add(h.Abs().Neg().Exp().Add(Scalar(1)).Log())
		return softplus.Sub(Y.Mul(h)).Mean()
	}
	at := func(w, b float64) float64 {
		s := 0.0
		for i, x := range xs {
			s += bceLogit(w*x+b, ys[i]) // the loss above, for numbers
		}
		return s / float64(n)
	}
	f := func(w *Tensor) *Tensor { return loss(w, X, Y) }
	// Find the minimum (or where the loss flattens out) to centre the window.
	px, py := OptimizerPath(Adam(0.1), f, 0, 0, 300)
	cx, cy := px[len(px)-1], py[len(py)-1]
	half := math.Max(3, 1.5*math.Max(math.Abs(cx), math.Abs(cy)))
	return Surface{
		Name: "Logistic loss over (w, b)",
		F:    f,
		At:   at,
		X0:   cx - half, X1: cx + half, Y0: cy - half, Y1: cy + half,
		StartX: cx - 0.8*half, StartY: cy + 0.8*half,
		LR: 1, MomentumLR: 0.3, Step: half / 20,
		sample: func(w *Tensor, rng *RNG) *Tensor {
			i := rng.IntN(n)
			return loss(w, Scalar(xs[i]).Reshape(1), Scalar(ys[i]).Reshape(1))
		},
	}
}

// Noisy returns a stochastic version of the loss for SGD: every call
// evaluates a different random term, like the loss of a random mini-batch.
// For LogisticLoss2D that is the loss of one random sample; for the
// analytic surfaces it is F(w) + n·w with fresh Gaussian n (standard
// deviation Noise) per call, which adds noise n to the gradient. The same
// seed gives the same sequence.
func (s Surface) Noisy(seed uint64) func(w *Tensor) *Tensor {
	rng := NewRNG(seed)
	if s.sample != nil {
		return func(w *Tensor) *Tensor { return s.sample(w, rng) }
	}
	return func(w *Tensor) *Tensor {
		n := New([]float64{s.Noise * rng.NormFloat64(), s.Noise * rng.NormFloat64()}, 2)
		return s.F(w).Add(w.Mul(n).Sum())
	}
}

// OptimizerPath runs opt on the loss f of a 2-vector, starting at
// (x0, y0), for steps steps, and returns the visited points: xs[0], ys[0]
// is the start, xs[t], ys[t] the parameters after step t. Each step is what
// training does: ZeroGrad, loss := f(w), loss.Backward(), opt.Step(w). A
// step whose loss is NaN or infinite ends the path (a diverging learning
// rate).
//
// Nesterov's optimizer stores its look-ahead point x_temp in the
// parameters (see Nesterov), so its path shows the look-ahead points.
//
//	xs, ys := dl.OptimizerPath(dl.Momentum(0.1, 0.9), dl.Ellipsoid(1, 10).F, -4, 2, 50)
func OptimizerPath(opt Optimizer, f func(w *Tensor) *Tensor, x0, y0 float64, steps int) (xs, ys []float64) {
	w := New([]float64{x0, y0}, 2).RequiresGrad().Named("w")
	xs, ys = make([]float64, 1, steps+1), make([]float64, 1, steps+1)
	xs[0], ys[0] = x0, y0
	for range steps {
		w.ZeroGrad()
		loss := f(w)
		if v := loss.Item(); math.IsNaN(v) || math.IsInf(v, 0) {
			break
		}
		loss.Backward()
		opt.Step(w)
		loss.Release()
		d := w.Data()
		if math.IsNaN(d[0]) || math.IsNaN(d[1]) || math.IsInf(d[0], 0) || math.IsInf(d[1], 0) {
			break
		}
		xs, ys = append(xs, d[0]), append(ys, d[1])
	}
	return xs, ys
}

package dl

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// lossFor returns the dl loss for a reference case of losses.json.
func lossFor(t *testing.T, name string, args map[string]float64, reduction string) Loss {
	var pl *PointwiseLoss
	var cl *ClassificationLoss
	switch name {
	case "mse":
		pl = MSE()
	case "l1":
		pl = L1()
	case "huber", "huber_slide":
		pl = Huber(args["xi"])
	case "least_squares":
		pl = LeastSquares()
	case "lp":
		pl = Lp(args["p"])
	case "fair":
		pl = Fair(args["xi"])
	case "cauchy":
		pl = Cauchy(args["xi"])
	case "tukey":
		pl = Tukey(args["xi"])
	case "bce":
		cl = BCE()
	case "bce_with_logits":
		cl = BCEWithLogits()
	case "cross_entropy":
		cl = CrossEntropy()
	case "nll":
		cl = NLL()
	default:
		t.Fatalf("no loss for %s", name)
	}
	if pl != nil {
		if reduction == "sum" {
			return pl.Sum()
		}
		return pl
	}
	if reduction == "sum" {
		return cl.Sum()
	}
	return cl
}

// TestLossesMatchPyTorch compares every loss's value and gradient with
// PyTorch (the robust losses: the slide's ρ differentiated by torch).
func TestLossesMatchPyTorch(t *testing.T) {
	var ref struct {
		Cases []struct {
			Name         string
			Args         map[string]float64
			Reduction    string
			Pred, Target refTensor
			Value        float64
			Grad         refTensor
		}
	}
	loadRef(t, "losses.json", &ref)
	if len(ref.Cases) < 30 {
		t.Fatalf("only %d loss cases", len(ref.Cases))
	}
	for _, c := range ref.Cases {
		t.Run(fmt.Sprint(c.Name, c.Args, c.Reduction), func(t *testing.T) {
			loss := lossFor(t, c.Name, c.Args, c.Reduction)
			pred := c.Pred.T().RequiresGrad()
			v := loss.Forward(pred, c.Target.T())
			checkClose(t, "value", []float64{v.Item()}, []float64{c.Value})
			v.Backward()
			checkClose(t, "gradient", pred.Grad().Data(), c.Grad.Data)
		})
	}
}

// TestLossGradCheck checks every loss's backward pass numerically.
func TestLossGradCheck(t *testing.T) {
	rng := NewRNG(11)
	pred := rng.Normal(0, 2, 6, 3)
	target := rng.Normal(0, 1, 6, 3)
	probs := rng.Uniform(0.05, 0.95, 6, 1)
	bin := New([]float64{0, 1, 1, 0, 0.25, 1}, 6, 1)
	labels := New([]float64{0, 2, 1, 1, 0, 2}, 6)
	soft := rng.Normal(0, 1, 6, 3).Softmax(1)
	losses := []struct {
		loss         Loss
		pred, target *Tensor
	}{
		{MSE(), pred, target}, {LeastSquares().Sum(), pred, target}, {L1(), pred, target},
		{Lp(1.5), pred, target}, {Lp(3), pred, target}, {Huber(1), pred, target},
		{Fair(0.8), pred, target}, {Cauchy(0.8), pred, target}, {Tukey(2.5), pred, target},
		{BCE(), probs, bin}, {BCEWithLogits(), pred.Slice(1, 0, 1), bin},
		{CrossEntropy(), pred, labels}, {CrossEntropy().Sum(), pred, soft},
		{NLL(), pred.LogSoftmax(1), labels},
	}
	for _, c := range losses {
		t.Run(c.loss.String(), func(t *testing.T) {
			res := GradCheck(func(in ...*Tensor) *Tensor { return c.loss.Forward(in[0], c.target) }, c.pred)
			if !res.OK(1e-6) {
				t.Errorf("\n%s", res)
			}
		})
	}
}

// TestRobustTable checks Rho, Psi and Omega: Forward is the mean of Rho,
// Psi is the gradient autograd computes (the derivative of ρ), Omega is
// ψ(x)/x, at points on both sides of ξ.
func TestRobustTable(t *testing.T) {
	xs := []float64{-4, -2.2, -1.3, -0.7, -0.1, 0.2, 0.9, 1.6, 2.7, 5}
	losses := []*PointwiseLoss{MSE(), LeastSquares(), L1(), Lp(1.5), Lp(2), Lp(4), Huber(1), Fair(1.3), Cauchy(1.3), Tukey(2)}
	for _, l := range losses {
		t.Run(l.String(), func(t *testing.T) {
			pred := New(append([]float64(nil), xs...), len(xs)).RequiresGrad()
			sum := l.Sum().Forward(pred, Zeros(len(xs)))
			sum.Backward()
			wantSum := 0.0
			for i, x := range xs {
				wantSum += l.Rho(x)
				if g := pred.Grad().Data()[i]; math.Abs(g-l.Psi(x)) > 1e-12*max(1, math.Abs(g)) {
					t.Errorf("x=%v: autograd ∂ρ/∂x = %v but Psi = %v", x, g, l.Psi(x))
				}
				if w := l.Psi(x) / x; math.Abs(w-l.Omega(x)) > 1e-12*max(1, math.Abs(w)) {
					t.Errorf("x=%v: Omega = %v but ψ(x)/x = %v", x, l.Omega(x), w)
				}
				// ψ is the derivative of ρ (central difference).
				num := (l.Rho(x+1e-6) - l.Rho(x-1e-6)) / 2e-6
				if math.Abs(num-l.Psi(x)) > 1e-6*max(1, math.Abs(num)) {
					t.Errorf("x=%v: Psi = %v but dρ/dx ≈ %v", x, l.Psi(x), num)
				}
			}
			if math.Abs(sum.Item()-wantSum) > 1e-12*max(1, wantSum) {
				t.Errorf("Forward (sum) = %v, Σρ = %v", sum.Item(), wantSum)
			}
			mean := l.Forward(pred, Zeros(len(xs))).Item()
			if math.Abs(mean-wantSum/float64(len(xs))) > 1e-12*max(1, wantSum) {
				t.Errorf("Forward (mean) = %v, want %v", mean, wantSum/float64(len(xs)))
			}
		})
	}
	// Table values at chosen points.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"Huber ρ(3), ξ=1", Huber(1).Rho(3), 2.5},
		{"Huber ψ(−3), ξ=1", Huber(1).Psi(-3), -1},
		{"Tukey ρ(3), ξ=2", Tukey(2).Rho(3), 64.0 / 6},
		{"Tukey ψ(3)", Tukey(2).Psi(3), 0},
		{"Tukey ψ(1), ξ=2", Tukey(2).Psi(1), 9},
		{"Cauchy ρ(1), ξ=1", Cauchy(1).Rho(1), math.Log(2) / 2},
		{"Fair ψ(2), ξ=1", Fair(1).Psi(2), 2.0 / 3},
		{"Lp ρ(2), p=3", Lp(3).Rho(2), 8.0 / 3},
		{"L1 ω(0.5)", L1().Omega(0.5), 2},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-14 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestLossStability checks extreme logits and saturated probabilities.
func TestLossStability(t *testing.T) {
	z := New([]float64{1000, -1000, 0, 0, 800, 799}, 3, 2).RequiresGrad()
	v := CrossEntropy().Forward(z, New([]float64{1, 0, 1}, 3))
	v.Backward()
	want := (2000 + math.Log(2) + 1 + math.Log1p(math.Exp(-1))) / 3
	if math.Abs(v.Item()-want) > 1e-9 {
		t.Errorf("CrossEntropy with huge logits = %v, want %v", v.Item(), want)
	}
	for _, g := range z.Grad().Data() {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Fatalf("CrossEntropy gradient not finite: %v", z.Grad().Data())
		}
	}
	h := New([]float64{-1000, 1000, 0}, 3).RequiresGrad()
	b := BCEWithLogits().Forward(h, New([]float64{1, 1, 1}, 3))
	b.Backward()
	if math.Abs(b.Item()-(1000+math.Log(2))/3) > 1e-9 {
		t.Errorf("BCEWithLogits = %v", b.Item())
	}
	// ∂/∂h = (σ(h) − y)/N: −1/3, 0, and −1/6 at h = 0 exactly.
	checkClose(t, "BCEWithLogits gradient", h.Grad().Data(), []float64{-1.0 / 3, 0, -1.0 / 6})
	p := New([]float64{1, 0}, 2).RequiresGrad()
	bce := BCE().Forward(p, New([]float64{0, 1}, 2))
	bce.Backward()
	if bce.Item() != 100 {
		t.Errorf("BCE of a saturated wrong prediction = %v, want 100 (log clamped at −100)", bce.Item())
	}
	for _, g := range p.Grad().Data() {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Fatalf("BCE gradient not finite: %v", p.Grad().Data())
		}
	}
}

func TestLossErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"MSE sizes", func() { MSE().Forward(Zeros(4, 1), Zeros(3)) }, "same number of elements"},
		{"CE label", func() { CrossEntropy().Forward(Zeros(2, 3), New([]float64{0, 3}, 2)) }, "not a class index 0..2"},
		{"CE fraction", func() { CrossEntropy().Forward(Zeros(2, 3), New([]float64{0, 0.5}, 2)) }, "not a class index"},
		{"CE shape", func() { CrossEntropy().Forward(Zeros(6), Zeros(6)) }, "must be N×M"},
		{"Huber ξ", func() { Huber(0) }, "must be a finite number > 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panic %v, want it to mention %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
	// A column of predictions against a vector of targets is reshaped, not broadcast.
	v := MSE().Forward(New([]float64{1, 2, 3}, 3, 1), New([]float64{1, 2, 4}, 3)).Item()
	if v != 1.0/3 {
		t.Errorf("MSE of 3×1 against 3 = %v, want 1/3", v)
	}
}

func TestAccuracy(t *testing.T) {
	scores := New([]float64{0.1, 0.9, 0.8, 0.2, 0.3, 0.7}, 3, 2)
	if a := Accuracy(scores, New([]float64{1, 0, 0}, 3)); math.Abs(a-2.0/3) > 1e-15 {
		t.Errorf("multi-class accuracy %v", a)
	}
	if a := Accuracy(New([]float64{0.2, 0.6, 0.5, 0.1}, 4, 1), New([]float64{0, 1, 0, 0}, 4)); a != 0.75 {
		t.Errorf("binary accuracy %v", a)
	}
	if n := BCEWithLogits().correct(New([]float64{-1, 2, 0.5}, 3), New([]float64{0, 1, 0}, 3)); n != 2 {
		t.Errorf("BCEWithLogits correct = %d", n)
	}
}

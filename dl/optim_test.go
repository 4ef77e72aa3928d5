package dl

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// optimRef is testdata/torchref/optim.json.
type optimRef struct {
	Problem struct {
		A, C   refTensor
		Q      float64
		W0, B0 refTensor
	}
	Runs []struct {
		Name   string
		Opts   map[string]float64
		StepLR *struct {
			StepSize int     `json:"step_size"`
			Gamma    float64 `json:"gamma"`
		} `json:"step_lr"`
		LRs  []float64 `json:"lrs"`
		Traj [][]float64
	}
	ClipGradNorm []struct {
		MaxNorm   float64   `json:"max_norm"`
		Grad      []float64 `json:"grad"`
		TotalNorm float64   `json:"total_norm"`
		Clipped   []float64 `json:"clipped"`
	} `json:"clip_grad_norm"`
}

// problemGrad is the gradient of gen.py's objective
// f(θ) = ½‖Aθ − c‖² + q Σθ⁴ with θ = [W..., b...]: Aᵀ(Aθ − c) + 4qθ³.
func (r *optimRef) problemGrad(theta []float64) []float64 {
	A, c := r.Problem.A, r.Problem.C.Data
	m, n := A.Shape[0], A.Shape[1]
	g := make([]float64, n)
	for i := 0; i < m; i++ {
		res := -c[i]
		for j := 0; j < n; j++ {
			res += A.Data[i*n+j] * theta[j]
		}
		for j := 0; j < n; j++ {
			g[j] += A.Data[i*n+j] * res
		}
	}
	for j := range g {
		g[j] += 4 * r.Problem.Q * theta[j] * theta[j] * theta[j]
	}
	return g
}

// setGrads gives each parameter the gradient values g (in order), through
// autograd: the gradient of Σ p⊙g with respect to p is exactly g.
func setGrads(params []*Tensor, g []float64) {
	for _, p := range params {
		n := p.Size()
		p.ZeroGrad()
		p.Mul(New(append([]float64(nil), g[:n]...), p.Shape()...)).Sum().Backward()
		g = g[n:]
	}
}

// concatData returns all parameters' values in order.
func concatData(params []*Tensor) []float64 {
	var out []float64
	for _, p := range params {
		out = append(out, p.Data()...)
	}
	return out
}

// runProblem runs steps of opt on the reference problem from its initial
// point, calling before(step) ahead of each step, and returns the
// trajectory of the flattened parameters.
func (r *optimRef) runProblem(opt Optimizer, steps int, before func(step int)) [][]float64 {
	params := []*Tensor{r.Problem.W0.T().RequiresGrad(), r.Problem.B0.T().RequiresGrad()}
	var traj [][]float64
	for s := 0; s < steps; s++ {
		if before != nil {
			before(s)
		}
		setGrads(params, r.problemGrad(concatData(params)))
		opt.Step(params...)
		traj = append(traj, concatData(params))
	}
	return traj
}

// torchOptimizers returns the dl optimizers that must reproduce a PyTorch
// run exactly, each with a label saying which parametrisation it is.
func torchOptimizers(name string, o map[string]float64) map[string]func() Optimizer {
	lr, wd := o["lr"], o["weight_decay"]
	switch name {
	case "sgd":
		return map[string]func() Optimizer{
			"SGD.WeightDecay(wd)":               func() Optimizer { return SGD(lr).WeightDecay(wd) },
			"SGD.DecoupledWeightDecay(lr·wd)":   func() Optimizer { return SGD(lr).DecoupledWeightDecay(lr * wd) },
			"GD.DecoupledWeightDecay(wd).Torch": func() Optimizer { return GD(lr).DecoupledWeightDecay(wd).TorchCompatible() },
		}
	case "sgd_momentum":
		return map[string]func() Optimizer{
			"Momentum (slide)": func() Optimizer { return Momentum(lr, o["momentum"]).WeightDecay(wd) },
			"Momentum.Torch":   func() Optimizer { return Momentum(lr, o["momentum"]).WeightDecay(wd).TorchCompatible() },
		}
	case "sgd_nesterov":
		return map[string]func() Optimizer{
			"Nesterov (slide)": func() Optimizer { return Nesterov(lr, o["momentum"]).WeightDecay(wd) },
			"Nesterov.Torch":   func() Optimizer { return Nesterov(lr, o["momentum"]).WeightDecay(wd).TorchCompatible() },
		}
	case "adagrad":
		return map[string]func() Optimizer{
			"AdaGrad": func() Optimizer { return AdaGrad(lr).Eps(o["eps"]).WeightDecay(wd) },
		}
	case "adadelta":
		return map[string]func() Optimizer{
			"AdaDelta": func() Optimizer {
				a := AdaDelta(o["rho"]).Eps(o["eps"]).WeightDecay(wd)
				a.SetLR(lr)
				return a
			},
		}
	case "rmsprop":
		return map[string]func() Optimizer{
			"RMSProp.TorchCompatible": func() Optimizer {
				return RMSProp(lr).Alpha(o["alpha"]).Eps(o["eps"]).WeightDecay(wd).TorchCompatible()
			},
		}
	case "adam":
		return map[string]func() Optimizer{
			"Adam": func() Optimizer {
				return Adam(lr).Betas(o["beta1"], o["beta2"]).Eps(o["eps"]).WeightDecay(wd)
			},
		}
	case "adamw":
		return map[string]func() Optimizer{
			"AdamW(lr, lr·wd) (slide β)": func() Optimizer { return AdamW(lr, lr*wd).Betas(o["beta1"], o["beta2"]).Eps(o["eps"]) },
			"AdamW(lr, wd).Torch":        func() Optimizer { return AdamW(lr, wd).TorchCompatible() },
			"Adam.DecoupledWeightDecay":  func() Optimizer { return Adam(lr).DecoupledWeightDecay(lr * wd) },
		}
	}
	return nil
}

// TestOptimizersMatchPyTorch runs every optimizer 50 steps on gen.py's
// problem and compares every step with PyTorch's trajectory.
func TestOptimizersMatchPyTorch(t *testing.T) {
	var ref optimRef
	loadRef(t, "optim.json", &ref)
	for _, run := range ref.Runs {
		if run.StepLR != nil {
			continue // TestOptimizersScheduledMatchPyTorch
		}
		makers := torchOptimizers(run.Name, run.Opts)
		if len(makers) == 0 {
			t.Fatalf("no dl optimizer for PyTorch run %s", run.Name)
		}
		for label, mk := range makers {
			name := fmt.Sprintf("%s%v/%s", run.Name, run.Opts, label)
			t.Run(name, func(t *testing.T) {
				traj := ref.runProblem(mk(), len(run.Traj), nil)
				for s := range traj {
					if d := relDiff(traj[s], run.Traj[s]); !(d <= refTol) {
						t.Fatalf("step %d: relative difference %.3g\n got %v\nwant %v", s+1, d, traj[s], run.Traj[s])
					}
				}
			})
		}
	}
}

// TestRMSPropSlideNearPyTorch checks the stated relation of the two ε
// placements: with ordinary gradients (v ≫ ε²) the slide's √(v + ε) and
// PyTorch's √v + ε give nearly the same run, but not the same one.
func TestRMSPropSlideNearPyTorch(t *testing.T) {
	var ref optimRef
	loadRef(t, "optim.json", &ref)
	for _, run := range ref.Runs {
		if run.Name != "rmsprop" || run.Opts["eps"] != 1e-8 || run.Opts["weight_decay"] != 0 {
			continue
		}
		traj := ref.runProblem(RMSProp(run.Opts["lr"]), 50, nil)
		d := relDiff(traj[49], run.Traj[49])
		if d > 1e-4 || d < 1e-12 {
			t.Errorf("slide RMSProp vs PyTorch after 50 steps: relative difference %.3g, want small but non-zero", d)
		}
		return
	}
	t.Fatal("no rmsprop run with eps 1e-8")
}

// TestOptimizersScheduledMatchPyTorch changes the learning rate with StepLR
// during the run: the TorchCompatible forms (and Adam) must follow PyTorch,
// while the slide's Momentum, Nesterov and AdamW differ, as documented.
func TestOptimizersScheduledMatchPyTorch(t *testing.T) {
	var ref optimRef
	loadRef(t, "optim.json", &ref)
	seen := 0
	for _, run := range ref.Runs {
		if run.StepLR == nil {
			continue
		}
		seen++
		o := run.Opts
		lr := o["lr"]
		var torchForm, slideForm func() Optimizer
		switch run.Name {
		case "sgd_momentum":
			torchForm = func() Optimizer { return Momentum(lr, o["momentum"]).TorchCompatible() }
			slideForm = func() Optimizer { return Momentum(lr, o["momentum"]) }
		case "sgd_nesterov":
			torchForm = func() Optimizer { return Nesterov(lr, o["momentum"]).TorchCompatible() }
			slideForm = func() Optimizer { return Nesterov(lr, o["momentum"]) }
		case "adamw":
			torchForm = func() Optimizer { return AdamW(lr, o["weight_decay"]).TorchCompatible() }
			slideForm = func() Optimizer { return AdamW(lr, lr*o["weight_decay"]) }
		case "adam":
			torchForm = func() Optimizer { return Adam(lr) }
		default:
			t.Fatalf("unexpected scheduled run %s", run.Name)
		}
		sched := StepLR(run.StepLR.StepSize, run.StepLR.Gamma)
		t.Run(run.Name, func(t *testing.T) {
			opt := torchForm()
			traj := ref.runProblem(opt, len(run.Traj), func(s int) {
				opt.SetLR(sched.Rate(lr, s))
				if math.Abs(opt.LR()-run.LRs[s]) > 1e-15 {
					t.Fatalf("step %d: StepLR gives lr %v, PyTorch %v", s, opt.LR(), run.LRs[s])
				}
			})
			for s := range traj {
				if d := relDiff(traj[s], run.Traj[s]); !(d <= refTol) {
					t.Fatalf("TorchCompatible, step %d: relative difference %.3g", s+1, d)
				}
			}
			if slideForm == nil {
				return
			}
			opt = slideForm()
			traj = ref.runProblem(opt, len(run.Traj), func(s int) { opt.SetLR(sched.Rate(lr, s)) })
			// Identical until the first change of the learning rate ...
			if d := relDiff(traj[9], run.Traj[9]); !(d <= refTol) {
				t.Errorf("slide form before the rate changes: difference %.3g", d)
			}
			// ... then the parametrisations part.
			if d := relDiff(traj[len(traj)-1], run.Traj[len(traj)-1]); d < 1e-6 {
				t.Errorf("slide form after the rate changed should differ from PyTorch, difference %.3g", d)
			}
		})
	}
	if seen != 4 {
		t.Fatalf("found %d scheduled runs, want 4", seen)
	}
}

// scalarRun runs opt on one scalar parameter with gradient grad(x) and
// returns x after each step.
func scalarRun(opt Optimizer, x0 float64, grad func(x float64) float64, steps int) []float64 {
	p := New([]float64{x0}, 1).RequiresGrad()
	var xs []float64
	for s := 0; s < steps; s++ {
		setGrads([]*Tensor{p}, []float64{grad(p.Data()[0])})
		opt.Step(p)
		xs = append(xs, p.Data()[0])
	}
	return xs
}

// TestOptimizersHandDerived checks the slide's forms on f(x) = x²/2
// (∇L = x) from x₀ = 1 against sequences worked out by hand from the
// slides' formulas.
func TestOptimizersHandDerived(t *testing.T) {
	id := func(x float64) float64 { return x }
	sq := math.Sqrt
	tests := []struct {
		name string
		opt  Optimizer
		want []float64
	}{
		// x ← x − λx
		{"SGD", SGD(0.1), []float64{0.9, 0.81, 0.729}},
		// x ← x − λx − βx = (1 − λ − β)x
		{"SGD decoupled", SGD(0.1).DecoupledWeightDecay(0.01), []float64{0.89, 0.7921, 0.704969}},
		// m₁ = 0.1, x₁ = 0.9; m₂ = 0.9·0.1 + 0.1·0.9 = 0.18, x₂ = 0.72;
		// m₃ = 0.9·0.18 + 0.1·0.72 = 0.234, x₃ = 0.486
		{"Momentum", Momentum(0.1, 0.9), []float64{0.9, 0.72, 0.486}},
		// Step 1: x_temp = 1, m₁ = 0.1, x₁ = 0.9, stored x_temp = x₁ − ηm₁ = 0.81.
		// Step 2: ∇L(0.81) = 0.81, m₂ = 0.09 + 0.081 = 0.171, x₂ = 0.729,
		//         stored 0.729 − 0.9·0.171 = 0.5751.
		{"Nesterov", Nesterov(0.1, 0.9), []float64{0.81, 0.5751}},
		// G₁ = 1, x₁ = 1 − 0.1/(1 + 1e-10); G₂ = 1 + x₁², x₂ = x₁ − 0.1 x₁/(√G₂ + 1e-10)
		{"AdaGrad", AdaGrad(0.1), func() []float64 {
			x1 := 1 - 0.1/(1+1e-10)
			return []float64{x1, x1 - 0.1*x1/(sq(1+x1*x1)+1e-10)}
		}()},
		// E[g²]₁ = 0.1, Δx₁ = −√1e-6/√(0.1 + 1e-6), E[Δx²]₁ = 0.1Δx₁²;
		// E[g²]₂ = 0.09 + 0.1x₁², Δx₂ = −√(E[Δx²]₁ + 1e-6)/√(E[g²]₂ + 1e-6)·x₁
		{"AdaDelta", AdaDelta(0.9), func() []float64 {
			dx1 := -sq(1e-6) / sq(0.1+1e-6)
			x1 := 1 + dx1
			dx2 := -sq(0.1*dx1*dx1+1e-6) / sq(0.09+0.1*x1*x1+1e-6) * x1
			return []float64{x1, x1 + dx2}
		}()},
		// ε inside the root (slide): v₁ = 0.01, x₁ = 1 − 0.01/√(0.01 + 0.01);
		// v₂ = 0.01x₁² + 0.99·0.01, x₂ = x₁ − 0.01x₁/√(v₂ + 0.01)
		{"RMSProp slide ε=0.01", RMSProp(0.01).Eps(0.01), func() []float64 {
			x1 := 1 - 0.01/sq(0.02)
			v2 := 0.01*x1*x1 + 0.99*0.01
			return []float64{x1, x1 - 0.01*x1/sq(v2+0.01)}
		}()},
		// ε outside (PyTorch): x₁ = 1 − 0.01/(√0.01 + 0.01) = 1 − 0.01/0.11
		{"RMSProp torch ε=0.01", RMSProp(0.01).Eps(0.01).TorchCompatible(), []float64{1 - 0.01/0.11}},
		// m̂₁ = 1, v̂₁ = 1: x₁ = 1 − 0.1/(1 + 1e-8);
		// m₂ = 0.09 + 0.1x₁, v₂ = 0.000999 + 0.001x₁², bias-corrected by
		// 1 − 0.81 = 0.19 and 1 − 0.998001 = 0.001999.
		{"Adam", Adam(0.1), func() []float64 {
			x1 := 1 - 0.1/(1+1e-8)
			m2, v2 := (0.09+0.1*x1)/0.19, (0.000999+0.001*x1*x1)/0.001999
			return []float64{x1, x1 - 0.1*m2/(sq(v2)+1e-8)}
		}()},
		// The slide's decoupled decay: x₁ = 1 − 0.1/(1 + 1e-8) − 0.01·1
		{"AdamW slide", AdamW(0.1, 0.01), []float64{1 - 0.1/(1+1e-8) - 0.01}},
		// PyTorch's AdamW: x₁ = 1 − 0.1·0.01·1 − 0.1/(1 + 1e-8)
		{"AdamW torch", AdamW(0.1, 0.01).TorchCompatible(), []float64{1 - 0.001 - 0.1/(1+1e-8)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scalarRun(tc.opt, 1, id, len(tc.want))
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-14 {
					t.Errorf("step %d: x = %.17g, want %.17g", i+1, got[i], tc.want[i])
				}
			}
		})
	}
}

// slideNesterov is the slide's Nesterov momentum written literally, with
// the gradient evaluated at the look-ahead point.
func slideNesterov(x0, lr, eta float64, grad func(float64) float64, steps int) (xs, xtemps []float64) {
	x, m := x0, 0.0
	for s := 0; s < steps; s++ {
		xtemp := x - eta*m         // look ahead
		m = eta*m + lr*grad(xtemp) // momentum
		x = x - m                  // update
		xs = append(xs, x)
		xtemps = append(xtemps, x-eta*m) // the next look-ahead point
	}
	return xs, xtemps
}

// TestNesterovIsSlideLookAhead runs the slide's literal algorithm on a
// non-quadratic function and checks that the parameters hold its
// look-ahead points, for 50 steps.
func TestNesterovIsSlideLookAhead(t *testing.T) {
	grad := func(x float64) float64 { return x*x*x - 2*x + 0.5 } // f = x⁴/4 − x² + x/2
	_, want := slideNesterov(1.7, 0.02, 0.8, grad, 50)
	got := scalarRun(Nesterov(0.02, 0.8), 1.7, grad, 50)
	checkClose(t, "Nesterov look-ahead points", got, want)
}

// TestMomentumSlideWithSchedule checks the slide's Polyak form when the
// learning rate changes: m keeps the past rates.
func TestMomentumSlideWithSchedule(t *testing.T) {
	grad := func(x float64) float64 { return math.Sin(x) + 0.3*x }
	lrs := []float64{0.1, 0.1, 0.05, 0.05, 0.025}
	x, m := 2.0, 0.0
	var want []float64
	for _, lr := range lrs {
		m = 0.9*m + lr*grad(x)
		x -= m
		want = append(want, x)
	}
	opt := Momentum(0.1, 0.9)
	p := New([]float64{2}, 1).RequiresGrad()
	for i, lr := range lrs {
		opt.SetLR(lr)
		setGrads([]*Tensor{p}, []float64{grad(p.Data()[0])})
		opt.Step(p)
		if math.Abs(p.Data()[0]-want[i]) > 1e-14 {
			t.Errorf("step %d: %v, want %v", i+1, p.Data()[0], want[i])
		}
	}
}

// TestOptimizerStateAndSkips checks that state is per parameter, that
// parameters without a gradient are skipped, and that Step does not
// allocate once its state exists.
func TestOptimizerStateAndSkips(t *testing.T) {
	opts := []Optimizer{
		SGD(0.1), Momentum(0.1, 0.9), Nesterov(0.1, 0.9), AdaGrad(0.1), AdaDelta(0.9),
		RMSProp(0.01), Adam(0.01), AdamW(0.01, 0.001),
	}
	for _, opt := range opts {
		t.Run(opt.String(), func(t *testing.T) {
			a := New([]float64{1, 2}, 2).RequiresGrad()
			b := New([]float64{1, 2}, 2).RequiresGrad()
			c := New([]float64{5}, 1).RequiresGrad() // never gets a gradient
			setGrads([]*Tensor{a}, []float64{0.5, -1})
			setGrads([]*Tensor{b}, []float64{0.5, -1})
			opt.Step(a, c)
			opt.Step(b)
			// a and b had the same values and gradients and one step
			// each: with per-parameter state they must agree.
			if fmt.Sprint(a.Data()) != fmt.Sprint(b.Data()) {
				t.Errorf("state shared between parameters: a=%v b=%v", a.Data(), b.Data())
			}
			if c.Data()[0] != 5 {
				t.Errorf("parameter without gradient changed to %v", c.Data()[0])
			}
			ps := []*Tensor{a, b, c}
			if n := testing.AllocsPerRun(20, func() { opt.Step(ps...) }); n != 0 {
				t.Errorf("Step allocates %v times per call", n)
			}
			if !strings.Contains(opt.String(), "lr=") && !strings.Contains(opt.String(), "rho=") {
				t.Errorf("String %q does not show the hyper-parameters", opt.String())
			}
			lr := opt.LR()
			opt.SetLR(lr / 2)
			if opt.LR() != lr/2 {
				t.Errorf("SetLR(%v) then LR() = %v", lr/2, opt.LR())
			}
		})
	}
}

// TestClipGradNormMatchesPyTorch compares with torch.nn.utils.clip_grad_norm_.
func TestClipGradNormMatchesPyTorch(t *testing.T) {
	var ref optimRef
	loadRef(t, "optim.json", &ref)
	for _, c := range ref.ClipGradNorm {
		params := []*Tensor{Zeros(2, 3).RequiresGrad(), Zeros(3).RequiresGrad()}
		setGrads(params, c.Grad)
		total := ClipGradNorm(params, c.MaxNorm)
		checkClose(t, "total norm", []float64{total}, []float64{c.TotalNorm})
		got := append(append([]float64(nil), params[0].Grad().Data()...), params[1].Grad().Data()...)
		checkClose(t, fmt.Sprintf("clipped (max %g)", c.MaxNorm), got, c.Clipped)
	}
}

func TestClipGradValue(t *testing.T) {
	p := Zeros(4).RequiresGrad()
	setGrads([]*Tensor{p}, []float64{-3, -0.5, 0.2, 7})
	ClipGradValue([]*Tensor{p}, 1)
	if got := fmt.Sprint(p.Grad().Data()); got != "[-1 -0.5 0.2 1]" {
		t.Errorf("ClipGradValue: %s", got)
	}
}

// TestSchedulesMatchPyTorch compares the rates with torch.optim.lr_scheduler.
func TestSchedulesMatchPyTorch(t *testing.T) {
	var ref struct {
		BaseLR    float64 `json:"base_lr"`
		Schedules []struct {
			Name string
			Args map[string]float64
			LRs  []float64
		}
	}
	loadRef(t, "schedules.json", &ref)
	for _, s := range ref.Schedules {
		var sched Schedule
		switch s.Name {
		case "step":
			sched = StepLR(int(s.Args["step_size"]), s.Args["gamma"])
		case "exponential":
			sched = ExponentialLR(s.Args["gamma"])
		case "cosine":
			sched = CosineLR(int(s.Args["t_max"]), s.Args["eta_min"])
		}
		got := make([]float64, len(s.LRs))
		for e := range got {
			got[e] = sched.Rate(ref.BaseLR, e)
		}
		checkClose(t, sched.String(), got, s.LRs)
	}
	if got := CosineLR(10, 0.01).Rate(1, 25); got != 0.01 {
		t.Errorf("CosineLR after tMax: %v, want the minimum 0.01", got)
	}
}

// TestL2PenaltyIsWeightDecay checks that the L2 term in the loss and the
// optimizer's WeightDecay give the same step.
func TestL2PenaltyIsWeightDecay(t *testing.T) {
	x := New([]float64{1, -2, 3}, 3).RequiresGrad()
	L2Penalty([]*Tensor{x}, 0.5).Backward()
	checkClose(t, "∂(β/2‖x‖²)/∂x", x.Grad().Data(), []float64{0.5, -1, 1.5})
	if v := L2Penalty([]*Tensor{x}, 0.5).Item(); v != 0.25*14 {
		t.Errorf("L2Penalty = %v, want %v", v, 0.25*14)
	}
	a := New([]float64{1, -2, 3}, 3).RequiresGrad()
	b := New([]float64{1, -2, 3}, 3).RequiresGrad()
	g := []float64{0.1, 0.2, 0.3}
	a.Mul(New(append([]float64(nil), g...), 3)).Sum().Add(L2Penalty([]*Tensor{a}, 0.5)).Backward()
	setGrads([]*Tensor{b}, g)
	Adam(0.1).Step(a)
	Adam(0.1).WeightDecay(0.5).Step(b)
	checkClose(t, "L2Penalty vs WeightDecay", a.Data(), b.Data())
}

// TestOptimizersFlushSubnormals trains a parameter whose gradient is 1 once
// and 0 ever after (like a weight of a ReLU unit that died): its running
// averages decay towards 0 and must end at exactly 0, never stuck in the
// slow subnormal range.
func TestOptimizersFlushSubnormals(t *testing.T) {
	for _, opt := range []Optimizer{Adam(0.01), Momentum(0.01, 0.9), Nesterov(0.01, 0.9), RMSProp(0.01), AdaDelta(0.9)} {
		p := Ones(3).RequiresGrad()
		copy(p.gradData(), []float64{1, 0.5, 0})
		for range 10000 {
			opt.Step(p)
			clear(p.grad.data)
		}
		for _, b := range optimizerBuffers(opt, p) {
			for i, v := range b {
				if v != 0 && math.Abs(v) < 0x1p-1022 {
					t.Errorf("%s: state[%d] = %g is subnormal", opt, i, v)
				}
			}
		}
	}
	if flush(1e-310) != 0 || flush(-1e-310) != 0 || flush(1e-300) != 1e-300 || flush(0x1p-1022) != 0x1p-1022 {
		t.Error("flush must zero exactly the subnormal numbers")
	}
}

// optimizerBuffers returns the running averages an optimizer keeps for p.
func optimizerBuffers(opt Optimizer, p *Tensor) [][]float64 {
	var st optimState
	switch o := opt.(type) {
	case *AdamOptimizer:
		st = o.state
	case *MomentumOptimizer:
		st = o.state
	case *NesterovOptimizer:
		st = o.state
	case *RMSPropOptimizer:
		st = o.state
	case *AdaDeltaOptimizer:
		st = o.state
	}
	s := st[p]
	if s == nil {
		return nil
	}
	return [][]float64{s.a, s.b}
}

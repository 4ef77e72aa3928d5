package dl

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// layersRef is testdata/torchref/layers.json.
type layersRef struct {
	Cases []struct {
		Name            string
		Args            map[string]float64
		X, W, B, Gout   refTensor
		Out, Dx, Dw, Db refTensor
	}
	BatchNorm1d struct {
		N             int
		Eps, Momentum float64
		Gamma, Beta   refTensor
		TrainSteps    []bnStep `json:"train_steps"`
		Eval          bnStep
	}
}

type bnStep struct {
	X, Gout, Out, Dx, Dgamma, Dbeta refTensor
	RunningMean                     refTensor `json:"running_mean"`
	RunningVar                      refTensor `json:"running_var"`
}

// layerFor builds the dl layer for a reference case.
func layerFor(t *testing.T, name string, args map[string]float64) Module {
	switch name {
	case "sigmoid":
		return Sigmoid()
	case "tanh":
		return Tanh()
	case "relu":
		return ReLU()
	case "leaky_relu":
		return LeakyReLU(args["alpha"])
	case "elu":
		return ELU(args["alpha"])
	case "softmax":
		return Softmax()
	case "log_softmax":
		return LogSoftmax()
	case "maxout":
		return Maxout(int(args["k"]))
	case "flatten":
		return Flatten()
	}
	t.Fatalf("no layer for %s", name)
	return nil
}

// TestLayersMatchPyTorch compares forward values and the gradients of the
// input and parameters with PyTorch for every layer.
func TestLayersMatchPyTorch(t *testing.T) {
	var ref layersRef
	loadRef(t, "layers.json", &ref)
	for _, c := range ref.Cases {
		t.Run(fmt.Sprint(c.Name, c.Args), func(t *testing.T) {
			x := c.X.T().RequiresGrad()
			var m Module
			var lin *LinearLayer
			switch c.Name {
			case "linear", "residual_linear":
				in, out := c.W.Shape[0], c.W.Shape[1]
				lin = Linear(in, out)
				copy(lin.Weight.Data(), c.W.Data)
				copy(lin.Bias.Data(), c.B.Data)
				m = lin
				if c.Name == "residual_linear" {
					m = Residual(lin)
				}
			default:
				m = layerFor(t, c.Name, c.Args)
			}
			y := m.Forward(x)
			checkShape(t, "output", y, c.Out.Shape)
			checkClose(t, "output", y.Data(), c.Out.Data)
			y.BackwardWith(c.Gout.T())
			checkClose(t, "∂/∂x", x.Grad().Data(), c.Dx.Data)
			if lin != nil {
				checkClose(t, "∂/∂W", lin.Weight.Grad().Data(), c.Dw.Data)
				checkClose(t, "∂/∂b", lin.Bias.Grad().Data(), c.Db.Data)
			}
		})
	}
}

// TestBatchNorm1dMatchesPyTorch runs three training steps (outputs,
// gradients and running statistics after each) and one eval step.
func TestBatchNorm1dMatchesPyTorch(t *testing.T) {
	var ref layersRef
	loadRef(t, "layers.json", &ref)
	r := ref.BatchNorm1d
	bn := BatchNorm1d(r.N).Eps(r.Eps).Momentum(r.Momentum)
	copy(bn.Gamma.Data(), r.Gamma.Data)
	copy(bn.Beta.Data(), r.Beta.Data)
	step := func(name string, s bnStep) {
		ZeroGrad(bn.Params()...)
		x := s.X.T().RequiresGrad()
		y := bn.Forward(x)
		checkClose(t, name+" output", y.Data(), s.Out.Data)
		y.BackwardWith(s.Gout.T())
		checkClose(t, name+" ∂/∂x", x.Grad().Data(), s.Dx.Data)
		checkClose(t, name+" ∂/∂γ", bn.Gamma.Grad().Data(), s.Dgamma.Data)
		checkClose(t, name+" ∂/∂β", bn.Beta.Grad().Data(), s.Dbeta.Data)
	}
	for i, s := range r.TrainSteps {
		step(fmt.Sprintf("train step %d", i+1), s)
		checkClose(t, fmt.Sprintf("running mean after step %d", i+1), bn.RunningMean.Data(), s.RunningMean.Data)
		checkClose(t, fmt.Sprintf("running var after step %d", i+1), bn.RunningVar.Data(), s.RunningVar.Data)
	}
	bn.SetTraining(false)
	before := append([]float64(nil), bn.RunningMean.Data()...)
	step("eval", r.Eval)
	checkClose(t, "eval leaves the running mean alone", bn.RunningMean.Data(), before)
}

// TestLayerGradCheck checks every layer's backward pass numerically.
func TestLayerGradCheck(t *testing.T) {
	rng := NewRNG(3)
	x := rng.Normal(0, 1.5, 5, 6)
	// Avoid kinks of ReLU-like layers at exactly 0: shift values away.
	for i, v := range x.Data() {
		if math.Abs(v) < 0.05 {
			x.Data()[i] = v + 0.1
		}
	}
	lin := Linear(6, 4).Seed(1)
	bn := BatchNorm1d(6)
	copy(bn.Gamma.Data(), rng.Uniform(0.5, 1.5, 6).Data())
	copy(bn.Beta.Data(), rng.Normal(0, 1, 6).Data())
	bnEval := BatchNorm1d(6)
	bnEval.Forward(x) // some running statistics
	bnEval.SetTraining(false)
	bn3 := BatchNorm1d(2)
	cases := []struct {
		name string
		m    Module
		x    *Tensor
	}{
		{"Linear", lin, x},
		{"Sigmoid", Sigmoid(), x},
		{"Tanh", Tanh(), x},
		{"ReLU", ReLU(), x},
		{"LeakyReLU", LeakyReLU(0.1), x},
		{"ELU", ELU(0.7), x},
		{"Maxout", Maxout(3), x},
		{"Softmax", Softmax(), x},
		{"LogSoftmax", LogSoftmax(), x},
		{"BatchNorm1d train", bn, x},
		{"BatchNorm1d eval", bnEval, x},
		{"BatchNorm1d N×C×L", bn3, rng.Normal(0, 1, 3, 2, 4)},
		{"Dropout eval", func() Module { d := Dropout(0.5); d.SetTraining(false); return d }(), x},
		{"Residual", Residual(Sequential(Linear(6, 6), Tanh())), x},
		{"Flatten", Flatten(), rng.Normal(0, 1, 2, 3, 2)},
		{"Sequential", Sequential(Linear(6, 8), ELU(1), BatchNorm1d(8), Linear(8, 3), Softmax()), x},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			params := c.m.Params()
			// Input gradient: GradCheck against central differences.
			res := GradCheck(func(in ...*Tensor) *Tensor { return c.m.Forward(in[0]) }, c.x)
			if !res.OK(1e-6) {
				t.Errorf("input gradient:\n%s", res)
			}
			// Parameter gradients: autograd through the module's own
			// parameters against central differences of the same function.
			for i, p := range params {
				p.ZeroGrad()
				y := c.m.Forward(c.x)
				w := gradCheckWeights(y.Size())
				y.Mul(New(w, y.Shape()...)).Sum().Backward()
				got := append([]float64(nil), p.Grad().Data()...)
				d := p.Data()
				for j := range d {
					orig := d[j]
					d[j] = orig + 1e-6
					lp := weightedSum(c.m.Forward(c.x), w)
					d[j] = orig - 1e-6
					lm := weightedSum(c.m.Forward(c.x), w)
					d[j] = orig
					num := (lp - lm) / 2e-6
					if e := math.Abs(got[j]-num) / max(1, math.Abs(num)); e > 1e-6 {
						t.Errorf("param %d element %d: autograd %v, numeric %v", i, j, got[j], num)
						break
					}
				}
				p.ZeroGrad()
			}
		})
	}
}

func weightedSum(y *Tensor, w []float64) float64 {
	s := 0.0
	for i, v := range y.Data() {
		s += v * w[i]
	}
	return s
}

// TestDropout checks inverted scaling, the drop rate, eval mode and seeding.
func TestDropout(t *testing.T) {
	const n = 200000
	d := Dropout(0.4).Seed(9)
	y := d.Forward(Ones(n)).Data()
	zeros, sum := 0, 0.0
	for _, v := range y {
		switch {
		case v == 0:
			zeros++
		case math.Abs(v-1/0.6) > 1e-15:
			t.Fatalf("kept value %v, want 1/(1−p) = %v", v, 1/0.6)
		}
		sum += v
	}
	if rate := float64(zeros) / n; math.Abs(rate-0.4) > 0.005 {
		t.Errorf("drop rate %v, want 0.4", rate)
	}
	if mean := sum / n; math.Abs(mean-1) > 0.01 {
		t.Errorf("mean %v, want 1 (inverted scaling keeps the expectation)", mean)
	}
	// Gradient: the same mask.
	x := Ones(10).RequiresGrad()
	out := d.Forward(x)
	out.Sum().Backward()
	checkClose(t, "dropout gradient = mask", x.Grad().Data(), out.Data())
	// Same seed, same masks.
	a := Dropout(0.5).Seed(3).Forward(Ones(50)).Data()
	b := Dropout(0.5).Seed(3).Forward(Ones(50)).Data()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("same seed gave different masks")
	}
	// Eval mode: identity.
	d.SetTraining(false)
	if got := d.Forward(Full(3, 5)).Data(); fmt.Sprint(got) != "[3 3 3 3 3]" {
		t.Errorf("eval mode changed the input: %v", got)
	}
	if s := d.String(); !strings.Contains(s, "eval") {
		t.Errorf("String %q does not show the mode", s)
	}
	if got := Dropout(1).Forward(Ones(4)).Data(); fmt.Sprint(got) != "[0 0 0 0]" {
		t.Errorf("Dropout(1): %v", got)
	}
}

// TestSequentialModeAndPrinting checks Train/Eval and that printing shows
// the mode of the model and its mode-dependent layers.
func TestSequentialModeAndPrinting(t *testing.T) {
	m := Sequential(Linear(2, 4), ReLU(), BatchNorm1d(4), Dropout(0.2), Linear(4, 1), Sigmoid())
	want := `Sequential (training mode, 25 parameters)
  (0): Linear(2 → 4)
  (1): ReLU()
  (2): BatchNorm1d(4, training)
  (3): Dropout(p=0.2, training)
  (4): Linear(4 → 1)
  (5): Sigmoid()`
	if m.String() != want {
		t.Errorf("String:\n%s\nwant\n%s", m, want)
	}
	m.Eval()
	if m.Training() || m.Layers[2].Training() || m.Layers[3].Training() {
		t.Error("Eval did not reach every layer")
	}
	if s := m.String(); !strings.Contains(s, "eval mode") || !strings.Contains(s, "Dropout(p=0.2, eval)") {
		t.Errorf("eval mode not shown:\n%s", s)
	}
	m.Train()
	if !m.Layers[3].Training() {
		t.Error("Train did not reach Dropout")
	}
}

// TestSeeding checks that models are reproducible, that layers in a model
// differ, and that explicit seeds are kept.
func TestSeeding(t *testing.T) {
	build := func() *SequentialModel { return Sequential(Linear(3, 3), Tanh(), Linear(3, 3)) }
	a, b := build(), build()
	if fmt.Sprint(a.Params()[0].Data()) != fmt.Sprint(b.Params()[0].Data()) {
		t.Error("the same model built twice differs")
	}
	if fmt.Sprint(a.Params()[0].Data()) == fmt.Sprint(a.Params()[2].Data()) {
		t.Error("two layers of a model start with equal weights")
	}
	c := build().Seed(7)
	if fmt.Sprint(a.Params()[0].Data()) == fmt.Sprint(c.Params()[0].Data()) {
		t.Error("Seed did not change the weights")
	}
	l := Linear(3, 3).Seed(5)
	w := fmt.Sprint(l.Weight.Data())
	Sequential(l)
	if fmt.Sprint(l.Weight.Data()) != w {
		t.Error("Sequential re-initialised an explicitly seeded layer")
	}
	// Default init: U(−1/√in, 1/√in).
	big := Linear(100, 50)
	for _, v := range big.Weight.Data() {
		if math.Abs(v) > 0.1 {
			t.Fatalf("default init value %v outside ±1/√100", v)
		}
	}
	k := Linear(100, 50).Init(KaimingNormal)
	if s := k.String(); s != "Linear(100 → 50, init=KaimingNormal)" {
		t.Errorf("String %q", s)
	}
	var ss float64
	for _, v := range k.Weight.Data() {
		ss += v * v
	}
	if std := math.Sqrt(ss / 5000); math.Abs(std-math.Sqrt(2.0/100)) > 0.01 {
		t.Errorf("KaimingNormal std %v, want √(2/100)", std)
	}
	if fmt.Sprint(k.Bias.Data()) != fmt.Sprint(Zeros(50).Data()) {
		t.Error("explicit Init should start the bias at zero")
	}
	x := Linear(4, 2).Init(XavierUniform)
	for _, v := range x.Weight.Data() {
		if math.Abs(v) > math.Sqrt(6.0/6) {
			t.Fatalf("XavierUniform value %v out of range", v)
		}
	}
}

func TestLayerErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"Linear wrong features", func() { Linear(3, 1).Forward(Zeros(5, 4)) }, "last dimension should be 3"},
		{"Residual shape", func() { Residual(Linear(3, 2)).Forward(Zeros(5, 3)) }, "same shape"},
		{"BatchNorm batch of 1", func() { BatchNorm1d(3).Forward(Zeros(1, 3)) }, "more than 1 value"},
		{"BatchNorm features", func() { BatchNorm1d(3).Forward(Zeros(4, 2)) }, "needs N×3"},
		{"Init", func() { Linear(2, 2).Init(42) }, "not an initialiser"},
		{"Dropout p", func() { Dropout(1.5) }, "must be in [0, 1]"},
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
}

func TestSummary(t *testing.T) {
	m := Sequential(Flatten(), Linear(4, 8), ReLU(), Sequential(Linear(8, 8), Tanh()), BatchNorm1d(8), Linear(8, 3))
	s := Summary(m, 2, 2)
	if s.Total != 4*8+8+8*8+8+2*8+8*3+3 {
		t.Errorf("Total %d", s.Total)
	}
	text := s.String()
	for _, want := range []string{"N×2×2", "(1) Linear(4 → 8)", "N×8", "40", "(3) Sequential", "BatchNorm1d(8, training)", "  (0) Linear(8 → 8)", "N×3", "Total parameters: 155"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if !m.Training() || !m.Layers[4].Training() {
		t.Error("Summary did not restore training mode")
	}
	if fmt.Sprint(m.Layers[4].(*BatchNormLayer).RunningMean.Data()) != fmt.Sprint(Zeros(8).Data()) {
		t.Error("Summary changed BatchNorm's running statistics")
	}
}

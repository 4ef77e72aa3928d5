package dl

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// convGeometries are the shapes the convolution tests run on: batch 1,
// odd sizes, non-square images, stride > 1, padding, 1×1 kernels, a kernel
// as large as the padded image, and batches that do not fill the last
// parallel chunk.
var convGeometries = []struct {
	n, c, h, w, f, k, stride, pad int
}{
	{1, 1, 5, 5, 1, 3, 1, 0},
	{1, 2, 7, 6, 3, 3, 2, 1},
	{2, 3, 5, 7, 2, 1, 1, 0},
	{3, 2, 6, 5, 4, 3, 1, 2},
	{5, 1, 9, 8, 2, 5, 3, 2},
	{2, 2, 4, 4, 3, 6, 1, 1},
	{6, 2, 5, 5, 2, 2, 2, 0},
}

// directConv2d is the formula of Conv2d as four nested loops, the
// reference for the im2col implementation.
func directConv2d(x, w, b *Tensor, s, p int) *Tensor {
	n, c, h, wd := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
	f, k := w.shape[0], w.shape[2]
	oh, ow := (h+2*p-k)/s+1, (wd+2*p-k)/s+1
	y := Zeros(n, f, oh, ow)
	for i := range n {
		for fi := range f {
			for r := range oh {
				for q := range ow {
					sum := 0.0
					if b != nil {
						sum = b.data[fi]
					}
					for ci := range c {
						for u := range k {
							for v := range k {
								hh, ww := r*s-p+u, q*s-p+v
								if hh >= 0 && hh < h && ww >= 0 && ww < wd {
									sum += w.At(fi, ci, u, v) * x.At(i, ci, hh, ww)
								}
							}
						}
					}
					y.Set(sum, i, fi, r, q)
				}
			}
		}
	}
	return y
}

func TestConv2dMatchesDirectLoops(t *testing.T) {
	rng := NewRNG(11)
	for _, g := range convGeometries {
		name := fmt.Sprintf("x%d×%d×%d×%d_w%d×%d_s%d_p%d", g.n, g.c, g.h, g.w, g.f, g.k, g.stride, g.pad)
		t.Run(name, func(t *testing.T) {
			x := rng.Normal(0, 1, g.n, g.c, g.h, g.w)
			w := rng.Normal(0, 1, g.f, g.c, g.k, g.k)
			b := rng.Normal(0, 1, g.f)
			for _, bias := range []*Tensor{b, nil} {
				got := x.Conv2d(w, bias, g.stride, g.pad)
				want := directConv2d(x, w, bias, g.stride, g.pad)
				checkShape(t, "output", got, want.Shape())
				checkClose(t, "output", got.Data(), want.Data())
			}
		})
	}
}

// TestConvGradCheck checks the backward passes of Conv2d, MaxPool2d,
// AvgPool2d and BatchNorm2d against central differences, for every input
// (images, filters, bias, γ, β) and several shapes.
func TestConvGradCheck(t *testing.T) {
	rng := NewRNG(12)
	type gcCase struct {
		name   string
		f      func(in ...*Tensor) *Tensor
		inputs []*Tensor
	}
	var cases []gcCase
	for _, g := range convGeometries {
		s, p := g.stride, g.pad
		x := rng.Normal(0, 1, g.n, g.c, g.h, g.w)
		w := rng.Normal(0, 0.5, g.f, g.c, g.k, g.k)
		b := rng.Normal(0, 1, g.f)
		shape := fmt.Sprintf("x%d×%d×%d×%d_w%d×%d_s%d_p%d", g.n, g.c, g.h, g.w, g.f, g.k, s, p)
		cases = append(cases,
			gcCase{"Conv2d/" + shape, func(in ...*Tensor) *Tensor { return in[0].Conv2d(in[1], in[2], s, p) }, []*Tensor{x, w, b}},
			gcCase{"Conv2d no bias/" + shape, func(in ...*Tensor) *Tensor { return in[0].Conv2d(in[1], nil, s, p) }, []*Tensor{x, w}},
		)
	}
	pools := []struct{ n, c, h, w, k, s, p int }{
		{1, 1, 4, 4, 2, 2, 0},
		{2, 3, 5, 7, 2, 2, 0}, // odd sizes: the last row and column are dropped
		{1, 2, 7, 6, 3, 2, 1},
		{3, 1, 5, 5, 3, 1, 1}, // overlapping windows
		{2, 2, 6, 5, 4, 3, 2},
	}
	for _, q := range pools {
		k, s, p := q.k, q.s, q.p
		x := rng.Normal(0, 1, q.n, q.c, q.h, q.w) // distinct values: no ties for the maximum
		shape := fmt.Sprintf("x%d×%d×%d×%d_k%d_s%d_p%d", q.n, q.c, q.h, q.w, k, s, p)
		cases = append(cases,
			gcCase{"MaxPool2d/" + shape, func(in ...*Tensor) *Tensor { return in[0].MaxPool2d(k, s, p) }, []*Tensor{x}},
			gcCase{"AvgPool2d/" + shape, func(in ...*Tensor) *Tensor { return in[0].AvgPool2d(k, s, p) }, []*Tensor{x}},
		)
	}
	for _, sh := range [][]int{{2, 3, 2, 2}, {1, 2, 3, 5}, {4, 1, 1, 1}, {3, 2, 5, 3}} {
		x := rng.Normal(1, 2, sh...)
		gamma, beta := rng.Uniform(0.5, 1.5, sh[1]), rng.Normal(0, 1, sh[1])
		shape := shapeStr(sh)
		bn := func(training bool) func(in ...*Tensor) *Tensor {
			return func(in ...*Tensor) *Tensor {
				l := BatchNorm2d(sh[1])
				copy(l.RunningMean.Data(), []float64{0.3, -0.2, 0.1}[:sh[1]])
				copy(l.RunningVar.Data(), []float64{0.7, 1.4, 2.0}[:sh[1]])
				l.Gamma, l.Beta = in[1], in[2]
				l.SetTraining(training)
				return l.Forward(in[0])
			}
		}
		cases = append(cases,
			gcCase{"BatchNorm2d train/" + shape, bn(true), []*Tensor{x, gamma, beta}},
			gcCase{"BatchNorm2d eval/" + shape, bn(false), []*Tensor{x, gamma, beta}},
		)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := GradCheck(c.f, c.inputs...); !r.OK(1e-6) {
				t.Errorf("gradients differ:\n%s", r)
			}
		})
	}
}

// TestConvLayers checks the layers around the ops: shapes through a small
// network, parameter counts, initialisation bounds, seeding and printing.
func TestConvLayers(t *testing.T) {
	m := Sequential(
		Conv2d(1, 6, 5).Padding(2), ReLU(), MaxPool2d(2),
		Conv2d(6, 16, 5), BatchNorm2d(16), ReLU(), AvgPool2d(2),
		Flatten(), Linear(16*5*5, 10),
	)
	x := NewRNG(1).Rand(3, 1, 28, 28)
	if got := m.Forward(x).Shape(); fmt.Sprint(got) != "[3 10]" {
		t.Fatalf("output shape %v, want [3 10]", got)
	}
	if want := (6*25 + 6) + (16*6*25 + 16) + 2*16 + (400*10 + 10); ParamCount(m) != want {
		t.Errorf("ParamCount %d, want %d", ParamCount(m), want)
	}
	if n := len(m.Buffers()); n != 2 {
		t.Errorf("%d buffers, want BatchNorm2d's 2", n)
	}
	conv := m.Layers[3].(*Conv2dLayer)
	bound := 1 / math.Sqrt(6*25)
	for _, v := range append(conv.Weight.Data(), conv.Bias.Data()...) {
		if math.Abs(v) > bound {
			t.Fatalf("initial value %v outside ±1/√fan_in = ±%v", v, bound)
		}
	}
	a, b := Conv2d(2, 3, 3).Seed(5), Conv2d(2, 3, 3).Seed(5)
	if fmt.Sprint(a.Weight.Data()) != fmt.Sprint(b.Weight.Data()) {
		t.Error("same seed, different filters")
	}
	if fmt.Sprint(m.Layers[0].(*Conv2dLayer).Weight.Data()[:4]) == fmt.Sprint(Conv2d(1, 6, 5).Weight.Data()[:4]) {
		t.Error("Sequential did not reseed its Conv2d layer")
	}
	for _, tc := range []struct {
		m    Module
		want string
	}{
		{Conv2d(1, 6, 5), "Conv2d(1 → 6, 5×5)"},
		{Conv2d(3, 8, 3).Stride(2).Padding(1).NoBias(), "Conv2d(3 → 8, 3×3, stride=2, padding=1, no bias)"},
		{MaxPool2d(2), "MaxPool2d(2)"},
		{AvgPool2d(3).Stride(1).Padding(1), "AvgPool2d(3, stride=1, padding=1)"},
		{BatchNorm2d(4), "BatchNorm2d(4, training)"},
	} {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("String %q, want %q", got, tc.want)
		}
	}
	if n := len(Conv2d(3, 8, 3).NoBias().Params()); n != 1 {
		t.Errorf("NoBias: %d params, want 1", n)
	}
}

// TestBatchNorm2dRunningStatistics checks PyTorch's rule on a hand-made
// batch: the running variance uses the unbiased variance of the channel.
func TestBatchNorm2dRunningStatistics(t *testing.T) {
	// Channel 0 holds 1, 2, 3, 4 (mean 2.5, biased var 1.25, unbiased 5/3),
	// channel 1 holds 0 four times.
	x := New([]float64{1, 2, 0, 0, 3, 4, 0, 0}, 2, 2, 1, 2)
	l := BatchNorm2d(2)
	y := l.Forward(x)
	checkClose(t, "running mean", l.RunningMean.Data(), []float64{0.1 * 2.5, 0})
	checkClose(t, "running var", l.RunningVar.Data(), []float64{0.9 + 0.1*5.0/3, 0.9})
	s := 1 / math.Sqrt(1.25+1e-5)
	checkClose(t, "output", y.Data(), []float64{-1.5 * s, -0.5 * s, 0, 0, 0.5 * s, 1.5 * s, 0, 0})
	l.SetTraining(false)
	before := fmt.Sprint(l.RunningMean.Data(), l.RunningVar.Data())
	l.Forward(x)
	if after := fmt.Sprint(l.RunningMean.Data(), l.RunningVar.Data()); after != before {
		t.Errorf("eval mode changed the running statistics: %s → %s", before, after)
	}
}

func TestConvErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want []string
	}{
		{"Conv2d flat images", func() { Conv2d(1, 6, 5).Forward(Zeros(4, 784)) }, []string{"Conv2d(1 → 6, 5×5)", "input is 4×784", "N×1×H×W", "Images()"}},
		{"Conv2d channels", func() { Conv2d(3, 6, 5).Forward(Zeros(4, 1, 28, 28)) }, []string{"input is 4×1×28×28", "N×3×H×W", "gives 1 channels"}},
		{"Conv2d too small", func() { Conv2d(1, 2, 5).Forward(Zeros(1, 1, 4, 4)) }, []string{"input is 1×1×4×4", "H, W ≥ 5"}},
		{"Conv2d op channels", func() { Zeros(1, 2, 5, 5).Conv2d(Zeros(3, 1, 3, 3), nil, 1, 0) }, []string{"2 channels", "3×1×3×3"}},
		{"Conv2d op bias", func() { Zeros(1, 1, 5, 5).Conv2d(Zeros(3, 1, 3, 3), Zeros(2), 1, 0) }, []string{"b is 2", "shape 3"}},
		{"Conv2d op stride", func() { Zeros(1, 1, 5, 5).Conv2d(Zeros(3, 1, 3, 3), nil, 0, 0) }, []string{"stride 0"}},
		{"Conv2d args", func() { Conv2d(0, 6, 5) }, []string{"Conv2d(0, 6, 5)", "≥ 1"}},
		{"MaxPool2d 2-D", func() { MaxPool2d(2).Forward(Zeros(4, 10)) }, []string{"MaxPool2d(2)", "input is 4×10", "N×C×H×W"}},
		{"AvgPool2d padding", func() { AvgPool2d(2).Padding(2) }, []string{"AvgPool2d(2).Padding(2)", "half the kernel"}},
		{"MaxPool2d too small", func() { Zeros(1, 1, 1, 3).MaxPool2d(2, 2, 0) }, []string{"MaxPool2d", "1×1×1×3", "2×2 window"}},
		{"BatchNorm2d channels", func() { BatchNorm2d(3).Forward(Zeros(2, 4, 5, 5)) }, []string{"BatchNorm2d(3, training)", "input is 2×4×5×5", "N×3×H×W"}},
		{"BatchNorm2d one value", func() { BatchNorm2d(3).Forward(Zeros(1, 3, 1, 1)) }, []string{"1 value per channel", "Eval()"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("panic %q, want it to mention %q", msg, w)
					}
				}
			}()
			tc.f()
		})
	}
}

// convRef is testdata/torchref/conv.json (see gen.py).
type convRef struct {
	Conv2d []struct {
		Stride, Padding         int
		X, W, Gout, Out, Dx, Dw refTensor
		B, Db                   *refTensor // absent without bias
	}
	Pool2d []struct {
		Kind                    string
		Kernel, Stride, Padding int
		X, Gout, Out, Dx        refTensor
	}
	BatchNorm2d struct {
		N             int
		Eps, Momentum float64
		Gamma, Beta   refTensor
		TrainSteps    []bnStep `json:"train_steps"`
		Eval          bnStep
	}
}

// TestConvMatchesPyTorch compares the layers' outputs and the gradients of
// their input and parameters with PyTorch's (float64, to 1e-9).
func TestConvMatchesPyTorch(t *testing.T) {
	var ref convRef
	loadRef(t, "conv.json", &ref)
	if len(ref.Conv2d) == 0 || len(ref.Pool2d) == 0 || len(ref.BatchNorm2d.TrainSteps) == 0 {
		t.Fatal("conv.json has no cases")
	}
	for i, c := range ref.Conv2d {
		t.Run(fmt.Sprintf("Conv2d/%d_%s_s%d_p%d_bias=%v", i, shapeStr(c.X.Shape), c.Stride, c.Padding, c.B != nil), func(t *testing.T) {
			ws := c.W.Shape
			l := Conv2d(ws[1], ws[0], ws[2]).Stride(c.Stride).Padding(c.Padding)
			copy(l.Weight.Data(), c.W.Data)
			if c.B != nil {
				copy(l.Bias.Data(), c.B.Data)
			} else {
				l.NoBias()
			}
			x := c.X.T().RequiresGrad()
			y := l.Forward(x)
			checkShape(t, "output", y, c.Out.Shape)
			checkClose(t, "output", y.Data(), c.Out.Data)
			y.BackwardWith(c.Gout.T())
			checkClose(t, "∂/∂x", x.Grad().Data(), c.Dx.Data)
			checkClose(t, "∂/∂w", l.Weight.Grad().Data(), c.Dw.Data)
			if c.B != nil {
				checkClose(t, "∂/∂b", l.Bias.Grad().Data(), c.Db.Data)
			}
		})
	}
	for i, c := range ref.Pool2d {
		t.Run(fmt.Sprintf("Pool2d/%d_%s_%s_k%d_s%d_p%d", i, c.Kind, shapeStr(c.X.Shape), c.Kernel, c.Stride, c.Padding), func(t *testing.T) {
			var l *Pool2dLayer
			switch c.Kind {
			case "max":
				l = MaxPool2d(c.Kernel)
			case "avg":
				l = AvgPool2d(c.Kernel)
			default:
				t.Fatalf("unknown pooling %q", c.Kind)
			}
			l.Stride(c.Stride).Padding(c.Padding)
			x := c.X.T().RequiresGrad()
			y := l.Forward(x)
			checkShape(t, "output", y, c.Out.Shape)
			checkClose(t, "output", y.Data(), c.Out.Data)
			y.BackwardWith(c.Gout.T())
			checkClose(t, "∂/∂x", x.Grad().Data(), c.Dx.Data)
		})
	}
	t.Run("BatchNorm2d", func(t *testing.T) {
		r := ref.BatchNorm2d
		bn := BatchNorm2d(r.N).Eps(r.Eps).Momentum(r.Momentum)
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
		before := append([]float64(nil), bn.RunningVar.Data()...)
		step("eval", r.Eval)
		checkClose(t, "eval leaves the running variance alone", bn.RunningVar.Data(), before)
	})
}

// TestConvBatchEqualsSamples runs the ops on a batch large enough to be
// split among the worker goroutines and checks that each sample's output
// and gradients equal those of the sample alone (run with -race, it also
// checks that the parallel chunks do not share memory).
func TestConvBatchEqualsSamples(t *testing.T) {
	rng := NewRNG(13)
	x := rng.Normal(0, 1, 40, 3, 20, 20)
	w, b := rng.Normal(0, 0.3, 4, 3, 3, 3), rng.Normal(0, 1, 4)
	ops := map[string]func(x, w, b *Tensor) *Tensor{
		"Conv2d":    func(x, w, b *Tensor) *Tensor { return x.Conv2d(w, b, 2, 1) },
		"MaxPool2d": func(x, w, b *Tensor) *Tensor { return x.MaxPool2d(3, 2, 1) },
		"AvgPool2d": func(x, w, b *Tensor) *Tensor { return x.AvgPool2d(2, 2, 0) },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			xb, wb, bb := x.Detach().RequiresGrad(), w.Detach().RequiresGrad(), b.Detach().RequiresGrad()
			y := op(xb, wb, bb)
			weights := NewRNG(1).Uniform(0.5, 1.5, y.Shape()...)
			y.Mul(weights).Sum().Backward()
			n := x.Shape()[0]
			wsum, bsum := Zeros(w.Shape()...), Zeros(b.Shape()...)
			for i := range n {
				xi, wi, bi := x.Slice(0, i, i+1).RequiresGrad(), w.Detach().RequiresGrad(), b.Detach().RequiresGrad()
				yi := op(xi, wi, bi)
				checkClose(t, fmt.Sprintf("sample %d output", i), yi.Data(), y.Slice(0, i, i+1).Data())
				yi.Mul(weights.Slice(0, i, i+1)).Sum().Backward()
				checkClose(t, fmt.Sprintf("sample %d ∂/∂x", i), xi.Grad().Data(), xb.Grad().Slice(0, i, i+1).Data())
				if wi.Grad() != nil {
					wsum = wsum.Add(wi.Grad())
					bsum = bsum.Add(bi.Grad())
				}
			}
			if name == "Conv2d" {
				checkClose(t, "∂/∂w summed over the samples", wb.Grad().Data(), wsum.Data())
				checkClose(t, "∂/∂b summed over the samples", bb.Grad().Data(), bsum.Data())
			}
		})
	}
}

// TestConvStepAllocs keeps a training step of a small CNN free of buffer
// allocations at steady state: images, im2col matrices, gradients and
// scratch memory come from pools; what is left is a few small objects per
// op (the result tensor, the backward closure, the closures handed to the
// worker pool).
func TestConvStepAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in the full run without -race")
	}
	x := NewRNG(4).Rand(8, 1, 28, 28)
	m := Sequential(Conv2d(1, 6, 5).Padding(2), ReLU(), MaxPool2d(2),
		Conv2d(6, 16, 5), BatchNorm2d(16), ReLU(), AvgPool2d(2), Flatten(), Linear(400, 10))
	params := m.Params()
	step := func() {
		ZeroGrad(params...)
		l := m.Forward(x).Sum()
		l.Backward()
		l.Release()
	}
	step()         // fill the pools
	const ops = 10 // the 9 layers and Sum
	got := testing.AllocsPerRun(20, step)
	t.Logf("%.1f allocations per step of %d ops", got, ops)
	if got > 5*ops {
		t.Errorf("a step of %d ops allocates %.0f times, want ≤ %d", ops, got, 5*ops)
	}
	// Bytes: the least of 3 rounds, since a garbage collection empties the
	// pools and the step after it allocates its buffers afresh.
	perStep := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 5 {
			step()
		}
		runtime.ReadMemStats(&after)
		perStep = min(perStep, (after.TotalAlloc-before.TotalAlloc)/5)
	}
	t.Logf("%d bytes per step", perStep)
	// The first layer's output alone is 8×6×28×28 float64 = 301 KB.
	if perStep > 64<<10 {
		t.Errorf("a step allocates %d bytes, want < 64 KiB (buffers should come from the pool)", perStep)
	}
}

// TestMaxPool2dTies checks PyTorch's rule for equal values: the gradient
// goes to the first maximum of the window (row by row), in the 2×2 fast
// path and the general one.
func TestMaxPool2dTies(t *testing.T) {
	for _, k := range []int{2, 3} {
		x := Full(1, 1, 1, k, k).RequiresGrad()
		x.MaxPool2d(k, k, 0).Sum().Backward()
		want := make([]float64, k*k)
		want[0] = 1
		checkClose(t, fmt.Sprintf("%d×%d window of equal values", k, k), x.Grad().Data(), want)
		y := New([]float64{1, 5, 5, 2, 0, 5, 3, 4, 1}[:k*k], 1, 1, k, k).RequiresGrad()
		y.MaxPool2d(k, k, 0).Sum().Backward()
		want = make([]float64, k*k)
		want[1] = 1
		checkClose(t, fmt.Sprintf("%d×%d window with two maxima", k, k), y.Grad().Data(), want)
		// A NaN wins over numbers, and the last NaN over earlier ones
		// (PyTorch's kernel: val > maxval || isnan(val)), forward and backward.
		z := New([]float64{1, 5, math.NaN(), math.NaN(), 0, 5, 3, 4, 1}[:k*k], 1, 1, k, k).RequiresGrad()
		out := z.MaxPool2d(k, k, 0)
		if v := out.Item(); !math.IsNaN(v) {
			t.Errorf("%d×%d window with a NaN: max %v, want NaN", k, k, v)
		}
		out.Sum().Backward()
		want = make([]float64, k*k)
		want[3] = 1
		checkClose(t, fmt.Sprintf("%d×%d window with two NaNs", k, k), z.Grad().Data(), want)
	}
}

// TestConvSaveLoad saves a CNN (filters, biases, γ, β and BatchNorm2d's
// running statistics) and loads it into a fresh model with other seeds.
func TestConvSaveLoad(t *testing.T) {
	build := func(seed uint64) *SequentialModel {
		return Sequential(Conv2d(1, 4, 3).Padding(1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(4*4*4, 3)).Seed(seed)
	}
	x := NewRNG(2).Rand(5, 1, 8, 8)
	a := build(1)
	a.Forward(x) // move the running statistics
	a.Eval()
	path := t.TempDir() + "/cnn.model"
	if err := Save(path, a, nil); err != nil {
		t.Fatal(err)
	}
	b := build(2)
	if _, err := Load(path, b); err != nil {
		t.Fatal(err)
	}
	b.Eval()
	checkClose(t, "loaded model's output", b.Forward(x).Data(), a.Forward(x).Data())
}

// TestConv2dInit checks the initialisers with a convolution's fans,
// fan_in = in·k² and fan_out = out·k², as PyTorch's torch.nn.init.
func TestConv2dInit(t *testing.T) {
	fanIn, fanOut := 8*9, 16*9
	for _, c := range []struct {
		scheme any
		name   string
		bound  float64 // every weight within ±bound
		std    float64 // expected spread (0: not checked)
	}{
		{KaimingUniform, "KaimingUniform", math.Sqrt(6.0 / float64(fanIn)), math.Sqrt(2.0 / float64(fanIn))},
		{XavierUniform, "XavierUniform", math.Sqrt(6.0 / float64(fanIn+fanOut)), math.Sqrt(2.0 / float64(fanIn+fanOut))},
		{KaimingNormal, "KaimingNormal", math.Inf(1), math.Sqrt(2.0 / float64(fanIn))},
		{UniformInit(0.05), "U[−0.05, 0.05]", 0.05, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := Conv2d(8, 16, 3).Init(c.scheme)
			if !strings.Contains(l.String(), "init="+c.name) {
				t.Errorf("String %q does not name the initialiser %q", l, c.name)
			}
			w, ss := l.Weight.Data(), 0.0
			for _, v := range w {
				if math.Abs(v) > c.bound {
					t.Fatalf("weight %v outside ±%v", v, c.bound)
				}
				ss += v * v
			}
			if std := math.Sqrt(ss / float64(len(w))); c.std > 0 && math.Abs(std-c.std) > 0.1*c.std {
				t.Errorf("spread %v, want about %v", std, c.std)
			}
			for _, v := range l.Bias.Data() {
				if v != 0 {
					t.Fatalf("bias %v, want 0 after Init", v)
				}
			}
		})
	}
}

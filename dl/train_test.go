package dl

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/internal/fast"
)

// circleData returns n points uniform in [−1, 1]² labelled 1 inside the
// circle of radius √0.5 and 0 outside: a toy problem that needs a hidden
// layer.
func circleData(n int, seed uint64) Dataset {
	rng := NewRNG(seed)
	x := rng.Uniform(-1, 1, n, 2)
	y := Zeros(n)
	for i := 0; i < n; i++ {
		a, b := x.At(i, 0), x.At(i, 1)
		if a*a+b*b < 0.5 {
			y.Data()[i] = 1
		}
	}
	return TensorDataset(x, y)
}

func circleModel() *SequentialModel {
	return Sequential(Linear(2, 16), Tanh(), Linear(16, 2))
}

func TestTrainLearnsToyProblem(t *testing.T) {
	train, val := circleData(200, 1), circleData(100, 2)
	steps, epochs := 0, 0
	h := Train(circleModel()).Loss(CrossEntropy()).Optimizer(Adam(0.05)).
		Data(train, val).BatchSize(20).Epochs(30).Seed(1).
		OnStep(func(step int, loss float64) { steps++ }).
		OnEpoch(func(epoch int, h *History) { epochs++ }).
		Run()
	if steps != 300 || epochs != 30 || len(h.StepLoss) != 300 || h.StepsPerEpoch != 10 {
		t.Fatalf("callbacks: %d steps, %d epochs; history has %d steps", steps, epochs, len(h.StepLoss))
	}
	if h.TrainLoss[29] > h.TrainLoss[0]/3 {
		t.Errorf("training loss did not decrease enough: %v → %v", h.TrainLoss[0], h.TrainLoss[29])
	}
	if _, va := h.FinalAcc(); va < 0.9 {
		t.Errorf("validation accuracy %v < 0.9\n%s", va, h)
	}
	if len(h.ValLoss) != 30 || len(h.TrainAcc) != 30 || len(h.LR) != 30 {
		t.Errorf("per-epoch slices have lengths %d %d %d", len(h.ValLoss), len(h.TrainAcc), len(h.LR))
	}
	if !strings.Contains(h.String(), "val acc") {
		t.Errorf("History.String lacks the accuracy column:\n%s", h)
	}
}

func TestTrainRegressionAndSchedule(t *testing.T) {
	rng := NewRNG(4)
	x := rng.Normal(0, 1, 64, 3)
	w := New([]float64{1, -2, 0.5}, 3, 1)
	y := x.MatMul(w).Add(Scalar(0.3))
	model := Linear(3, 1)
	h := Train(model).Loss(MSE()).Optimizer(SGD(0.1)).Data(TensorDataset(x, y), nil).
		BatchSize(64).Epochs(100).Schedule(StepLR(50, 0.5)).Run()
	if h.TrainAcc != nil || h.ValLoss != nil {
		t.Error("regression without validation data should have no accuracy and no ValLoss")
	}
	if l, _ := h.Final(); l > 1e-6 {
		t.Errorf("full-batch GD on a linear problem: final loss %v", l)
	}
	if h.LR[0] != 0.1 || h.LR[49] != 0.1 || h.LR[50] != 0.05 {
		t.Errorf("schedule: LR %v %v %v", h.LR[0], h.LR[49], h.LR[50])
	}
	if d := relDiff(model.Weight.Data(), []float64{1, -2, 0.5}); d > 1e-4 {
		t.Errorf("learned weights %v, want [1 -2 0.5]", model.Weight.Data())
	}
}

func TestTrainDeterministic(t *testing.T) {
	run := func(seed uint64) *History {
		m := Sequential(Linear(2, 8), ReLU(), Dropout(0.2), Linear(8, 2))
		return Train(m).Loss(CrossEntropy()).Optimizer(Momentum(0.05, 0.9)).
			Data(circleData(100, 1), circleData(50, 2)).BatchSize(16).Epochs(3).Seed(seed).Run()
	}
	a, b, c := run(1), run(1), run(2)
	if !a.Same(b) {
		t.Error("same seed gave different histories")
	}
	if a.Same(c) {
		t.Error("different seeds gave identical histories")
	}
}

func TestTrainNaNGuard(t *testing.T) {
	rng := NewRNG(5)
	x := rng.Normal(0, 10, 32, 2)
	y := rng.Normal(0, 10, 32, 1)
	var out bytes.Buffer
	tr := Train(Linear(2, 1)).Loss(MSE()).Optimizer(SGD(10)).Data(TensorDataset(x, y), nil).BatchSize(8).Epochs(50)
	tr.out = &out
	h := tr.Run()
	for _, want := range []string{"at step", "learning rate 10 is probably too large", "smaller"} {
		if !strings.Contains(h.Stopped, want) {
			t.Errorf("Stopped = %q, want it to mention %q", h.Stopped, want)
		}
	}
	if !strings.Contains(out.String(), h.Stopped) {
		t.Errorf("the message was not printed: %q", out.String())
	}
	if h.Epochs() >= 50 {
		t.Error("training did not stop")
	}
	for _, v := range h.StepLoss {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatal("a non-finite loss was recorded as a step")
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	m := circleModel()
	before := append([]float64(nil), m.Params()[0].Data()...)
	var out bytes.Buffer
	// Learning rate 0: nothing improves after epoch 1.
	tr := Train(m).Loss(CrossEntropy()).Optimizer(SGD(0)).Data(circleData(40, 1), circleData(20, 2)).
		BatchSize(10).Epochs(20).EarlyStopping(3)
	tr.out = &out
	h := tr.Run()
	if h.Epochs() != 4 || !strings.HasPrefix(h.Stopped, "early stopping after epoch 4") || h.BestEpoch != 1 {
		t.Errorf("epochs %d, best %d, stopped %q", h.Epochs(), h.BestEpoch, h.Stopped)
	}
	checkClose(t, "parameters", m.Params()[0].Data(), before)
	// Restoring the best epoch's parameters.
	m2 := circleModel()
	epoch := 0
	tr2 := Train(m2).Loss(CrossEntropy()).Optimizer(Adam(0.02)).Data(circleData(40, 1), circleData(20, 2)).
		BatchSize(10).Epochs(30).EarlyStopping(2).OnEpoch(func(e int, h *History) {
		epoch = e
		if e >= 5 { // from epoch 5 on, wreck the model: it never improves again
			for _, p := range m2.Params() {
				for i := range p.Data() {
					p.Data()[i] = 0
				}
			}
		}
	})
	tr2.out = &out
	h2 := tr2.Run()
	if h2.BestEpoch > 5 || epoch >= 30 {
		t.Fatalf("best epoch %d, stopped at %d", h2.BestEpoch, epoch)
	}
	allZero := true
	for _, v := range m2.Params()[0].Data() {
		allZero = allZero && v == 0
	}
	if allZero {
		t.Error("early stopping did not restore the best parameters")
	}
}

func TestTrainErrors(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"no data", func() { Train(Linear(2, 1)).Run() }, "no training data"},
		{"batch", func() { Train(Linear(2, 1)).Data(circleData(4, 1), nil).BatchSize(0).Run() }, "BatchSize(0)"},
		{"wrong features", func() { Train(Linear(3, 1)).Data(circleData(4, 1), nil).Run() }, "last dimension should be 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panic %v, want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	build := func() *SequentialModel {
		return Sequential(Linear(2, 4), BatchNorm1d(4), ReLU(), Linear(4, 1)).Seed(3)
	}
	m := build()
	m.Forward(NewRNG(1).Normal(0, 1, 8, 2)) // move the running statistics
	m.Params()[0].Data()[0] = 0.125
	h := &History{Label: "x", StepLoss: []float64{1, math.NaN()}, TrainLoss: []float64{0.5},
		ValLoss: []float64{math.Inf(1)}, LR: []float64{0.1}, StepsPerEpoch: 2, BestEpoch: 1, Stopped: "nan"}
	path := filepath.Join(dir, "m.dlfun")
	if err := Save(path, m, h); err != nil {
		t.Fatal(err)
	}
	m2 := build()
	h2, err := Load(path, m2)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Same(h2) {
		t.Errorf("history changed: %+v → %+v", h, h2)
	}
	checkClose(t, "parameters", concatData(m2.Params()), concatData(m.Params()))
	checkClose(t, "buffers", concatData(m2.Buffers()), concatData(m.Buffers()))
	// History only.
	if hh, err := Load(path, nil); err != nil || !hh.Same(h) {
		t.Errorf("Load(path, nil): %v", err)
	}
	// Wrong architecture.
	if _, err := Load(path, Sequential(Linear(2, 5), Linear(5, 1))); err == nil || !strings.Contains(err.Error(), "different architecture") {
		t.Errorf("wrong architecture: %v", err)
	}
	// Truncated file: error, model untouched.
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)-8], 0o644)
	m3 := build()
	w := concatData(m3.Params())
	if _, err := Load(path, m3); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated: %v", err)
	}
	checkClose(t, "model after failed Load", concatData(m3.Params()), w)
	os.WriteFile(path, []byte("hello\n"), 0o644)
	if _, err := Load(path, m3); err == nil || !strings.Contains(err.Error(), "not a dlfun file") {
		t.Errorf("not a dlfun file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestMemo(t *testing.T) {
	SetMemoDir(t.TempDir())
	defer SetMemoDir("")
	train, val := circleData(60, 1), circleData(30, 2)
	run := func(epochs int, out *bytes.Buffer) (*History, *SequentialModel, int) {
		m := circleModel()
		steps := 0
		tr := Train(m).Loss(CrossEntropy()).Optimizer(Adam(0.01)).Data(train, val).
			BatchSize(20).Epochs(epochs).Memo("toy").OnStep(func(int, float64) { steps++ })
		tr.out = out
		return tr.Run(), m, steps
	}
	var out bytes.Buffer
	h1, m1, steps := run(2, &out)
	if steps == 0 || !strings.Contains(out.String(), "saved to") {
		t.Fatalf("first run did not train and save: %q", out.String())
	}
	out.Reset()
	h2, m2, steps := run(2, &out)
	if steps != 0 || !strings.Contains(out.String(), "loaded from") || !strings.Contains(out.String(), "ForgetMemo") {
		t.Fatalf("second run did not load (%d steps): %q", steps, out.String())
	}
	if !h1.Same(h2) {
		t.Error("loaded history differs")
	}
	checkClose(t, "loaded parameters", concatData(m2.Params()), concatData(m1.Params()))
	out.Reset()
	if _, _, steps = run(3, &out); steps == 0 || !strings.Contains(out.String(), "configuration changed") {
		t.Errorf("changed epochs did not retrain: %q", out.String())
	}
	if err := ForgetMemo("toy"); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if _, _, steps = run(3, &out); steps == 0 {
		t.Error("ForgetMemo did not force training")
	}
	t.Setenv("DLFUN_NO_MEMO", "1")
	if _, _, steps = run(3, &out); steps == 0 {
		t.Error("DLFUN_NO_MEMO did not force training")
	}
	// The model's mode is not part of the key.
	os.Unsetenv("DLFUN_NO_MEMO")
	out.Reset()
	me := circleModel().Eval()
	tr := Train(me).Loss(CrossEntropy()).Optimizer(Adam(0.01)).Data(train, val).BatchSize(20).Epochs(3).Memo("toy")
	tr.out = &out
	tr.Run()
	if !strings.Contains(out.String(), "loaded from") {
		t.Errorf("a model in eval mode missed the cache: %q", out.String())
	}
	// The generic Memo.
	calls := 0
	cfg := struct{ LR float64 }{0.1}
	f := func() *History { calls++; return &History{TrainLoss: []float64{1}} }
	Memo("generic", Linear(2, 1), cfg, f)
	Memo("generic", Linear(2, 1), cfg, f)
	Memo("generic", Linear(2, 1), struct{ LR float64 }{0.2}, f)
	if calls != 2 {
		t.Errorf("generic Memo trained %d times, want 2", calls)
	}
}

func TestSweepParallelEqualsSerial(t *testing.T) {
	train, val := circleData(60, 1), circleData(30, 2)
	grid := Grid{LR: []float64{0.01, 0.1}, BatchSize: []int{10, 30}, Optimizer: []OptimizerName{"sgd", "adam"}}
	run := func(c SweepPoint) *History {
		m := Sequential(Linear(2, 8), Tanh(), Dropout(0.1), Linear(8, 2))
		return Train(m).Loss(CrossEntropy()).Data(train, val).Epochs(3).Config(c).Run()
	}
	par := Sweep(grid).Parallel(4).Run(run)
	ser := Sweep(grid).Parallel(1).Run(run)
	if len(par.List) != 8 || len(par.Histories) != 8 {
		t.Fatalf("%d runs", len(par.List))
	}
	for i, c := range par.Configs {
		if !par.List[i].Same(ser.List[i]) {
			t.Errorf("%s: parallel and serial runs differ", c.Label())
		}
		if par.Histories[c.Label()] != par.List[i] || par.List[i].Label != c.Label() {
			t.Errorf("%s: not keyed by label", c.Label())
		}
	}
	best, bh := par.Best()
	for _, h := range par.List {
		if h.score() < bh.score() {
			t.Errorf("Best %s is not the lowest", best.Label())
		}
	}
	if s := par.String(); !strings.Contains(s, "adam lr=0.1 bs=10") || !strings.Contains(s, "← best") {
		t.Errorf("table:\n%s", s)
	}
	if got := par.Configs[0].Label(); got != "sgd lr=0.01 bs=10" {
		t.Errorf("first config %q", got)
	}
}

func TestSweepMemo(t *testing.T) {
	SetMemoDir(t.TempDir())
	defer SetMemoDir("")
	calls := 0
	train := circleData(30, 1)
	run := func(c SweepPoint) *History {
		return Train(circleModel()).Loss(CrossEntropy()).Data(train, nil).Epochs(1).Config(c).
			OnStep(func(int, float64) { calls++ }).Run()
	}
	grid := Grid{Optimizer: []OptimizerName{"sgd", "rmsprop"}}
	a := Sweep(grid).Parallel(1).Memo("sw").Run(run)
	n := calls
	b := Sweep(grid).Parallel(1).Memo("sw").Run(run)
	if n == 0 || calls != n {
		t.Errorf("memoized sweep retrained: %d then %d steps", n, calls)
	}
	for i := range a.List {
		if !a.List[i].Same(b.List[i]) {
			t.Error("memoized sweep returned different histories")
		}
	}
	if err := ForgetSweep("sw"); err != nil {
		t.Fatal(err)
	}
	Sweep(grid).Parallel(1).Memo("sw").Run(run)
	if calls == n {
		t.Error("ForgetSweep did not force training")
	}
}

func TestProgressFormats(t *testing.T) {
	p := progressState{label: "run", epoch: 2, epochs: 5, step: 30, steps: 100, loss: 0.5,
		valLoss: 0.25, acc: 0.75, elapsed: 3e9}
	text := p.text()
	for _, want := range []string{"epoch 2/5", "[######--------------]", "step 30/100", "loss 0.5", "val 0.25", "acc 0.750", "ETA 7s"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	p.note = "<stopped>"
	html := p.html()
	for _, want := range []string{"<b>run</b>", `<progress value="30.0" max="100"`, "epoch 2/5", "step 30/100", "&lt;stopped&gt;", "ETA 7s"} {
		if !strings.Contains(html, want) {
			t.Errorf("html %q lacks %q", html, want)
		}
	}
	p.done = true
	if !strings.Contains(p.text(), "(3s)") {
		t.Errorf("done text %q", p.text())
	}
	// Forced text progress writes lines ending in a newline.
	var buf bytes.Buffer
	tp := &textProgress{w: &buf}
	tp.show(p)
	tp.finish(p)
	if !strings.HasPrefix(buf.String(), "\r") || !strings.HasSuffix(buf.String(), "\n") {
		t.Errorf("text progress output %q", buf.String())
	}
}

func TestTrainRestoresMode(t *testing.T) {
	m := Sequential(Linear(2, 4), Dropout(0.5), Linear(4, 2)).Eval()
	Train(m).Loss(CrossEntropy()).Data(circleData(20, 1), nil).Epochs(1).Run()
	if m.Training() || m.Layers[1].Training() {
		t.Error("Run left the model in training mode")
	}
}

func TestSweepProgressFormat(t *testing.T) {
	p := progressState{sweep: true, label: "adam lr=0.1", step: 3, steps: 8, loss: 0.125, elapsed: 3e9}
	if got := p.text(); !strings.Contains(got, "3/8 runs done, last: adam lr=0.1 (loss 0.125) ETA 5s") {
		t.Errorf("sweep text %q", got)
	}
	if got := p.html(); !strings.Contains(got, "sweep: 3/8 runs done") {
		t.Errorf("sweep html %q", got)
	}
}

func TestSweepReportsPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), `run "bs=7"`) || !strings.Contains(fmt.Sprint(r), "BatchSize") {
			t.Errorf("panic %v", r)
		}
	}()
	Sweep(Grid{BatchSize: []int{4, 7}}).Run(func(c SweepPoint) *History {
		if c.BatchSize == 7 {
			panic("BatchSize 7 is unlucky")
		}
		return &History{}
	})
}

// TestTrainAllocationsPerStep checks that the trainer's cost per step does
// not grow with the dataset: one epoch over 4× the data takes 4× the steps
// and about 4× the allocations, not more.
func TestTrainAllocationsPerStep(t *testing.T) {
	perStep := func(n int) float64 {
		data := circleData(n, 1)
		m := circleModel()
		tr := Train(m).Loss(CrossEntropy()).Optimizer(Adam(0.01)).Data(data, nil).BatchSize(10).Epochs(1).Progress(false)
		return testing.AllocsPerRun(3, func() { tr.Run() }) / float64(n/10)
	}
	small, big := perStep(200), perStep(800)
	if big > small*1.05 {
		t.Errorf("allocations per step grow with the dataset: %.1f (200 samples) → %.1f (800)", small, big)
	}
}

// TestTrainFusedZeroGrad checks that letting Adam clear the gradients in its
// own pass (what Run does without OnStep functions) trains exactly like
// Step followed by ZeroGrad (what Run does with one), for a model large
// enough to be updated on several goroutines.
func TestTrainFusedZeroGrad(t *testing.T) {
	x, y := threeClasses(64, 200)
	data := TensorDataset(x, y)
	newModel := func() *SequentialModel {
		return Sequential(Linear(200, 200), ReLU(), Linear(200, 3)) // seeded: equal twins
	}
	if n := 200*200 + 200; n < fast.MinParallel {
		t.Fatalf("model has %d parameters, fewer than fast.MinParallel = %d", n, fast.MinParallel)
	}
	fused, plain := newModel(), newModel()
	hf := Train(fused).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
		BatchSize(8).Epochs(3).Seed(2).Progress(false).Run()
	hp := Train(plain).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
		BatchSize(8).Epochs(3).Seed(2).Progress(false).OnStep(func(int, float64) {}).Run()
	for i := range hf.StepLoss {
		if hf.StepLoss[i] != hp.StepLoss[i] {
			t.Fatalf("step %d: loss %v with the fused clear, %v with ZeroGrad", i+1, hf.StepLoss[i], hp.StepLoss[i])
		}
	}
	pf, pp := fused.Params(), plain.Params()
	for k := range pf {
		for i, v := range pf[k].Data() {
			if v != pp[k].Data()[i] {
				t.Fatalf("parameter %d element %d: %v with the fused clear, %v with ZeroGrad", k, i, v, pp[k].Data()[i])
			}
		}
	}
}

// TestShortPathAndTime checks how Memo messages show cache files and times.
func TestShortPathAndTime(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	inside := filepath.Join(wd, ".dlfun-cache", "mlp.dlfun")
	if got, want := shortPath(inside), filepath.Join(".dlfun-cache", "mlp.dlfun"); got != want {
		t.Errorf("shortPath(%q) = %q, want %q", inside, got, want)
	}
	outside := filepath.Join(filepath.Dir(wd), "elsewhere", "x.dlfun")
	if got := shortPath(outside); got != outside {
		t.Errorf("shortPath(%q) = %q, want it absolute", outside, got)
	}
	if got, want := shortTime("2026-11-28T04:48:00+01:00"), "2026-11-28 03:48 UTC"; got != want {
		t.Errorf("shortTime = %q, want %q", got, want)
	}
	if got := shortTime("yesterday"); got != "yesterday" {
		t.Errorf("shortTime(unparsable) = %q, want it unchanged", got)
	}
}

// TestDatasetFingerprintSeesEverySample checks that changing any one value
// of a dataset of moderate size changes its memo key.
func TestDatasetFingerprintSeesEverySample(t *testing.T) {
	x := NewRNG(1).Randn(3000, 20)
	y := Zeros(3000)
	ds := TensorDataset(x, y)
	before := DatasetFingerprint(ds)
	if again := DatasetFingerprint(ds); again != before {
		t.Fatal("the fingerprint of an unchanged dataset changed")
	}
	for _, i := range []int{0, 1, 1500, 1777, 2999} {
		old := x.At(i, 7)
		x.Set(old+1e-9, i, 7)
		if DatasetFingerprint(ds) == before {
			t.Errorf("changing sample %d left the fingerprint unchanged", i)
		}
		x.Set(old, i, 7)
		y.Data()[i] = 1
		if DatasetFingerprint(ds) == before {
			t.Errorf("changing target %d left the fingerprint unchanged", i)
		}
		y.Data()[i] = 0
	}
	if DatasetFingerprint(ds) != before {
		t.Error("restoring the values did not restore the fingerprint")
	}
}

// TestTrainFusedZeroGradOnEpochBackward checks that an OnEpoch function
// that runs a Backward of its own (LayerStats, as notebook 06 suggests)
// does not leak gradients into the next epoch's first step when Adam
// clears gradients in its own pass.
func TestTrainFusedZeroGradOnEpochBackward(t *testing.T) {
	x, y := threeClasses(64, 20)
	data := TensorDataset(x, y)
	newModel := func() *SequentialModel { return Sequential(Linear(20, 16), ReLU(), Linear(16, 3)) }
	fused, plain := newModel(), newModel()
	stats := func(m *SequentialModel) func(int, *History) {
		return func(int, *History) { LayerStats(m, x, y, CrossEntropy()) }
	}
	Train(fused).Loss(CrossEntropy()).Optimizer(Adam(1e-2)).Data(data, nil).
		BatchSize(8).Epochs(3).Seed(2).Progress(false).OnEpoch(stats(fused)).Run()
	Train(plain).Loss(CrossEntropy()).Optimizer(Adam(1e-2)).Data(data, nil).
		BatchSize(8).Epochs(3).Seed(2).Progress(false).OnEpoch(stats(plain)).OnStep(func(int, float64) {}).Run()
	pf, pp := fused.Params(), plain.Params()
	for k := range pf {
		for i, v := range pf[k].Data() {
			if v != pp[k].Data()[i] {
				t.Fatalf("parameter %d element %d: %v with the fused clear, %v with ZeroGrad", k, i, v, pp[k].Data()[i])
			}
		}
	}
}

// threeClasses returns n random points in d dimensions labelled 0, 1, 2,
// 0, … in turn.
func threeClasses(n, d int) (x, y *Tensor) {
	x, y = NewRNG(5).Randn(n, d), Zeros(n)
	for i := range n {
		y.Data()[i] = float64(i % 3)
	}
	return x, y
}

package dl

import (
	"os"
	"strings"
	"testing"
	"time"
)

// liveData is an XOR-like 2-D classification set of n points.
func liveData(n int, seed uint64) Dataset {
	rng := NewRNG(seed)
	x := rng.Uniform(-1, 1, n, 2)
	y := make([]float64, n)
	d := x.Data()
	for i := range y {
		if d[2*i]*d[2*i+1] > 0 {
			y[i] = 1
		}
	}
	return TensorDataset(x, New(y, n))
}

// liveRun trains a small MLP for 10 epochs, with or without the live view
// (its display faked by sink), and returns the wall time and the chart.
func liveRun(t testing.TB, live bool, sink func(id, html string)) (time.Duration, *LiveChart, *History) {
	train, val := liveData(48000, 1), liveData(2000, 2) // about 1 s: long enough for live redraws (liveEvery)
	model := Sequential(Linear(2, 64), ReLU(), Linear(64, 64), ReLU(), Linear(64, 1))
	tr := Train(model).Loss(BCEWithLogits()).Optimizer(Adam(0.01)).Data(train, val).
		BatchSize(16).Epochs(10).Seed(1).Progress(false)
	var lc *LiveChart
	if live {
		liveForce, liveSink = true, sink
		defer func() { liveForce, liveSink = false, nil }()
		lc = LivePlot("live test")
		if lc == nil {
			t.Fatal("LivePlot returned nil with liveForce on")
		}
		tr.OnStep(lc.Step).OnEpoch(lc.Epoch)
	}
	t0 := time.Now()
	h := tr.Run()
	lc.Done(h)
	return time.Since(t0), lc, h
}

func TestLiveChartDrawsAndFinishes(t *testing.T) {
	var htmls []string
	ids := map[string]bool{}
	sink := func(id, html string) {
		time.Sleep(2 * time.Millisecond) // the notebook connection
		htmls = append(htmls, html)
		ids[id] = true
	}
	d, lc, h := liveRun(t, true, sink)
	n, spent := lc.Draws()
	t.Logf("run %v, %d draws, %v drawing (%.2f %%)", d, n, spent, 100*spent.Seconds()/d.Seconds())
	if n != len(htmls) || n < 2 {
		t.Fatalf("draws = %d (sink saw %d), want at least one live and the final draw", n, len(htmls))
	}
	if len(ids) != 1 {
		t.Errorf("live chart used %d output ids, want 1 (updated in place)", len(ids))
	}
	// The throttle: a live draw starts only while the drawing time so far
	// is within liveBudget of the elapsed time, so the live draws together
	// exceed the budget by at most one draw. (The final draw comes on top.)
	live := spent - lc.lastCost
	if bound := time.Duration(liveBudget*float64(d)) + lc.maxCost; live > bound {
		t.Errorf("live draws took %v, more than the budget %v", live, bound)
	}
	last := htmls[len(htmls)-1]
	if strings.Contains(last, "training…") || !strings.Contains(last, `"animation":true`) {
		t.Errorf("final chart is still the live one (progress subtitle or no animation)")
	}
	if !strings.Contains(htmls[0], `"animation":false`) {
		t.Errorf("live draws should not animate")
	}
	if h.Epochs() != 10 {
		t.Errorf("epochs = %d, want 10", h.Epochs())
	}
}

func TestLiveChartNilOutsideNotebook(t *testing.T) {
	lc := LivePlot("x")
	if lc != nil {
		t.Fatal("LivePlot outside a notebook should be nil")
	}
	lc.Step(1, 0.5) // nil-safe
	lc.Epoch(1, &History{})
	lc.Done(&History{})
	if n, _ := lc.Draws(); n != 0 {
		t.Fatal("nil LiveChart drew")
	}
}

// slowSink fakes the notebook: it keeps the last HTML and waits 2 ms per
// update, about what GoNB's pipe and Sync take for a 20 KB chart.
func slowSink(last *string) func(id, html string) {
	return func(id, html string) {
		time.Sleep(2 * time.Millisecond)
		*last = html
	}
}

// TestLiveOverhead compares the wall time of a 10-epoch run with and
// without the live view (best of 3 each, interleaved): the live view may
// cost at most 5 %. Wall-clock comparisons are only meaningful on a quiet
// machine, so it runs on request (DLFUN_TIMING_TESTS=1, e.g. from make
// bench); the throttle's budget itself is checked in TestLiveChartDrawsAndFinishes
// on every run, and BenchmarkTrainLive/BenchmarkTrainNoLive give figures.
func TestLiveOverhead(t *testing.T) {
	if os.Getenv("DLFUN_TIMING_TESTS") == "" {
		t.Skip("wall-clock comparison: set DLFUN_TIMING_TESTS=1 on a quiet machine")
	}
	var last string
	best := [2]time.Duration{time.Hour, time.Hour}
	draws := 0
	for range 3 {
		for i, live := range []bool{false, true} {
			d, lc, _ := liveRun(t, live, slowSink(&last))
			best[i] = min(best[i], d)
			if lc != nil {
				draws, _ = lc.Draws()
			}
		}
	}
	over := best[1].Seconds()/best[0].Seconds() - 1
	t.Logf("10 epochs: without live view %v, with %v (%d draws): %+.1f %%", best[0], best[1], draws, 100*over)
	if over > 0.05 {
		t.Errorf("live view costs %.1f %% of a 10-epoch run, want ≤ 5 %%", 100*over)
	}
}

// BenchmarkTrainLive measures a 10-epoch run with the live view (faked
// display with 2 ms per update); compare with BenchmarkTrainNoLive.
func BenchmarkTrainLive(b *testing.B) {
	var last string
	for b.Loop() {
		liveRun(b, true, slowSink(&last))
	}
}

// BenchmarkTrainNoLive is the same run without the live view.
func BenchmarkTrainNoLive(b *testing.B) {
	for b.Loop() {
		liveRun(b, false, nil)
	}
}

// TestTrainerLiveHook drives the live chart the way the trainer's run loop
// does (newTrainerLive's doc), with the History known from the first step.
func TestTrainerLiveHook(t *testing.T) {
	if newTrainerLive("x", 3, 0, &History{}) != nil {
		t.Fatal("live view outside a notebook")
	}
	var htmls []string
	liveForce, liveSink = true, func(id, html string) { htmls = append(htmls, html) }
	defer func() { liveForce, liveSink = false, nil }()
	if newTrainerLive("x", 3, -1, &History{}) != nil {
		t.Fatal("live view with the progress display off")
	}
	h := &History{StepsPerEpoch: 4}
	live := newTrainerLive("run", 3, 0, h)
	live.start = time.Now().Add(-time.Hour) // pretend the run is long: no throttling by budget
	live.last = live.start
	step := 0
	for epoch := 1; epoch <= 3; epoch++ {
		for range 4 {
			step++
			h.StepLoss = append(h.StepLoss, 1/float64(step))
			live.Step(step, 1/float64(step))
			live.last = live.start // every step may draw
		}
		h.TrainLoss = append(h.TrainLoss, 1/float64(epoch))
		live.Epoch(epoch, h)
		live.last = live.start
	}
	live.Done(h)
	if len(htmls) != 3*4+3+1 {
		t.Fatalf("%d draws, want every step, every epoch and the final one", len(htmls))
	}
	if len(live.own.StepLoss) != 0 {
		t.Error("following the trainer's History, the chart must not copy the step losses")
	}
	if !strings.Contains(htmls[0], `"name":"epoch"`) || !strings.Contains(htmls[5], "epoch 2/3") ||
		!strings.Contains(htmls[14], "epoch 3/3") {
		t.Errorf("live chart should use the epoch axis and show the progress: %.300s", htmls[5])
	}
}

// TestPlotAfterLiveIsNotRepeated: h.Plot().Show() after a training run
// whose live view already shows that chart redraws the live block (the
// course showed the same chart twice, one under the other); a different
// chart of the run is a new output.
func TestPlotAfterLiveIsNotRepeated(t *testing.T) {
	var ids []string
	liveForce, liveSink = true, func(id, _ string) { ids = append(ids, id) }
	defer func() { liveForce, liveSink = false, nil }()
	t.Setenv("DLFUN_PLOT_DIR", t.TempDir())
	h := &History{Label: "run", StepsPerEpoch: 1, TrainLoss: []float64{3, 2, 1}, StepLoss: []float64{3, 2, 1}}
	live := newTrainerLive("run", 3, 0, h)
	live.Done(h)
	if len(ids) != 1 {
		t.Fatalf("%d live draws, want the final one", len(ids))
	}
	h.Plot().Show()
	if len(ids) != 2 || ids[1] != ids[0] {
		t.Errorf("h.Plot().Show() drew into %v, want the live block %s again", ids[1:], ids[0])
	}
	other := &History{Label: "run", StepsPerEpoch: 1, TrainLoss: []float64{3, 2, 1}, StepLoss: []float64{3, 2, 1}}
	out := captureStdout(t, func() { other.Plot().Show(); h.Plot("step").Show() })
	if len(ids) != 2 || strings.Count(out, "chart written to") != 2 {
		t.Errorf("another run's chart and another chart of the run must be new outputs: draws %v, stdout %q", ids, out)
	}
}

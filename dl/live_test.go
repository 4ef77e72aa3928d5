package dl

import (
	"strings"
	"testing"
	"time"
)

// liveData is an XOR-like 2-D classification set of n points.
func liveData(n int, seed uint64) Dataset {
	rng := NewRNG(seed)
	x := Uniform(rng, -1, 1, n, 2)
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
	train, val := liveData(12000, 1), liveData(2000, 2)
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
		time.Sleep(5 * time.Millisecond) // a slow notebook connection
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
	if frac := spent.Seconds() / d.Seconds(); frac > 0.05 {
		t.Errorf("drawing took %.1f %% of the run, want ≤ 5 %%", 100*frac)
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

// slowSink fakes the notebook: it keeps the last HTML and waits 5 ms per
// update, more than GoNB's pipe and Sync take for a 20 KB chart.
func slowSink(last *string) func(id, html string) {
	return func(id, html string) {
		time.Sleep(5 * time.Millisecond)
		*last = html
	}
}

// TestLiveOverhead compares the wall time of a 10-epoch run with and
// without the live view (best of 3 each, interleaved): the live view may
// cost at most 5 %.
func TestLiveOverhead(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 6 times for about 1 s each")
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
// display with 5 ms per update); compare with BenchmarkTrainNoLive.
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

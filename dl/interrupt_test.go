package dl

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// interruptAt returns an OnStep function that sends SIGINT to this process
// after step k and waits until the trainer's handler has seen it, so that
// training must stop before step k+1. Without the handler, the signal ends
// the test binary and the test fails. (It may run in a sweep's goroutine:
// it reports with t.Error, not t.Fatal.)
func interruptAt(t *testing.T, k int) func(step int, loss float64) {
	return func(step int, _ float64) {
		if step != k {
			return
		}
		p, err := os.FindProcess(os.Getpid())
		if err == nil {
			err = p.Signal(os.Interrupt)
		}
		if err != nil {
			t.Errorf("sending SIGINT: %v", err)
			return
		}
		for deadline := time.Now().Add(5 * time.Second); !interrupted(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Error("SIGINT was not seen by the trainer within 5 s")
				return
			}
		}
	}
}

// resetInterrupt forgets an interrupt (a notebook cell's process never does).
func resetInterrupt(t *testing.T) {
	interrupt.marked.Store(false)
	t.Cleanup(func() { interrupt.marked.Store(false) })
}

func TestTrainInterrupted(t *testing.T) {
	train, val := circleData(60, 1), circleData(30, 2)
	tests := []struct {
		name   string
		memo   string
		stopAt int // SIGINT after this global step (3 steps per epoch)
		want   string
		epochs int // complete epochs in the History
	}{
		{"first epoch", "", 2, "interrupted at epoch 1/5, step 2", 0},
		{"third epoch", "", 7, "interrupted at epoch 3/5, step 7", 2},
		{"between epochs", "", 6, "interrupted at epoch 2/5, step 6", 2}, // as the progress bar shows it
		{"memoized", "toy", 4, "interrupted at epoch 2/5, step 4", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resetInterrupt(t)
			dir := t.TempDir()
			SetMemoDir(dir)
			defer SetMemoDir("")
			var htmls []string
			liveForce, liveSink = true, func(id, html string) { htmls = append(htmls, html) }
			defer func() { liveForce, liveSink = false, nil }()
			var out bytes.Buffer
			tr := Train(circleModel()).Loss(CrossEntropy()).Optimizer(Adam(0.01)).Data(train, val).
				BatchSize(20).Epochs(5).OnStep(interruptAt(t, tc.stopAt))
			if tc.memo != "" {
				tr.Memo(tc.memo)
			}
			tr.out = &out
			start := time.Now()
			h := tr.Run()
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Run took %v after the interrupt", d)
			}
			if !h.Interrupted || h.Stopped != tc.want {
				t.Errorf("Stopped %q (Interrupted %v), want %q", h.Stopped, h.Interrupted, tc.want)
			}
			if len(h.StepLoss) != tc.stopAt || h.Epochs() != tc.epochs {
				t.Errorf("History has %d steps and %d epochs, want %d and %d (the partial run)", len(h.StepLoss), h.Epochs(), tc.stopAt, tc.epochs)
			}
			if !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "History so far") {
				t.Errorf("output does not print the partial History:\n%s", out.String())
			}
			if len(htmls) == 0 || !strings.Contains(htmls[len(htmls)-1], tc.want) {
				t.Errorf("the final live chart does not say %q", tc.want)
			}
			entries, err := os.ReadDir(dir)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if len(entries) != 0 {
				t.Errorf("the memo cache holds %v after an interrupted run, want nothing", entries)
			}
			if tc.memo != "" && !strings.Contains(out.String(), "not saved, training was interrupted") {
				t.Errorf("Memo does not say it did not save:\n%s", out.String())
			}
			// The rest of the cell does not train again: the process stays interrupted.
			again := Train(circleModel()).Loss(CrossEntropy()).Data(train, val).BatchSize(20).Epochs(5)
			again.out = &out
			if h := again.Run(); !h.Interrupted || len(h.StepLoss) != 0 {
				t.Errorf("a Train after the interrupt ran %d steps", len(h.StepLoss))
			}
			if interrupt.depth != 0 {
				t.Errorf("SIGINT still caught after Run returned (depth %d)", interrupt.depth)
			}
		})
	}
}

func TestSweepInterrupted(t *testing.T) {
	resetInterrupt(t)
	train := circleData(60, 1)
	res := Sweep(Grid{LR: []float64{0.1, 0.01, 0.001}}).Parallel(1).Progress(false).Run(func(c SweepPoint) *History {
		tr := Train(circleModel()).Loss(CrossEntropy()).Data(train, nil).BatchSize(20).Epochs(4).Config(c)
		if c.LR == 0.01 {
			tr.OnStep(interruptAt(t, 5))
		}
		tr.out = &bytes.Buffer{}
		return tr.Run()
	})
	want := []struct {
		steps   int
		stopped string
	}{{12, ""}, {5, "interrupted at epoch 2/4, step 5"}, {0, "interrupted before it started"}}
	for i, w := range want {
		h := res.List[i]
		if len(h.StepLoss) != w.steps || h.Stopped != w.stopped || h.Interrupted != (w.stopped != "") {
			t.Errorf("run %d: %d steps, Stopped %q, want %d steps, %q", i, len(h.StepLoss), h.Stopped, w.steps, w.stopped)
		}
	}
	if s := res.String(); strings.Count(s, "(interrupted)") != 2 {
		t.Errorf("the table marks %d runs interrupted, want 2:\n%s", strings.Count(s, "(interrupted)"), s)
	}
}

func TestProgressSaysInterrupted(t *testing.T) {
	note := "interrupted at epoch 15/50, step 7000"
	p := progressState{label: "run", epoch: 15, epochs: 50, step: 7000, steps: 23450, loss: 0.3, valLoss: math.NaN(), acc: math.NaN(),
		elapsed: 20 * time.Second, done: true, note: note}
	sweep := progressState{sweep: true, step: 2, steps: 6, done: true, note: "interrupted: 2 of 6 runs done"}
	for _, s := range []string{p.text(), p.html(), sweep.text(), sweep.html()} {
		if strings.Contains(s, "ETA") || !strings.Contains(s, "interrupted") {
			t.Errorf("progress after an interrupt: %q", s)
		}
	}
}

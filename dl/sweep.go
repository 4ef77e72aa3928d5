package dl

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Grid lists the values to try in a sweep; every combination is one run.
// Empty fields are left out of the configurations (the trainer's default is
// used). Optimizer names are those of NewOptimizer.
type Grid struct {
	LR        []float64
	BatchSize []int
	Optimizer []string
	Seed      []uint64
}

// Config is one combination of a Grid, handed to the function a sweep runs.
// Zero fields were not part of the grid.
type Config struct {
	LR        float64
	BatchSize int
	Optimizer string
	Seed      uint64
	memo      string // memo name prefix of the sweep, if any
}

// Label names the configuration, e.g. "adam lr=0.001 bs=64"; it is the
// History's label and the key of SweepResult.Histories.
func (c Config) Label() string {
	var parts []string
	if c.Optimizer != "" {
		parts = append(parts, c.Optimizer)
	}
	if c.LR != 0 {
		parts = append(parts, fmt.Sprintf("lr=%g", c.LR))
	}
	if c.BatchSize != 0 {
		parts = append(parts, fmt.Sprintf("bs=%d", c.BatchSize))
	}
	if c.Seed != 0 {
		parts = append(parts, fmt.Sprintf("seed=%d", c.Seed))
	}
	return strings.Join(parts, " ")
}

// NewOptimizer returns the configuration's optimizer (NewOptimizer with its
// name and learning rate; "sgd" and lr 0.01 when absent).
func (c Config) NewOptimizer() Optimizer {
	name, lr := c.Optimizer, c.LR
	if name == "" {
		name = "sgd"
	}
	if lr == 0 {
		lr = 0.01
	}
	return NewOptimizer(name, lr)
}

// NewOptimizer returns an optimizer by name with learning rate lr and the
// usual other settings: "gd" or "sgd" (SGD), "momentum" (η = 0.9),
// "nesterov" (η = 0.9), "adagrad", "adadelta" (ρ = 0.9, lr is the step
// factor, 1 in the paper), "rmsprop", "adam", "adamw" (β = 0.01·lr,
// PyTorch's default decay).
func NewOptimizer(name string, lr float64) Optimizer {
	switch strings.ToLower(name) {
	case "gd":
		return GD(lr)
	case "sgd":
		return SGD(lr)
	case "momentum":
		return Momentum(lr, 0.9)
	case "nesterov":
		return Nesterov(lr, 0.9)
	case "adagrad":
		return AdaGrad(lr)
	case "adadelta":
		o := AdaDelta(0.9)
		o.SetLR(lr)
		return o
	case "rmsprop":
		return RMSProp(lr)
	case "adam":
		return Adam(lr)
	case "adamw":
		return AdamW(lr, 0.01*lr)
	}
	panic(errorf("NewOptimizer: unknown optimizer %q; use gd, sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam or adamw", name))
}

// Config applies a sweep configuration to the trainer: its optimizer and
// learning rate, batch size and seed (those set in the grid), the label,
// no progress bar of its own, and the sweep's Memo if it has one. Call it
// last in the chain, so that it overrides an Optimizer or BatchSize set
// before.
func (t *Trainer) Config(c Config) *Trainer {
	if c.Optimizer != "" || c.LR != 0 {
		t.opt = c.NewOptimizer()
	}
	if c.BatchSize != 0 {
		t.batch = c.BatchSize
	}
	if c.Seed != 0 {
		t.seed = c.Seed
	}
	t.label = c.Label()
	t.progress = -1
	if c.memo != "" {
		t.memoName = c.memo + "/" + c.Label()
		t.out = quietWriter{}
	}
	return t
}

// quietWriter drops memo messages of the runs of a sweep (the sweep
// reports once).
type quietWriter struct{}

// Write discards p.
func (quietWriter) Write(p []byte) (int, error) { return len(p), nil }

// SweepRunner runs a Grid; make one with Sweep.
type SweepRunner struct {
	grid     Grid
	parallel int
	memo     string
	progress int
}

// Sweep returns a runner for every combination of grid, for the lab's
// "plot the loss and accuracy while changing the learning rate, batch size
// and optimizer":
//
//	res := dl.Sweep(dl.Grid{
//		LR:        []float64{0.001, 0.01, 0.1},
//		Optimizer: []string{"sgd", "adam"},
//	}).Run(func(c dl.Config) *dl.History {
//		model := dl.Sequential(dl.Linear(2, 16), dl.ReLU(), dl.Linear(16, 2))
//		return dl.Train(model).Loss(dl.CrossEntropy()).Data(train, val).Epochs(20).Config(c).Run()
//	})
//	fmt.Println(res)            // a table: one row per configuration
//	best := res.Best()
//
// The runs are independent and execute in parallel, at most GOMAXPROCS at a
// time (see Parallel). The function must build its own model (not share one
// between runs); since models and the trainer are seeded, each run gives
// the same History whether the sweep runs in parallel or not.
func Sweep(grid Grid) *SweepRunner {
	return &SweepRunner{grid: grid, parallel: runtime.GOMAXPROCS(0)}
}

// Parallel sets the maximum number of runs at the same time (1: one after
// the other) and returns the runner.
func (s *SweepRunner) Parallel(n int) *SweepRunner {
	s.parallel = max(1, n)
	return s
}

// Memo memoizes every run of the sweep under name/label (see
// Trainer.Memo): a re-run of the cell loads the finished runs. It works
// when the function passes its Config to the trainer with Config(c).
func (s *SweepRunner) Memo(name string) *SweepRunner { s.memo = name; return s }

// Progress forces the sweep's progress display on or off.
func (s *SweepRunner) Progress(on bool) *SweepRunner {
	s.progress = -1
	if on {
		s.progress = 1
	}
	return s
}

// Configs returns every combination of the grid, in order (the last field
// varies fastest: LR, then BatchSize, Optimizer, Seed).
func (s *SweepRunner) Configs() []Config {
	cfgs := []Config{{memo: s.memo}}
	expand := func(n int, set func(c *Config, i int)) {
		if n == 0 {
			return
		}
		var out []Config
		for _, c := range cfgs {
			for i := 0; i < n; i++ {
				d := c
				set(&d, i)
				out = append(out, d)
			}
		}
		cfgs = out
	}
	g := s.grid
	expand(len(g.LR), func(c *Config, i int) { c.LR = g.LR[i] })
	expand(len(g.BatchSize), func(c *Config, i int) { c.BatchSize = g.BatchSize[i] })
	expand(len(g.Optimizer), func(c *Config, i int) { c.Optimizer = g.Optimizer[i] })
	expand(len(g.Seed), func(c *Config, i int) { c.Seed = g.Seed[i] })
	return cfgs
}

// Run calls run for every configuration and collects the histories.
func (s *SweepRunner) Run(run func(c Config) *History) *SweepResult {
	cfgs := s.Configs()
	res := &SweepResult{Configs: cfgs, Histories: map[string]*History{}}
	hs := make([]*History, len(cfgs))
	sweepsRunning.Add(1)
	defer sweepsRunning.Add(-1)
	defer catchInterrupt()() // an interrupt stops the running runs and skips the others
	prog := newProgress(s.progress)
	start := time.Now()
	var mu sync.Mutex
	done := 0
	var failed []string // panics of runs, re-raised after all runs ended
	var cause error     // the first of them that is an error
	sem := make(chan struct{}, s.parallel)
	var wg sync.WaitGroup
	for i, c := range cfgs {
		sem <- struct{}{}
		if interrupted() {
			<-sem
			hs[i] = &History{Label: c.Label(), Stopped: "interrupted before it started", Interrupted: true}
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					failed = append(failed, fmt.Sprintf("run %q: %v", c.Label(), r))
					if err, ok := r.(error); ok && cause == nil {
						cause = err
					}
					mu.Unlock()
				}
			}()
			h := run(c)
			if h == nil {
				h = &History{}
			}
			h.Label = c.Label()
			hs[i] = h
			mu.Lock()
			done++
			if prog != nil {
				prog.show(progressState{sweep: true, label: c.Label(), step: done, steps: len(cfgs),
					loss: h.score(), elapsed: time.Since(start)})
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		e := errorf("Sweep: %s", strings.Join(failed, "; "))
		e.Err, e.Hint = cause, ""
		if inner, ok := cause.(*Error); ok {
			e.Kind, e.Hint = inner.Kind, inner.Hint
		}
		panic(e)
	}
	note := ""
	if interrupted() {
		note = fmt.Sprintf("interrupted: %d of %d runs done (the others stopped early or did not start)", countComplete(hs), len(cfgs))
		fmt.Fprintln(os.Stdout, "dl.Sweep:", note)
	}
	if prog != nil {
		prog.finish(progressState{sweep: true, step: done, steps: len(cfgs), elapsed: time.Since(start), done: true, note: note})
	}
	if s.memo != "" {
		dir := shortPath(filepath.Join(MemoDir(), safeFileName(s.memo)))
		fmt.Fprintf(os.Stdout, "dl.Sweep %q: runs cached in %s; dl.ForgetSweep(%q) retrains\n", s.memo, dir, s.memo)
	}
	res.List = hs
	for i, c := range cfgs {
		res.Histories[c.Label()] = hs[i]
	}
	return res
}

// countComplete counts the histories that were not interrupted.
func countComplete(hs []*History) int {
	n := 0
	for _, h := range hs {
		if h != nil && !h.Interrupted {
			n++
		}
	}
	return n
}

// ForgetSweep deletes the cached runs of a memoized sweep.
func ForgetSweep(name string) error {
	return os.RemoveAll(filepath.Join(MemoDir(), safeFileName(name)))
}

// SweepResult holds the histories of a sweep.
type SweepResult struct {
	Configs   []Config            // the configurations, in grid order
	List      []*History          // their histories, in the same order
	Histories map[string]*History // the histories by Config.Label
}

// Best returns the configuration with the lowest final validation loss
// (training loss without validation data) and its history.
func (r *SweepResult) Best() (Config, *History) {
	best := -1
	for i, h := range r.List {
		if best < 0 || h.score() < r.List[best].score() {
			best = i
		}
	}
	if best < 0 {
		return Config{}, nil
	}
	return r.Configs[best], r.List[best]
}

// Ranked returns the indices of the runs from best to worst.
func (r *SweepResult) Ranked() []int {
	idx := make([]int, len(r.List))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.List[idx[a]].score() < r.List[idx[b]].score() })
	return idx
}

// String formats the sweep as a table, one row per configuration in grid
// order, with the final losses and accuracies and the best run marked.
func (r *SweepResult) String() string {
	w := len("config")
	hasVal, hasAcc := false, false
	for i, c := range r.Configs {
		w = max(w, len(c.Label()))
		hasVal = hasVal || r.List[i].ValLoss != nil
		hasAcc = hasAcc || r.List[i].TrainAcc != nil
	}
	bestCfg, _ := r.Best()
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %10s", w, "config", "train loss")
	if hasVal {
		fmt.Fprintf(&b, "  %10s", "val loss")
	}
	if hasAcc {
		fmt.Fprintf(&b, "  %9s", "train acc")
		if hasVal {
			fmt.Fprintf(&b, "  %9s", "val acc")
		}
	}
	fmt.Fprintf(&b, "  %6s", "epochs")
	for i, c := range r.Configs {
		h := r.List[i]
		tl, vl := h.Final()
		ta, va := h.FinalAcc()
		fmt.Fprintf(&b, "\n%-*s  %10.4f", w, c.Label(), tl)
		if hasVal {
			fmt.Fprintf(&b, "  %10.4f", vl)
		}
		if hasAcc {
			fmt.Fprintf(&b, "  %9.4f", ta)
			if hasVal {
				fmt.Fprintf(&b, "  %9.4f", va)
			}
		}
		fmt.Fprintf(&b, "  %6d", h.Epochs())
		if c.Label() == bestCfg.Label() {
			b.WriteString("  ← best")
		}
		switch {
		case h.Interrupted:
			b.WriteString("  (interrupted)")
		case h.Stopped != "" && !strings.HasPrefix(h.Stopped, "early"):
			b.WriteString("  (diverged)")
		}
	}
	return b.String()
}

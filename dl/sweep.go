package dl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Grid lists the values to try in a sweep; every combination is one run,
// a SweepPoint. Empty fields are left out of the points: the run keeps
// what its function set on the trainer.
type Grid struct {
	LR        []float64
	BatchSize []int
	Optimizer []OptimizerName
	Seed      []uint64
}

// SweepPoint is one combination of a Grid, handed to the function a sweep
// runs; pass it on with Trainer.Config. Zero fields were not part of the
// grid.
type SweepPoint struct {
	LR        float64
	BatchSize int
	Optimizer OptimizerName
	Seed      uint64
	memo      string // memo name prefix of the sweep, if any
}

// Config is the old name of SweepPoint.
//
// Deprecated: use SweepPoint.
type Config = SweepPoint

// Label names the point, e.g. "adam lr=0.001 bs=64"; it is the History's
// label and the key of SweepResult.Histories.
func (c SweepPoint) Label() string {
	var parts []string
	if c.Optimizer != "" {
		parts = append(parts, string(c.Optimizer))
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

// OptimizerName names an optimizer that a sweep can try. Each makes the
// optimizer of that name with the point's learning rate λ and the settings
// below (everything else at the constructor's defaults):
//
//	"gd"        GD(λ)
//	"sgd"       SGD(λ)
//	"momentum"  Momentum(λ, 0.9)
//	"nesterov"  Nesterov(λ, 0.9)
//	"adagrad"   AdaGrad(λ)
//	"adadelta"  AdaDelta(0.9) with SetLR(λ) (λ multiplies each step; 1 in the paper)
//	"rmsprop"   RMSProp(λ)
//	"adam"      Adam(λ)
//	"adamw"     AdamW(λ, 0.01·λ): PyTorch's AdamW default, weight_decay 0.01
//
// To sweep an optimizer with other settings, leave Optimizer out of the
// grid and set it in the run's function.
type OptimizerName string

// OptimizerNames are the names OptimizerName.New knows, in the order above.
var OptimizerNames = []OptimizerName{"gd", "sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw"}

// New returns the optimizer n names with learning rate lr (see
// OptimizerName). An unknown name panics with the list of known ones.
func (n OptimizerName) New(lr float64) Optimizer {
	switch n {
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
	panic(errorf("OptimizerName: unknown optimizer %q; use one of %v (lower case)", string(n), OptimizerNames))
}

// Config applies a sweep point to the trainer and returns it: the
// optimizer and learning rate, batch size and seed (those in the grid), the
// label, no progress bar of its own, and the sweep's Memo if it has one.
// Call it last in the chain, so that it overrides what was set before:
//
//   - a point with an Optimizer replaces the trainer's optimizer with
//     p.Optimizer.New(λ), λ being the point's LR or, without one, the
//     learning rate of the optimizer it replaces;
//   - a point with an LR only sets that learning rate on the trainer's
//     optimizer (SGD(0.01) if none was set).
func (t *Trainer) Config(p SweepPoint) *Trainer {
	if t.opt == nil && (p.Optimizer != "" || p.LR != 0) {
		t.opt = SGD(defaultLR)
	}
	switch {
	case p.Optimizer != "":
		lr := p.LR
		if lr == 0 {
			lr = t.opt.LR()
		}
		t.opt = p.Optimizer.New(lr)
	case p.LR != 0:
		t.opt.SetLR(p.LR)
	}
	if p.BatchSize != 0 {
		t.batch = p.BatchSize
	}
	if p.Seed != 0 {
		t.seed = p.Seed
	}
	t.label = p.Label()
	t.progress = -1
	if p.memo != "" {
		t.memoName = p.memo + "/" + p.Label()
		t.out = io.Discard // the sweep reports the memo once
	}
	return t
}

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
//		Optimizer: []dl.OptimizerName{"sgd", "adam"},
//	}).Run(func(p dl.SweepPoint) *dl.History {
//		model := dl.Sequential(dl.Linear(2, 16), dl.ReLU(), dl.Linear(16, 2))
//		return dl.Train(model).Loss(dl.CrossEntropy()).Data(train, val).Epochs(20).Config(p).Run()
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
// when the function passes its SweepPoint to the trainer with Config(p).
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
func (s *SweepRunner) Configs() []SweepPoint {
	cfgs := []SweepPoint{{memo: s.memo}}
	expand := func(n int, set func(c *SweepPoint, i int)) {
		if n == 0 {
			return
		}
		var out []SweepPoint
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
	expand(len(g.LR), func(c *SweepPoint, i int) { c.LR = g.LR[i] })
	expand(len(g.BatchSize), func(c *SweepPoint, i int) { c.BatchSize = g.BatchSize[i] })
	expand(len(g.Optimizer), func(c *SweepPoint, i int) { c.Optimizer = g.Optimizer[i] })
	expand(len(g.Seed), func(c *SweepPoint, i int) { c.Seed = g.Seed[i] })
	return cfgs
}

// Run calls run for every configuration and collects the histories.
func (s *SweepRunner) Run(run func(p SweepPoint) *History) *SweepResult {
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
	Configs   []SweepPoint        // the points of the grid, in grid order
	List      []*History          // their histories, in the same order
	Histories map[string]*History // the histories by SweepPoint.Label
}

// Best returns the configuration with the lowest final validation loss
// (training loss without validation data) and its history.
func (r *SweepResult) Best() (SweepPoint, *History) {
	best := -1
	for i, h := range r.List {
		if best < 0 || h.score() < r.List[best].score() {
			best = i
		}
	}
	if best < 0 {
		return SweepPoint{}, nil
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

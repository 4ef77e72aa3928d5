package dl

import (
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/dlfun/dlfun/dl/display"
)

// trainRun is one Run of a Trainer: the History it fills and everything
// the loop in Trainer.run needs besides the model, the loss and the
// optimizer. Each method is one hook of that loop.
type trainRun struct {
	t      *Trainer
	h      *History
	params []*Tensor
	start  time.Time

	perm       []int    // the order of the samples in this epoch
	rng        *RNG     // shuffles perm
	train, val *batcher // mini-batches of the training and validation sets
	bs, steps  int      // batch size and steps per epoch

	classify classifierLoss // the loss, if it can count correct predictions
	lr0      float64        // the learning rate when Run started (schedules scale it)

	epoch, stepN int     // the epoch (from 1) and the global step (from 1)
	sumLoss      float64 // this epoch's loss, summed over samples
	correct      int     // this epoch's correct predictions
	gradsZero    bool    // the last step left every gradient zero
	done         bool    // stopped: interrupted, diverged or early stopping
	wasTraining  bool    // the model's mode before Run
	prog         progressSink
	ps           progressState
	live         *LiveChart // nil outside a notebook
	best         float64    // best epoch score (validation loss, or training loss)
	bestEpoch    int
	badEpochs    int         // epochs since the best one
	bestParams   [][]float64 // the parameters of the best epoch (with EarlyStopping)
	wantAccuracy bool
}

// newRun prepares a run: the History, the batches, the progress display and
// the live chart, and the model in training mode.
func (t *Trainer) newRun() *trainRun {
	n := t.train.Len()
	bs := min(t.batch, n)
	r := &trainRun{t: t, params: t.model.Params(), start: time.Now(), bs: bs, steps: (n + bs - 1) / bs,
		rng: NewRNG(t.seed), perm: make([]int, n), train: newBatcher(t.train, bs),
		lr0: t.opt.LR(), best: math.Inf(1), wasTraining: t.model.Training()}
	for i := range r.perm {
		r.perm[i] = i
	}
	r.h = &History{Label: t.label, StepsPerEpoch: r.steps}
	r.classify, r.wantAccuracy = t.loss.(classifierLoss)
	if r.wantAccuracy {
		r.h.TrainAcc = []float64{}
	}
	if t.val != nil {
		r.val = newBatcher(t.val, bs)
		r.h.ValLoss = []float64{}
		if r.wantAccuracy {
			r.h.ValAcc = []float64{}
		}
	}
	if s, ok := t.model.(noiseSeeder); ok {
		s.seedNoise(deriveSeed(t.seed, 1<<20))
	}
	force := t.progress
	if force == 0 && sweepsRunning.Load() > 0 {
		force = -1
	}
	r.prog = newProgress(force)
	r.live = newTrainerLive(t.label, t.epochs, force, r.h)
	r.ps = progressState{label: t.label, epochs: t.epochs, steps: r.steps * t.epochs, valLoss: math.NaN(), acc: math.NaN()}
	t.model.SetTraining(true)
	return r
}

// restoreMode puts the model back in the mode it had before Run.
func (r *trainRun) restoreMode() { r.t.model.SetTraining(r.wasTraining) }

// stopped reports whether the run stopped before its last epoch.
func (r *trainRun) stopped() bool { return r.done }

// startEpoch sets the epoch's learning rate (Schedule) and shuffles the
// samples (unless NoShuffle).
func (r *trainRun) startEpoch(epoch int) {
	t := r.t
	r.epoch, r.sumLoss, r.correct = epoch, 0, 0
	if t.sched != nil {
		t.opt.SetLR(t.sched.Rate(r.lr0, epoch-1))
	}
	r.h.LR = append(r.h.LR, t.opt.LR())
	if !t.noShuffle {
		r.rng.Shuffle(len(r.perm), func(i, j int) { r.perm[i], r.perm[j] = r.perm[j], r.perm[i] })
	}
}

// batches returns the epoch's mini-batches, as index lists: consecutive
// pieces of the shuffled order.
func (r *trainRun) batches() iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		n := len(r.perm)
		for b := 0; b < r.steps; b++ {
			if !yield(r.perm[b*r.bs : min((b+1)*r.bs, n)]) {
				return
			}
		}
	}
}

// batch gathers the samples idx into the input and target tensors.
func (r *trainRun) batch(idx []int) (x, y *Tensor) { return r.train.get(idx) }

// interrupted stops the run when the kernel was interrupted (the stop
// button): Run returns the History so far.
func (r *trainRun) interrupted() bool {
	if !interrupted() {
		return false
	}
	epoch := r.epoch
	if epoch > 1 && r.stepN <= (epoch-1)*r.steps {
		// Stopped before the epoch's first step: the progress bar still
		// shows the epoch that ended, and so does the note.
		epoch--
	}
	r.h.Stopped = fmt.Sprintf("interrupted at epoch %d/%d, step %d", epoch, r.t.epochs, r.stepN)
	r.h.Interrupted, r.done = true, true
	return true
}

// zeroGrad clears the gradients before the backward pass, unless the last
// step already did (see step).
func (r *trainRun) zeroGrad() {
	if !r.gradsZero {
		ZeroGrad(r.params...)
	}
}

// diverged counts the step and stops the run if the loss is NaN or ±Inf:
// every later step would be NaN too.
func (r *trainRun) diverged(loss *Tensor) bool {
	r.stepN++
	lv := loss.Item()
	if !math.IsNaN(lv) && !math.IsInf(lv, 0) {
		return false
	}
	r.h.Stopped = nanMessage(r.stepN, r.epoch, lv, r.t.opt.LR())
	loss.Release()
	r.done = true
	return true
}

// step clips the gradients (ClipGradNorm) and updates the parameters. An
// optimizer that can clear the gradients as it reads them (Adam) does, which
// saves ZeroGrad's pass over memory, unless an OnStep function may want to
// look at them.
func (r *trainRun) step() {
	t := r.t
	if t.clip > 0 {
		ClipGradNorm(r.params, t.clip)
	}
	if o, ok := t.opt.(gradClearingOptimizer); ok && len(t.onStep) == 0 {
		o.stepAndZeroGrad(r.params...)
		r.gradsZero = true
	} else {
		t.opt.Step(r.params...)
		r.gradsZero = false
	}
}

// record ends a step: it counts the correct predictions, frees the step's
// graph (Release), and reports the loss to the History, the live chart,
// the OnStep functions and the progress bar.
func (r *trainRun) record(pred, y, loss *Tensor) {
	if r.wantAccuracy {
		r.correct += r.classify.correct(pred, y)
	}
	lv := loss.Item()
	loss.Release()
	r.h.StepLoss = append(r.h.StepLoss, lv)
	r.live.Step(r.stepN, lv)
	r.sumLoss += lv * float64(y.shape[0])
	for _, f := range r.t.onStep {
		f(r.stepN, lv)
	}
	if r.prog != nil {
		r.ps.epoch, r.ps.step, r.ps.loss, r.ps.elapsed = r.epoch, r.stepN, lv, time.Since(r.start)
		r.prog.show(r.ps)
	}
}

// endEpoch records the epoch's losses and accuracies (training and
// validation), calls the OnEpoch functions, updates the live chart and
// applies early stopping.
func (r *trainRun) endEpoch() {
	t, h, epoch := r.t, r.h, r.epoch
	n := float64(len(r.perm))
	h.TrainLoss = append(h.TrainLoss, r.sumLoss/n)
	if r.wantAccuracy {
		h.TrainAcc = append(h.TrainAcc, float64(r.correct)/n)
		r.ps.acc = lastOf(h.TrainAcc)
	}
	score := lastOf(h.TrainLoss)
	if r.val != nil {
		vl, vc := t.evaluate(r.val, r.bs)
		h.ValLoss = append(h.ValLoss, vl)
		if r.wantAccuracy {
			h.ValAcc = append(h.ValAcc, vc)
			r.ps.acc = vc
		}
		score = vl
		r.ps.valLoss = vl
	}
	if score < r.best {
		r.best, r.bestEpoch, r.badEpochs = score, epoch, 0
		if t.patience > 0 {
			r.bestParams = snapshot(r.params, r.bestParams)
		}
	} else {
		r.badEpochs++
	}
	h.BestEpoch = r.bestEpoch
	for _, f := range t.onEpoch {
		f(epoch, h)
	}
	// An OnEpoch function may have run a Backward of its own (LayerStats,
	// a gradient check): the next epoch starts with ZeroGrad again.
	r.gradsZero = false
	r.live.Epoch(epoch, h)
	r.stopEarly()
}

// stopEarly ends the run when the score has not improved for EarlyStopping
// epochs, putting back the parameters of the best epoch.
func (r *trainRun) stopEarly() {
	t := r.t
	if t.patience > 0 && r.badEpochs >= t.patience && r.epoch < t.epochs {
		r.h.Stopped = fmt.Sprintf("early stopping after epoch %d: no improvement for %d epochs; parameters restored to epoch %d (loss %.4g)",
			r.epoch, t.patience, r.bestEpoch, r.best)
		restore(r.params, r.bestParams)
		r.done = true
	}
}

// finish completes the History, closes the live chart and the progress
// display, says why the run stopped early, and returns the History.
func (r *trainRun) finish() *History {
	t, h := r.t, r.h
	h.Seconds = time.Since(r.start).Seconds()
	r.live.Done(h)
	if r.prog != nil {
		r.ps.done, r.ps.elapsed, r.ps.note = true, time.Since(r.start), h.Stopped
		r.prog.finish(r.ps)
	}
	switch {
	case h.Interrupted:
		fmt.Fprintf(t.out, "dl.Train: %s; Run returns the History so far (%d steps, %d complete epochs):\n%s\n",
			h.Stopped, len(h.StepLoss), h.Epochs(), h)
	case h.Stopped != "" && (r.prog == nil || !display.InNotebook()):
		fmt.Fprintln(t.out, "dl.Train:", h.Stopped)
	}
	return h
}

// snapshot copies the parameter values into dst (allocated on first use).
func snapshot(params []*Tensor, dst [][]float64) [][]float64 {
	if dst == nil {
		dst = make([][]float64, len(params))
	}
	for i, p := range params {
		dst[i] = append(dst[i][:0], p.Data()...)
	}
	return dst
}

func restore(params []*Tensor, src [][]float64) {
	if src == nil {
		return
	}
	for i, p := range params {
		copy(p.Data(), src[i])
	}
}

package dl

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// Trainer is the fluent training loop; make one with Train, configure it
// with its methods and start it with Run.
type Trainer struct {
	model      Module
	loss       Loss
	opt        Optimizer
	train, val Dataset
	batch      int
	epochs     int
	seed       uint64
	noShuffle  bool
	sched      Schedule
	onStep     []func(step int, loss float64)
	onEpoch    []func(epoch int, h *History)
	patience   int
	clip       float64
	progress   int // 1 on, −1 off, 0 automatic
	label      string
	memoName   string
	out        io.Writer
}

// Train starts the description of a training run of model; finish it with
// Run:
//
//	hist := dl.Train(model).
//		Loss(dl.CrossEntropy()).
//		Optimizer(dl.Adam(1e-3)).
//		Data(train, val).
//		BatchSize(64).
//		Epochs(5).
//		Seed(1).
//		Run()
//
// Defaults: MSE loss, SGD(0.01), batch size 32, 1 epoch, seed DefaultSeed,
// samples shuffled every epoch. A run is deterministic: the same model,
// data, settings and seed give the same History, value for value.
func Train(model Module) *Trainer {
	return &Trainer{model: model, batch: 32, epochs: 1, seed: DefaultSeed, out: os.Stdout}
}

// defaultLR is the learning rate of the trainer's default optimizer,
// SGD(0.01).
const defaultLR = 0.01

// Loss sets the loss function (default MSE()).
func (t *Trainer) Loss(l Loss) *Trainer { t.loss = l; return t }

// Optimizer sets the optimizer (default SGD(0.01)). It keeps its state
// across Runs, so a second Run continues where the first stopped.
func (t *Trainer) Optimizer(o Optimizer) *Trainer { t.opt = o; return t }

// Data sets the training set and the validation set (val may be nil). The
// validation loss (and accuracy) is measured after every epoch in eval mode.
func (t *Trainer) Data(train, val Dataset) *Trainer { t.train, t.val = train, val; return t }

// BatchSize sets the number of samples per optimizer step (default 32). The
// last batch of an epoch may be smaller. BatchSize(train.Len()) is
// full-batch gradient descent, BatchSize(1) the "pure" SGD of the slides.
func (t *Trainer) BatchSize(n int) *Trainer { t.batch = n; return t }

// Epochs sets the number of passes over the training set (default 1).
func (t *Trainer) Epochs(n int) *Trainer { t.epochs = n; return t }

// Seed sets the seed of the shuffling and of the model's Dropout masks
// (default DefaultSeed). It does not re-initialise the model's weights: seed
// the model for that (Sequential(...).Seed(s)).
func (t *Trainer) Seed(seed uint64) *Trainer { t.seed = seed; return t }

// NoShuffle keeps the samples in dataset order in every epoch.
func (t *Trainer) NoShuffle() *Trainer { t.noShuffle = true; return t }

// Schedule changes the learning rate at the start of every epoch:
// epoch e (from 0) uses s.Rate(lr₀, e), lr₀ being the optimizer's rate when
// Run starts.
func (t *Trainer) Schedule(s Schedule) *Trainer { t.sched = s; return t }

// ClipGradNorm clips the gradients to a total norm of at most maxNorm
// before every step (see ClipGradNorm).
func (t *Trainer) ClipGradNorm(maxNorm float64) *Trainer { t.clip = maxNorm; return t }

// EarlyStopping stops training when the validation loss (the training loss
// without validation data) has not improved for patience epochs in a row,
// and puts back the parameters of the best epoch.
func (t *Trainer) EarlyStopping(patience int) *Trainer { t.patience = patience; return t }

// OnStep adds a function called after every optimizer step with the global
// step number (from 1) and the batch's loss. The parameters' Grad() then
// hold the batch's gradient (without OnStep functions, Adam may clear them
// as it reads them, which saves a pass over memory).
func (t *Trainer) OnStep(f func(step int, loss float64)) *Trainer {
	t.onStep = append(t.onStep, f)
	return t
}

// OnEpoch adds a function called after every epoch with the epoch number
// (from 1) and the history so far (its last entries are this epoch's).
func (t *Trainer) OnEpoch(f func(epoch int, h *History)) *Trainer {
	t.onEpoch = append(t.onEpoch, f)
	return t
}

// Progress forces the progress display on or off. By default it is shown
// in a notebook (an HTML bar updated in place) and in a terminal (a text
// line), and not when the output goes to a file or a test log.
func (t *Trainer) Progress(on bool) *Trainer {
	t.progress = -1
	if on {
		t.progress = 1
	}
	return t
}

// Label sets the label of the History (default: the optimizer and batch size).
func (t *Trainer) Label(label string) *Trainer { t.label = label; return t }

// Memo makes Run reuse an earlier result: if the cache (MemoDir) holds a
// run named name with the same configuration (model architecture and
// initial parameters, loss, optimizer, batch size, epochs, seed, schedule,
// data), Run loads its trained parameters into the model and returns its
// History without training. Otherwise it trains and saves the result. This
// is how a notebook trains once and reuses the model in later cells, each
// cell being a fresh process. See ForgetMemo and DLFUN_NO_MEMO.
func (t *Trainer) Memo(name string) *Trainer { t.memoName = name; return t }

// sweepsRunning counts running sweeps: trainers inside a sweep show no
// progress of their own.
var sweepsRunning atomic.Int32

// Run trains and returns the History. It panics if the model, data or loss
// do not fit together, with a message saying how. The model trains in
// training mode and is put back in the mode it had before (call
// model.Eval() before predicting with Dropout or BatchNorm1d layers).
// After Run, a parameter's Grad() holds the last batch's gradient or zeros;
// for a gradient to look at, run a Backward of your own.
func (t *Trainer) Run() *History {
	t.defaults()
	if t.memoName != "" {
		return memoRun(t.memoName, t.model, t.fingerprint(), t.out, t.run)
	}
	return t.run()
}

func (t *Trainer) defaults() {
	if t.loss == nil {
		t.loss = MSE()
	}
	if t.opt == nil {
		t.opt = SGD(defaultLR)
	}
	if t.train == nil || t.train.Len() == 0 {
		panic(errorf("Train: no training data; call .Data(train, val) with a non-empty Dataset (e.g. dl.TensorDataset(x, y))"))
	}
	if t.batch < 1 {
		panic(errorf("Train: BatchSize(%d) must be ≥ 1", t.batch))
	}
	if t.epochs < 1 {
		panic(errorf("Train: Epochs(%d) must be ≥ 1", t.epochs))
	}
	if t.label == "" {
		t.label = fmt.Sprintf("%s bs=%d", t.opt, t.batch)
	}
}

// batcher gathers mini-batches of a dataset into buffers allocated once.
type batcher struct {
	ds           Dataset
	sshape       []int
	tshape       []int
	ssize, tsize int
	xbuf, ybuf   []float64
	x, y         *Tensor // the last batch's tensors, reused while the size is the same
}

func newBatcher(ds Dataset, batch int) *batcher {
	b := &batcher{ds: ds, sshape: ds.SampleShape(), tshape: ds.TargetShape()}
	b.ssize, b.tsize = shapeSize(b.sshape), shapeSize(b.tshape)
	n := min(batch, ds.Len())
	b.xbuf = make([]float64, n*b.ssize)
	b.ybuf = make([]float64, n*b.tsize)
	return b
}

// get gathers the samples idx and returns them as tensors (which use the
// batcher's buffers: they are valid until the next get).
func (b *batcher) get(idx []int) (x, y *Tensor) {
	k := len(idx)
	xs, ys := b.xbuf[:k*b.ssize], b.ybuf[:k*b.tsize]
	b.ds.Gather(idx, xs, ys)
	if b.x == nil || b.x.Size() != len(xs) {
		b.x = New(xs, append([]int{k}, b.sshape...)...)
		b.y = New(ys, append([]int{k}, b.tshape...)...)
	}
	return b.x, b.y
}

func shapeSize(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// classifierLoss is implemented by losses that can count correct predictions.
type classifierLoss interface {
	correct(pred, target *Tensor) int
}

// run is the training loop of the slides: for every epoch, for every
// mini-batch, forward, loss, backward and an optimizer step.
//
// The rest of a training run attaches through the methods of trainRun
// (train_hooks.go), named for what they do: the learning-rate schedule and
// the shuffle at the start of an epoch, the interrupt and NaN guards, the
// fused clearing of the gradients, the progress bar and the live chart,
// validation, OnStep/OnEpoch and early stopping.
func (t *Trainer) run() *History {
	defer catchInterrupt()()
	r := t.newRun()
	defer r.restoreMode()
	for epoch := 1; epoch <= t.epochs && !r.stopped(); epoch++ {
		r.startEpoch(epoch) // schedule, shuffle
		for idx := range r.batches() {
			if r.interrupted() {
				break
			}
			x, y := r.batch(idx)
			r.zeroGrad()
			pred := t.model.Forward(x)      // forward
			loss := t.loss.Forward(pred, y) // loss
			if r.diverged(loss) {
				break
			}
			loss.Backward() // backward
			r.step()        // optimizer step (after ClipGradNorm, if set)
			r.record(pred, y, loss)
		}
		if !r.stopped() {
			r.endEpoch() // validation, OnEpoch, live chart, early stopping
		}
	}
	return r.finish()
}

// evaluate returns the loss and accuracy on a dataset in eval mode.
func (t *Trainer) evaluate(b *batcher, bs int) (loss, acc float64) {
	model := t.model
	model.SetTraining(false)
	defer model.SetTraining(true)
	n := b.ds.Len()
	idx := make([]int, 0, bs)
	classify, isClass := t.loss.(classifierLoss)
	sum, correct := 0.0, 0
	for start := 0; start < n; start += bs {
		idx = idx[:0]
		for i := start; i < min(start+bs, n); i++ {
			idx = append(idx, i)
		}
		x, y := b.get(idx)
		pred := model.Forward(x)
		l := t.loss.Forward(pred, y)
		sum += l.Item() * float64(len(idx))
		if isClass {
			correct += classify.correct(pred, y)
		}
		l.Release()
	}
	return sum / float64(n), float64(correct) / float64(n)
}

// nanMessage explains a diverged run.
func nanMessage(step, epoch int, v, lr float64) string {
	return fmt.Sprintf("the loss became %v at step %d (epoch %d), so training stopped there. The learning rate %g is probably too large: try a smaller one (e.g. %g), or clip the gradients (ClipGradNorm).",
		v, step, epoch, lr, lr/10)
}

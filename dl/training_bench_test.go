package dl

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user+system CPU time: on a machine shared
// with other jobs it is a steadier measure than wall-clock time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Benchmarks of the training stack. Commands (numbers in the closing note
// of issue 4):
//
//	go test -run '^$' -bench 'LogRegGD2000' -benchtime 20x ./dl/
//	go test -run '^$' -bench 'MLPAdamEpoch' -benchtime 1x ./dl/

// people50 returns a People50-sized problem: 50 people × (height, weight,
// gender), standardised, labelled overweight or not.
func people50() (x, y *Tensor) {
	rng := NewRNG(50)
	x = rng.Normal(0, 1, 50, 3)
	y = Zeros(50, 1)
	for i := 0; i < 50; i++ {
		if 0.8*x.At(i, 1)-0.6*x.At(i, 0)+0.2*x.At(i, 2)+0.3*rng.NormFloat64() > 0 {
			y.Data()[i] = 1
		}
	}
	return x, y
}

// BenchmarkLogRegGD2000 is logistic regression σ(xw + b) with BCE on 50×3,
// full-batch gradient descent, 2000 steps: through the trainer, and as the
// hand-written loop a notebook would contain.
func BenchmarkLogRegGD2000(b *testing.B) {
	x, y := people50()
	b.Run("trainer", func(b *testing.B) {
		b.ReportAllocs()
		var total, cpu time.Duration
		for b.Loop() {
			model := Sequential(Linear(3, 1), Sigmoid())
			start, c0 := time.Now(), cpuTime()
			Train(model).Loss(BCE()).Optimizer(GD(0.1)).Data(TensorDataset(x, y), nil).
				BatchSize(50).Epochs(2000).NoShuffle().Progress(false).Run()
			total += time.Since(start)
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(total.Microseconds())/float64(b.N)/2000, "µs/step")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N)/2000, "cpu-µs/step")
	})
	b.Run("loop", func(b *testing.B) {
		b.ReportAllocs()
		var total, cpu time.Duration
		for b.Loop() {
			model := Sequential(Linear(3, 1), Sigmoid())
			params := model.Params()
			opt, lossFn := GD(0.1), BCE()
			start, c0 := time.Now(), cpuTime()
			for step := 0; step < 2000; step++ {
				ZeroGrad(params...)
				loss := lossFn.Forward(model.Forward(x), y)
				loss.Backward()
				opt.Step(params...)
				loss.Release()
			}
			total += time.Since(start)
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(total.Microseconds())/float64(b.N)/2000, "µs/step")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N)/2000, "cpu-µs/step")
	})
}

// mnistLike is a Dataset of MNIST's size (60000 × 28·28, 10 classes) with
// random pixels stored as bytes like the real one, converted per batch.
type mnistLike struct {
	pix    []uint8
	labels []uint8
}

func newMNISTLike(n int) *mnistLike {
	rng := NewRNG(784)
	d := &mnistLike{pix: make([]uint8, n*784), labels: make([]uint8, n)}
	for i := range d.pix {
		d.pix[i] = uint8(rng.IntN(256))
	}
	for i := range d.labels {
		d.labels[i] = uint8(rng.IntN(10))
	}
	return d
}

func (d *mnistLike) Len() int           { return len(d.labels) }
func (d *mnistLike) SampleShape() []int { return []int{784} }
func (d *mnistLike) TargetShape() []int { return nil }
func (d *mnistLike) Gather(idx []int, x, y []float64) {
	for k, i := range idx {
		src := d.pix[i*784 : (i+1)*784]
		dst := x[k*784 : (k+1)*784]
		for j, p := range src {
			dst[j] = float64(p) / 255
		}
		y[k] = float64(d.labels[i])
	}
}

// BenchmarkMLPAdamEpoch is one epoch of a 784-256-128-10 ReLU MLP with
// CrossEntropy and Adam(1e-3) at batch 64 on MNIST-sized random data
// (938 steps).
func BenchmarkMLPAdamEpoch(b *testing.B) {
	data := newMNISTLike(60000)
	b.ReportAllocs()
	for b.Loop() {
		model := Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))
		Train(model).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
			BatchSize(64).Epochs(1).Progress(false).Run()
	}
}

// BenchmarkMLPAdamStep is one step of the same MLP (forward, backward,
// Adam), for a quicker measurement: an epoch is 938 of them.
func BenchmarkMLPAdamStep(b *testing.B) {
	data := newMNISTLike(64 * 20)
	model := Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))
	tr := Train(model).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
		BatchSize(64).Epochs(1).Progress(false)
	b.ReportAllocs()
	steps := 0
	for b.Loop() {
		tr.Run()
		steps += 20
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(steps), "µs/step")
}

// BenchmarkAdamStepMLP is one Adam update of the 784-256-128-10 MLP's
// 235 146 parameters: at batch 1 it costs more than forward and backward.
func BenchmarkAdamStepMLP(b *testing.B) {
	model := Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))
	params := model.Params()
	for _, p := range params {
		p.gradData()
	}
	opt := Adam(1e-3)
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		opt.Step(params...)
	}
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(b.N), "cpu-µs/op")
}

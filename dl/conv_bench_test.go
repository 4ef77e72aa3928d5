package dl

import (
	"testing"
	"time"
)

// Benchmarks of a LeNet-style convolutional network on MNIST-sized data.
// Commands:
//
//	go test -run '^$' -bench 'LeNetAdamStep' ./dl/
//	go test -run '^$' -bench 'LeNetAdamEpoch' -benchtime 1x ./dl/
//	go test -run '^$' -bench 'Conv2dLeNet' ./dl/

// mnistImages is mnistLike seen as 1×28×28 images.
type mnistImages struct{ *mnistLike }

func (mnistImages) SampleShape() []int { return []int{1, 28, 28} }

// leNet is LeNet-5 with ReLU and max pooling: conv 5×5×6 (padding 2) → pool
// → conv 5×5×16 → pool → 120 → 84 → 10, 61 706 parameters.
func leNet() *SequentialModel {
	return Sequential(
		Conv2d(1, 6, 5).Padding(2), ReLU(), MaxPool2d(2), // 6×28×28 → 6×14×14
		Conv2d(6, 16, 5), ReLU(), MaxPool2d(2), // 16×10×10 → 16×5×5
		Flatten(),
		Linear(16*5*5, 120), ReLU(),
		Linear(120, 84), ReLU(),
		Linear(84, 10),
	)
}

// BenchmarkLeNetAdamEpoch is one epoch of leNet with CrossEntropy and
// Adam(1e-3) at batch 64 on MNIST-sized random data (938 steps).
func BenchmarkLeNetAdamEpoch(b *testing.B) {
	data := mnistImages{newMNISTLike(60000)}
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		model := leNet()
		c0 := cpuTime()
		Train(model).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
			BatchSize(64).Epochs(1).Progress(false).Run()
		cpu += cpuTime() - c0
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/epoch")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/epoch")
}

// BenchmarkLeNetAdamStep is one training step of the same network
// (forward, backward, Adam) at batch 64: an epoch is 938 of them.
func BenchmarkLeNetAdamStep(b *testing.B) {
	data := mnistImages{newMNISTLike(64 * 20)}
	tr := Train(leNet()).Loss(CrossEntropy()).Optimizer(Adam(1e-3)).Data(data, nil).
		BatchSize(64).Epochs(1).Progress(false)
	tr.Run() // warm the buffer pool
	b.ReportAllocs()
	steps, c0 := 0, cpuTime()
	for b.Loop() {
		tr.Run()
		steps += 20
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(steps), "µs/step")
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/float64(steps), "cpu-µs/step")
}

// BenchmarkConv2dLeNet times the forward and backward pass of LeNet's two
// convolutions at batch 64 alone and reports their GFLOP/s (2 flops per
// multiply-add of the three products: forward, ∂L/∂w and ∂L/∂x; the first
// layer's ∂L/∂x is skipped like in training, since images need none).
func BenchmarkConv2dLeNet(b *testing.B) {
	rng := NewRNG(5)
	for _, c := range []struct {
		name          string
		x             *Tensor
		f, k, pad     int
		inputGradient bool
	}{
		{"conv1_1x28x28_6x5x5_p2", rng.Rand(64, 1, 28, 28), 6, 5, 2, false},
		{"conv2_6x14x14_16x5x5", rng.Rand(64, 6, 14, 14).RequiresGrad(), 16, 5, 0, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			l := Conv2d(c.x.shape[1], c.f, c.k).Padding(c.pad)
			y := l.Forward(c.x)
			n, oh, ow := c.x.shape[0], y.shape[2], y.shape[3]
			macs := float64(n * c.f * oh * ow * c.x.shape[1] * c.k * c.k)
			passes := 2.0
			if c.inputGradient {
				passes = 3
			}
			b.ReportAllocs()
			c0 := cpuTime()
			for b.Loop() {
				loss := l.Forward(c.x).Sum()
				loss.Backward()
				loss.Release()
			}
			flops := 2 * passes * macs * float64(b.N)
			b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			// Per second of CPU time: a steadier figure on a shared machine
			// (for both cores busy, twice the wall-clock figure).
			b.ReportMetric(flops/(cpuTime()-c0).Seconds()/1e9, "GFLOP/cpu-s")
		})
	}
}

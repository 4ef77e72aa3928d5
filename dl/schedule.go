package dl

import (
	"fmt"
	"math"
)

// A Schedule gives the learning rate for each epoch, starting from the
// optimizer's initial rate. Schedules work with any Optimizer through
// LR/SetLR; the trainer applies one with Train(model).Schedule(s), and a
// hand-written loop does it at the start of each epoch:
//
//	lr0 := opt.LR()
//	for epoch := 0; epoch < 20; epoch++ {
//		opt.SetLR(sched.Rate(lr0, epoch))
//		... one epoch of steps ...
//	}
//
// The epoch counts from 0, so Rate(lr0, 0) = lr0, like PyTorch's
// torch.optim.lr_scheduler after 'epoch' calls of scheduler.step().
type Schedule interface {
	Rate(lr0 float64, epoch int) float64
	String() string
}

// StepLR multiplies the learning rate by gamma every stepSize epochs:
//
//	λ_e = λ₀ · γ^⌊e / stepSize⌋
//
// PyTorch: torch.optim.lr_scheduler.StepLR(opt, step_size, gamma).
func StepLR(stepSize int, gamma float64) Schedule {
	if stepSize < 1 {
		panic(errorf("StepLR: stepSize %d must be ≥ 1 (epochs between decays)", stepSize))
	}
	return stepLR{stepSize, gamma}
}

type stepLR struct {
	size  int
	gamma float64
}

// Rate implements Schedule.
func (s stepLR) Rate(lr0 float64, epoch int) float64 {
	return lr0 * math.Pow(s.gamma, float64(epoch/s.size))
}

// String names the schedule.
func (s stepLR) String() string { return fmt.Sprintf("StepLR(step=%d, gamma=%g)", s.size, s.gamma) }

// ExponentialLR multiplies the learning rate by gamma every epoch:
//
//	λ_e = λ₀ · γ^e
//
// PyTorch: torch.optim.lr_scheduler.ExponentialLR(opt, gamma).
func ExponentialLR(gamma float64) Schedule { return expLR{gamma} }

type expLR struct{ gamma float64 }

// Rate implements Schedule.
func (s expLR) Rate(lr0 float64, epoch int) float64 { return lr0 * math.Pow(s.gamma, float64(epoch)) }

// String names the schedule.
func (s expLR) String() string { return fmt.Sprintf("ExponentialLR(gamma=%g)", s.gamma) }

// CosineLR anneals the learning rate from λ₀ to minLR along half a cosine
// over tMax epochs and then stays at minLR:
//
//	λ_e = minLR + (λ₀ − minLR) · (1 + cos(π e / tMax)) / 2,   e ≤ tMax
//
// PyTorch: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=tMax,
// eta_min=minLR) gives the same rates for e ≤ tMax (it then rises again
// along the cosine; here it stays at minLR).
func CosineLR(tMax int, minLR float64) Schedule {
	if tMax < 1 {
		panic(errorf("CosineLR: tMax %d must be ≥ 1 (epochs to anneal over)", tMax))
	}
	return cosineLR{tMax, minLR}
}

type cosineLR struct {
	tMax int
	min  float64
}

// Rate implements Schedule.
func (s cosineLR) Rate(lr0 float64, epoch int) float64 {
	e := min(epoch, s.tMax)
	return s.min + (lr0-s.min)*(1+math.Cos(math.Pi*float64(e)/float64(s.tMax)))/2
}

// String names the schedule.
func (s cosineLR) String() string { return fmt.Sprintf("CosineLR(tMax=%d, min=%g)", s.tMax, s.min) }

package dl

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// History is the record of a training run, returned by the trainer's Run
// (and by Sweep for every configuration). Its data is plain slices, ready
// to plot or overlay:
//
//   - StepLoss has one entry per optimizer step: the loss of that
//     mini-batch (noisy for SGD, smooth for full-batch GD).
//   - TrainLoss, ValLoss, TrainAcc, ValAcc and LR have one entry per
//     epoch: TrainLoss is the average of the epoch's batch losses
//     (weighted by batch size), ValLoss the loss on the validation set
//     after the epoch, in eval mode. The accuracies are nil unless the loss
//     is a classification loss (BCE, BCEWithLogits, CrossEntropy, NLL);
//     ValLoss and ValAcc are nil without a validation set.
//
// Entry e of the per-epoch slices is epoch e+1; steps of epoch e are
// StepLoss[e·StepsPerEpoch : (e+1)·StepsPerEpoch].
type History struct {
	Label         string    // what was trained, e.g. "Adam(lr=0.001, …) bs=64"
	StepLoss      []float64 // loss of every optimizer step
	TrainLoss     []float64 // per epoch
	ValLoss       []float64 // per epoch; nil without validation data
	TrainAcc      []float64 // per epoch; nil for regression losses
	ValAcc        []float64 // per epoch; nil for regression or without validation data
	LR            []float64 // learning rate used in each epoch
	StepsPerEpoch int
	BestEpoch     int     // 1-based epoch with the lowest ValLoss (TrainLoss without validation)
	Stopped       string  // why training stopped before the last epoch ("" if it did not)
	Interrupted   bool    // stopped by an interrupt (SIGINT): a partial run, never memoized
	Seconds       float64 // wall-clock training time (not part of the result's identity)
}

// Epochs returns the number of completed epochs.
func (h *History) Epochs() int { return len(h.TrainLoss) }

// Final returns the last epoch's training and validation loss (NaN when
// absent).
func (h *History) Final() (trainLoss, valLoss float64) {
	return lastOf(h.TrainLoss), lastOf(h.ValLoss)
}

// FinalAcc returns the last epoch's training and validation accuracy (NaN
// when absent).
func (h *History) FinalAcc() (trainAcc, valAcc float64) {
	return lastOf(h.TrainAcc), lastOf(h.ValAcc)
}

// score is what "best" means: the last validation loss, else the last
// training loss (+Inf if there is none or it is NaN).
func (h *History) score() float64 {
	v := lastOf(h.ValLoss)
	if math.IsNaN(v) {
		v = lastOf(h.TrainLoss)
	}
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

func lastOf(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[len(x)-1]
}

// String formats the history as a table, one row per epoch:
//
//	epoch  train loss  val loss  train acc  val acc
//	    1      0.6523    0.6012     0.6200   0.6600
func (h *History) String() string {
	var b strings.Builder
	if h.Label != "" {
		fmt.Fprintf(&b, "%s\n", h.Label)
	}
	cols := []struct {
		name string
		v    []float64
	}{{"train loss", h.TrainLoss}, {"val loss", h.ValLoss}, {"train acc", h.TrainAcc}, {"val acc", h.ValAcc}}
	fmt.Fprintf(&b, "%5s", "epoch")
	for _, c := range cols {
		if c.v != nil {
			fmt.Fprintf(&b, "  %10s", c.name)
		}
	}
	for e := range h.TrainLoss {
		fmt.Fprintf(&b, "\n%5d", e+1)
		for _, c := range cols {
			if c.v != nil {
				fmt.Fprintf(&b, "  %10.4f", valueAt(c.v, e))
			}
		}
	}
	if h.Stopped != "" {
		fmt.Fprintf(&b, "\nstopped: %s", h.Stopped)
	}
	return b.String()
}

func valueAt(x []float64, i int) float64 {
	if i < len(x) {
		return x[i]
	}
	return math.NaN()
}

// Same reports whether two histories hold the same results (everything but
// Seconds), value for value: what "deterministic" means for training.
func (h *History) Same(o *History) bool {
	a, b := *h, *o
	a.Seconds, b.Seconds = 0, 0
	ja, _ := json.Marshal(&a)
	jb, _ := json.Marshal(&b)
	return string(ja) == string(jb)
}

// historyJSON is History's JSON form: NaN and ±Inf (a diverged run) are
// written as strings, which plain JSON numbers cannot hold.
type historyJSON struct {
	Label         string      `json:"label"`
	StepLoss      []jsonFloat `json:"step_loss"`
	TrainLoss     []jsonFloat `json:"train_loss"`
	ValLoss       []jsonFloat `json:"val_loss,omitempty"`
	TrainAcc      []jsonFloat `json:"train_acc,omitempty"`
	ValAcc        []jsonFloat `json:"val_acc,omitempty"`
	LR            []jsonFloat `json:"lr"`
	StepsPerEpoch int         `json:"steps_per_epoch"`
	BestEpoch     int         `json:"best_epoch"`
	Stopped       string      `json:"stopped,omitempty"`
	Seconds       float64     `json:"seconds"`
}

// jsonFloat is a float64 that survives JSON even when it is NaN or ±Inf.
type jsonFloat float64

// MarshalJSON writes a number, or "NaN", "+Inf", "-Inf".
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = jsonFloat(math.NaN())
	case `"+Inf"`:
		*f = jsonFloat(math.Inf(1))
	case `"-Inf"`:
		*f = jsonFloat(math.Inf(-1))
	default:
		var v float64
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*f = jsonFloat(v)
	}
	return nil
}

func toJSONFloats(x []float64) []jsonFloat {
	if x == nil {
		return nil
	}
	out := make([]jsonFloat, len(x))
	for i, v := range x {
		out[i] = jsonFloat(v)
	}
	return out
}

func fromJSONFloats(x []jsonFloat) []float64 {
	if x == nil {
		return nil
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// MarshalJSON writes the history as JSON (NaN and ±Inf as strings).
func (h *History) MarshalJSON() ([]byte, error) {
	return json.Marshal(historyJSON{
		Label: h.Label, StepLoss: toJSONFloats(h.StepLoss), TrainLoss: toJSONFloats(h.TrainLoss),
		ValLoss: toJSONFloats(h.ValLoss), TrainAcc: toJSONFloats(h.TrainAcc), ValAcc: toJSONFloats(h.ValAcc),
		LR: toJSONFloats(h.LR), StepsPerEpoch: h.StepsPerEpoch, BestEpoch: h.BestEpoch,
		Stopped: h.Stopped, Seconds: h.Seconds,
	})
}

// UnmarshalJSON reads a history written by MarshalJSON.
func (h *History) UnmarshalJSON(b []byte) error {
	var j historyJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*h = History{
		Label: j.Label, StepLoss: fromJSONFloats(j.StepLoss), TrainLoss: fromJSONFloats(j.TrainLoss),
		ValLoss: fromJSONFloats(j.ValLoss), TrainAcc: fromJSONFloats(j.TrainAcc), ValAcc: fromJSONFloats(j.ValAcc),
		LR: fromJSONFloats(j.LR), StepsPerEpoch: j.StepsPerEpoch, BestEpoch: j.BestEpoch,
		Stopped: j.Stopped, Seconds: j.Seconds,
	}
	return nil
}

package dl

import (
	"fmt"
	"strings"
)

// ModelSummary is the layer table made by Summary.
type ModelSummary struct {
	Input []int        // the shape of one sample
	Rows  []SummaryRow // one per layer, nested Sequential models expanded
	Total int          // trainable values in the whole model
}

// SummaryRow is one layer of a ModelSummary.
type SummaryRow struct {
	Layer  string // e.g. "(0) Linear(784 → 256)"
	Output []int  // output shape of one sample (without the batch dimension)
	Params int    // trainable values of this layer
}

// Summary passes one zero sample of shape inputShape through m (in eval
// mode, so nothing is updated; the mode is restored afterwards) and returns
// a table of the layers with their output shapes and parameter counts.
// Print it:
//
//	fmt.Println(dl.Summary(model, 784))
//
//	Layer                         Output shape  Params
//	(0) Linear(784 → 256)         N×256         200960
//	...
func Summary(m Module, inputShape ...int) *ModelSummary {
	wasTraining := m.Training()
	m.SetTraining(false)
	defer m.SetTraining(wasTraining)
	s := &ModelSummary{Input: append([]int(nil), inputShape...), Total: ParamCount(m)}
	x := Zeros(append([]int{1}, inputShape...)...)
	s.walk(m, x, "", wasTraining)
	return s
}

// walk adds rows for m's layers (expanding Sequential models) and returns
// m's output.
func (s *ModelSummary) walk(m Module, x *Tensor, prefix string, training bool) *Tensor {
	seq, ok := m.(*SequentialModel)
	if !ok {
		y := m.Forward(x)
		s.Rows = append(s.Rows, SummaryRow{Layer: prefix + labelIn(m, training), Output: y.Shape()[1:], Params: ParamCount(m)})
		return y
	}
	for i, l := range seq.Layers {
		label := fmt.Sprintf("%s(%d) ", prefix, i)
		if inner, ok := l.(*SequentialModel); ok {
			s.Rows = append(s.Rows, SummaryRow{Layer: label + "Sequential", Output: nil, Params: ParamCount(inner)})
			x = s.walk(inner, x, prefix+"  ", training)
			s.Rows[len(s.Rows)-1-countRows(inner)].Output = x.Shape()[1:]
			continue
		}
		y := l.Forward(x)
		s.Rows = append(s.Rows, SummaryRow{Layer: label + labelIn(l, training), Output: y.Shape()[1:], Params: ParamCount(l)})
		x = y
	}
	return x
}

// countRows is the number of rows walk adds for a Sequential model.
func countRows(m *SequentialModel) int {
	n := 0
	for _, l := range m.Layers {
		n++
		if inner, ok := l.(*SequentialModel); ok {
			n += countRows(inner)
		}
	}
	return n
}

// labelIn is m's description as it prints in the given mode.
func labelIn(m Module, training bool) string {
	m.SetTraining(training)
	defer m.SetTraining(false)
	return oneLine(m.String())
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// String formats the table.
func (s *ModelSummary) String() string {
	w := len("Layer")
	for _, r := range s.Rows {
		w = max(w, len([]rune(r.Layer)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %-14s %10s\n", w, "Layer", "Output shape", "Params")
	fmt.Fprintf(&b, "%-*s  %s\n", w, "Input", "N×"+shapeStr(s.Input))
	for _, r := range s.Rows {
		pad := w - len([]rune(r.Layer))
		fmt.Fprintf(&b, "%s%s  %-14s %10d\n", r.Layer, strings.Repeat(" ", pad), sampleShape(r.Output), r.Params)
	}
	fmt.Fprintf(&b, "Total parameters: %d", s.Total)
	return b.String()
}

// sampleShape writes a per-sample shape with the batch dimension N.
func sampleShape(s []int) string {
	if len(s) == 0 {
		return "N"
	}
	return "N×" + shapeStr(s)
}

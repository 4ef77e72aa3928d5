package dl

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// Helpers for the PyTorch reference tests: testdata/torchref/*.json is
// written by testdata/torchref/gen.py (PyTorch 1.13, float64).

// refTol is the agreement required with PyTorch, relative to the size of the
// reference values.
const refTol = 1e-9

// refTensor is a tensor as gen.py writes it.
type refTensor struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

// T returns a new tensor with the reference values.
func (r refTensor) T() *Tensor {
	return New(append([]float64(nil), r.Data...), r.Shape...)
}

// loadRef decodes testdata/torchref/name into v.
func loadRef(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "torchref", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// relDiff returns the largest |got − want| divided by max(1e-3, max|want|):
// an error relative to the size of the reference vector.
func relDiff(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	scale := 1e-3
	for _, w := range want {
		scale = max(scale, math.Abs(w))
	}
	d := 0.0
	for i := range got {
		e := math.Abs(got[i] - want[i])
		if math.IsNaN(e) {
			return math.Inf(1)
		}
		d = max(d, e)
	}
	return d / scale
}

// checkClose fails the test if got and want differ by more than refTol.
func checkClose(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if d := relDiff(got, want); !(d <= refTol) {
		t.Errorf("%s: relative difference %.3g > %g\n got %v\nwant %v", what, d, refTol, short(got), short(want))
	}
}

// checkShape fails the test if a tensor's shape differs.
func checkShape(t *testing.T, what string, got *Tensor, want []int) {
	t.Helper()
	if fmt.Sprint(got.Shape()) != fmt.Sprint(want) {
		t.Errorf("%s: shape %v, want %v", what, got.Shape(), want)
	}
}

func short(x []float64) []float64 {
	if len(x) > 8 {
		return x[:8]
	}
	return x
}

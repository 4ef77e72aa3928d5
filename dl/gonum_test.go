package dl

import (
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestGonumRoundTrip moves tensors to gonum and back: same shape, same
// values, and copies that do not share storage.
func TestGonumRoundTrip(t *testing.T) {
	for _, shape := range [][]int{{1, 1}, {2, 3}, {5, 1}, {1, 4}} {
		x := NewRNG(1).Randn(shape...)
		d := x.Dense()
		if r, c := d.Dims(); r != shape[0] || c != shape[1] {
			t.Fatalf("%v: Dense is %d×%d", shape, r, c)
		}
		for i := range shape[0] {
			for j := range shape[1] {
				if d.At(i, j) != x.At(i, j) {
					t.Fatalf("%v: Dense(%d, %d) = %v, tensor %v", shape, i, j, d.At(i, j), x.At(i, j))
				}
			}
		}
		back := FromDense(d)
		if !reflect.DeepEqual(back.Shape(), shape) || !reflect.DeepEqual(back.Data(), x.Data()) {
			t.Fatalf("%v: FromDense(Dense) = %v, want %v", shape, back, x)
		}
		d.Set(0, 0, 42)
		if x.At(0, 0) == 42 || back.At(0, 0) == 42 {
			t.Fatalf("%v: the tensors share storage with the gonum matrix", shape)
		}
	}
	v := From([]float64{1, -2, 3.5})
	gv := v.VecDense()
	if gv.Len() != 3 || gv.AtVec(1) != -2 {
		t.Fatalf("VecDense = %v", mat.Formatted(gv))
	}
	if back := FromVecDense(gv); !reflect.DeepEqual(back.Shape(), []int{3}) || !reflect.DeepEqual(back.Data(), v.Data()) {
		t.Fatalf("FromVecDense(VecDense) = %v, want %v", back, v)
	}
	// A view of gonum's (a column slice, with a stride) converts too.
	m := mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9})
	sub := m.Slice(1, 3, 1, 3).(*mat.Dense)
	if got := FromDense(sub).Data(); !reflect.DeepEqual(got, []float64{5, 6, 8, 9}) {
		t.Fatalf("FromDense of a slice = %v, want [5 6 8 9]", got)
	}
	if got := FromVecDense(m.ColView(2).(*mat.VecDense)).Data(); !reflect.DeepEqual(got, []float64{3, 6, 9}) {
		t.Fatalf("FromVecDense of a column = %v, want [3 6 9]", got)
	}
}

// TestGonumErrors checks that a tensor gonum cannot hold is refused with a
// ShapeError naming the fix.
func TestGonumErrors(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		hint string
	}{
		{"Dense of a vector", func() { Zeros(3).Dense() }, "v.Reshape(-1, 1)"},
		{"Dense of 3-D", func() { Zeros(2, 2, 2).Dense() }, "2 dimensions"},
		{"Dense of empty", func() { Zeros(0, 3).Dense() }, "no empty matrices"},
		{"VecDense of a matrix", func() { Zeros(2, 3).VecDense() }, "Flatten()"},
		{"VecDense of empty", func() { Zeros(0).VecDense() }, "no empty vectors"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := recoverError(c.f)
			if e == nil || e.Kind != ShapeError {
				t.Fatalf("want a ShapeError, got %v", e)
			}
			if !strings.Contains(e.Error(), c.hint) {
				t.Errorf("message %q does not contain %q", e, c.hint)
			}
		})
	}
}

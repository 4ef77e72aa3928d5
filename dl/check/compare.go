package check

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
)

// tensorLike is what check needs of a tensor: *dl.Tensor satisfies it.
type tensorLike interface {
	Shape() []int
	Data() []float64
}

// Close reports whether got and want are equal within tol, element by
// element: |got − want| ≤ tol·max(1, |want|) (absolute for small values,
// relative for large ones). got and want may be numbers, []float64,
// [][]float64 or tensors; their shapes must agree, except that a
// one-element tensor compares with a number. NaN is never close to anything.
func Close(got, want any, tol float64) error {
	g, gs, err := numbers(got)
	if err != nil {
		return fmt.Errorf("got: %v", err)
	}
	w, ws, err := numbers(want)
	if err != nil {
		return fmt.Errorf("want: %v", err)
	}
	if len(g) == 1 && len(w) == 1 {
		gs, ws = nil, nil
	}
	if !sameShape(gs, ws) {
		return fmt.Errorf("shape: got %s, want %s", shapeString(gs), shapeString(ws))
	}
	for i := range w {
		d := math.Abs(g[i] - w[i])
		if d <= tol*math.Max(1, math.Abs(w[i])) {
			continue
		}
		where := ""
		if len(ws) > 0 {
			where = fmt.Sprintf("at %s: ", indexString(i, ws))
		}
		if math.IsNaN(d) {
			return fmt.Errorf("%sgot %v, want %v", where, g[i], w[i])
		}
		return fmt.Errorf("%sgot %.6g, want %.6g (|difference| %.3g > tolerance %.3g)", where, g[i], w[i], d, tol*math.Max(1, math.Abs(w[i])))
	}
	return nil
}

// Equal reports whether got and want are exactly equal. Numbers, slices of
// numbers and tensors are compared element by element (so a tensor can be
// compared with a []float64 of the same size); anything else with
// reflect.DeepEqual.
func Equal(got, want any) error {
	if isNumeric(got) && isNumeric(want) {
		return Close(got, want, 0)
	}
	if reflect.DeepEqual(got, want) {
		return nil
	}
	return fmt.Errorf("got %s, want %s", show(got), show(want))
}

// True returns nil if cond holds and otherwise an error whose message is
// the formatted explanation.
func True(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	if format == "" {
		return errors.New("condition is false")
	}
	return fmt.Errorf(format, args...)
}

// Shape reports whether t (a tensor, anything with a Shape() []int method)
// has exactly the dimensions dims.
func Shape(t any, dims ...int) error {
	tl, ok := t.(interface{ Shape() []int })
	if !ok || isNil(t) {
		return fmt.Errorf("got %s, want a tensor of shape %s", show(t), shapeString(dims))
	}
	got := tl.Shape()
	if !sameShape(got, dims) {
		return fmt.Errorf("got shape %s, want %s", shapeString(got), shapeString(dims))
	}
	return nil
}

// numbers flattens v into its values and shape (nil for a scalar).
func numbers(v any) ([]float64, []int, error) {
	switch x := v.(type) {
	case float64:
		return []float64{x}, nil, nil
	case float32:
		return []float64{float64(x)}, nil, nil
	case int:
		return []float64{float64(x)}, nil, nil
	case int64:
		return []float64{float64(x)}, nil, nil
	case []float64:
		return x, []int{len(x)}, nil
	case [][]float64:
		var out []float64
		cols := 0
		for i, row := range x {
			if i == 0 {
				cols = len(row)
			} else if len(row) != cols {
				return nil, nil, fmt.Errorf("ragged [][]float64: row 0 has %d values, row %d has %d", cols, i, len(row))
			}
			out = append(out, row...)
		}
		return out, []int{len(x), cols}, nil
	case tensorLike:
		if isNil(v) {
			return nil, nil, errors.New("nil tensor")
		}
		return x.Data(), x.Shape(), nil
	case nil:
		return nil, nil, errors.New("nil value")
	}
	return nil, nil, fmt.Errorf("%T is not a number, a slice of numbers or a tensor", v)
}

func isNumeric(v any) bool {
	switch v.(type) {
	case float64, float32, int, int64, []float64, [][]float64, tensorLike:
		return true
	}
	return false
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Func, reflect.Chan:
		return r.IsNil()
	}
	return false
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// shapeString writes a shape as the engine does: "50×3", "scalar" for [].
func shapeString(s []int) string {
	if len(s) == 0 {
		return "scalar"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "×")
}

// indexString turns the flat index i into a multi-index of shape, "[1 2]".
func indexString(i int, shape []int) string {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		if shape[k] > 0 {
			idx[k] = i % shape[k]
			i /= shape[k]
		}
	}
	return fmt.Sprint(idx)
}

// show formats a value for a message, shortening long ones.
func show(v any) string {
	s := fmt.Sprintf("%v", v)
	if t, ok := v.(string); ok {
		s = fmt.Sprintf("%q", t)
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

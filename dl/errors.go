package dl

import (
	"fmt"
	"strconv"
	"strings"
)

// An Error is what package dl panics with when an operation cannot go on:
// shapes that do not fit, a value out of range, a call at the wrong moment
// or, with SetCheckNaN(true), a NaN. Its message names the op, the shapes
// involved (written with ×, like on a slide) and the likely fix, e.g.
//
//	MatMul: a is 50×3, b is 2×3: inner dimensions 3 and 2 differ; … (did you mean b.T()?)
//
// Code that recovers a panic can tell dl's errors from bugs with errors.As:
//
//	defer func() {
//		r := recover()
//		var e *dl.Error
//		if err, ok := r.(error); ok && errors.As(err, &e) && e.Kind == dl.ShapeError {
//			fmt.Println("the shapes do not fit:", e.Op, e.Shapes)
//		}
//	}()
type Error struct {
	// Op is the operation that refused, as the message names it: "MatMul",
	// "Linear(2, 3)", "Train".
	Op string
	// Kind says what went wrong: shapes, a value, the order of calls or a NaN.
	Kind ErrorKind
	// Shapes are the tensor shapes the message names, in order (nil if it
	// names none).
	Shapes [][]int
	// Values are the other values written into the message, in order (the
	// axis, the learning rate, the index, …).
	Values []any
	// Hint is the part of the message that says what to do ("" if the
	// message gives no advice).
	Hint string
	// Err is the error that caused this one, if any (Sweep wraps the error
	// of a failed run). Unwrap returns it.
	Err error

	msg string
}

// ErrorKind classifies the Errors of package dl.
type ErrorKind int

const (
	// ValueError: an argument is out of its range (a negative size, a
	// probability outside [0, 1], an unknown name, a learning rate of -1).
	ValueError ErrorKind = iota
	// ShapeError: the shapes of the tensors do not fit each other or the op
	// (MatMul's inner dimensions, a layer's input features, an axis or an
	// index that the tensor does not have).
	ShapeError
	// UsageError: a call that cannot work at this point, such as Backward on
	// a tensor that does not require a gradient or on a graph freed by
	// Release.
	UsageError
	// NumericError: an op produced NaN or ±Inf while SetCheckNaN(true) was on.
	NumericError
)

// String names the kind as the messages of package check do: "shape error".
func (k ErrorKind) String() string {
	switch k {
	case ShapeError:
		return "shape error"
	case UsageError:
		return "usage error"
	case NumericError:
		return "numeric error"
	}
	return "value error"
}

// Error returns the message: the op, the shapes or values and the fix.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the error that caused e, or nil.
func (e *Error) Unwrap() error { return e.Err }

// errorf makes the Error a panic of package dl carries. The message starts
// with the op ("MatMul: …" or "Linear(2, 3): …"), which becomes Op; the
// advice after its first "; " (or a closing "(did you mean …?)") becomes
// Hint. Arguments written by shapeStr become Shapes, the others Values; an
// Error naming shapes is a ShapeError, one naming none a ValueError.
func errorf(format string, args ...any) *Error {
	e := newError(format, args)
	if len(e.Shapes) > 0 {
		e.Kind = ShapeError
	}
	return e
}

// usageErrorf is errorf for a call that cannot work at this point, whatever
// shapes its message names.
func usageErrorf(format string, args ...any) *Error {
	e := newError(format, args)
	e.Kind = UsageError
	return e
}

// numericErrorf is errorf for the NaN check of op, whose message starts
// with "NaN check:"; the advice is the text from hintFrom on.
func numericErrorf(op, hintFrom, format string, args ...any) *Error {
	e := newError(format, args)
	e.Op, e.Kind, e.Hint = op, NumericError, ""
	if i := strings.Index(e.msg, hintFrom); i >= 0 {
		e.Hint = e.msg[i:]
	}
	return e
}

func newError(format string, args []any) *Error {
	e := &Error{msg: fmt.Sprintf(format, args...)}
	if i := strings.Index(e.msg, ":"); i > 0 {
		e.Op = e.msg[:i]
	}
	switch i := strings.Index(e.msg, "; "); {
	case i >= 0:
		e.Hint = e.msg[i+2:]
	case strings.HasSuffix(e.msg, "?)"):
		if j := strings.LastIndex(e.msg, "(did you mean"); j >= 0 {
			e.Hint = e.msg[j+1 : len(e.msg)-1]
		}
	}
	for _, a := range args {
		if s, ok := a.(string); ok {
			if shape, ok := parseShape(s); ok {
				e.Shapes = append(e.Shapes, shape)
				continue
			}
			if s == e.Op {
				continue
			}
		}
		e.Values = append(e.Values, a)
	}
	return e
}

// shapeStr writes a shape as 50×3; a scalar's empty shape is "scalar".
func shapeStr(shape []int) string {
	if len(shape) == 0 {
		return "scalar"
	}
	var b strings.Builder
	for i, d := range shape {
		if i > 0 {
			b.WriteString("×")
		}
		b.WriteString(strconv.Itoa(d))
	}
	return b.String()
}

// parseShape reads back what shapeStr wrote. A single number counts as a
// shape only when written by shapeStr for a vector; errorf cannot tell, so
// messages pass plain sizes as ints, never as strings.
func parseShape(s string) ([]int, bool) {
	if s == "scalar" {
		return []int{}, true
	}
	if !strings.Contains(s, "×") {
		return parseDim(s)
	}
	var shape []int
	for f := range strings.SplitSeq(s, "×") {
		d, ok := parseDim(f)
		if !ok {
			return nil, false
		}
		shape = append(shape, d...)
	}
	return shape, true
}

func parseDim(s string) ([]int, bool) {
	if s == "" || len(s) > 9 {
		return nil, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	d, _ := strconv.Atoi(s)
	return []int{d}, true
}

// normAxis turns a possibly negative axis (-1 is the last) into 0..ndim-1,
// panicking with a helpful message if it does not exist.
func normAxis(op string, axis int, shape []int) int {
	nd := len(shape)
	a := axis
	if a < 0 {
		a += nd
	}
	if a < 0 || a >= nd {
		if nd == 0 {
			e := errorf("%s: axis %d does not exist: the tensor is a scalar (no axes); call %s without axes", op, axis, op)
			e.Kind, e.Shapes = ShapeError, [][]int{{}}
			panic(e)
		}
		panic(errorf("%s: axis %d does not exist for a tensor of shape %s; valid axes are 0..%d (or -1..-%d counting from the end)",
			op, axis, shapeStr(shape), nd-1, nd))
	}
	return a
}

func itoa(i int) string { return strconv.Itoa(i) }

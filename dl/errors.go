package dl

import (
	"fmt"
	"strconv"
	"strings"
)

// errorf formats a panic message. Every panic of package dl names the op,
// the shapes involved (written with ×, like on a slide) and the likely fix.
func errorf(format string, args ...any) string {
	return fmt.Sprintf(format, args...)
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
			panic(errorf("%s: axis %d does not exist: the tensor is a scalar (no axes); call %s without axes", op, axis, op))
		}
		panic(errorf("%s: axis %d does not exist for a tensor of shape %s; valid axes are 0..%d (or -1..-%d counting from the end)",
			op, axis, shapeStr(shape), nd-1, nd))
	}
	return a
}

func itoa(i int) string { return strconv.Itoa(i) }

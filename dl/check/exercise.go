package check

import (
	"fmt"
	"io"
	"os"
)

// NotYet starts the line Exercise prints for an exercise that is not solved
// yet. It is no failure: the cell still succeeds, so a notebook whose
// exercises are open runs from top to bottom.
const NotYet = "not yet"

// Exercise checks a student's answer to exercise n of a notebook and
// prints one line: "✓ Exercise n: title" when verdict returns nil, or
// "… Exercise n, not yet: hint" with verdict's error as the hint. A panic
// in verdict (in the student's code) is reported the same way. Unlike a
// Checker it never ends the cell with a failure, and it never prints more
// than the hint: a verdict must say what to look at, not the answer
// (Close's and Equal's errors print the wanted value, so wrap them).
//
//	%%
//	check.Exercise(1, "the largest stable learning rate", func() error {
//		if lrMax == 0 {
//			return errors.New("set lrMax to the learning rate you found")
//		}
//		return check.True(converges(lrMax) && !converges(1.1*lrMax), "…")
//	})
func Exercise(n int, title string, verdict func() error) bool {
	return exercise(os.Stdout, n, title, verdict)
}

func exercise(w io.Writer, n int, title string, verdict func() error) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(w, "… Exercise %d, %s: your code stopped with %v\n", n, NotYet, panicError(r))
			ok = false
		}
	}()
	if err := verdict(); err != nil {
		fmt.Fprintf(w, "… Exercise %d, %s: %s\n", n, NotYet, indentLines(err.Error()))
		return false
	}
	fmt.Fprintf(w, "✓ Exercise %d: %s\n", n, title)
	return true
}

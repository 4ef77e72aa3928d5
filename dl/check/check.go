package check

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"

	"github.com/dlfun/dlfun/dl"
	"github.com/dlfun/dlfun/internal/checkline"
)

// A Checker collects the checks of one graded cell and awards each passing
// check an equal share of the cell's points. Create it with New and defer
// its Done.
type Checker struct {
	gradeID string
	max     float64
	results []result
	done    bool
	seq     int // this Checker's number in the program, from 1

	key    []byte // the run's signing key (nil: not graded)
	keyErr error  // why the key could not be read

	out  io.Writer // standard output unless a test replaces it
	exit func(int) // os.Exit unless a test replaces it
}

type result struct {
	name string
	err  error
}

// Result is the machine-readable outcome of one graded cell, as Done
// prints it on the result line: the grade id, points earned and possible,
// the names of the passed checks, the failed checks with their reasons, and
// Seq, which numbers the Checkers of one cell's program from 1 in the order
// New created them.
type Result = checkline.Result

// Failure names a failed check and says why it failed (fields Name, Msg).
type Failure = checkline.Failure

// New returns a Checker for the graded cell gradeID worth points. While
// `dlfun grade` runs the notebook, New also reads the run's signing key
// (see KeyFileEnv) with which Done signs its result line.
func New(gradeID string, points float64) *Checker {
	key, err := loadKey()
	return &Checker{gradeID: gradeID, max: points, seq: nextSeq(), key: key, keyErr: err, out: os.Stdout, exit: os.Exit}
}

// Check records the outcome of an already evaluated check: passed if err is
// nil, failed with err's message otherwise. It returns whether it passed.
//
//	c.Check("loss is finite", check.True(!math.IsNaN(loss), "loss is NaN"))
func (c *Checker) Check(name string, err error) bool {
	c.results = append(c.results, result{name: name, err: err})
	return err == nil
}

// Run runs the check f, recording it as passed if f returns nil. A panic
// inside f fails this check only, with the panic message as the reason.
func (c *Checker) Run(name string, f func() error) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = c.Check(name, panicError(r))
		}
	}()
	return c.Check(name, f())
}

// Close records the check Close(got, want, tol) under name.
func (c *Checker) Close(name string, got, want any, tol float64) bool {
	return c.Check(name, Close(got, want, tol))
}

// Equal records the check Equal(got, want) under name.
func (c *Checker) Equal(name string, got, want any) bool {
	return c.Check(name, Equal(got, want))
}

// True records under name whether cond holds; msg explains a failure.
func (c *Checker) True(name string, cond bool, msg string) bool {
	return c.Check(name, True(cond, "%s", msg))
}

// Shape records the check Shape(t, dims...) under name.
func (c *Checker) Shape(name string, t any, dims ...int) bool {
	return c.Check(name, Shape(t, dims...))
}

// Points returns the points earned so far: the cell's points times the
// fraction of checks that passed (0 when no check ran).
func (c *Checker) Points() float64 {
	if len(c.results) == 0 {
		return 0
	}
	passed := 0
	for _, r := range c.results {
		if r.err == nil {
			passed++
		}
	}
	p := c.max * float64(passed) / float64(len(c.results))
	return math.Round(p*1e6) / 1e6
}

// Result returns the outcome so far in the form Done prints it.
func (c *Checker) Result() Result {
	res := Result{GradeID: c.gradeID, Points: c.Points(), Max: c.max, Passed: []string{}, Failed: []Failure{}, Seq: c.seq}
	for _, r := range c.results {
		if r.err == nil {
			res.Passed = append(res.Passed, r.name)
		} else {
			res.Failed = append(res.Failed, Failure{Name: r.name, Msg: r.err.Error()})
		}
	}
	return res
}

// Done ends the cell's checks; call it with defer right after New. It
// catches a panic that escaped the checks (recording it as a failed check),
// prints a readable summary and, while grading, the machine-readable result
// line; then, if any check failed, it exits with status 1 so that the cell
// shows as failed. Calling Done twice does nothing the second time.
func (c *Checker) Done() {
	if r := recover(); r != nil {
		c.Check("the rest of this cell", fmt.Errorf("stopped by %v; later checks did not run", panicError(r)))
	}
	if c.done {
		return
	}
	c.done = true
	res := c.Result()
	var b strings.Builder
	mark := "✓"
	if len(res.Failed) > 0 || len(c.results) == 0 {
		mark = "✗"
	}
	fmt.Fprintf(&b, "%s %s: %s/%s points\n", mark, c.gradeID, num(res.Points), num(res.Max))
	for _, r := range c.results {
		if r.err == nil {
			fmt.Fprintf(&b, "  ✓ %s\n", r.name)
		} else {
			fmt.Fprintf(&b, "  ✗ %s: %s\n", r.name, indentLines(r.err.Error()))
		}
	}
	if len(c.results) == 0 {
		b.WriteString("  ✗ no check ran\n")
	}
	switch {
	case c.key != nil:
		// The leading newline ends any partial line the student printed.
		fmt.Fprintf(&b, "\n%s\n", checkline.Format(c.key, res))
	case c.keyErr != nil:
		fmt.Fprintf(&b, "dl/check: cannot read the grading key: %v\n", c.keyErr)
	}
	io.WriteString(c.out, b.String())
	if mark == "✗" {
		c.exit(1)
	}
}

// panicError turns a recovered panic value into an error naming the place
// in the student's code where it happened when that can be found. A
// *dl.Error is reported by its kind ("shape error: MatMul: a is 50×3, …"),
// anything else as a panic (most likely a bug in the student's code); the
// returned error wraps an error panic value, so errors.As finds it.
func panicError(r any) error {
	what, msg := "panic", fmt.Sprint(r)
	err, _ := r.(error)
	var dlErr *dl.Error
	if errors.As(err, &dlErr) {
		what = dlErr.Kind.String()
	}
	if where := panicSite(); where != "" && !strings.Contains(msg, strings.TrimPrefix(where, "in ")) {
		msg += " (" + where + ")"
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, wrapped{msg, err})
	}
	return fmt.Errorf("%s: %s", what, msg)
}

// wrapped is an error with its own message that unwraps to err.
type wrapped struct {
	msg string
	err error
}

func (w wrapped) Error() string { return w.msg }
func (w wrapped) Unwrap() error { return w.err }

// panicSite names the notebook function (package main) in which the panic
// happened, "in sigmoid", or returns "" when it happened in the cell's own
// body. Line numbers are left out: they refer to GoNB's generated file, not
// to the cell.
func panicSite() string {
	buf := make([]byte, 64<<10)
	lines := strings.Split(string(buf[:runtime.Stack(buf, false)]), "\n")
	for i := 1; i < len(lines); i += 2 {
		fn := lines[i]
		if !strings.HasPrefix(fn, "main.") {
			continue
		}
		name := strings.TrimPrefix(fn, "main.")
		if j := strings.Index(name, "("); j >= 0 {
			name = name[:j]
		}
		if strings.HasPrefix(name, "main") {
			return ""
		}
		return "in " + name
	}
	return ""
}

func num(x float64) string { return fmt.Sprintf("%.4g", x) }

func indentLines(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

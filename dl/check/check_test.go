package check

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl"
	"github.com/dlfun/dlfun/internal/checkline"
)

// tensor is a minimal stand-in for *dl.Tensor.
type tensor struct {
	shape []int
	data  []float64
}

func (t *tensor) Shape() []int    { return t.shape }
func (t *tensor) Data() []float64 { return t.data }

func TestClose(t *testing.T) {
	m := &tensor{shape: []int{2, 2}, data: []float64{1, 2, 3, 4}}
	tests := []struct {
		name      string
		got, want any
		tol       float64
		errPart   string // "" means the check passes
	}{
		{"equal floats", 0.5, 0.5, 0, ""},
		{"within tolerance", 0.5 + 1e-10, 0.5, 1e-9, ""},
		{"relative for large values", 1e6 + 0.5, 1e6, 1e-6, ""},
		{"too far", 0.6, 0.5, 1e-3, "got 0.6, want 0.5"},
		{"NaN", math.NaN(), 0.5, 1, "got NaN"},
		{"int want", 2.0, 2, 0, ""},
		{"slices", []float64{1, 2}, []float64{1, 2.5}, 0.1, "at [1]: got 2, want 2.5"},
		{"length differs", []float64{1, 2}, []float64{1}, 0.1, "shape: got 2, want 1"},
		{"tensor vs matrix", m, [][]float64{{1, 2}, {3, 5}}, 0.1, "at [1 1]: got 4, want 5"},
		{"tensor vs tensor", m, m, 0, ""},
		{"shape mismatch", m, []float64{1, 2, 3, 4}, 0, "shape: got 2×2, want 4"},
		{"one-element tensor vs number", &tensor{shape: []int{1, 1}, data: []float64{3}}, 3.0, 0, ""},
		{"scalar tensor", &tensor{shape: []int{}, data: []float64{3}}, 3.0, 0, ""},
		{"nil tensor", (*tensor)(nil), 3.0, 0, "got: nil tensor"},
		{"not a number", "abc", 1.0, 0, "got: string is not a number"},
		{"ragged", [][]float64{{1}, {1, 2}}, 1.0, 0, "ragged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Close(tt.got, tt.want, tt.tol)
			checkErr(t, err, tt.errPart)
		})
	}
}

func TestEqualTrueShape(t *testing.T) {
	m := &tensor{shape: []int{50, 1}, data: make([]float64, 50)}
	tests := []struct {
		name    string
		err     error
		errPart string
	}{
		{"equal strings", Equal("a", "a"), ""},
		{"different strings", Equal("a", "b"), `got "a", want "b"`},
		{"equal ints", Equal(3, 3), ""},
		{"different ints", Equal(3, 4), "got 3, want 4"},
		{"equal structs", Equal(struct{ A int }{1}, struct{ A int }{1}), ""},
		{"tensor equals slice", Equal(&tensor{shape: []int{2}, data: []float64{1, 2}}, []float64{1, 2}), ""},
		{"true", True(1 < 2, "never"), ""},
		{"false", True(1 > 2, "1 is not above %d", 2), "1 is not above 2"},
		{"false without message", True(false, ""), "condition is false"},
		{"shape ok", Shape(m, 50, 1), ""},
		{"shape wrong", Shape(m, 50), "got shape 50×1, want 50"},
		{"shape of non-tensor", Shape(3.0, 1), "want a tensor of shape 1"},
		{"shape of nil", Shape((*tensor)(nil), 1), "want a tensor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.errPart) })
	}
}

func checkErr(t *testing.T, err error, part string) {
	t.Helper()
	switch {
	case part == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case part != "" && err == nil:
		t.Fatalf("no error, want one containing %q", part)
	case part != "" && !strings.Contains(err.Error(), part):
		t.Fatalf("error %q does not contain %q", err, part)
	}
}

// run executes cell as a test cell would (with a deferred Done), signing
// with key (nil: not graded), and returns what it printed, the exit code
// (-1 if it did not exit) and the machine-readable line if one was printed
// (its signature checked).
func run(t *testing.T, key []byte, cell func(c *Checker)) (string, int, *Result) {
	t.Helper()
	var out strings.Builder
	code := -1
	c := New("q1", 3)
	c.key = key
	c.out = &out
	c.exit = func(n int) { code = n }
	func() {
		defer c.Done()
		cell(c)
	}()
	var res *Result
	for line := range strings.SplitSeq(out.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, Prefix); ok {
			r, err := checkline.Parse(key, rest)
			if err != nil {
				t.Fatalf("result line %q: %v", line, err)
			}
			res = &r
		}
	}
	return out.String(), code, res
}

func notImplemented() float64 { panic("not implemented: sigmoid") }

func TestChecker(t *testing.T) {
	tests := []struct {
		name     string
		cell     func(c *Checker)
		points   float64
		failed   []string // names of failed checks
		exitCode int
		output   []string // substrings of the readable output
	}{
		{
			name: "all pass",
			cell: func(c *Checker) {
				c.Close("a", 1.0, 1.0, 0)
				c.Equal("b", "x", "x")
				c.True("c", true, "")
			},
			points: 3, exitCode: -1,
			output: []string{"✓ q1: 3/3 points", "  ✓ a"},
		},
		{
			name: "partial",
			cell: func(c *Checker) {
				c.Close("a", 1.0, 1.0, 0)
				c.Close("b", 2.0, 1.0, 0)
				c.Shape("c", &tensor{shape: []int{2}}, 2)
			},
			points: 2, failed: []string{"b"}, exitCode: 1,
			output: []string{"✗ q1: 2/3 points", "  ✗ b: got 2, want 1"},
		},
		{
			name: "panic inside Run fails that check only",
			cell: func(c *Checker) {
				c.Run("panics", func() error { return Close(notImplemented(), 0.5, 0) })
				c.Run("fine", func() error { return nil })
			},
			points: 1.5, failed: []string{"panics"}, exitCode: 1,
			output: []string{"✗ panics: panic: not implemented: sigmoid"},
		},
		{
			name: "a shape error of dl is reported as such",
			cell: func(c *Checker) {
				c.Run("matmul", func() error { dl.Zeros(50, 3).MatMul(dl.Zeros(2, 3)); return nil })
			},
			points: 0, failed: []string{"matmul"}, exitCode: 1,
			output: []string{"✗ matmul: shape error: MatMul: a is 50×3, b is 2×3", "did you mean b.T()?"},
		},
		{
			name: "a shape error of dl outside Run is caught by Done",
			cell: func(c *Checker) {
				c.Close("a", 1.0, 1.0, 0)
				c.Close("b", dl.Zeros(1).Sum().Item()+dl.Zeros(2).Item(), 1.0, 0)
			},
			points: 1.5, failed: []string{"the rest of this cell"}, exitCode: 1,
			output: []string{"stopped by shape error: Item: tensor has shape 2"},
		},
		{
			name: "panic outside Run is caught by Done",
			cell: func(c *Checker) {
				c.Close("a", 1.0, 1.0, 0)
				c.Close("b", notImplemented(), 1.0, 0)
			},
			points: 1.5, failed: []string{"the rest of this cell"}, exitCode: 1,
			output: []string{"stopped by panic: not implemented: sigmoid"},
		},
		{
			name: "error value",
			cell: func(c *Checker) {
				c.Check("loads", errors.New("file missing"))
			},
			points: 0, failed: []string{"loads"}, exitCode: 1,
		},
		{
			name:   "no checks",
			cell:   func(c *Checker) {},
			points: 0, exitCode: 1,
			output: []string{"no check ran"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code, res := run(t, testKey, tt.cell)
			if code != tt.exitCode {
				t.Errorf("exit code %d, want %d", code, tt.exitCode)
			}
			if res == nil {
				t.Fatalf("no %s line in output:\n%s", Prefix, out)
			}
			if res.Points != tt.points || res.Max != 3 || res.GradeID != "q1" || res.Seq < 1 {
				t.Errorf("result %+v, want %v/3 points for q1 with a sequence number", res, tt.points)
			}
			var failed []string
			for _, f := range res.Failed {
				failed = append(failed, f.Name)
			}
			if strings.Join(failed, ",") != strings.Join(tt.failed, ",") {
				t.Errorf("failed checks %v, want %v", failed, tt.failed)
			}
			for _, part := range tt.output {
				if !strings.Contains(out, part) {
					t.Errorf("output does not contain %q:\n%s", part, out)
				}
			}
		})
	}
}

func TestNoMachineLineOutsideGrading(t *testing.T) {
	out, _, res := run(t, nil, func(c *Checker) { c.True("a", true, "") })
	if res != nil || strings.Contains(out, Prefix) {
		t.Fatalf("result line printed without %s:\n%s", KeyFileEnv, out)
	}
	if !strings.Contains(out, "✓ q1: 3/3 points") {
		t.Fatalf("missing summary:\n%s", out)
	}
}

func TestDoneTwice(t *testing.T) {
	var out strings.Builder
	c := New("q", 1)
	c.out = &out
	c.True("a", true, "")
	c.Done()
	c.Done()
	if n := strings.Count(out.String(), "✓ q:"); n != 1 {
		t.Fatalf("summary printed %d times", n)
	}
}

// TestPanicErrorWraps checks that the error a check records for a panic of
// dl still is a *dl.Error for errors.As, and that other panics are not.
func TestPanicErrorWraps(t *testing.T) {
	cases := []struct {
		name   string
		r      any
		prefix string
		isDL   bool
	}{
		{"dl value error", recovered(func() { dl.Linear(0, 1) }), "value error: Linear(0, 1):", true},
		{"dl shape error", recovered(func() { dl.Zeros(2).Add(dl.Zeros(3)) }), "shape error: Add:", true},
		{"runtime error", recovered(func() { _ = []int{}[len(t.Name())] }), "panic: runtime error", false},
		{"string", "not implemented", "panic: not implemented", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := panicError(c.r)
			if !strings.HasPrefix(err.Error(), c.prefix) {
				t.Errorf("panicError = %q, want the prefix %q", err, c.prefix)
			}
			var e *dl.Error
			if errors.As(err, &e) != c.isDL {
				t.Errorf("errors.As(%q, *dl.Error) = %v, want %v", err, !c.isDL, c.isDL)
			}
		})
	}
}

func recovered(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

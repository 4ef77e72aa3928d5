//go:build ignore

// Solutions to the exercises of notebooks/00-welcome.ipynb, for teachers.
// Each "// EXERCISE n" section replaces the answer cell of exercise n;
// notebooks/exercises_test.go checks that every section passes its check
// cell (and that the released placeholders do not).
package main

// EXERCISE 1: 121 points, 0.1 apart (dl.Linspace(-6, 6, 121) works too).
func sigmoidCurve() (xs, ys []float64) {
	for i := range 121 {
		x := -6 + float64(i)/10
		xs, ys = append(xs, x), append(ys, sigmoid(x))
	}
	xs[len(xs)-1], ys[len(ys)-1] = 6, sigmoid(6) // exactly, whatever the rounding
	return xs, ys
}

// EXERCISE 2: every run is a new process that re-runs the declarations:
// visits starts empty each time, so both runs print 1. Values that must
// survive go to a file (section 3) or dl.Memo.
var visits []string

var visitsOnSecondRun = 1

// EXERCISE 3: f′(x) = 3x² − 2 = 4.75 at x = 1.5.
var dfdx = 4.75

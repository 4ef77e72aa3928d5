//go:build ignore

// Solutions to the exercises of notebooks/03-backpropagation.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: backpropByHand loops over the cases and sums the gradients,
// as the paper does: a third case needs no new code.
var (
	moreCases   = [][]float64{{1, 0}, {1, 1}, {0, 1}}
	moreDesired = []float64{1, 0, 1}
	needsChange = "no"
)

// EXERCISE 2: eq. (4) changes, ∂E/∂y = −d/y + (1−d)/(1−y); eq. (5)
// multiplies it by y(1−y), which gives ∂E/∂x = y − d: the sigmoid's
// derivative cancels, as for logistic regression in notebook 01.
func dxOutBCE(y, d float64) float64 {
	return y - d
}

// EXERCISE 3: only the first layer's gradients go through the hidden
// layer's eq. (5): w1 and b1 are wrong (each term 1/(y_j(1−y_j)) ≥ 4 times
// too large), w2 and b2 stay right; the check cells of sections 2 and 4
// comparing ∂E/∂w1 and ∂E/∂b1 fail.
var brokenParams = []string{"w1", "b1"}

// EXERCISE 4: 4 units reach 0.856, 16 units 0.989, 64 units 0.978: 16
// are enough for the moons. The spirals wind around each other several
// times and need more: two hidden layers of 32–64 units and more epochs.
var enoughUnits = 16

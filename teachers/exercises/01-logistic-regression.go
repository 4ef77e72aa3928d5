//go:build ignore

// Solutions to the exercises of notebooks/01-logistic-regression.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: after 100 steps the costs are 0.535 (λ = 0.05), 0.400
// (0.5) and 0.388 (5, the fastest). λ = 50 jumps across the convex bowl to
// ever steeper walls until the sigmoids saturate: its cost goes up (with
// dl.BCE, which clamps, to 1.4; by hand log(0) makes it NaN) although the
// loss is convex — too large a step, not a local minimum.
var (
	fastestLR     = 5.0
	someRateFails = "yes"
)

// EXERCISE 2: with λ = 0.5 the first step multiplies gradients of size
// ~100 (cm, kg) by 0.5: the sigmoids saturate and the cost jumps to its
// clamp (42) and stays. The landscape in raw units is a narrow ravine
// (height and weight are large and correlated, the bias direction is flat),
// so λ must be about 1000× smaller: 0.0003 reaches 0.44 in 300 steps
// (0.001 oscillates, 0.0001 is too slow).
var rawLR = 0.0003

// EXERCISE 3
func bceOfH(h *dl.Tensor) *dl.Tensor {
	return h.Sigmoid().Log().Neg()
}

func dJdh(h *dl.Tensor) *dl.Tensor {
	return h.Sigmoid().Sub(dl.Scalar(1))
}

// EXERCISE 4: without gender the neuron gets 0.86 instead of 0.84: gender
// adds nothing (one person changes side). The weights of trainPeople's
// model, about (−2.06, 3.44, 0.58) for (height, weight, gender), say why:
// weight and (negatively) height decide, as in the body-mass index the
// synthetic labels were generated from.
var (
	accWithoutGender = 0.86
	mostImportant    = "weight"
)

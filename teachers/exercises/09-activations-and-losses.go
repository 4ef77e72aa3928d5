//go:build ignore

// Solutions to the exercises of notebooks/09-activations-and-losses.ipynb,
// for teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: a unit is dead when its output is < 0 for every row. With
// LeakyReLU or ELU no unit is dead (their slope below 0 is not 0), and on
// the moons the curves barely change: few units die in so small a network.
func deadUnits(first *dl.LinearLayer, x *dl.Tensor) int {
	out := first.Forward(x) // N × units
	dead := 0
	for j := range out.Shape()[1] {
		alive := false
		for i := range out.Shape()[0] {
			if out.At(i, j) >= 0 {
				alive = true
				break
			}
		}
		if !alive {
			dead++
		}
	}
	return dead
}

// EXERCISE 2: ψ of Huber is x up to ξ and ±ξ beyond. With ξ = 0.1 almost
// every residual is beyond ξ, so every point pulls with the same force, as
// in L1 (slope 1.833 vs L1's 1.833); with ξ = 10 every residual (the
// outliers are about 8 away) is inside, so it is least squares exactly.
var huberLikeL1, huberLikeLS = 0.1, 10.0

// EXERCISE 3: with every third point an outlier, least squares (−0.56), L1
// (−1.25) and Huber (−1.39) break down; Cauchy (1.88) and Tukey (1.95)
// still fit. With every second point Tukey still finds 2.0 and Cauchy 1.78:
// the redescending losses give far-away points (almost) no weight.
func lineDataEvery(k int) (x, y *dl.Tensor, outlier []bool) {
	rng := dl.NewRNG(9)
	xs, ys := make([]float64, 40), make([]float64, 40)
	outlier = make([]bool, 40)
	for i := range 40 {
		xs[i] = -2 + 4*rng.Float64()
		ys[i] = 2*xs[i] + 1 + 0.3*rng.NormFloat64()
		if i%k == 0 {
			xs[i], ys[i], outlier[i] = 1+rng.Float64(), -6+rng.NormFloat64(), true
		}
	}
	return dl.New(xs, 40, 1), dl.New(ys, 40, 1), outlier
}

var stillRobust = []string{"Cauchy(ξ=1)", "Tukey(ξ=1.5)"}

// EXERCISE 4: as T → 0 the probability of the largest logit tends to 1 and
// the cross-entropy of a correct prediction to 0; as T → ∞ all four
// probabilities tend to 1/4 and the cross-entropy to log 4 ≈ 1.386,
// whatever the logits.
var ceCold, ceHot = 0.0, 1.3863

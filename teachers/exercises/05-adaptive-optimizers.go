//go:build ignore

// Solutions to the exercises of notebooks/05-adaptive-optimizers.ipynb, for
// teachers. Each "// EXERCISE n" section replaces the answer cell of
// exercise n; notebooks/exercises_test.go checks that every section passes
// its check cell (and that the released placeholders do not).
package main

// EXERCISE 1: a bigger λ makes AdaGrad worse on the banana, not better: its
// first steps are ±λ per coordinate, so a large λ throws it far up the
// banana's walls, and the sum G then keeps its steps tiny for good. A
// bigger λ only delays the decay; it does not remove it.
var adagradBestLR = 0.1

// EXERCISE 2: the first step is λ(1−β₁)/√(1−β₂) ≈ 3.16·λ per coordinate
// (m₁ = 0.1·g₁, √v₁ = 0.0316·|g₁|), so early steps are about three times
// too long; the corrections fade as β^t → 0, and the path joins Adam's.
func adamNoBias(s dl.Surface, alpha float64, steps int) (xs, ys []float64) {
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	theta := [2]float64{s.StartX, s.StartY}
	var m, v [2]float64
	xs, ys = []float64{theta[0]}, []float64{theta[1]}
	for t := 1; t <= steps; t++ {
		g := gradOf(s.F, theta[0], theta[1])
		for i := range theta {
			m[i] = beta1*m[i] + (1-beta1)*g[i]
			v[i] = beta2*v[i] + (1-beta2)*g[i]*g[i]
			mhat := m[i]
			vhat := v[i]
			theta[i] = theta[i] - alpha*mhat/(math.Sqrt(vhat)+eps)
		}
		xs, ys = append(xs, theta[0]), append(ys, theta[1])
	}
	return xs, ys
}

// EXERCISE 3: the gap appears only close to the minimum, when v_t is
// comparable to ε = 1e-8: there √(v+ε) and √v+ε differ; for large
// gradients both are √v.
var epsStep = 238

// EXERCISE 4: on this subset, after 5 epochs, Adam(0.01) ends with the
// lowest validation loss (0.26 against 0.32 for 0.001 and 1.1 for 0.0001,
// which has barely started); 0.001 is the safer default on other problems.
var bestAdamLR = 0.01

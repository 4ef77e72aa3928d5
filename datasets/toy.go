package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The toy 2-D sets draw decision boundaries on a page. Each takes n (the
// number of points), noise and a seed, and returns a Table with features
// x1, x2 and target "class". Point i belongs to class i mod k (k = number of
// classes), so classes are balanced and interleaved: Take(m) keeps the
// balance. noise is the standard deviation of the Gaussian jitter added to
// each coordinate after the point is placed, except for Blobs, where it is
// the blob's own standard deviation.

// Moons returns two interleaving half circles (class 0 on top: (cos t, sin t);
// class 1 below: (1 − cos t, ½ − sin t); t uniform in [0, π)). Not linearly
// separable; a small hidden layer separates it. Try noise 0.1.
func Moons(n int, noise float64, seed uint64) *Table {
	return toy("Moons", "moons", n, 2, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		s, c := sinCos(uniformIn(r, 0, math.Pi))
		if class == 0 {
			return c, s
		}
		return 1 - c, 0.5 - s
	})
}

// Circles returns a circle of radius ½ (class 1) inside a circle of radius 1
// (class 0), angles uniform. Separable by the radius, not by a line. Try noise 0.05.
func Circles(n int, noise float64, seed uint64) *Table {
	return toy("Circles", "circles", n, 2, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		radius := 1.0
		if class == 1 {
			radius = 0.5
		}
		s, c := sinCos(uniformIn(r, 0, 2*math.Pi))
		return mul(radius, c), mul(radius, s)
	})
}

// Spirals returns k spiral arms (k ≥ 2 classes) winding once around the
// origin: a point of class j at fraction u (uniform in [0, 1)) along its arm
// sits at radius u and angle 2πj/k + 2πu. The classic hard case for a
// linear model. Try noise 0.02.
func Spirals(n, k int, noise float64, seed uint64) *Table {
	if k < 2 {
		panic(fmt.Sprintf("datasets.Spirals: k = %d classes, want at least 2", k))
	}
	return toy("Spirals", "spirals", n, k, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		u := uniform(r)
		s, c := sinCos(2*math.Pi*float64(class)/float64(k) + mul(2*math.Pi, u))
		return mul(u, c), mul(u, s)
	})
}

// XOR returns points in the four quadrants of [−1, 1]², kept at least 0.1
// away from the axes: class 0 where x1 and x2 have the same sign, class 1
// where they differ. The problem a single neuron cannot solve. Try noise 0.05.
func XOR(n int, noise float64, seed uint64) *Table {
	return toy("XOR", "xor", n, 2, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		s1 := 1.0
		if uniform(r) < 0.5 {
			s1 = -1
		}
		s2 := s1
		if class == 1 {
			s2 = -s1
		}
		return mul(s1, 0.1+mul(0.9, uniform(r))), mul(s2, 0.1+mul(0.9, uniform(r)))
	})
}

// Blobs returns k Gaussian blobs (k ≥ 1 classes) of standard deviation
// noise, centred on a circle of radius 2 (blob j at angle 2πj/k; a single
// blob sits at the origin). Try noise 0.5.
func Blobs(n, k int, noise float64, seed uint64) *Table {
	if k < 1 {
		panic(fmt.Sprintf("datasets.Blobs: k = %d blobs, want at least 1", k))
	}
	return toy("Blobs", "blobs", n, k, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		if k == 1 {
			return 0, 0
		}
		s, c := sinCos(2 * math.Pi * float64(class) / float64(k))
		return mul(2, c), mul(2, s)
	})
}

// LinearlySeparable returns points uniform in [−1, 1]² on both sides of a
// line through the origin whose direction is drawn from the seed: class 1 on
// the side the normal w points to (w·x > 0.1), class 0 on the other
// (w·x < −0.1). With noise 0 a margin of 0.2 separates the classes, so the
// perceptron converges; noise lets points cross it.
func LinearlySeparable(n int, noise float64, seed uint64) *Table {
	var w1, w2 float64
	first := true
	return toy("LinearlySeparable", "linear", n, 2, noise, seed, func(r *rand.Rand, class int) (float64, float64) {
		if first { // the line's normal comes first from the seed
			w2, w1 = sinCos(uniformIn(r, 0, 2*math.Pi))
			first = false
		}
		for {
			x1, x2 := uniformIn(r, -1, 1), uniformIn(r, -1, 1)
			d := mul(w1, x1) + mul(w2, x2)
			if (class == 1 && d > 0.1) || (class == 0 && d < -0.1) {
				return x1, x2
			}
		}
	})
}

// toy builds an n-point, k-class 2-D Table: point i has class i mod k, is
// placed by place and jittered by noise·N(0, 1) per coordinate.
func toy(who, name string, n, k int, noise float64, seed uint64, place func(r *rand.Rand, class int) (float64, float64)) *Table {
	if n < 1 {
		panic(fmt.Sprintf("datasets.%s: n = %d, want at least 1 point", who, n))
	}
	if !(noise >= 0) {
		panic(fmt.Sprintf("datasets.%s: noise = %v, want a standard deviation ≥ 0 (e.g. 0.1)", who, noise))
	}
	r := newRNG(seed)
	t := &Table{Name: name, Features: []string{"x1", "x2"}, Target: "class", Classes: k,
		X: make([]float64, 0, 2*n), Y: make([]float64, 0, n)}
	for i := 0; i < n; i++ {
		class := i % k
		x1, x2 := place(r, class)
		if noise > 0 {
			x1 += mul(noise, normal(r))
			x2 += mul(noise, normal(r))
		}
		t.X = append(t.X, x1, x2)
		t.Y = append(t.Y, float64(class))
	}
	return t
}

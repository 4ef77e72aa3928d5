package datasets

import (
	"fmt"
	"math"
)

//go:generate go run ./internal/genpeople -o data/people50.csv

// People50Seed is the seed of the lecture's 50 people; data/people50.csv is
// People(50, People50Seed) written with WriteCSV.
const People50Seed uint64 = 50

// People50 returns the lecture's training set: "50 people, each represented
// by height, weight and gender: predict overweight or not?". It is
// People(50, People50Seed), the same rows as data/people50.csv.
//
// Features: height_cm, weight_kg, gender (0 = female, 1 = male).
// Target: overweight (1 = overweight, 0 = not).
func People50() *Table { return People(50, People50Seed) }

// People generates n people from seed with this generative model, in this
// order for each person:
//
//	gender   ~ Bernoulli(½)                      0 = female, 1 = male
//	height   ~ Normal(163, 6.5²) cm if female,   Normal(176, 7²) cm if male
//	BMI      ~ Normal(25, 4.5²) if female,       Normal(26, 4²) if male, clipped to [16, 45]
//	weight   = BMI · (height/100)² kg
//	(height and weight are rounded to 0.1, as a scale would show them)
//	overweight = 1 if weight / (height/100)² > 25 (recomputed from the
//	             rounded numbers), then flipped with probability 0.08
//
// The flips are label noise: a few people are labelled against their BMI, as
// real labels are sometimes wrong, so no model reaches 100 % and the data is
// not trivially separable. The means are close to adult averages in Europe.
func People(n int, seed uint64) *Table {
	if n < 1 {
		panic(fmt.Sprintf("datasets.People: n = %d, want at least 1 person", n))
	}
	r := newRNG(seed)
	t := &Table{Name: "people", Features: []string{"height_cm", "weight_kg", "gender"}, Target: "overweight", Classes: 2,
		X: make([]float64, 0, 3*n), Y: make([]float64, 0, n)}
	for i := 0; i < n; i++ {
		gender := 0.0
		if uniform(r) < 0.5 {
			gender = 1
		}
		hMean, hStd, bMean, bStd := 163.0, 6.5, 25.0, 4.5
		if gender == 1 {
			hMean, hStd, bMean, bStd = 176, 7, 26, 4
		}
		height := hMean + mul(hStd, normal(r))
		bmi := min(max(bMean+mul(bStd, normal(r)), 16), 45)
		m := height / 100
		weight := mul(bmi, mul(m, m))
		height, weight = round1(height), round1(weight)
		m = height / 100
		over := 0.0
		if weight/mul(m, m) > 25 {
			over = 1
		}
		if uniform(r) < 0.08 {
			over = 1 - over
		}
		t.X = append(t.X, height, weight, gender)
		t.Y = append(t.Y, over)
	}
	return t
}

// round1 rounds to one decimal; the result is the float64 nearest to the
// printed decimal, so it survives a trip through the CSV exactly.
func round1(v float64) float64 { return math.Round(mul(v, 10)) / 10 }

package echarts

import (
	"math"
	"math/rand/v2"
)

// demoCharts returns one typical chart of every kind, built from
// deterministic data of realistic size.
func demoCharts() map[string]*Chart {
	rng := rand.New(rand.NewPCG(1, 2))
	out := map[string]*Chart{}

	// Training curves: 3 runs × 2000 steps with noise, log y.
	var runs []LineSeries
	for r := range 3 {
		y := make([]float64, 2000)
		for i := range y {
			y[i] = 2*math.Exp(-float64(i)/(300*float64(r+1))) + 0.05 + 0.03*rng.Float64()
		}
		runs = append(runs, LineSeries{Name: "lr=" + []string{"0.1", "0.01", "0.001"}[r], Y: y})
	}
	out["line"] = Line(Options{Title: "Training loss", XName: "step", YName: "loss", LogY: true}, runs...)

	out["functions"] = Functions(Options{Title: "Sigmoid and its derivative"}, -6, 6,
		Func{"σ(x)", func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }},
		Func{"σ'(x)", func(x float64) float64 { s := 1 / (1 + math.Exp(-x)); return s * (1 - s) }},
		Func{"ReLU", func(x float64) float64 { return math.Max(0, x) }})

	// Two Gaussian blobs, 500 points each.
	var x, y []float64
	var cls []int
	for i := range 1000 {
		c := i % 2
		x = append(x, rng.NormFloat64()+2*float64(c))
		y = append(y, rng.NormFloat64()-float64(c))
		cls = append(cls, c)
	}
	out["scatter"] = ScatterByClass(Options{Title: "Two blobs", XName: "x₁", YName: "x₂"}, x, y, cls, []string{"negative", "positive"})

	// Logistic model over a 60×60 grid with the data on top.
	g := Grid{X: linspace(-4, 6, 60), Y: linspace(-5, 4, 60)}
	for _, yy := range g.Y {
		row := make([]float64, len(g.X))
		for j, xx := range g.X {
			row[j] = 1 / (1 + math.Exp(-(2*xx - 1.5*yy - 2)))
		}
		g.Z = append(g.Z, row)
	}
	groups := groupByClass(x, y, cls, []string{"0", "1"})
	out["boundary"] = DecisionBoundary(Options{Title: "Decision boundary", XName: "x₁", YName: "x₂"}, g, groups...)

	// Rosenbrock with two GD paths, at dl.Landscape's default resolution.
	r := Grid{X: linspace(-2, 2, 64), Y: linspace(-1, 3, 64)}
	for _, b := range r.Y {
		row := make([]float64, len(r.X))
		for j, a := range r.X {
			row[j] = (1-a)*(1-a) + 100*(b-a*a)*(b-a*a)
		}
		r.Z = append(r.Z, row)
	}
	var paths []LineSeries
	for k, lr := range []float64{0.001, 0.0015} {
		a, b := -1.5, 2.5
		p := LineSeries{Name: []string{"GD", "GD fast"}[k]}
		for range 600 {
			p.X, p.Y = append(p.X, a), append(p.Y, b)
			ga := -2*(1-a) - 400*a*(b-a*a)
			gb := 200 * (b - a*a)
			a, b = a-lr*ga, b-lr*gb
		}
		paths = append(paths, p)
	}
	out["landscape"] = Landscape(Options{Title: "Rosenbrock", XName: "w₁", YName: "w₂"}, r, paths...)

	cm := [][]float64{{50, 2, 1}, {3, 45, 5}, {0, 4, 60}}
	out["confusion"] = ConfusionMatrix(Options{Title: "Confusion matrix"}, []string{"cat", "dog", "bird"}, cm)

	var hs []HistSeries
	for l := range 3 {
		v := make([]float64, 5000)
		for i := range v {
			v[i] = rng.NormFloat64() * math.Pow(10, -float64(l))
		}
		hs = append(hs, HistSeries{Name: "layer " + string(rune('1'+l)), Values: v})
	}
	out["histogram"] = Histogram(Options{Title: "Activations"}, 40, hs[0], HistSeries{"shifted", shift(hs[0].Values, 1)})
	out["panels"] = HistogramPanels(Options{Title: "Gradients per layer"}, 30, hs...)

	var imgs []Image
	for k := range 16 {
		px := make([]float64, 28*28)
		for i := 6; i < 22; i++ { // a stroke: a different diagonal per image
			px[i*28+(i+k)%28] = 1
			px[i*28+(i+k+1)%28] = 0.6
		}
		imgs = append(imgs, Image{Pixels: px, Caption: "digit " + string(rune('0'+k%10)), Highlight: k%5 == 0})
	}
	out["images"] = ImageGrid(Options{Title: "Digits"}, 28, 28, 8, imgs...)

	nodes := []Node{
		{ID: 0, Name: "x", Shape: []int{2}, Value: []float64{1, 2}},
		{ID: 1, Name: "w", Shape: []int{2}, Value: []float64{0.5, -1}, Grad: []float64{1, 2}},
		{ID: 2, Op: "Mul", Shape: []int{2}, Value: []float64{0.5, -2}, Grad: []float64{1, 1}},
		{ID: 3, Op: "Sum", Shape: []int{}, Value: []float64{-1.5}, Grad: []float64{1}},
	}
	out["graph"] = Graph(Options{Title: "y = Σ x·w"}, nodes, [][2]int{{0, 2}, {1, 2}, {2, 3}})
	return out
}

func linspace(lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return v
}

func shift(v []float64, d float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x + d
	}
	return out
}

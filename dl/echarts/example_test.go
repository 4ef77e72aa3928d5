package echarts_test

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/echarts"
)

// A loss curve per epoch for training and validation, on a log axis.
func ExampleLine() {
	train := []float64{2.3, 1.1, 0.6, 0.35, 0.2}
	val := []float64{2.4, 1.3, 0.8, 0.6, 0.55}
	c := echarts.Line(echarts.Options{Title: "Loss", XName: "epoch", LogY: true},
		echarts.LineSeries{Name: "train", Y: train},
		echarts.LineSeries{Name: "val", Y: val})
	// In a notebook: c.Show(). Here we look at the option.
	opt := c.Option()
	fmt.Println(len(opt["series"].([]any)), "lines, y axis:", opt["yAxis"].(map[string]any)["type"])
	// Output: 2 lines, y axis: log
}

// An activation and its derivative.
func ExampleFunctions() {
	c := echarts.Functions(echarts.Options{Title: "tanh"}, -4, 4,
		echarts.Func{Name: "tanh", F: math.Tanh},
		echarts.Func{Name: "tanh'", F: func(x float64) float64 { return 1 - math.Tanh(x)*math.Tanh(x) }})
	fmt.Println(c.Height(), "px high;", len(c.JSON()) < 20_000)
	// Output: 360 px high; true
}

// Histogram binning is done in Go.
func ExampleBins() {
	counts, skipped := echarts.Bins([]float64{0.1, 0.2, 0.7, math.NaN()}, 2, 0, 1)
	fmt.Println(counts, skipped)
	// Output: [2 1] 1
}

// The autograd graph of y = x·w.
func ExampleGraph() {
	nodes := []echarts.Node{
		{ID: 0, Name: "x", Shape: []int{}, Value: []float64{3}},
		{ID: 1, Name: "w", Shape: []int{}, Value: []float64{2}, Grad: []float64{3}},
		{ID: 2, Op: "Mul", Shape: []int{}, Value: []float64{6}, Grad: []float64{1}},
	}
	c := echarts.Graph(echarts.Options{Title: "y = x·w"}, nodes, [][2]int{{0, 2}, {1, 2}})
	node := c.Option()["series"].([]any)[0].(map[string]any)["data"].([]any)[2].(map[string]any)
	fmt.Printf("%q\n", node["label"].(map[string]any)["formatter"])
	// Output: "Mul\nscalar\nv 6\ng 1"
}

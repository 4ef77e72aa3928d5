package dl

import (
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
)

func TestAccuracyAxis(t *testing.T) {
	tests := []struct {
		name     string
		values   []float64
		min, max float64
	}{
		{"narrow band near the top", []float64{0.95, 0.97, 0.98}, 0.94, 0.99},
		{"wide spread", []float64{0.1, 0.9}, 0, 1},
		{"clamped at 1", []float64{0.99, 1}, 0.98, 1},
		{"clamped at 0", []float64{0, 0.02}, 0, 0.03},
		{"no finite values", nil, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := map[string]any{"yAxis": map[string]any{"type": "value"}}
			accuracyAxis(opt, tc.values)
			a := opt["yAxis"].(map[string]any)
			if a["min"] != tc.min || a["max"] != tc.max {
				t.Errorf("axis %v..%v, want %v..%v", a["min"], a["max"], tc.min, tc.max)
			}
		})
	}
}

// TestSweepAccuracyAutoScales checks that PlotHistories does not squash
// accuracies of 0.95–0.98 against a 0–1 axis.
func TestSweepAccuracyAutoScales(t *testing.T) {
	a := &History{Label: "SGD", TrainAcc: []float64{0.95, 0.96, 0.97}}
	b := &History{Label: "Adam", TrainAcc: []float64{0.955, 0.97, 0.98}}
	ys := axes(option(t, PlotHistories("accuracy", a, b)), "yAxis")
	if ys[0]["min"] != 0.94 || ys[0]["max"] != 0.99 {
		t.Errorf("accuracy axis %v..%v, want 0.94..0.99", ys[0]["min"], ys[0]["max"])
	}
}

// TestColoursAgreeAcrossKinds checks that an optimizer keeps its colour in
// a landscape, a line chart of histories (in another order) and a sweep.
func TestColoursAgreeAcrossKinds(t *testing.T) {
	colourOf := func(opt map[string]any) map[string]string {
		m := map[string]string{}
		for _, s := range seriesOf(opt) {
			if n, _ := s["name"].(string); n != "" {
				m[n], _ = s["color"].(string)
			}
		}
		return m
	}
	land := colourOf(option(t, Ellipsoid(1, 10).Compare(10).Figure()))
	if len(land) != 7 {
		t.Fatalf("landscape paths %v, want the seven optimizers", land)
	}
	hist := func(name string) *History {
		return &History{Label: name, TrainLoss: []float64{1, 0.5}}
	}
	lines := colourOf(option(t, PlotHistories("train loss", hist("Adam"), hist("Nesterov"), hist("SGD"))))
	for _, name := range []string{"Adam", "Nesterov", "SGD"} {
		if lines[name] == "" || lines[name] != land[name] {
			t.Errorf("%s: line colour %q, landscape colour %q", name, lines[name], land[name])
		}
	}
	for name, c := range land {
		if c == "#000000" || c == "" {
			t.Errorf("%s drawn in %q", name, c)
		}
	}
	// A learning-rate sweep of one optimizer: distinct colours.
	sweep := echarts.SeriesColours([]string{"Adam lr=0.1", "Adam lr=0.01", "Adam lr=0.001"})
	if sweep[0] == sweep[1] || sweep[1] == sweep[2] || sweep[0] == sweep[2] {
		t.Errorf("one optimizer's runs share colours: %v", sweep)
	}
}

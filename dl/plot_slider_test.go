package dl

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSlider: momentum on the valley for three η, as in notebook 04: one
// chart, three slider positions, the landscape stored once, each frame's
// path its own.
func TestSlider(t *testing.T) {
	valley := Ellipsoid(1, 100)
	s := Slider("η", []float64{0, 0.5, 0.9}, func(eta float64) *Figure {
		return valley.Compare(30, Momentum(0.01, eta)).Title("Momentum on the valley").Figure()
	})
	if got := strings.Join(s.Labels(), ", "); got != "η = 0, η = 0.5, η = 0.9" {
		t.Errorf("labels %q", got)
	}
	js := s.Chart().JSON()
	var opt struct {
		Timeline struct{ Data []string }
		Options  []struct{ Series []map[string]any }
	}
	if err := json.Unmarshal(js, &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Timeline.Data) != 3 || len(opt.Options) != 3 {
		t.Fatalf("%d labels, %d frames; want 3 and 3", len(opt.Timeline.Data), len(opt.Options))
	}
	if n := strings.Count(string(js), "dlfunGrid"); n != 1 {
		t.Errorf("the landscape is stored %d times, want once", n)
	}
	paths := map[string]bool{}
	for i, o := range opt.Options {
		if len(o.Series) != 2 || len(o.Series[1]) == 0 {
			t.Fatalf("frame %d: series %v, want the landscape (unchanged) and its own path", i+1, o.Series)
		}
		d, _ := json.Marshal(o.Series[1]["data"])
		paths[string(d)] = true
	}
	if len(paths) != 3 {
		t.Errorf("%d different paths for 3 values of η", len(paths))
	}
	if len(js) > 20_000 {
		t.Errorf("the slider chart is %d bytes, more than the course's 20 KB per chart", len(js))
	}
}

func TestSliderErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		frame  func(float64) *Figure
		want   string
	}{
		{"no values", nil, func(float64) *Figure { return Plot() }, "no values"},
		{"nil frame", []float64{1}, func(float64) *Figure { return nil }, "is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), tc.want) {
					t.Errorf("panic %v, want one containing %q", r, tc.want)
				}
			}()
			Slider("λ", tc.values, tc.frame)
		})
	}
}

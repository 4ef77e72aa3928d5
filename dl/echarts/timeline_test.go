package echarts

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTimeline(t *testing.T) {
	frame := func(y ...float64) *Chart {
		return Line(Options{Title: "loss", YName: "loss"},
			LineSeries{Name: "fixed", Y: []float64{1, 2, 3}}, LineSeries{Name: "moving", Y: y})
	}
	c := Timeline([]string{"a", "b"}, frame(1, 1, 1), frame(3, 2, 1))
	var opt struct {
		Timeline struct{ Data []string }
		Options  []struct {
			Series []map[string]any
			Title  any
		}
		Series []map[string]any
		Grid   struct{ Bottom int }
	}
	if err := json.Unmarshal(c.JSON(), &opt); err != nil {
		t.Fatal(err)
	}
	if strings.Join(opt.Timeline.Data, ",") != "a,b" || len(opt.Options) != 2 {
		t.Fatalf("timeline %v with %d options, want a,b and 2", opt.Timeline.Data, len(opt.Options))
	}
	if len(opt.Series) != 2 || opt.Series[1]["name"] != "moving" || opt.Series[0]["data"] == nil {
		t.Errorf("the base keeps the first frame's series: %v", opt.Series)
	}
	if _, dup := opt.Series[1]["data"]; dup {
		t.Error("the base stores the data of a series that every frame carries")
	}
	if len(opt.Options[1].Series[0]) != 0 {
		t.Errorf("an unchanged series is stored again: %v", opt.Options[1].Series[0])
	}
	if opt.Options[1].Series[1]["name"] != "moving" || opt.Options[1].Title != nil {
		t.Errorf("frame 2 should carry only the changed series: %+v", opt.Options[1])
	}
	if opt.Grid.Bottom < timelineHeight || c.Height() != frame(1).Height()+timelineHeight {
		t.Errorf("no room for the slider: grid bottom %d, height %d", opt.Grid.Bottom, c.Height())
	}
}

func TestTimelineErrors(t *testing.T) {
	line := func(n int) *Chart {
		var s []LineSeries
		for range n {
			s = append(s, LineSeries{Y: []float64{1, 2}})
		}
		return Line(Options{}, s...)
	}
	field := func(v float64) *Chart {
		return Landscape(Options{}, Grid{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{0, v}, {2, 0}}})
	}
	tests := []struct {
		name   string
		labels []string
		frames []*Chart
		want   string
	}{
		{"no frames", nil, nil, "no frames"},
		{"labels", []string{"a"}, []*Chart{line(1), line(1)}, "1 labels for 2 frames"},
		{"series count", []string{"a", "b"}, []*Chart{line(1), line(2)}, "frame 2 (b) has 2 series"},
		{"heatmap changes", []string{"a", "b"}, []*Chart{field(1), field(3)}, "changes the heatmap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), tc.want) {
					t.Errorf("panic %v, want one containing %q", r, tc.want)
				}
			}()
			Timeline(tc.labels, tc.frames...)
		})
	}
	// The same landscape in every frame is fine, and stored once.
	c := Timeline([]string{"a", "b"}, field(1), field(1))
	if n := strings.Count(string(c.JSON()), "dlfunGrid"); n != 1 {
		t.Errorf("the landscape is stored %d times, want once", n)
	}
}

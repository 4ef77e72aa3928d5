package echarts

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// timelineHeight is the room the slider takes below the plot, in pixels.
const timelineHeight = 56

// Timeline joins frames, one chart per value of a parameter (a learning
// rate, a momentum, a dropout rate…), into one chart with a slider below
// it: ECharts' timeline. Dragging the slider, or pressing its play button,
// swaps in each frame's data in the browser, with no kernel: the chart
// keeps working after the notebook is saved and reopened, and in exported
// pages. labels name the frames on the slider ("η = 0.9"), one per frame.
//
// The first frame gives the chart everything (title, axes, legend, size);
// the other frames carry only what differs from it, series by series, so
// that a heatmap or landscape drawn the same in every frame is stored
// once. Every frame must have as many series as the first, in the same
// order; a heatmap may not change from frame to frame.
func Timeline(labels []string, frames ...*Chart) *Chart {
	if len(frames) == 0 {
		panic("echarts.Timeline: no frames: give one chart per slider position")
	}
	if len(labels) != len(frames) {
		panic(fmt.Sprintf("echarts.Timeline: %d labels for %d frames: give one label per frame", len(labels), len(frames)))
	}
	first := frames[0]
	base := make(obj, len(first.opt)+2)
	for k, v := range first.opt {
		base[k] = v
	}
	baseSeries, _ := first.opt["series"].([]any)
	// A series (or setting) the same in every frame is stored once, in
	// the base; one that differs anywhere is stored in every frame, since
	// ECharts merges a frame into what is drawn, not into the base.
	varies := make([]bool, len(baseSeries))
	variesKey := map[string]bool{}
	for i, f := range frames {
		series, _ := f.opt["series"].([]any)
		if len(series) != len(baseSeries) {
			panic(fmt.Sprintf("echarts.Timeline: frame %d (%s) has %d series, the first frame %d: every frame needs the same series in the same order",
				i+1, labels[i], len(series), len(baseSeries)))
		}
		for j, s := range series {
			if !sameJSON(s, baseSeries[j]) {
				varies[j] = true
			}
		}
		for k, v := range f.opt {
			if !sameJSON(v, first.opt[k]) {
				variesKey[k] = true
			}
		}
	}
	options := make([]obj, len(frames))
	for i, f := range frames {
		series := f.opt["series"].([]any)
		diff := make([]any, len(series))
		for j, s := range series {
			if !varies[j] {
				diff[j] = obj{} // merged into the base's series: unchanged
				continue
			}
			if m, ok := s.(obj); ok && m["dlfunGrid"] != nil {
				panic(fmt.Sprintf("echarts.Timeline: frame %d (%s) changes the heatmap of series %d: only lines, points and axes may change between frames",
					i+1, labels[i], j+1))
			}
			diff[j] = s
		}
		o := obj{"series": diff}
		for k := range variesKey {
			switch k {
			case "series", "color", "animation", "tooltip", "toolbox", "grid":
				continue
			}
			if v, ok := f.opt[k]; ok {
				o[k] = v
			}
		}
		options[i] = o
	}
	// The base keeps a varying series' style; its frames carry the data.
	kept := make([]any, len(baseSeries))
	for j, s := range baseSeries {
		kept[j] = s
		if m, ok := s.(obj); ok && varies[j] {
			style := make(obj, len(m))
			for k, v := range m {
				if k != "data" {
					style[k] = v
				}
			}
			kept[j] = style
		}
	}
	base["series"] = kept
	base["options"] = options
	base["timeline"] = obj{
		"axisType": "category", "data": labels, "currentIndex": 0,
		"autoPlay": false, "playInterval": 1500, "loop": true,
		"bottom": 6, "left": 24, "right": 24, "height": 40,
		"label": obj{"fontSize": 11}, "checkpointStyle": obj{"symbolSize": 14},
	}
	// Room for the slider below the plots.
	lift := func(g obj) obj {
		ng := make(obj, len(g)+1)
		for k, v := range g {
			ng[k] = v
		}
		b, _ := ng["bottom"].(int)
		ng["bottom"] = b + timelineHeight
		return ng
	}
	switch g := base["grid"].(type) {
	case obj:
		base["grid"] = lift(g)
	case []any:
		grids := make([]any, len(g))
		for i, x := range g {
			grids[i] = x
			if m, ok := x.(obj); ok {
				grids[i] = lift(m)
			}
		}
		base["grid"] = grids
	case nil:
		base["grid"] = obj{"bottom": timelineHeight + 36, "containLabel": true}
	}
	return &Chart{opt: base, height: first.height + timelineHeight, title: first.title}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

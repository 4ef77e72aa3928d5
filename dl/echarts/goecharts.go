package echarts

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// GoECharter is what every chart of github.com/go-echarts/go-echarts/v2
// has (charts.NewLine(), charts.NewBar(), charts.NewScatter(), …): Validate
// puts the series in place and JSON returns the ECharts option. This package
// does not import go-echarts, so programs that never use it do not link it.
type GoECharter interface {
	Validate()
	JSON() map[string]any
}

// goEChartsDefaultHeight is go-echarts' default chart height (500px).
const goEChartsDefaultHeight = 500

// FromGoECharts turns a go-echarts chart, or a go-echarts
// *components.Page (each of its charts, in order), into Charts that Show,
// HTML, the MIME renderer and the static export draw like dlfun's own. It
// reads each chart's option with Validate and JSON and its height from
// the chart's Initialization.Height ("400px"; 500 if unset or not in
// pixels); the width is always the cell's. Nothing of go-echarts' page
// rendering is used: no CDN script, no CSS.
//
// JavaScript functions in the option (opts.FuncOpts, e.g. a tooltip
// formatter) are left out, and named in notes: a notebook output runs no
// code (that is what lets charts draw in untrusted notebooks). Maps
// (charts.NewGeo, charts.NewMap) and the 3-D kinds (charts.NewScatter3D,
// …) need ECharts add-ons (map data, echarts-gl) that are not bundled.
//
// flex reports a page laid out side by side (components.PageFlexLayout).
// It returns an error naming the type for anything that is not a go-echarts
// chart or page.
func FromGoECharts(v any) (charts []*Chart, flex bool, notes []string, err error) {
	if c, ok := v.(GoECharter); ok {
		ch, n, err := fromGoEChart(c)
		if err != nil {
			return nil, false, nil, err
		}
		return []*Chart{ch}, false, n, nil
	}
	page := reflect.ValueOf(v)
	for page.Kind() == reflect.Pointer && !page.IsNil() {
		page = page.Elem()
	}
	var list reflect.Value
	if page.Kind() == reflect.Struct {
		list = page.FieldByName("Charts")
	}
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return nil, false, nil, fmt.Errorf("got a %T: want a go-echarts chart (charts.NewLine(), charts.NewBar(), …; a pointer, as the New functions return) or a *components.Page", v)
	}
	for i := range list.Len() {
		c, ok := list.Index(i).Interface().(GoECharter)
		if !ok {
			return nil, false, nil, fmt.Errorf("chart %d of the page is a %T, which has no option (JSON method)", i+1, list.Index(i).Interface())
		}
		ch, n, err := fromGoEChart(c)
		if err != nil {
			return nil, false, nil, fmt.Errorf("chart %d of the page: %w", i+1, err)
		}
		charts = append(charts, ch)
		notes = append(notes, n...)
	}
	if len(charts) == 0 {
		return nil, false, nil, fmt.Errorf("the page has no charts: add them with page.AddCharts(…)")
	}
	layout := page.FieldByName("Layout")
	flex = layout.IsValid() && layout.Kind() == reflect.String && layout.String() == "flex"
	return charts, flex, notes, nil
}

// fromGoEChart converts one go-echarts chart.
func fromGoEChart(c GoECharter) (*Chart, []string, error) {
	if rv := reflect.ValueOf(c); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil, fmt.Errorf("the chart is nil: make it with charts.NewLine() (or another New function) first")
	}
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, nil, fmt.Errorf("the chart's option is not JSON: %v", err)
	}
	var opt obj
	if err := json.Unmarshal(b, &opt); err != nil {
		return nil, nil, fmt.Errorf("the chart's option is not a JSON object: %v", err)
	}
	var dropped []string
	dropFuncs(opt, "", &dropped)
	var notes []string
	if len(dropped) > 0 {
		sort.Strings(dropped)
		notes = append(notes, "JavaScript functions left out (a notebook output runs no code): "+strings.Join(dropped, ", "))
	}
	title := ""
	if t, ok := opt["title"].(map[string]any); ok {
		title, _ = t["text"].(string)
	}
	return &Chart{opt: opt, height: goEChartsHeight(c), title: title}, notes, nil
}

// funcMarker wraps JavaScript code in go-echarts options (opts.FuncOpts).
const funcMarker = "__f__"

// dropFuncs removes, in place, every string value that is JavaScript code
// (starts with funcMarker), recording its path.
func dropFuncs(v any, path string, dropped *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if s, ok := e.(string); ok && strings.HasPrefix(s, funcMarker) {
				delete(x, k)
				*dropped = append(*dropped, p)
				continue
			}
			dropFuncs(e, p, dropped)
		}
	case []any:
		for i, e := range x {
			p := path + "[" + strconv.Itoa(i) + "]"
			if s, ok := e.(string); ok && strings.HasPrefix(s, funcMarker) {
				x[i] = nil
				*dropped = append(*dropped, p)
				continue
			}
			dropFuncs(e, p, dropped)
		}
	}
}

// goEChartsHeight reads Initialization.Height ("400px") of a go-echarts
// chart by reflection; anything else gives the go-echarts default.
func goEChartsHeight(c GoECharter) int {
	v := reflect.ValueOf(c)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return goEChartsDefaultHeight
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return goEChartsDefaultHeight
	}
	init := v.FieldByName("Initialization") // embedded opts.Initialization
	if !init.IsValid() || init.Kind() != reflect.Struct {
		return goEChartsDefaultHeight
	}
	h := init.FieldByName("Height")
	if !h.IsValid() || h.Kind() != reflect.String {
		return goEChartsDefaultHeight
	}
	px, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(h.String()), "px")))
	if err != nil || px < 50 || px > 5000 {
		return goEChartsDefaultHeight
	}
	return px
}

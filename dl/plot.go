package dl

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// This file is the fluent plotting API: Plot() starts a Figure, methods add
// curves and settings, Show draws it. Every chart helper of package dl
// (History.Plot, PlotDecisionBoundary, PlotFunctions, PlotImages, …)
// returns a *Figure too, so the same settings work on all of them:
//
//	dl.Plot().Line("train", nil, trainLoss).Line("val", nil, valLoss).
//		Title("Loss").XLabel("epoch").LogY().Show()
//
// Drawing is done by package dl/echarts (chart kinds over plain slices,
// downsampling, escaping) and dl/display (the notebook connection). Inside
// a GoNB notebook Show puts the chart into the cell's output; anywhere else
// (go test, go run) it writes a standalone HTML file and prints its path.
// Nothing here panics because there is no notebook.

// Figure is a chart being built: a title, axis labels and scales, a size,
// and either curves and point clouds added with Line, Points and Scatter,
// or one of the special kinds made by the Plot… helpers (decision
// boundary, histograms, images, graph, …). Every setter returns the Figure,
// so calls chain; Show, HTML and Save end the chain.
type Figure struct {
	opts     echarts.Options
	width    int
	lines    []echarts.LineSeries
	scatters []echarts.ScatterSeries
	// kind builds a special chart (nil for curves and scatters); it gets
	// the figure's options, so Title, XLabel, Size, … apply to it too.
	kind func(o echarts.Options) *echarts.Chart
	// adjust runs on the built chart's option, for touches echarts has no
	// setting for (second panels, fixed axis ranges).
	adjust []func(opt map[string]any)
	// history is the run History.Plot draws: when a live training view
	// already shows this very chart, Show redraws it in place instead of
	// repeating it.
	history *History
}

// Plot starts an empty figure: add curves with Line, Points or Scatter,
// set a Title, and Show it.
//
//	dl.Plot().Line("sigmoid", xs, ys).Title("σ(h) = 1/(1+e^{-h})").Show()
func Plot() *Figure { return &Figure{} }

// Title sets the chart's title, drawn at the top left.
func (f *Figure) Title(title string) *Figure { f.opts.Title = title; return f }

// Subtitle sets a smaller second line under the title.
func (f *Figure) Subtitle(s string) *Figure { f.opts.Subtitle = s; return f }

// XLabel names the horizontal axis, e.g. "epoch".
func (f *Figure) XLabel(name string) *Figure { f.opts.XName = name; return f }

// YLabel names the vertical axis, e.g. "loss".
func (f *Figure) YLabel(name string) *Figure { f.opts.YName = name; return f }

// LogX puts the horizontal axis on a logarithmic scale (e.g. learning
// rates); points with x ≤ 0 are dropped.
func (f *Figure) LogX() *Figure { f.opts.LogX = true; return f }

// LogY puts the vertical axis on a logarithmic scale (e.g. losses that
// fall over decades); values ≤ 0 leave a gap.
func (f *Figure) LogY() *Figure { f.opts.LogY = true; return f }

// Size sets the chart's height in pixels and limits the width of its
// plotting area to width pixels (0 keeps the default: as wide as the
// notebook cell). The default height suits each kind (about 360 pixels
// for curves).
func (f *Figure) Size(width, height int) *Figure {
	f.width, f.opts.Height = max(width, 0), max(height, 0)
	return f
}

// MaxPoints sets how many points the curves keep in all before they are
// downsampled (see Line), or how many points a scatter keeps in total.
func (f *Figure) MaxPoints(n int) *Figure { f.opts.MaxPoints = max(n, 0); return f }

// Line adds a curve named name through the points (xs[i], ys[i]). With xs
// nil the x values are 0, 1, 2, … (steps or epochs). NaN or ±Inf in ys leave
// a gap (a diverged run).
//
// Long curves are downsampled so that a chart stays small in the saved
// notebook (under 20 KB): 500 points are shared among the curves (short
// curves keep all theirs, long ones at least 40 each; set another budget
// with MaxPoints). Downsampling cuts a curve into
// buckets and keeps each bucket's lowest and highest point, so the spikes of
// a noisy per-step SGD loss survive and the band between them shows the
// noise.
func (f *Figure) Line(name string, xs, ys []float64) *Figure {
	f.lines = append(f.lines, echarts.LineSeries{Name: name, X: xs, Y: ys})
	return f
}

// Dashed adds a dashed curve, e.g. a validation loss or a reference line.
// Arguments as for Line.
func (f *Figure) Dashed(name string, xs, ys []float64) *Figure {
	f.lines = append(f.lines, echarts.LineSeries{Name: name, X: xs, Y: ys, Dashed: true})
	return f
}

// LineRight adds a curve measured on a second y axis on the right, e.g.
// the accuracy next to the loss; name that axis with Y2Label.
func (f *Figure) LineRight(name string, xs, ys []float64) *Figure {
	f.lines = append(f.lines, echarts.LineSeries{Name: name, X: xs, Y: ys, Right: true})
	return f
}

// Y2Label names the right y axis (the one LineRight curves use).
func (f *Figure) Y2Label(name string) *Figure { f.opts.Y2Name = name; return f }

// Points adds a curve with a marker at every point: a trajectory, or a
// few measured values such as the final loss per learning rate.
func (f *Figure) Points(name string, xs, ys []float64) *Figure {
	f.lines = append(f.lines, echarts.LineSeries{Name: name, X: xs, Y: ys, Symbols: true})
	return f
}

// Scatter adds a cloud of unconnected points named name (one class of a
// data set, say). Large clouds are thinned evenly to 600 points in total.
func (f *Figure) Scatter(name string, xs, ys []float64) *Figure {
	f.scatters = append(f.scatters, echarts.ScatterSeries{Name: name, X: xs, Y: ys})
	return f
}

// Chart builds the chart the figure describes. Use it for what the fluent
// API does not cover: (*echarts.Chart).Option returns the ECharts option to
// inspect or adjust.
func (f *Figure) Chart() *echarts.Chart {
	o := f.opts
	var c *echarts.Chart
	switch {
	case f.kind != nil:
		c = f.kind(o)
	case len(f.lines) == 0 && len(f.scatters) > 0:
		c = echarts.Scatter(o, f.scatters...)
	case len(f.lines) == 0: // nothing added (echarts.Line needs a series)
		c = echarts.Line(o, echarts.LineSeries{})
		c.Option()["graphic"] = map[string]any{"type": "text", "left": "center", "top": "middle",
			"style": map[string]any{"text": "nothing to plot: add a Line or Scatter", "fill": "#888"}}
	default:
		c = echarts.Line(o, f.lines...)
		if len(f.scatters) > 0 {
			addScatters(c, o, len(f.lines), f.scatters)
		}
	}
	opt := c.Option()
	for _, a := range f.adjust {
		a(opt)
	}
	if f.width > 0 {
		if g, ok := opt["grid"].(map[string]any); ok {
			g["width"] = f.width
		}
	}
	return c
}

// addScatters appends scatter series to a line chart, coloured after the
// lines (a figure mixing curves and points).
func addScatters(c *echarts.Chart, o echarts.Options, offset int, groups []echarts.ScatterSeries) {
	sc := echarts.Scatter(o, groups...)
	opt := c.Option()
	series, _ := opt["series"].([]any)
	for i, s := range sc.Option()["series"].([]any) {
		m := s.(map[string]any)
		m["color"] = echarts.Palette[(offset+i)%len(echarts.Palette)]
		series = append(series, m)
	}
	opt["series"] = series
	if _, ok := opt["legend"]; !ok && len(series) > 1 {
		addLegend(opt)
	}
}

// addLegend gives a chart that has none a legend under its title, wrapping
// into rows, and moves its plotting areas down to make room for the rows
// (as echarts places legends: 10 pixels above where the plot began).
func addLegend(opt map[string]any) {
	var grids []map[string]any
	switch g := opt["grid"].(type) {
	case map[string]any:
		grids = append(grids, g)
	case []any:
		for _, x := range g {
			grids = append(grids, x.(map[string]any))
		}
	}
	top := 16
	for _, g := range grids {
		if t, ok := g["top"].(int); ok {
			top = max(top, t)
		}
	}
	var names []string
	series, _ := opt["series"].([]any)
	for _, s := range series {
		if n, _ := s.(map[string]any)["name"].(string); n != "" {
			names = append(names, n)
		}
	}
	rows := echarts.LegendRows(names)
	opt["legend"] = map[string]any{"type": "plain", "left": 8, "right": 8, "itemGap": 10, "top": top - 10}
	for _, g := range grids {
		g["top"] = top + 10 + 24*rows
	}
}

// Show displays the figure: in a notebook as the cell's output (it waits
// until the notebook has it), elsewhere by writing a standalone HTML file
// into display.PlotDir() and printing its path. It never panics. The chart
// of h.Plot() that a live training view already left in this cell's output
// is redrawn there, not shown a second time.
func (f *Figure) Show() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(os.Stderr, "dl: cannot draw the chart:", r)
		}
	}()
	c := f.Chart()
	if id := liveFinals.block(f.history, c); id != "" {
		if liveSink != nil {
			liveSink(id, c.MIMEJSON())
		} else {
			c.ShowIn(id)
		}
		return
	}
	c.Show()
}

// HTML returns the figure as an HTML snippet for a notebook output (a
// <div> and a <script>; the ECharts library must be loaded in the page,
// which Show takes care of).
func (f *Figure) HTML() string { return f.Chart().HTML() }

// Save writes the figure as a standalone HTML page to path. The page
// inlines the ECharts library when it can be found (see
// echarts.LibraryPath), so it opens offline in any browser; otherwise it
// loads echarts.min.js from the page's own directory.
func (f *Figure) Save(path string) error {
	lib, _ := echarts.Library()
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("dl: Save: %w", err)
		}
	}
	if err := os.WriteFile(path, []byte(f.Chart().Page(lib)), 0o644); err != nil {
		return fmt.Errorf("dl: Save: %w", err)
	}
	return nil
}

// String summarises the figure: its title and subtitle, its named (or
// logarithmic) axes and one line per series with its kind, name and
// number of points, e.g. for a test or a quick look outside a notebook.
func (f *Figure) String() string {
	return summarize(f.Chart())
}

// summarize describes a chart's option: title, axes and series.
func summarize(c *echarts.Chart) string {
	opt := c.Option()
	var b strings.Builder
	titles := []any{opt["title"]}
	if list, ok := opt["title"].([]any); ok && len(list) > 0 { // panels: the first is the chart's
		titles = list[:1]
	}
	if t, ok := titles[0].(map[string]any); ok {
		for _, key := range []string{"text", "subtext"} {
			if s, _ := t[key].(string); s != "" {
				fmt.Fprintf(&b, "%s\n", s)
			}
		}
	}
	axes := func(key string) []map[string]any {
		switch a := opt[key].(type) {
		case map[string]any:
			return []map[string]any{a}
		case []any:
			var out []map[string]any
			for _, x := range a {
				if m, ok := x.(map[string]any); ok && m["show"] != false {
					out = append(out, m)
				}
			}
			return out
		}
		return nil
	}
	for _, key := range []string{"xAxis", "yAxis"} {
		for _, a := range axes(key) {
			name, _ := a["name"].(string)
			if a["type"] == "category" || name == "" && a["type"] != "log" {
				continue
			}
			fmt.Fprintf(&b, "%s: %v", key[:1], a["type"])
			if name != "" {
				fmt.Fprintf(&b, " %q", name)
			}
			b.WriteByte('\n')
		}
	}
	series, _ := opt["series"].([]any)
	for _, s := range series {
		m := s.(map[string]any)
		fmt.Fprintf(&b, "%v", m["type"])
		if n, ok := m["name"].(string); ok && n != "" {
			fmt.Fprintf(&b, " %q", n)
		}
		if n := dataLen(m); n >= 0 {
			fmt.Fprintf(&b, ": %d points", n)
		}
		b.WriteByte('\n')
	}
	if im, ok := opt["dlfunImages"].(map[string]any); ok {
		fmt.Fprintf(&b, "images: %d of %v×%v\n", len(im["imgs"].([]any)), im["w"], im["h"])
	}
	return strings.TrimRight(b.String(), "\n")
}

// dataLen returns the number of data items of a series (−1 if unknown).
func dataLen(s map[string]any) int {
	if g, ok := s["dlfunGrid"].(map[string]any); ok {
		return g["w"].(int) * g["h"].(int)
	}
	switch d := s["data"].(type) {
	case nil:
		return -1
	case []any:
		return len(d)
	default:
		// echarts' compact point arrays: count the elements of the JSON.
		b, err := json.Marshal(d)
		if err != nil {
			return -1
		}
		var items []json.RawMessage
		if json.Unmarshal(b, &items) != nil {
			return -1
		}
		return len(items)
	}
}

// finiteRange returns the smallest and largest finite values of v (0, 1 if
// there are none).
func finiteRange(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}

// seq returns 1, 2, …, n as float64 (epoch numbers).
func seq(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

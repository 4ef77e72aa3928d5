package echarts

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// decode returns the chart's JSON parsed back into generic values.
func decode(t *testing.T, c *Chart) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(c.JSON(), &m); err != nil {
		t.Fatalf("chart JSON does not parse: %v\n%s", err, c.JSON())
	}
	return m
}

func series(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	raw, ok := m["series"].([]any)
	if !ok {
		t.Fatalf("no series in %v", m)
	}
	out := make([]map[string]any, len(raw))
	for i, s := range raw {
		out[i] = s.(map[string]any)
	}
	return out
}

func TestLine(t *testing.T) {
	y := make([]float64, 5000)
	for i := range y {
		y[i] = math.Sin(float64(i) / 100)
	}
	y[10] = math.NaN()
	tests := []struct {
		name      string
		opts      Options
		lines     []LineSeries
		wantTypes [2]string // x, y axis type
		wantLens  []int
		legend    bool
	}{
		{"one short line", Options{}, []LineSeries{{Name: "loss", Y: []float64{3, 2, 1}}}, [2]string{"value", "value"}, []int{3}, false},
		{"two lines log y", Options{LogY: true}, []LineSeries{{Name: "train", Y: []float64{1, 0.5, 0}}, {Name: "val", X: []float64{0, 2}, Y: []float64{2, 1}}},
			[2]string{"value", "log"}, []int{3, 2}, true},
		{"log x drops x<=0", Options{LogX: true}, []LineSeries{{Name: "a", X: []float64{0, 1, 10}, Y: []float64{1, 2, 3}}}, [2]string{"log", "value"}, []int{2}, false},
		{"downsampled", Options{MaxPoints: 200}, []LineSeries{{Name: "long", Y: y}}, [2]string{"value", "value"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := decode(t, Line(tc.opts, tc.lines...))
			if got := m["xAxis"].(map[string]any)["type"]; got != tc.wantTypes[0] {
				t.Errorf("x axis type %v, want %v", got, tc.wantTypes[0])
			}
			if got := m["yAxis"].(map[string]any)["type"]; got != tc.wantTypes[1] {
				t.Errorf("y axis type %v, want %v", got, tc.wantTypes[1])
			}
			if _, ok := m["legend"]; ok != tc.legend {
				t.Errorf("legend present = %v, want %v", ok, tc.legend)
			}
			ss := series(t, m)
			if len(ss) != len(tc.lines) {
				t.Fatalf("%d series, want %d", len(ss), len(tc.lines))
			}
			for i, s := range ss {
				if s["type"] != "line" || s["name"] != tc.lines[i].Name {
					t.Errorf("series %d = %v %v", i, s["type"], s["name"])
				}
				n := len(s["data"].([]any))
				if tc.wantLens != nil && n != tc.wantLens[i] {
					t.Errorf("series %d has %d points, want %d", i, n, tc.wantLens[i])
				}
				if tc.opts.MaxPoints > 0 && (n > tc.opts.MaxPoints+2 || n < tc.opts.MaxPoints/2) {
					t.Errorf("downsampled to %d points, want about %d", n, tc.opts.MaxPoints)
				}
			}
		})
	}
}

func TestLineRightAxis(t *testing.T) {
	m := decode(t, Line(Options{YName: "loss", Y2Name: "accuracy", LogY: true},
		LineSeries{Name: "loss", Y: []float64{1, 0.5}}, LineSeries{Name: "acc", Y: []float64{0.5, 0.9}, Right: true}))
	axes, ok := m["yAxis"].([]any)
	if !ok || len(axes) != 2 {
		t.Fatalf("yAxis = %v, want two axes", m["yAxis"])
	}
	if a := axes[1].(map[string]any); a["name"] != "accuracy" || a["type"] != "value" {
		t.Errorf("right axis = %v", a)
	}
	if s := series(t, m); s[1]["yAxisIndex"] != 1.0 || s[0]["yAxisIndex"] != nil {
		t.Errorf("series axes = %v, %v", s[0]["yAxisIndex"], s[1]["yAxisIndex"])
	}
}

func TestLineGapsAndLog(t *testing.T) {
	m := decode(t, Line(Options{LogY: true}, LineSeries{Y: []float64{1, math.NaN(), 0, -1, math.Inf(1), 2}}))
	data := series(t, m)[0]["data"].([]any)
	var ys []any
	for _, p := range data {
		ys = append(ys, p.([]any)[1])
	}
	want := []any{1.0, nil, nil, nil, nil, 2.0}
	if len(ys) != len(want) {
		t.Fatalf("ys = %v, want %v", ys, want)
	}
	for i := range want {
		if ys[i] != want[i] {
			t.Fatalf("ys = %v, want %v (NaN, Inf and y<=0 on a log axis must become gaps)", ys, want)
		}
	}
}

func TestDownsampleKeepsExtremes(t *testing.T) {
	n := 10000
	x, y := make([]float64, n), make([]float64, n)
	for i := range y {
		x[i] = float64(i)
	}
	y[4321], y[777] = 50, -50
	dx, dy := downsample(x, y, 100)
	if len(dx) > 102 {
		t.Fatalf("kept %d points, want <= 102", len(dx))
	}
	lo, hi := minMax(dy)
	if lo != -50 || hi != 50 {
		t.Fatalf("extremes lost: min %v max %v", lo, hi)
	}
	if dx[0] != 0 || dx[len(dx)-1] != float64(n-1) {
		t.Fatalf("first/last x = %v/%v", dx[0], dx[len(dx)-1])
	}
	for i := 1; i < len(dx); i++ {
		if dx[i] <= dx[i-1] {
			t.Fatalf("x not increasing at %d: %v", i, dx[i-1:i+1])
		}
	}
}

func TestEscaping(t *testing.T) {
	evil := `</script><script>alert(1)</script><!-- & "quotes" 'x' {a|b}`
	charts := []*Chart{
		Line(Options{Title: evil, XName: evil}, LineSeries{Name: evil, Y: []float64{1, 2}}),
		ScatterByClass(Options{Title: evil}, []float64{1}, []float64{2}, []int{0}, []string{evil}),
		ConfusionMatrix(Options{Title: evil}, []string{evil, "b"}, [][]float64{{1, 2}, {3, 4}}),
		ImageGrid(Options{}, 2, 2, 1, Image{Pixels: []float64{0, 1, 1, 0}, Caption: evil}),
		Graph(Options{}, []Node{{ID: 0, Name: evil, Value: []float64{1}}}, nil),
	}
	for i, c := range charts {
		h := c.HTML()
		if n := strings.Count(strings.ToLower(h), "</script"); n != 1 {
			t.Errorf("chart %d: %d occurrences of </script, want only the closing tag", i, n)
		}
		if strings.Contains(h, "<!--") || strings.Contains(h, "alert(1)</") {
			t.Errorf("chart %d: raw markup from a label leaked into the HTML", i)
		}
		if bytes.ContainsAny(c.JSON(), "<>&") {
			t.Errorf("chart %d: JSON contains raw <, > or &", i)
		}
		// The title round-trips exactly through the escaped JSON.
		if i == 0 {
			if got := decode(t, c)["title"].(map[string]any)["text"]; got != evil {
				t.Errorf("title decodes to %q, want %q", got, evil)
			}
		}
	}
	// Graph tooltips are HTML: the label must arrive escaped.
	m := decode(t, charts[4])
	tip := series(t, m)[0]["data"].([]any)[0].(map[string]any)["tooltip"].(map[string]any)["formatter"].(string)
	if strings.Contains(tip, "<script") || !strings.Contains(tip, "&lt;/script&gt;") {
		t.Errorf("graph tooltip not HTML-escaped: %q", tip)
	}
	if strings.ContainsAny(series(t, m)[0]["data"].([]any)[0].(map[string]any)["label"].(map[string]any)["formatter"].(string), "{}") {
		t.Errorf("graph label keeps template braces")
	}
}

func TestLibraryScript(t *testing.T) {
	s := LibraryScript(`var a="</SCRIPT>";/*<!-- x */window.echarts={}`)
	if n := strings.Count(strings.ToLower(s), "</script"); n != 1 {
		t.Fatalf("%d </script in %q", n, s)
	}
	for _, want := range []string{`(function(define,module,exports){`, `<\/SCRIPT>`, `<\!-- x`, `}).call(window);</script>`} {
		if !strings.Contains(s, want) {
			t.Errorf("LibraryScript output lacks %q: %s", want, s)
		}
	}
}

func TestScatter(t *testing.T) {
	n := 4000
	x, y, cls := make([]float64, n), make([]float64, n), make([]int, n)
	for i := range x {
		x[i], y[i], cls[i] = float64(i), float64(i%7), i%4
	}
	m := decode(t, ScatterByClass(Options{}, x, y, cls, []string{"a", "b"}))
	ss := series(t, m)
	if len(ss) != 4 {
		t.Fatalf("%d series, want 4 classes", len(ss))
	}
	total := 0
	names := []string{}
	for _, s := range ss {
		total += len(s["data"].([]any))
		names = append(names, s["name"].(string))
	}
	if total > 600 || total < 450 {
		t.Errorf("%d points kept, want thinning to about 600", total)
	}
	if strings.Join(names, ",") != "a,b,class 2,class 3" {
		t.Errorf("names %v", names)
	}
}

// expandGrid decodes a dlfunGrid as the browser loader does.
func expandGrid(g map[string]any) (w, h int, v []float64) {
	w, h = int(g["w"].(float64)), int(g["h"].(float64))
	lo, hi := g["lo"].(float64), g["hi"].(float64)
	L := float64(len(alphabet) - 1)
	for _, ch := range g["q"].(string) {
		k := strings.IndexRune(alphabet, ch)
		if k < 0 {
			v = append(v, math.NaN())
			continue
		}
		v = append(v, lo+(hi-lo)*float64(k)/L)
	}
	return w, h, v
}

func TestDecisionBoundary(t *testing.T) {
	g := Grid{X: linspace(0, 1, 30), Y: linspace(0, 2, 20)}
	for range g.Y {
		row := make([]float64, len(g.X))
		for j := range row {
			row[j] = float64(j) / float64(len(g.X)-1)
		}
		g.Z = append(g.Z, row)
	}
	g.Z[3][4] = math.NaN()
	m := decode(t, DecisionBoundary(Options{}, g, ScatterSeries{Name: "p", X: []float64{0.5}, Y: []float64{1}}))
	ss := series(t, m)
	if ss[0]["type"] != "heatmap" || ss[1]["type"] != "scatter" || ss[1]["xAxisIndex"] != 1.0 {
		t.Fatalf("series = %v / %v", ss[0]["type"], ss[1])
	}
	w, h, v := expandGrid(ss[0]["dlfunGrid"].(map[string]any))
	if w != 30 || h != 20 || len(v) != 600 {
		t.Fatalf("grid %d×%d with %d cells", w, h, len(v))
	}
	if !math.IsNaN(v[3*30+4]) {
		t.Errorf("NaN cell decoded as %v", v[3*30+4])
	}
	for k, want := range map[int]float64{0: 0, 29: 1, 45: 15.0 / 29} {
		if math.Abs(v[k]-want) > 1.0/61 {
			t.Errorf("cell %d decodes to %v, want %v ± 1/61", k, v[k], want)
		}
	}
	xs := m["xAxis"].([]any)[1].(map[string]any)
	if d := 1.0 / 29 / 2; math.Abs(xs["min"].(float64)+d) > 3e-4 || math.Abs(xs["max"].(float64)-1-d) > 3e-4 {
		t.Errorf("value axis range [%v, %v] is not the cells' outer edges", xs["min"], xs["max"])
	}
	if vm := m["visualMap"].(map[string]any); vm["min"] != 0.0 || vm["max"] != 1.0 || vm["seriesIndex"] != 0.0 {
		t.Errorf("visualMap %v", vm)
	}

	// Class indices: piecewise pale colours, exact levels.
	g.Z = [][]float64{{0, 1, 2}, {2, 1, 0}}
	g.X, g.Y = []float64{0, 1, 2}, []float64{0, 1}
	m = decode(t, DecisionBoundary(Options{}, g))
	vm := m["visualMap"].(map[string]any)
	if vm["type"] != "piecewise" || len(vm["pieces"].([]any)) != 3 {
		t.Errorf("class boundary visualMap = %v", vm)
	}
	_, _, v = expandGrid(series(t, m)[0]["dlfunGrid"].(map[string]any))
	for k, want := range []float64{0, 1, 2, 2, 1, 0} {
		if v[k] != want {
			t.Fatalf("class cells decode to %v", v)
		}
	}
}

func TestLandscape(t *testing.T) {
	g := Grid{X: linspace(-1, 1, 200), Y: linspace(-1, 1, 150)}
	for _, y := range g.Y {
		row := make([]float64, len(g.X))
		for j, x := range g.X {
			row[j] = 1e-3 + x*x + 10*y*y
		}
		g.Z = append(g.Z, row)
	}
	p := LineSeries{Name: "Adam", X: linspace(1, 0, 1000), Y: linspace(1, 0, 1000)}
	m := decode(t, Landscape(Options{Title: "quadratic"}, g, p))
	ss := series(t, m)
	w, h, v := expandGrid(ss[0]["dlfunGrid"].(map[string]any))
	if w > maxGridSide || h > maxGridSide {
		t.Errorf("grid not thinned: %d×%d", w, h)
	}
	lo, hi := minMax(v)
	if lo != 0 || hi != 14 {
		t.Errorf("bands span %v..%v, want 0..14", lo, hi)
	}
	if sub := m["title"].(map[string]any)["subtext"].(string); !strings.Contains(sub, "log-spaced") {
		t.Errorf("subtitle %q should say the levels are log-spaced", sub)
	}
	path := ss[1]["data"].([]any)
	if len(path) > maxPaths+1 || path[len(path)-1].([]any)[0] != 0.0 {
		t.Errorf("trajectory has %d points, last %v", len(path), path[len(path)-1])
	}
}

func TestHistogram(t *testing.T) {
	counts, skipped := Bins([]float64{0, 0.1, 0.5, 0.99, 1, math.NaN(), math.Inf(1), 2}, 2, 0, 1)
	if counts[0] != 2 || counts[1] != 3 || skipped != 2 {
		t.Fatalf("Bins = %v, skipped %d; want [2 3], 2", counts, skipped)
	}
	v := []float64{1, 2, 2, 3, 3, 3, math.NaN()}
	m := decode(t, Histogram(Options{}, 3, HistSeries{Name: "a", Values: v}, HistSeries{Name: "b", Values: []float64{5}}))
	ss := series(t, m)
	if ss[0]["name"] != "a (1 NaN/Inf)" {
		t.Errorf("name %q should report the NaN", ss[0]["name"])
	}
	if got := len(ss[0]["data"].([]any)); got > 3 {
		t.Errorf("%d bins, want at most 3", got)
	}
	sum := 0.0
	for _, c := range ss[0]["data"].([]any) {
		sum += c.([]any)[1].(float64)
	}
	if sum != 6 {
		t.Errorf("counts sum to %v, want 6", sum)
	}
	m = decode(t, HistogramPanels(Options{Title: "grads"}, 10, HistSeries{"l1", []float64{1e-6, 2e-6}}, HistSeries{"l2", []float64{1, 2}}))
	if n := len(m["grid"].([]any)); n != 2 {
		t.Errorf("%d panels, want 2", n)
	}
	if n := len(m["title"].([]any)); n != 3 {
		t.Errorf("%d titles, want chart title + 2 panel titles", n)
	}
}

func TestImageGrid(t *testing.T) {
	px := make([]float64, 28*28)
	px[0], px[1] = 1, 0.5
	c := ImageGrid(Options{}, 28, 28, 5, Image{Pixels: px, Caption: "7"}, Image{Pixels: px[:10], Caption: "short", Highlight: true})
	m := decode(t, c)
	im := m["dlfunImages"].(map[string]any)
	imgs := im["imgs"].([]any)
	if len(imgs) != 2 || im["scale"] != 2.0 {
		t.Fatalf("images %d scale %v", len(imgs), im["scale"])
	}
	for _, x := range imgs {
		p := x.(map[string]any)["p"].(string)
		if len(p) != 28*28/2 || im["pk"] != 2.0 {
			t.Errorf("pixel string length %d (pk %v), want 392: two pixels per character", len(p), im["pk"])
		}
	}
	// Decoded as the loader does: pixel k is in character k/2.
	p := imgs[0].(map[string]any)["p"].(string)
	level := func(k int) int {
		v := strings.IndexByte(alphabet, p[k/2])
		if k%2 == 1 {
			return v % 7
		}
		return v / 7
	}
	if level(0) != 6 || level(1) != 3 || level(2) != 0 || level(783) != 0 {
		t.Errorf("pixels not scaled from min (0) to max (6): levels %d %d %d", level(0), level(1), level(2))
	}
	if c.Height() < 56 {
		t.Errorf("height %d too small for one row of 56 px images", c.Height())
	}
}

func TestGraphLayout(t *testing.T) {
	nodes := []Node{
		{ID: 7, Op: "Add", Shape: []int{2, 3}, Value: make([]float64, 6)}, // listed before its inputs
		{ID: 1, Name: "a", Shape: []int{2, 3}, Value: make([]float64, 6), Grad: make([]float64, 6)},
		{ID: 2, Name: "b", Shape: []int{}, Value: []float64{3}},
	}
	m := decode(t, Graph(Options{}, nodes, [][2]int{{1, 7}, {2, 7}}))
	s := series(t, m)[0]
	data := s["data"].([]any)
	x := map[string]float64{}
	for _, d := range data {
		d := d.(map[string]any)
		x[d["id"].(string)] = d["x"].(float64)
	}
	if !(x["7"] > x["1"] && x["1"] == x["2"]) {
		t.Errorf("layout x = %v: inputs must be left of their op", x)
	}
	lbl := data[0].(map[string]any)["label"].(map[string]any)["formatter"].(string)
	if !strings.Contains(lbl, "Add") || !strings.Contains(lbl, "2×3") || !strings.Contains(lbl, "(6)") {
		t.Errorf("label %q lacks op, shape or value count", lbl)
	}
	if lbl2 := data[1].(map[string]any)["label"].(map[string]any)["formatter"].(string); !strings.Contains(lbl2, "\ng ") {
		t.Errorf("label %q lacks the gradient", lbl2)
	}
	if len(s["links"].([]any)) != 2 {
		t.Errorf("links %v", s["links"])
	}
}

func TestTypicalSizes(t *testing.T) {
	charts := demoCharts()
	names := make([]string, 0, len(charts))
	for k := range charts {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b := charts[k].Bundle()
		n := OutputSize(b)
		t.Logf("%-10s %6d bytes (option %d, fallback %d)", k, n, len(b[MIMEType]), len(b["text/html"]))
		if n > 20*1000 {
			t.Errorf("%s chart output is %d bytes in the notebook, want <= 20 KB", k, n)
		}
	}
	if p := os.Getenv("DLFUN_DEMO_PAGE"); p != "" { // for looking at the charts by eye
		lib, err := Library()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><meta charset=utf-8>" + LibraryScript(lib) + "</head><body>")
		for _, k := range names {
			b.WriteString("<h3>" + k + "</h3>" + charts[k].HTML())
		}
		b.WriteString("</body></html>")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestShowOutsideNotebook(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GONB_PIPE", "")
	t.Setenv("DLFUN_PLOT_DIR", dir)
	c := Line(Options{Title: "Loss / epoch"}, LineSeries{Name: "train", Y: []float64{3, 2, 1}})
	c.Show() // must not panic
	files, _ := filepath.Glob(filepath.Join(dir, "loss-epoch-*.html"))
	if len(files) != 1 {
		t.Fatalf("files %v, want one loss-epoch-*.html", files)
	}
	page, _ := os.ReadFile(files[0])
	if !strings.Contains(string(page), `<script src="echarts.min.js">`) || !strings.Contains(string(page), `Loss / epoch`) {
		t.Errorf("page lacks the library reference or the data")
	}
	if _, err := LibraryPath(); err == nil {
		if _, err := os.Stat(filepath.Join(dir, "echarts.min.js")); err != nil {
			t.Errorf("library not copied next to the page: %v", err)
		}
	}
	c.ShowIn("some-id") // a no-op outside a notebook
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"": "chart", "Loss / epoch": "loss-epoch", "</script>": "script", "ÄÖ": "chart"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoaderSyntax parses the browser loader with Node.js when it is
// installed (the browser test in kernel/export runs it for real).
func TestLoaderSyntax(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	f := filepath.Join(t.TempDir(), "loader.js")
	if err := os.WriteFile(f, []byte("var load = "+loaderJS+";\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(node, "--check", f).CombinedOutput(); err != nil {
		t.Fatalf("loader does not parse: %v\n%s", err, out)
	}
}

func TestRow(t *testing.T) {
	a := Line(Options{Title: "loss"}, LineSeries{Y: []float64{1, 2}})
	b := Line(Options{Title: "acc </script>"}, LineSeries{Y: []float64{0.5, 0.9}})
	tests := []struct {
		name     string
		row      *Row
		charts   int
		minWidth string
	}{
		{"two", NewRow(a, b), 2, "min-width:280px"},
		{"nil skipped", NewRow(a, nil, b, nil), 2, "min-width:280px"},
		{"narrow", &Row{Charts: []*Chart{a, b, a}, MinWidth: 200}, 3, "min-width:200px"},
		{"empty", NewRow(), 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.row.HTML()
			if n := strings.Count(h, `class="dlfun-echarts"`); n != tc.charts {
				t.Errorf("%d charts in the row, want %d", n, tc.charts)
			}
			if !strings.HasPrefix(h, `<div class="dlfun-row" style="display:flex;`) || !strings.Contains(h, tc.minWidth) {
				t.Errorf("row markup: %.200s", h)
			}
			if strings.Contains(h, "<style") || strings.Contains(strings.ToLower(h), "acc </script>") {
				t.Error("row adds CSS to the page or leaves a title unescaped")
			}
			page := tc.row.Page("/*LIB*/")
			if !strings.Contains(page, "/*LIB*/") || strings.Count(page, `class="dlfun-echarts"`) != tc.charts {
				t.Errorf("standalone page: %.300s", page)
			}
		})
	}
}

func TestRowOutsideNotebook(t *testing.T) {
	t.Setenv(protocol.GONB_PIPE_ENV, "")
	t.Setenv("DLFUN_PLOT_DIR", t.TempDir())
	NewRow(Line(Options{Title: "left"}, LineSeries{Y: []float64{1}}), Line(Options{Title: "right"}, LineSeries{Y: []float64{2}})).Show()
	files, _ := filepath.Glob(filepath.Join(os.Getenv("DLFUN_PLOT_DIR"), "left-right-row-*.html"))
	if len(files) != 1 {
		t.Fatalf("Show outside a notebook wrote %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if strings.Count(string(b), `class="dlfun-echarts"`) != 2 {
		t.Errorf("page holds %d charts, want 2", strings.Count(string(b), `class="dlfun-echarts"`))
	}
}

func TestSeriesColours(t *testing.T) {
	p := Palette
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"train", "val"}, []string{p[0], p[1]}},
		{[]string{"Adam", "GD"}, []string{p[6], p[0]}},
		{[]string{"mine", "Adam(lr=0.1)", "other"}, []string{p[0], p[6], p[1]}},      // other runs take the free colours in order
		{[]string{"Adam lr=0.1", "Adam lr=0.01", "SGD"}, []string{p[0], p[2], p[1]}}, // repeated optimizer: by order
		{[]string{"nesterov", "Momentum η=0.9"}, []string{p[3], p[2]}},
	}
	for _, tc := range tests {
		if got := SeriesColours(tc.names); strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("SeriesColours(%q) = %v, want %v", tc.names, got, tc.want)
		}
	}
	many := make([]string, 25)
	for i := range many {
		many[i] = "run"
	}
	if got := SeriesColours(many); got[20] != p[0] || got[19] != p[19] {
		t.Errorf("25 runs: colours cycle wrongly: %v", got)
	}
}

// packedArg returns the option the HTML fallback h passes to the loader,
// unpacked.
func packedArg(t *testing.T, h string) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`\("[^"]+",("[A-Za-z0-9+/=]+"),"[^"]*"\)</script>`).FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("no packed option in the fallback: %.300s", h)
	}
	var s string
	if err := json.Unmarshal([]byte(m[1]), &s); err != nil {
		t.Fatal(err)
	}
	opt, err := UnpackOption(s)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

func TestFallbackCarriesPackedOption(t *testing.T) {
	y := make([]float64, 500)
	for i := range y {
		y[i] = math.Exp(-float64(i)/100) + 0.01*math.Sin(float64(i))
	}
	c := Line(Options{Title: "λ </script>"}, LineSeries{Name: "train", Y: y}, LineSeries{Name: "val", Y: y})
	h := c.HTML()
	got, err := json.Marshal(packedArg(t, h))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(decode(t, c))
	if string(got) != string(want) {
		t.Errorf("unpacked option differs from Chart.JSON:\n got %.200s\nwant %.200s", got, want)
	}
	if strings.Contains(h, `"train"`) || len(h) > len(c.JSON()) {
		t.Errorf("fallback repeats the option verbatim (%d bytes for %d of JSON)", len(h), len(c.JSON()))
	}
	for _, bad := range []string{"", "not base64!", "aGVsbG8=", string(packOption([]byte("[1,2]")))} {
		bad = strings.Trim(bad, `"`)
		if _, err := UnpackOption(bad); err == nil {
			t.Errorf("UnpackOption(%q) accepted", bad)
		}
	}
}

// TestAxisNamesAndLegendLayout: the y axis name runs along the axis, left
// of its tick labels (nameLocation "end" put it above the plot, into the
// legend and title, and cut a long name at the chart's left edge), the
// legend wraps into rows instead of paging (a scroll legend hid the 8th run
// of a sweep), and the plot starts below all legend rows.
func TestAxisNamesAndLegendLayout(t *testing.T) {
	y := []float64{0.5, 1200, 300}
	var lines []LineSeries
	for i := range 8 {
		lines = append(lines, LineSeries{Name: "Adam lr=0.00" + strconv.Itoa(i+1) + " bs=64", Y: y})
	}
	for _, tc := range []struct {
		name  string
		c     *Chart
		lines int
	}{
		{"line, 8 runs", Line(Options{Title: "Loss", Subtitle: "best: Adam", XName: "epoch", YName: "distance to the minimum"}, lines...), 8},
		{"line, 2 runs", Line(Options{Title: "Loss", YName: "loss"}, lines[:2]...), 2},
		{"scatter", Scatter(Options{Title: "Data", YName: "x₂"}, ScatterSeries{Name: "a", X: y, Y: y}, ScatterSeries{Name: "b", X: y, Y: y}), 2},
		{"histogram", Histogram(Options{Title: "Weights", YName: "count"}, 10, HistSeries{Name: "a", Values: y}, HistSeries{Name: "b", Values: y}), 2},
	} {
		m := decode(t, tc.c)
		ya := m["yAxis"].(map[string]any)
		if ya["nameLocation"] != "middle" || ya["nameRotate"] != 90.0 {
			t.Errorf("%s: y axis name at %v rotated %v, want along the axis (middle, 90)", tc.name, ya["nameLocation"], ya["nameRotate"])
		}
		if gap := ya["nameGap"].(float64); gap < float64(7*4+12) && tc.name != "histogram" {
			t.Errorf("%s: nameGap %v is narrower than the tick labels (1,200)", tc.name, gap)
		}
		grid := m["grid"].(map[string]any)
		if grid["left"].(float64) < 30 {
			t.Errorf("%s: grid left %v leaves no room for the rotated y name", tc.name, grid["left"])
		}
		lg := m["legend"].(map[string]any)
		if lg["type"] != "plain" {
			t.Errorf("%s: legend type %v, want plain (wrapping), not paged", tc.name, lg["type"])
		}
		names := make([]string, 0, tc.lines)
		for _, s := range series(t, m) {
			names = append(names, s["name"].(string))
		}
		rows := legendRows(names)
		if tc.lines == 8 && rows < 2 {
			t.Errorf("%s: 8 long names fit one legend row of %d px?", tc.name, legendWidth)
		}
		if tc.lines == 8 && tc.c.Height() < 360+legendRowHeight*(rows-1) {
			t.Errorf("%s: height %d does not grow with %d legend rows", tc.name, tc.c.Height(), rows)
		}
		if top := grid["top"].(float64); top < lg["top"].(float64)+float64(legendRowHeight*rows) {
			t.Errorf("%s: plot top %v is inside the legend (top %v, %d rows)", tc.name, top, lg["top"], rows)
		}
	}
}

// TestLogAxis: a log axis spans whole decades with a tick every decade (or
// every few), labelled by the renderer's pow10 formatter; ECharts alone
// labelled 10 decades with only "1" and "0.0000000001".
func TestLogAxis(t *testing.T) {
	for _, tc := range []struct {
		lo, hi         float64
		min, max, base float64
	}{
		{3e-10, 0.5, 1e-10, 1, 100}, // 10 decades: a tick every second one
		{0.02, 40, 0.01, 100, 10},
		{5, 5, 1, 10, 10},
		{2e-20, 3, 1e-21, 1e3, 1000},
	} {
		m := decode(t, Line(Options{YName: "std", LogY: true}, LineSeries{Y: []float64{tc.lo, tc.hi, -1}}))
		ya := m["yAxis"].(map[string]any)
		base, _ := ya["logBase"].(float64)
		if base == 0 {
			base = 10
		}
		if ya["type"] != "log" || ya["min"] != tc.min || ya["max"] != tc.max || base != tc.base {
			t.Errorf("values %g..%g: axis %v %v..%v base %v, want log %g..%g base %g",
				tc.lo, tc.hi, ya["type"], ya["min"], ya["max"], base, tc.min, tc.max, tc.base)
		}
		if span := math.Log(ya["max"].(float64)/ya["min"].(float64)) / math.Log(base); span > 9.5 {
			t.Errorf("values %g..%g: %v ticks: ECharts ticks 10 or more only at the ends", tc.lo, tc.hi, span)
		}
		if f := ya["axisLabel"].(map[string]any)["dlfunFormat"]; f != "pow10" {
			t.Errorf("log axis label format %v, want pow10", f)
		}
	}
	if !strings.Contains(loaderJS, "{pow10:p10,num:num}[l.dlfunFormat]") {
		t.Error("the loader does not turn dlfunFormat pow10 and num into formatters")
	}
}

// TestHistogramNiceTicks: the bins tile a range of round numbers and the
// axis ticks are those numbers (category labels at bin centres read
// -3.53, -0.678).
func TestHistogramNiceTicks(t *testing.T) {
	v := []float64{-3.53, -1, 0, 0.2, 2.9}
	for _, c := range []*Chart{Histogram(Options{}, 30, HistSeries{"a", v}), HistogramPanels(Options{}, 30, HistSeries{"a", v})} {
		m := decode(t, c)
		xa, ok := m["xAxis"].(map[string]any)
		if !ok {
			xa = m["xAxis"].([]any)[0].(map[string]any)
		}
		if xa["type"] != "value" || xa["min"] != -4.0 || xa["max"] != 3.0 || xa["interval"] != 1.0 {
			t.Errorf("bin axis %v %v..%v every %v, want value -4..3 every 1", xa["type"], xa["min"], xa["max"], xa["interval"])
		}
		if f := xa["axisLabel"].(map[string]any)["dlfunFormat"]; f != "num" {
			t.Errorf("bin axis labels format %v, want num (4e-11, not 0.00000000004)", f)
		}
		ya, ok := m["yAxis"].(map[string]any)
		if !ok {
			ya = m["yAxis"].([]any)[0].(map[string]any)
		}
		if ya["axisLine"].(map[string]any)["onZero"] != false {
			t.Errorf("count axis drawn at x = 0, in the middle of the bins")
		}
		// Every bar stands at the centre of one of 30 bins tiling -4..3
		// (empty bins are left out).
		for _, d := range series(t, m)[0]["data"].([]any) {
			k := (d.([]any)[0].(float64)+4)/(7.0/30) - 0.5
			if math.Abs(k-math.Round(k)) > 0.26 || k < 0 || k > 29.5 {
				t.Errorf("bar at %v is not the centre of a bin of 30 over -4..3", d)
			}
		}
	}
	// Empty bins go, unless no two bars would be neighbours (ECharts sizes
	// bars by their smallest gap).
	for _, tc := range []struct {
		counts []float64
		want   int
	}{{[]float64{0, 3, 4, 0, 0, 1}, 3}, {[]float64{0, 3, 0, 0, 1, 0}, 6}} {
		if got := len(binPoints(tc.counts, 0, 6).xy); got != tc.want {
			t.Errorf("binPoints(%v) keeps %d bins, want %d", tc.counts, got, tc.want)
		}
	}
}

// TestLandscapeLevelsVisible: every one of the 15 levels has its own
// colour, neighbours differ clearly (the old ramp of 5 light greys
// interpolated over 15 levels looked like a faint wash), and the band
// series covers the grid.
func TestLandscapeLevelsVisible(t *testing.T) {
	g := Grid{X: linspace(-1, 1, 40), Y: linspace(-1, 1, 40)}
	for _, y := range g.Y {
		row := make([]float64, len(g.X))
		for j, x := range g.X {
			row[j] = x*x + 10*y*y
		}
		g.Z = append(g.Z, row)
	}
	m := decode(t, Landscape(Options{}, g))
	cols := m["visualMap"].(map[string]any)["inRange"].(map[string]any)["color"].([]any)
	if len(cols) != 15 {
		t.Fatalf("%d level colours, want 15", len(cols))
	}
	grey := func(c any) int { v, _ := strconv.ParseUint(c.(string)[1:3], 16, 8); return int(v) }
	for k := 1; k < len(cols); k++ {
		if d := grey(cols[k-1]) - grey(cols[k]); d < 0 && -d < 4 || d >= 0 && d < 4 {
			t.Errorf("levels %d and %d: %v and %v are too alike to see the contour between them", k-1, k, cols[k-1], cols[k])
		}
	}
	if grey(cols[0])-grey(cols[len(cols)-1]) < 60 {
		t.Errorf("levels span only %v to %v", cols[0], cols[len(cols)-1])
	}
	w, h, _ := expandGrid(series(t, m)[0]["dlfunGrid"].(map[string]any))
	if w != 40 || h != 40 {
		t.Errorf("bands %d×%d, want the whole 40×40 grid", w, h)
	}
}

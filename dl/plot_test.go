package dl

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
)

// option returns a figure's chart option decoded from its JSON, the form
// the browser receives.
func option(t *testing.T, f *Figure) map[string]any {
	t.Helper()
	var opt map[string]any
	if err := json.Unmarshal(f.Chart().JSON(), &opt); err != nil {
		t.Fatalf("chart JSON does not decode: %v", err)
	}
	return opt
}

// seriesOf returns the series of a decoded option.
func seriesOf(opt map[string]any) []map[string]any {
	var out []map[string]any
	for _, s := range opt["series"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

// axes returns the x or y axes of a decoded option as a list.
func axes(opt map[string]any, key string) []map[string]any {
	switch a := opt[key].(type) {
	case map[string]any:
		return []map[string]any{a}
	case []any:
		var out []map[string]any
		for _, x := range a {
			out = append(out, x.(map[string]any))
		}
		return out
	}
	return nil
}

func names(ss []map[string]any) []string {
	var out []string
	for _, s := range ss {
		n, _ := s["name"].(string)
		out = append(out, n)
	}
	return out
}

func TestPlotLineOptions(t *testing.T) {
	xs := []float64{1, 2, 3, 4}
	tests := []struct {
		name      string
		fig       *Figure
		series    []string
		types     []string
		xType     string
		yType     string
		title     string
		yAxisName string
	}{
		{"two lines log y", Plot().Line("train", xs, []float64{4, 3, 2, 1}).Line("val", xs, []float64{5, 4, 4, 4}).Title("Loss").LogY().YLabel("loss"),
			[]string{"train", "val"}, []string{"line", "line"}, "value", "log", "Loss", "loss"},
		{"log x", Plot().Points("final loss", []float64{0.001, 0.01, 0.1}, []float64{1, 0.5, 2}).LogX(),
			[]string{"final loss"}, []string{"line"}, "log", "value", "", ""},
		{"scatter only", Plot().Scatter("a", xs, xs).Scatter("b", xs, xs),
			[]string{"a", "b"}, []string{"scatter", "scatter"}, "value", "value", "", ""},
		{"line and scatter", Plot().Line("fit", xs, xs).Scatter("data", xs, xs),
			[]string{"fit", "data"}, []string{"line", "scatter"}, "value", "value", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := option(t, tc.fig)
			ss := seriesOf(opt)
			if got := names(ss); strings.Join(got, ",") != strings.Join(tc.series, ",") {
				t.Fatalf("series = %q, want %q", got, tc.series)
			}
			for i, s := range ss {
				if s["type"] != tc.types[i] {
					t.Errorf("series %d type %v, want %s", i, s["type"], tc.types[i])
				}
			}
			if x := axes(opt, "xAxis"); x[0]["type"] != tc.xType {
				t.Errorf("x axis type %v, want %s", x[0]["type"], tc.xType)
			}
			y := axes(opt, "yAxis")
			if y[0]["type"] != tc.yType {
				t.Errorf("y axis type %v, want %s", y[0]["type"], tc.yType)
			}
			if tc.yAxisName != "" && y[0]["name"] != tc.yAxisName {
				t.Errorf("y axis name %v, want %s", y[0]["name"], tc.yAxisName)
			}
			if tc.title != "" {
				if title, _ := opt["title"].(map[string]any); title == nil || title["text"] != tc.title {
					t.Errorf("title = %v, want %q", opt["title"], tc.title)
				}
			}
			if len(ss) > 1 && opt["legend"] == nil {
				t.Error("several series but no legend")
			}
			// Mixed figures keep distinct colours per series.
			if len(ss) == 2 && ss[0]["color"] == ss[1]["color"] {
				t.Errorf("both series have colour %v", ss[0]["color"])
			}
		})
	}
}

func TestPlotDownsamplesLongCurves(t *testing.T) {
	n := 200000
	y := make([]float64, n)
	for i := range y {
		y[i] = 1 / float64(i+1)
	}
	y[123457] = 50 // a spike must survive downsampling
	f := Plot().Line("step loss", nil, y)
	opt := option(t, f)
	data := seriesOf(opt)[0]["data"].([]any)
	if len(data) > 1002 || len(data) < 500 {
		t.Errorf("200000 points downsampled to %d, want about 1000", len(data))
	}
	spike := false
	for _, p := range data {
		if p.([]any)[1].(float64) == 50 {
			spike = true
		}
	}
	if !spike {
		t.Error("the spike of the curve was lost by downsampling")
	}
	if size := outputSize(f); size > 20000 {
		t.Errorf("chart of a 200000-point curve is %d bytes, want ≤ 20 KB", size)
	}
	if got := len(seriesOf(option(t, Plot().MaxPoints(100).Line("a", nil, y)))[0]["data"].([]any)); got > 102 {
		t.Errorf("MaxPoints(100) kept %d points", got)
	}
}

func TestPlotEscapesLabels(t *testing.T) {
	evil := `</script><script>alert(1)</script>`
	f := Plot().Line(evil, nil, []float64{1, 2}).Title(evil).XLabel(evil)
	html := f.HTML()
	if strings.Contains(html, "alert(1)</script>") || strings.Count(html, "</script>") != 1 {
		t.Errorf("label ended the script: %s", html[len(html)-200:])
	}
	opt := option(t, f) // and the label still arrives intact
	if got := seriesOf(opt)[0]["name"]; got != evil {
		t.Errorf("series name decoded as %q", got)
	}
}

func TestPlotSizeAndEmpty(t *testing.T) {
	f := Plot().Line("a", nil, []float64{1, 2}).Size(400, 250)
	c := f.Chart()
	if c.Height() != 250 {
		t.Errorf("height %d, want 250", c.Height())
	}
	if g := c.Option()["grid"].(map[string]any); g["width"] != 400 {
		t.Errorf("grid width %v, want 400", g["width"])
	}
	empty := option(t, Plot())
	if empty["graphic"] == nil {
		t.Error("an empty figure should say there is nothing to plot")
	}
}

func TestShowOutsideNotebookWritesFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DLFUN_PLOT_DIR", dir)
	out := captureStdout(t, func() { Plot().Line("a", nil, []float64{1, 3, 2}).Title("Show test").Show() })
	files, _ := filepath.Glob(filepath.Join(dir, "show-test-*.html"))
	if len(files) != 1 {
		t.Fatalf("Show wrote %v into %s, want one show-test-*.html", files, dir)
	}
	if !strings.Contains(out, files[0]) {
		t.Errorf("Show printed %q, want the path %s", out, files[0])
	}
	page, _ := os.ReadFile(files[0])
	if !strings.Contains(string(page), "<!DOCTYPE html>") || !strings.Contains(string(page), `class="dlfun-echarts"`) || !strings.Contains(string(page), "Show test") {
		t.Errorf("written page lacks the chart")
	}
	// Save writes where it is told.
	p := filepath.Join(dir, "sub", "saved.html")
	if err := PlotFunctions("sin", -3, 3, Func{"sin", math.Sin}).Save(p); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
		t.Errorf("Save wrote nothing useful to %s: %v", p, err)
	}
}

// captureStdout returns what f prints to standard output.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = old }()
	f()
	w.Close()
	b := make([]byte, 4096)
	n, _ := r.Read(b)
	return string(b[:n])
}

func TestHistoryPlot(t *testing.T) {
	h := &History{Label: "mlp", StepsPerEpoch: 500, TrainLoss: []float64{1, .5, .3}, ValLoss: []float64{1.1, .6, .7},
		TrainAcc: []float64{.5, .7, .8}, ValAcc: []float64{.5, .6, .65}, LR: []float64{.1, .1, .1}, BestEpoch: 2}
	for i := range 1500 {
		h.StepLoss = append(h.StepLoss, 1/float64(i+1)+0.1*float64(i%7))
	}
	opt := option(t, h.Plot())
	ss := seriesOf(opt)
	want := []string{"train (per step)", "train", "val", "train", "val"}
	if got := names(ss); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("series %q, want %q", got, want)
	}
	if g := opt["grid"].([]any); len(g) != 2 {
		t.Fatalf("%d panels, want loss and accuracy", len(g))
	}
	ys := axes(opt, "yAxis")
	if ys[0]["name"] != "loss" || ys[1]["name"] != "accuracy" || ys[1]["min"] != 0.47 || ys[1]["max"] != 0.83 {
		t.Errorf("y axes %v / %v", ys[0], ys[1])
	}
	for i, s := range ss {
		wantAxis := 0.0
		if i >= 3 {
			wantAxis = 1
		}
		if s["yAxisIndex"] != wantAxis || s["xAxisIndex"] != wantAxis {
			t.Errorf("series %d on axes %v/%v, want %v", i, s["xAxisIndex"], s["yAxisIndex"], wantAxis)
		}
	}
	if n := len(ss[0]["data"].([]any)); n > 602 {
		t.Errorf("per-step loss kept %d points, want ≤ 600", n)
	}
	if ss[1]["color"] != ss[3]["color"] || ss[2]["color"] != ss[4]["color"] || ss[1]["color"] == ss[2]["color"] {
		t.Error("train and val should keep their colours in both panels")
	}
	// x of step s is (s+1)/StepsPerEpoch epochs.
	if p := ss[0]["data"].([]any)[0].([]any); p[0] != 0.002 {
		t.Errorf("first step at x = %v, want 1/500", p[0])
	}
	sub := opt["title"].(map[string]any)["subtext"].(string)
	if !strings.Contains(sub, "best epoch 2") {
		t.Errorf("subtitle %q lacks the best epoch", sub)
	}
	// Single metrics.
	for metric, yname := range map[string]string{"lr": "learning rate", "step": "loss"} {
		opt := option(t, h.Plot(metric))
		if y := axes(opt, "yAxis"); len(y) != 1 || y[0]["name"] != yname {
			t.Errorf("Plot(%q): y axes %v", metric, y)
		}
	}
	// A regression run has no accuracy panel.
	reg := &History{StepsPerEpoch: 1, TrainLoss: []float64{3, 2, 1}, StepLoss: []float64{3, 2, 1}}
	if opt := option(t, reg.Plot()); len(axes(opt, "yAxis")) != 1 || len(seriesOf(opt)) != 1 {
		t.Errorf("regression history: %d y axes, %d series; want 1, 1", len(axes(opt, "yAxis")), len(seriesOf(opt)))
	}
	if size := outputSize(h.Plot()); size > 20000 {
		t.Errorf("history chart is %d bytes", size)
	}
}

func TestSweepPlot(t *testing.T) {
	r := &SweepResult{
		Configs: []Config{{LR: 0.001}, {LR: 0.1}, {LR: 10}},
		List: []*History{
			{TrainLoss: []float64{1, .9, .8}, ValLoss: []float64{1, .95, .9}},
			{TrainLoss: []float64{1, .3, .1}, ValLoss: []float64{1, .4, .2}},
			{TrainLoss: []float64{1, 1e4, math.Inf(1)}, ValLoss: []float64{1, 1e5, math.NaN()}},
		},
	}
	opt := option(t, r.Plot("loss"))
	ss := seriesOf(opt)
	if got := names(ss); strings.Join(got, ",") != "lr=0.001,lr=0.1,lr=10" {
		t.Fatalf("series %q", got)
	}
	if axes(opt, "yAxis")[0]["type"] != "log" {
		t.Error("losses over 5 decades should get a log axis")
	}
	if w := ss[1]["lineStyle"].(map[string]any)["width"]; w != 4.0 {
		t.Errorf("best run (lr=0.1) line width %v, want 4", w)
	}
	if !strings.Contains(opt["title"].(map[string]any)["subtext"].(string), "lr=0.1") {
		t.Error("subtitle should name the best run")
	}
	// The per-run values are the validation losses.
	if got := ss[1]["data"].([]any)[2].([]any)[1]; got != 0.2 {
		t.Errorf("run 2 epoch 3 = %v, want val loss 0.2", got)
	}
	// The train loss metric, linear axis when the range is small.
	r.List = r.List[:2]
	r.Configs = r.Configs[:2]
	opt = option(t, r.Plot("train loss"))
	if axes(opt, "yAxis")[0]["type"] != "value" {
		t.Error("small range should stay linear")
	}
	if got := seriesOf(opt)[1]["data"].([]any)[2].([]any)[1]; got != 0.1 {
		t.Errorf("train loss = %v, want 0.1", got)
	}
}

// gridModel is a module with a known output: a fixed function of (x, y).
type gridModel struct {
	f        func(x, y float64) []float64
	k        int
	training bool
}

func (m *gridModel) Forward(x *Tensor) *Tensor {
	n := x.Shape()[0]
	out := make([]float64, 0, n*m.k)
	d := x.Data()
	for i := range n {
		out = append(out, m.f(d[2*i], d[2*i+1])...)
	}
	return New(out, n, m.k)
}
func (m *gridModel) Params() []*Tensor   { return nil }
func (m *gridModel) SetTraining(on bool) { m.training = on }
func (m *gridModel) Training() bool      { return m.training }
func (m *gridModel) String() string      { return "gridModel" }
func sigmoidOf(h float64) float64        { return 1 / (1 + math.Exp(-h)) }

func TestDecisionBoundaryGrid(t *testing.T) {
	// Sequential initialises its layers, so set the weights afterwards.
	sig := Sequential(Linear(2, 1), Sigmoid())
	logit := Sequential(Linear(2, 1))
	for _, m := range []*SequentialModel{sig, logit} {
		lin := m.Layers[0].(*LinearLayer)
		copy(lin.Weight.Data(), []float64{2, -1})
		lin.Bias.Data()[0] = 0.5
	}
	multi := Sequential(Linear(2, 3))
	copy(multi.Layers[0].(*LinearLayer).Weight.Data(), []float64{1, 0, -1, 0, 1, 0})
	clear(multi.Layers[0].(*LinearLayer).Bias.Data())
	tests := []struct {
		name  string
		model Module
		want  func(x, y float64) float64
	}{
		{"sigmoid output", sig, func(x, y float64) float64 { return sigmoidOf(2*x - y + 0.5) }},
		{"logit output", logit, func(x, y float64) float64 { return sigmoidOf(2*x - y + 0.5) }},
		{"probability module", &gridModel{k: 1, f: func(x, y float64) []float64 { return []float64{math.Abs(math.Sin(x * y))} }},
			func(x, y float64) float64 { return math.Abs(math.Sin(x * y)) }},
		{"multi-class argmax", multi, func(x, y float64) float64 {
			s := []float64{x, y, -x}
			return float64(argmaxRow(s))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := boundaryGrid(tc.model, -2, 2, -1, 3, 21)
			if len(g.X) != 21 || len(g.Y) != 21 || g.X[0] != -2 || g.X[20] != 2 || g.Y[0] != -1 || g.Y[20] != 3 {
				t.Fatalf("grid axes %v %v", g.X, g.Y)
			}
			for i, y := range g.Y {
				for j, x := range g.X {
					if want := tc.want(x, y); math.Abs(g.Z[i][j]-want) > 1e-12 {
						t.Fatalf("Z at (%g, %g) = %g, want %g", x, y, g.Z[i][j], want)
					}
				}
			}
		})
	}
	// The figure: heatmap plus one scatter per class, accuracy in the subtitle.
	ds := TensorDataset(From([][]float64{{1, 0}, {-1, 0}, {0, 3}, {2, 2}}), From([]float64{1, 0, 0, 1}))
	model := sig
	model.SetTraining(true)
	opt := option(t, PlotDecisionBoundary(model, ds))
	ss := seriesOf(opt)
	if len(ss) != 3 || ss[0]["type"] != "heatmap" || ss[1]["name"] != "class 0" || ss[2]["name"] != "class 1" {
		t.Fatalf("series %v", names(ss))
	}
	if !model.Training() {
		t.Error("PlotDecisionBoundary left the model in eval mode")
	}
	sub := opt["title"].(map[string]any)["subtext"].(string)
	// σ(2x − y + 0.5): (1,0)→1 ✓, (−1,0)→0 ✓, (0,3)→0 ✓, (2,2)→1 ✓
	if !strings.Contains(sub, "P(class 1)") || !strings.Contains(sub, "100.0 %") {
		t.Errorf("subtitle %q", sub)
	}
	if size := outputSize(PlotDecisionBoundary(model, liveData(1000, 3))); size > 20000 {
		t.Errorf("decision boundary with 1000 points is %d bytes", size)
	}
}

func TestPlotDataset(t *testing.T) {
	ds := TensorDataset(From([][]float64{{1, 2}, {3, 4}, {5, 6}}), From([]float64{0, 2, 2}))
	opt := option(t, PlotDatasetNamed(ds, "toy", []string{"height", "weight"}, "kind"))
	ss := seriesOf(opt)
	if got := strings.Join(names(ss), ","); got != "kind = 0,kind = 1,kind = 2" {
		t.Errorf("groups %q", got)
	}
	if axes(opt, "xAxis")[0]["name"] != "height" || axes(opt, "yAxis")[0]["name"] != "weight" {
		t.Error("axis names should be the feature names")
	}
	if n := len(ss[2]["data"].([]any)); n != 2 {
		t.Errorf("class 2 has %d points, want 2", n)
	}
	// Regression with one feature: target over feature.
	reg := TensorDataset(From([][]float64{{1}, {2}}), From([]float64{0.5, 1.5}))
	if ss := seriesOf(option(t, PlotDataset(reg))); len(ss) != 1 || len(ss[0]["data"].([]any)) != 2 {
		t.Errorf("regression scatter %v", ss)
	}
}

func TestOptimizerPathMatchesManualLoops(t *testing.T) {
	a, b := 1.0, 10.0
	grad := func(x, y float64) (float64, float64) { return a * x, b * y }
	s := Ellipsoid(a, b)
	const steps = 30
	x0, y0 := -4.0, 2.0
	type manual func(x, y float64, t int, st []float64) (float64, float64)
	tests := []struct {
		name string
		opt  Optimizer
		step manual
	}{
		{"GD", GD(0.1), func(x, y float64, _ int, _ []float64) (float64, float64) {
			gx, gy := grad(x, y)
			return x - 0.1*gx, y - 0.1*gy
		}},
		{"Momentum", Momentum(0.05, 0.9), func(x, y float64, _ int, m []float64) (float64, float64) {
			gx, gy := grad(x, y)
			m[0], m[1] = 0.9*m[0]+0.05*gx, 0.9*m[1]+0.05*gy
			return x - m[0], y - m[1]
		}},
		{"Adam", Adam(0.2), func(x, y float64, t int, st []float64) (float64, float64) {
			gx, gy := grad(x, y)
			g := []float64{gx, gy}
			p := []float64{x, y}
			for i := range 2 {
				st[i] = 0.9*st[i] + 0.1*g[i]
				st[2+i] = 0.999*st[2+i] + 0.001*g[i]*g[i]
				mh := st[i] / (1 - math.Pow(0.9, float64(t)))
				vh := st[2+i] / (1 - math.Pow(0.999, float64(t)))
				p[i] -= 0.2 * mh / (math.Sqrt(vh) + 1e-8)
			}
			return p[0], p[1]
		}},
		{"AdaGrad", AdaGrad(0.5), func(x, y float64, _ int, st []float64) (float64, float64) {
			gx, gy := grad(x, y)
			st[0] += gx * gx
			st[1] += gy * gy
			return x - 0.5*gx/(math.Sqrt(st[0])+1e-10), y - 0.5*gy/(math.Sqrt(st[1])+1e-10)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xs, ys := OptimizerPath(tc.opt, s.F, x0, y0, steps)
			if len(xs) != steps+1 || xs[0] != x0 || ys[0] != y0 {
				t.Fatalf("path has %d points from (%g, %g)", len(xs), xs[0], ys[0])
			}
			x, y := x0, y0
			st := make([]float64, 4)
			for k := 1; k <= steps; k++ {
				x, y = tc.step(x, y, k, st)
				if math.Abs(xs[k]-x) > 1e-9*math.Max(1, math.Abs(x)) || math.Abs(ys[k]-y) > 1e-9*math.Max(1, math.Abs(y)) {
					t.Fatalf("step %d: path (%g, %g), manual loop (%g, %g)", k, xs[k], ys[k], x, y)
				}
			}
		})
	}
	// A diverging learning rate ends the path instead of filling it with Inf.
	xs, _ := OptimizerPath(GD(10), Rosenbrock().F, -1.5, 2.5, 200)
	for _, v := range xs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatal("path contains NaN/Inf")
		}
	}
	if len(xs) == 201 {
		t.Error("GD(10) on Rosenbrock should diverge and end early")
	}
}

func TestSurfacesAgree(t *testing.T) {
	xs := []float64{-2, -1, -0.5, 0, 0.5, 1, 2, 0.2}
	ys := []float64{0, 0, 1, 0, 1, 1, 1, 0}
	for _, s := range []Surface{Ellipsoid(1, 10), Rosenbrock(), LogisticLoss2D(xs, ys)} {
		for _, p := range [][2]float64{{0.3, -0.7}, {-1.2, 1}, {1, 1}, {2, -2}} {
			want := s.At(p[0], p[1])
			got := s.F(New([]float64{p[0], p[1]}, 2)).Item()
			if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("%s at %v: tensor form %g, float form %g", s.Name, p, got, want)
			}
		}
		// Gradient of the tensor form checked numerically.
		w := New([]float64{0.4, -0.3}, 2).RequiresGrad()
		if r := GradCheck(func(in ...*Tensor) *Tensor { return s.F(in[0]) }, w); !r.OK(1e-6) {
			t.Errorf("%s: gradient check failed:\n%s", s.Name, r)
		}
	}
	// Noisy is reproducible and differs from the exact loss.
	s := Ellipsoid(1, 10)
	w := New([]float64{1, 1}, 2)
	a, b := s.Noisy(3)(w).Item(), s.Noisy(3)(w).Item()
	if a != b || a == s.At(1, 1) {
		t.Errorf("Noisy(3) gave %g and %g, exact %g", a, b, s.At(1, 1))
	}
}

func TestLandscapeCompare(t *testing.T) {
	l := Ellipsoid(1, 10).Compare(60)
	opt := option(t, l.Figure())
	ss := seriesOf(opt)
	want := "GD,SGD,Momentum,Nesterov,AdaGrad,RMSProp,Adam"
	if got := strings.Join(names(ss[1:]), ","); got != want || ss[0]["type"] != "heatmap" {
		t.Fatalf("series %q, want heatmap then %s", names(ss), want)
	}
	for _, s := range ss[1:] {
		if s["xAxisIndex"] != 1.0 {
			t.Errorf("path %v not on the numeric axes", s["name"])
		}
	}
	// GD converges on the valley with the surface's learning rate.
	gd := l.paths[0]
	if x, y := gd.X[len(gd.X)-1], gd.Y[len(gd.Y)-1]; math.Hypot(x, y) > 0.05 {
		t.Errorf("GD ended at (%g, %g)", x, y)
	}
	for _, s := range []Surface{Ellipsoid(1, 10), Rosenbrock()} {
		if size := outputSize(s.Compare(2000).Figure()); size > 20000 {
			t.Errorf("%s: landscape with 7 paths of 2000 steps is %d bytes", s.Name, size)
		}
	}
	// Plain Landscape with a user path.
	opt = option(t, Landscape(func(x, y float64) float64 { return x*x + y*y }).Range(-1, 1, -1, 1).
		Path("mine", []float64{1, 0.5, 0}, []float64{1, 0.5, 0}).Title("bowl").Figure())
	if ss := seriesOf(opt); len(ss) != 2 || ss[1]["name"] != "mine" || len(ss[1]["data"].([]any)) != 3 {
		t.Errorf("series %v", names(ss))
	}
}

func TestThinPath(t *testing.T) {
	xs, ys := []float64{0, 1, 1.001, 1.002, 2, 2.0001}, []float64{0, 0, 0, 0, 0, 0}
	tx, _ := thinPath(xs, ys, 0.01, 100)
	if got := fmtFloats(tx); got != "[0,1,2,2.0001]" {
		t.Errorf("thinPath kept %s, want [0,1,2,2.0001]", got)
	}
	long := make([]float64, 1000)
	for i := range long {
		long[i] = float64(i)
	}
	tx, _ = thinPath(long, long, 0.1, 50)
	if len(tx) > 51 || tx[len(tx)-1] != 999 {
		t.Errorf("thinned to %d points ending at %v", len(tx), tx[len(tx)-1])
	}
}

func fmtFloats(v []float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestPlotFunctionsAndDerivatives(t *testing.T) {
	d := Derivative("σ′", (*Tensor).Sigmoid)
	for _, x := range []float64{-3, 0, 0.5, 4} {
		s := sigmoidOf(x)
		if got := d.F(x); math.Abs(got-s*(1-s)) > 1e-12 {
			t.Errorf("σ′(%g) = %g, want %g", x, got, s*(1-s))
		}
	}
	if got := Derivative("relu′", (*Tensor).ReLU).F(-1); got != 0 {
		t.Errorf("ReLU′(−1) = %g", got)
	}
	opt := option(t, PlotActivation("tanh", (*Tensor).Tanh))
	ss := seriesOf(opt)
	if len(ss) != 2 || ss[0]["name"] != "tanh" || ss[1]["name"] != "tanh′" || len(ss[0]["data"].([]any)) != 121 {
		t.Fatalf("series %v", names(ss))
	}
	// Huber's ρ, ψ and ω as plotted are the loss's own functions.
	h := Huber(1)
	ss = seriesOf(option(t, h.Plot()))
	if len(ss) != 3 {
		t.Fatalf("Huber plot has %d series", len(ss))
	}
	for _, p := range ss[1]["data"].([]any) { // ψ is clipped to [−1, 1]
		if y := p.([]any)[1].(float64); math.Abs(y) > 1+1e-9 {
			t.Errorf("Huber ψ = %g beyond ±ξ", y)
		}
	}
	// A panicking function leaves a gap instead of losing the chart.
	f := PlotFunctions("bad", -1, 1, Func{"bad", func(x float64) float64 {
		if x > 0 {
			panic("boom")
		}
		return x
	}})
	data := seriesOf(option(t, f))[0]["data"].([]any)
	if last := data[len(data)-1].([]any)[1]; last != nil {
		t.Errorf("panicking point = %v, want a gap (null)", last)
	}
}

func TestHistogramBinning(t *testing.T) {
	values := []float64{0, 0.1, 0.2, 0.5, 0.9, 1, math.NaN()}
	opt := option(t, PlotHistograms("h", 2, Series{"a", values}))
	ss := seriesOf(opt)
	counts := ss[0]["data"].([]any)
	// bins [0, 0.5) and [0.5, 1]: 3 and 3; NaN counted in the name.
	if len(counts) != 2 || counts[0].([]any)[1] != 3.0 || counts[1].([]any)[1] != 3.0 {
		t.Errorf("counts %v, want [3 3]", counts)
	}
	if !strings.Contains(ss[0]["name"].(string), "1 NaN") {
		t.Errorf("name %v should report the NaN", ss[0]["name"])
	}
	panels := option(t, PlotHistogramPanels("p", 10, Series{"small", []float64{1e-6, 2e-6}}, Series{"big", []float64{1, 5}}))
	if len(seriesOf(panels)) != 2 || len(panels["grid"].([]any)) != 2 {
		t.Error("panels: want one grid per series")
	}
}

func TestLayerStats(t *testing.T) {
	rng := NewRNG(5)
	model := Sequential(Linear(3, 4), Sigmoid(), Sequential(Linear(4, 2), Tanh()), Linear(2, 1))
	x, y := rng.Randn(8, 3), rng.Rand(8)
	r := LayerStats(model, x, y, MSE())
	if len(r.Layers) != 5 {
		t.Fatalf("%d layers, want 5 (nested Sequential flattened)", len(r.Layers))
	}
	// Reference: the same forward and backward by hand.
	l0 := model.Layers[0].(*LinearLayer)
	ZeroGrad(model.Params()...)
	h1 := x.MatMul(l0.Weight).Add(l0.Bias)
	out := model.Forward(x)
	loss := MSE().Forward(out, y)
	loss.Backward()
	if math.Abs(loss.Item()-r.Loss) > 1e-12 {
		t.Errorf("loss %g, want %g", r.Loss, loss.Item())
	}
	for i, v := range h1.Data() {
		if math.Abs(r.Layers[0].Activations[i]-v) > 1e-12 {
			t.Fatalf("activations of layer 1 differ at %d", i)
		}
	}
	for i, v := range l0.Weight.Grad().Data() {
		if math.Abs(r.Layers[0].WeightGrads[i]-v) > 1e-12 {
			t.Fatalf("weight gradient of layer 1 differs at %d", i)
		}
	}
	if r.Layers[0].Kind != "Linear" || r.Layers[1].Kind != "Sigmoid" || r.Layers[0].Layer != l0 {
		t.Errorf("layer kinds %q, %q (layer 1 is l0: %v), want Linear, Sigmoid", r.Layers[0].Kind, r.Layers[1].Kind, r.Layers[0].Layer == l0)
	}
	if r.Layers[1].HasWeights || len(r.Layers[1].ActGrads) != 8*4 {
		t.Errorf("sigmoid layer: weights %v, %d activation grads", r.Layers[1].HasWeights, len(r.Layers[1].ActGrads))
	}
	if got := len(seriesOf(option(t, r.PlotGradients()))); got != 3 {
		t.Errorf("gradient panels %d, want 3 layers with weights", got)
	}
	if got := len(seriesOf(option(t, r.PlotActivations()))); got != 5 {
		t.Errorf("activation panels %d, want 5", got)
	}
	if ss := seriesOf(option(t, r.CompareActivations(1, 2, 99))); len(ss) != 2 || ss[1]["name"] != "2 Sigmoid()" {
		t.Errorf("CompareActivations series %v", names(ss))
	}
	if s := r.String(); !strings.Contains(s, "2 Sigmoid()") || strings.Count(s, "\n") != 6 {
		t.Errorf("table:\n%s", s)
	}
}

func TestImagesConfusionGraph(t *testing.T) {
	imgs := NewRNG(1).Rand(30, 784)
	f := PlotPredictions(imgs, []int{1, 2, 3}, []int{1, 5, 3})
	opt := option(t, f)
	im := opt["dlfunImages"].(map[string]any)
	list := im["imgs"].([]any)
	if im["w"] != 28.0 || im["h"] != 28.0 || len(list) != maxImages {
		t.Fatalf("images %v×%v, %d of them", im["w"], im["h"], len(list))
	}
	if c := list[1].(map[string]any); c["c"] != "2 ≠ 5" || c["r"] != true {
		t.Errorf("wrong prediction caption %v", c)
	}
	// Size on digit-like images (a thick stroke on a blank background, as
	// MNIST's): uniform noise does not compress in the HTML fallback and
	// takes about 22 KB.
	strokes := Zeros(30, 784)
	for i := range 30 {
		for r := 4; r < 24; r++ {
			for d := range 3 {
				strokes.Set(1, i, r*28+(r+i)%20+4+d)
			}
		}
	}
	if size := outputSize(PlotPredictions(strokes, make([]int, 30), make([]int, 30))); size > 20000 {
		t.Errorf("image grid of 20 digits is %d bytes", size)
	}
	for _, shape := range [][]int{{4, 1, 6, 6}, {4, 6, 6}, {4, 36}} {
		n, h, w, err := imageShape(Zeros(shape...))
		if err != nil || n != 4 || h != 6 || w != 6 {
			t.Errorf("shape %v read as %d×%d×%d (%v)", shape, n, h, w, err)
		}
	}
	if _, _, _, err := imageShape(Zeros(2, 3, 4, 5)); err == nil {
		t.Error("2×3×4×5 (3 channels) should be refused")
	}
	m := PlotMistakes(imgs, []int{1, 2, 3}, []int{1, 5, 3})
	if l := option(t, m)["dlfunImages"].(map[string]any)["imgs"].([]any); len(l) != 1 {
		t.Errorf("mistakes: %d images, want 1", len(l))
	}

	cm := ConfusionMatrix([]int{0, 1, 1, 2, 7}, []int{0, 1, 2, 2, 1}, 3)
	want := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 1, 1}}
	for i := range want {
		for j := range want[i] {
			if cm[i][j] != want[i][j] {
				t.Fatalf("confusion %v, want %v", cm, want)
			}
		}
	}
	copt := option(t, PlotConfusion([]int{0, 1, 1, 2}, []int{0, 1, 2, 2}, 3))
	if !strings.Contains(copt["title"].(map[string]any)["text"].(string), "75.0 %") {
		t.Errorf("title %v", copt["title"])
	}
	if axes(copt, "xAxis")[0]["name"] != "predicted" {
		t.Error("confusion x axis should be the prediction")
	}

	w := Scalar(2).RequiresGrad().Named("w")
	loss := w.Mul(Scalar(3)).Sigmoid().Named("loss")
	loss.Backward()
	gopt := option(t, loss.PlotGraph())
	g := seriesOf(gopt)[0]
	if g["type"] != "graph" || len(g["data"].([]any)) != len(loss.Graph().Nodes) {
		t.Errorf("graph series %v with %d nodes", g["type"], len(g["data"].([]any)))
	}
}

// TestEveryFigureIsSmall checks the ~20 KB budget of a chart in a notebook
// for the helpers not measured elsewhere.
func TestEveryFigureIsSmall(t *testing.T) {
	figs := map[string]*Figure{
		"activations": PlotActivations(false),
		"robust psi":  PlotRobustLosses("psi", LeastSquares(), L1(), Huber(1), Cauchy(1), Tukey(3)),
		"dataset":     PlotDataset(liveData(5000, 1)),
		"confusion":   PlotConfusion(make([]int, 1000), make([]int, 1000), 10),
	}
	for name, f := range figs {
		if size := outputSize(f); size > 20000 {
			t.Errorf("%s: %d bytes", name, size)
		}
	}
}

func TestPlotHistoriesAndFinal(t *testing.T) {
	gd := &History{Label: "GD", TrainLoss: []float64{1, .5}, StepLoss: []float64{1, .8, .6, .5}}
	sgd := &History{Label: "SGD", TrainLoss: []float64{1, .4}, StepLoss: []float64{1, .2, .9, .3}}
	ss := seriesOf(option(t, PlotHistories("step", gd, sgd)))
	if strings.Join(names(ss), ",") != "GD,SGD" || len(ss[1]["data"].([]any)) != 4 {
		t.Errorf("series %v", names(ss))
	}
	// Different batch sizes: 1 step per epoch against 4; the step losses are
	// drawn over epochs so that they line up.
	gd1 := &History{Label: "GD", StepsPerEpoch: 1, TrainLoss: []float64{1, .5}, StepLoss: []float64{1, .5}}
	sgd4 := &History{Label: "SGD", StepsPerEpoch: 4, TrainLoss: []float64{.9, .4}, StepLoss: []float64{1, .9, .8, .9, .6, .5, .4, .4}}
	opt := option(t, PlotHistories("step", gd1, sgd4))
	if axes(opt, "xAxis")[0]["name"] != "epoch" {
		t.Errorf("x axis %q, want epoch for runs with different steps per epoch", axes(opt, "xAxis")[0]["name"])
	}
	ss = seriesOf(opt)
	gdEnd := ss[0]["data"].([]any)[1].([]any)[0]
	sgdEnd := ss[1]["data"].([]any)[7].([]any)[0]
	if gdEnd != 2.0 || sgdEnd != 2.0 {
		t.Errorf("last steps at x = %v (GD) and %v (SGD), want both at epoch 2", gdEnd, sgdEnd)
	}
	if axes(option(t, PlotHistories("step", gd, sgd)), "xAxis")[0]["name"] != "step" {
		t.Error("runs with the same steps per epoch keep the step axis")
	}
	r := &SweepResult{
		Configs: []Config{{Optimizer: "sgd", LR: 0.1}, {Optimizer: "sgd", LR: 0.01}, {Optimizer: "adam", LR: 0.01}},
		List: []*History{
			{TrainLoss: []float64{1, .3}}, {TrainLoss: []float64{1, .8}}, {TrainLoss: []float64{1, .1}},
		},
	}
	opt = option(t, r.PlotFinal("loss"))
	ss = seriesOf(opt)
	if strings.Join(names(ss), ",") != "sgd,adam" {
		t.Fatalf("groups %v", names(ss))
	}
	if axes(opt, "xAxis")[0]["type"] != "log" || axes(opt, "xAxis")[0]["name"] != "learning rate" {
		t.Error("x axis should be the learning rate on a log scale")
	}
	// sgd's points sorted by learning rate: (0.01, 0.8), (0.1, 0.3).
	d := ss[0]["data"].([]any)
	if p0, p1 := d[0].([]any), d[1].([]any); p0[0] != 0.01 || p0[1] != 0.8 || p1[0] != 0.1 || p1[1] != 0.3 {
		t.Errorf("sgd points %v", d)
	}
}

func TestLineRight(t *testing.T) {
	opt := option(t, Plot().Line("loss", nil, []float64{1, .5}).LineRight("acc", nil, []float64{.5, .9}).Y2Label("accuracy"))
	ys := axes(opt, "yAxis")
	if len(ys) != 2 || ys[1]["name"] != "accuracy" || seriesOf(opt)[1]["yAxisIndex"] != 1.0 {
		t.Errorf("right axis: %v", ys)
	}
}

func TestPlotSamplesAndAugmentation(t *testing.T) {
	rng := NewRNG(2)
	x := rng.Rand(30, 1, 6, 6)
	y := make([]float64, 30)
	for i := range y {
		y[i] = float64(i % 10)
	}
	ds := TensorDataset(x, New(y, 30))
	opt := option(t, PlotSamples(ds, 50))
	imgs := opt["dlfunImages"].(map[string]any)["imgs"].([]any)
	if len(imgs) != maxImages || imgs[3].(map[string]any)["c"] != "3" {
		t.Errorf("%d samples, caption %v", len(imgs), imgs[3])
	}
	flipped := TensorDataset(x.Mul(Scalar(-1)), New(y, 30))
	opt = option(t, PlotAugmentation(ds, flipped, 4))
	imgs = opt["dlfunImages"].(map[string]any)["imgs"].([]any)
	if len(imgs) != 8 || imgs[1].(map[string]any)["c"] != "1" || imgs[5].(map[string]any)["c"] != "augmented" {
		t.Errorf("augmentation grid: %d images %v", len(imgs), imgs)
	}
	if cols := opt["dlfunImages"].(map[string]any)["cols"]; cols != 4.0 {
		t.Errorf("cols %v, want 4 (originals on top of their augmented versions)", cols)
	}
	bad := TensorDataset(rng.Rand(30, 5, 5), New(y, 30))
	if sub := option(t, PlotAugmentation(ds, bad, 4))["title"].(map[string]any)["subtext"]; !strings.Contains(sub.(string), "cannot compare") {
		t.Errorf("subtitle %v", sub)
	}
}

func TestPlotSoftmax(t *testing.T) {
	opt := option(t, PlotSoftmax([]float64{2, 1, 0}, 1, 2))
	ss := seriesOf(opt)
	if strings.Join(names(ss), ",") != "logits z,softmax(z/1),softmax(z/2)" {
		t.Fatalf("series %v", names(ss))
	}
	e := []float64{math.Exp(2), math.Exp(1), 1}
	sum := e[0] + e[1] + e[2]
	p0 := ss[1]["data"].([]any)[0].([]any)[1].(float64)
	if math.Abs(p0-e[0]/sum) > 1e-3 || ss[1]["yAxisIndex"] != 1.0 {
		t.Errorf("softmax(z)_0 = %v on axis %v, want %.4f on the right axis", p0, ss[1]["yAxisIndex"], e[0]/sum)
	}
}

// outputSize is the bytes the figure's notebook output takes in a saved
// .ipynb (MIME option and HTML fallback, see echarts.OutputSize); the
// course keeps every chart under 20 KB.
func outputSize(f *Figure) int { return echarts.OutputSize(f.Chart().Bundle()) }

// TestSweepPlotNamesBestByMetric: the subtitle and the thick line name the
// best run by the metric the chart shows ("best: RMSProp", ranked by loss,
// stood on an accuracy chart where Momentum ended highest).
func TestSweepPlotNamesBestByMetric(t *testing.T) {
	r := &SweepResult{List: []*History{
		{Label: "RMSProp", TrainLoss: []float64{1, 0.1}, ValLoss: []float64{1, 0.2}, TrainAcc: []float64{0.5, 0.9}, ValAcc: []float64{0.5, 0.8}},
		{Label: "Momentum", TrainLoss: []float64{1, 0.2}, ValLoss: []float64{1, 0.3}, TrainAcc: []float64{0.5, 0.9}, ValAcc: []float64{0.5, 0.9}},
		{Label: "diverged", TrainLoss: []float64{1, math.NaN()}, ValLoss: []float64{1, math.NaN()}, TrainAcc: []float64{0.5, 0.1}, ValAcc: []float64{0.5, 0.1}},
	}}
	for _, tc := range []struct {
		metric, want string
		thick        int
	}{
		{"accuracy", "best final val accuracy: Momentum (0.9)", 1},
		{"loss", "best final val loss: RMSProp (0.2)", 0},
		{"train loss", "best final train loss: RMSProp (0.1)", 0},
	} {
		opt := option(t, r.Plot(tc.metric))
		if sub := opt["title"].(map[string]any)["subtext"]; sub != tc.want {
			t.Errorf("%s: subtitle %q, want %q", tc.metric, sub, tc.want)
		}
		if w := seriesOf(opt)[tc.thick]["lineStyle"].(map[string]any)["width"]; w != 4.0 {
			t.Errorf("%s: the best run's line is %v wide, want 4", tc.metric, w)
		}
	}
}

// TestLandscapeCoversWindow: the coloured cells tile the window exactly
// (the value axes run from the window's edges, which are labelled) and the
// hidden axis edges are short numbers (an edge of -2.0253164556962027 made
// ECharts reserve an empty band left of the plot).
func TestLandscapeCoversWindow(t *testing.T) {
	opt := option(t, Landscape(func(x, y float64) float64 { return x*x + 10*y*y }).Range(-5, 5, -3, 3).Figure())
	x := opt["xAxis"].([]any)[1].(map[string]any)
	y := opt["yAxis"].([]any)[1].(map[string]any)
	if x["min"] != -5.0 || x["max"] != 5.0 || y["min"] != -3.0 || y["max"] != 3.0 {
		t.Errorf("axes %v..%v × %v..%v, want the window -5..5 × -3..3", x["min"], x["max"], y["min"], y["max"])
	}
	if y["axisLabel"].(map[string]any)["showMinLabel"] != true {
		t.Errorf("the window's round edges should be labelled: %v", y["axisLabel"])
	}
	b := option(t, PlotDecisionBoundary(Linear(2, 1), liveData(50, 3)))
	for _, key := range []string{"xAxis", "yAxis"} {
		a := b[key].([]any)[1].(map[string]any)
		for _, e := range []string{"min", "max"} {
			if s := strconv.FormatFloat(a[e].(float64), 'g', -1, 64); len(s) > 7 {
				t.Errorf("%s %s = %s: round the hidden edge", key, e, s)
			}
		}
	}
}

// TestLayerPanelsSize: the gradient panels of a 12-layer network (notebook
// 06), with normal values over scales from 1e-11 to 1e-3, stay under 20 KB.
func TestLayerPanelsSize(t *testing.T) {
	rng := NewRNG(3)
	var s []Series
	for k := range 12 {
		v := rng.Randn(32 * 32).Data()
		for i := range v {
			v[i] *= math.Pow(10, -11+float64(k)*8/11)
		}
		s = append(s, Series{Name: strconv.Itoa(2*k+1) + " Linear(32 → 32)", Values: v})
	}
	if size := outputSize(PlotHistogramPanels("Weight gradients ∂L/∂W per layer", panelBins, s...)); size > 20000 {
		t.Errorf("12 histogram panels take %d bytes", size)
	}
}

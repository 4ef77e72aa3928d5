package dl

import (
	"math"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// LandscapeFigure is a loss surface of two variables drawn as contour
// bands, with optimizer paths on top. Make one with Landscape (any
// function) or Surface.Landscape / Surface.Compare (the lecture's surfaces,
// which can also run optimizers on themselves).
type LandscapeFigure struct {
	fig            Figure
	f              func(x, y float64) float64
	surface        *Surface
	x0, x1, y0, y1 float64
	resolution     int
	paths          []echarts.LineSeries
}

// Landscape starts a contour plot of f over [-2, 2]×[-2, 2] (change it
// with Range). Add optimizer trajectories with Path.
//
//	dl.Landscape(func(x, y float64) float64 { return x*x + 10*y*y }).
//		Range(-3, 3, -2, 2).Path("GD", xs, ys).Show()
func Landscape(f func(x, y float64) float64) *LandscapeFigure {
	l := &LandscapeFigure{f: f, x0: -2, x1: 2, y0: -2, y1: 2, resolution: 64}
	l.fig.opts.XName, l.fig.opts.YName = "x", "y"
	return l
}

// Landscape starts a contour plot of the surface over its window, titled
// with its name. Add paths with Optimize, OptimizeNoisy or Path.
func (s Surface) Landscape() *LandscapeFigure {
	l := Landscape(s.At).Range(s.X0, s.X1, s.Y0, s.Y1).Title(s.Name)
	l.surface = &s
	if strings.HasPrefix(s.Name, "Logistic") {
		l.fig.opts.XName, l.fig.opts.YName = "weight w", "bias b"
	}
	return l
}

// Compare runs optimizers from the surface's start point for steps steps
// each and overlays their paths on its landscape, one colour per optimizer
// (click a name in the legend to hide or show a path). Without optimizers
// it runs the lecture's seven:
//
//	GD(LR)            full gradient
//	SGD(LR)           the noisy gradient of Noisy (seed 1)
//	Momentum(MomentumLR, 0.9)  Polyak momentum
//	Nesterov(MomentumLR, 0.9)  Nesterov momentum
//	AdaGrad(3·Step)   its steps shrink like 1/√t, so it starts larger
//	RMSProp(Step), Adam(Step)
//
// with the surface's LR, MomentumLR and Step. Optimizers given explicitly all follow
// the exact gradient (use OptimizeNoisy for more stochastic ones).
//
//	dl.Ellipsoid(1, 10).Compare(50).Show()
func (s Surface) Compare(steps int, opts ...Optimizer) *LandscapeFigure {
	l := s.Landscape()
	if len(opts) > 0 {
		for _, o := range opts {
			l.Optimize(o, steps)
		}
		return l
	}
	return l.Optimize(GD(s.LR), steps).
		OptimizeNoisy(SGD(s.LR), steps, 1).
		Optimize(Momentum(s.MomentumLR, 0.9), steps).
		Optimize(Nesterov(s.MomentumLR, 0.9), steps).
		Optimize(AdaGrad(3*s.Step), steps).
		Optimize(RMSProp(s.Step), steps).
		Optimize(Adam(s.Step), steps)
}

// Range sets the window drawn: x from x0 to x1, y from y0 to y1.
func (l *LandscapeFigure) Range(x0, x1, y0, y1 float64) *LandscapeFigure {
	if x1 > x0 && y1 > y0 {
		l.x0, l.x1, l.y0, l.y1 = x0, x1, y0, y1
	}
	return l
}

// Resolution sets the number of grid points per axis at which the
// function is evaluated (default 64, about 4 KB; at most 120 are drawn).
func (l *LandscapeFigure) Resolution(n int) *LandscapeFigure {
	if n >= 2 {
		l.resolution = n
	}
	return l
}

// Path adds a trajectory named name through the points (xs[i], ys[i]), e.g.
// one returned by OptimizerPath. Long paths are thinned to 250 points,
// keeping the last.
func (l *LandscapeFigure) Path(name string, xs, ys []float64) *LandscapeFigure {
	l.paths = append(l.paths, echarts.LineSeries{Name: name, X: xs, Y: ys, Symbols: true})
	return l
}

// Optimize runs opt for steps steps on the surface (from its start point)
// and adds the path, named after the optimizer (e.g. "Momentum"). It needs
// a figure made from a Surface; on a plain Landscape it adds nothing.
func (l *LandscapeFigure) Optimize(opt Optimizer, steps int) *LandscapeFigure {
	if l.surface == nil {
		return l
	}
	s := l.surface
	xs, ys := OptimizerPath(opt, s.F, s.StartX, s.StartY, steps)
	return l.Path(shortName(opt), xs, ys)
}

// OptimizeNoisy is Optimize on the surface's stochastic loss (see
// Surface.Noisy): SGD's path, wandering around the one of GD.
func (l *LandscapeFigure) OptimizeNoisy(opt Optimizer, steps int, seed uint64) *LandscapeFigure {
	if l.surface == nil {
		return l
	}
	s := l.surface
	xs, ys := OptimizerPath(opt, s.Noisy(seed), s.StartX, s.StartY, steps)
	return l.Path(shortName(opt), xs, ys)
}

// shortName is an optimizer's name without its settings: "Adam" for
// "Adam(lr=0.1, …)".
func shortName(opt Optimizer) string {
	s := opt.String()
	if i := strings.IndexAny(s, "( "); i > 0 {
		return s[:i]
	}
	return s
}

// Title sets the chart's title.
func (l *LandscapeFigure) Title(title string) *LandscapeFigure { l.fig.Title(title); return l }

// Subtitle sets the line under the title (by default it describes the
// contour levels).
func (l *LandscapeFigure) Subtitle(s string) *LandscapeFigure { l.fig.Subtitle(s); return l }

// XLabel names the horizontal axis (default "x").
func (l *LandscapeFigure) XLabel(name string) *LandscapeFigure { l.fig.XLabel(name); return l }

// YLabel names the vertical axis (default "y").
func (l *LandscapeFigure) YLabel(name string) *LandscapeFigure { l.fig.YLabel(name); return l }

// Size sets the height in pixels and limits the plotting area's width (see
// Figure.Size).
func (l *LandscapeFigure) Size(width, height int) *LandscapeFigure {
	l.fig.Size(width, height)
	return l
}

// Figure returns the landscape as a plain *Figure (what every Plot helper
// returns).
func (l *LandscapeFigure) Figure() *Figure {
	f := l.fig
	c := *l
	c.paths = make([]echarts.LineSeries, len(l.paths))
	eps := 0.004 * math.Hypot(l.x1-l.x0, l.y1-l.y0)
	for i, p := range l.paths {
		p.X, p.Y = thinPath(p.X, p.Y, eps, maxPathPoints) // echarts.Landscape shares 220 points among the paths
		c.paths[i] = p
	}
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.Landscape(o, c.grid(), c.paths...) }
	return &f
}

// maxPathPoints is the number of points a landscape's path keeps after
// thinPath; echarts.Landscape then shares 220 points (about 3 KB) among
// all paths.
const maxPathPoints = 300

// thinPath drops the points of a trajectory that lie closer than eps to
// the last point kept (an optimizer creeping near the minimum), so the big
// early steps stay exact; if more than max points remain, every k-th is
// kept. The first and last points always stay.
func thinPath(xs, ys []float64, eps float64, max int) ([]float64, []float64) {
	n := min(len(xs), len(ys))
	if n <= 2 {
		return xs[:n], ys[:n]
	}
	ox, oy := []float64{xs[0]}, []float64{ys[0]}
	for i := 1; i < n-1; i++ {
		if math.Hypot(xs[i]-ox[len(ox)-1], ys[i]-oy[len(oy)-1]) >= eps {
			ox, oy = append(ox, xs[i]), append(oy, ys[i])
		}
	}
	ox, oy = append(ox, xs[n-1]), append(oy, ys[n-1])
	if len(ox) <= max {
		return ox, oy
	}
	k := (len(ox) + max - 1) / max
	tx, ty := []float64{}, []float64{}
	for i := 0; i < len(ox)-1; i += k {
		tx, ty = append(tx, ox[i]), append(ty, oy[i])
	}
	return append(tx, ox[len(ox)-1]), append(ty, oy[len(oy)-1])
}

// grid evaluates the function at the centres of n×n cells that tile the
// window exactly (so the coloured levels cover the whole plotting area, up
// to the window's edges).
func (l *LandscapeFigure) grid() echarts.Grid {
	n := l.resolution
	g := echarts.Grid{X: make([]float64, n), Y: make([]float64, n), Z: make([][]float64, n)}
	for j := range n {
		g.X[j] = l.x0 + (l.x1-l.x0)*(float64(j)+0.5)/float64(n)
		g.Y[j] = l.y0 + (l.y1-l.y0)*(float64(j)+0.5)/float64(n)
	}
	for i := range n {
		g.Z[i] = make([]float64, n)
		for j := range n {
			g.Z[i][j] = l.f(g.X[j], g.Y[i])
		}
	}
	return g
}

// Show draws the landscape (see Figure.Show).
func (l *LandscapeFigure) Show() { l.Figure().Show() }

// HTML returns the landscape as a notebook HTML snippet.
func (l *LandscapeFigure) HTML() string { return l.Figure().HTML() }

// Save writes the landscape as a standalone HTML page (see Figure.Save).
func (l *LandscapeFigure) Save(path string) error { return l.Figure().Save(path) }

// String summarises the landscape: title, axes and one line per path.
func (l *LandscapeFigure) String() string { return l.Figure().String() }

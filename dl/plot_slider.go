package dl

import (
	"fmt"
	"os"
	"strconv"

	"github.com/dlfun/dlfun/dl/echarts"
)

// SliderFigure is one chart per value of a parameter, with a slider below
// it to move between them; make one with Slider.
type SliderFigure struct {
	name   string
	values []float64
	frames []*Figure
}

// Slider draws frame(v) for every value v of the parameter called name
// (precomputed now, in Go) and joins the figures into one chart with a
// slider below it (ECharts' timeline): a student drags it, or presses
// play, and watches the curves or the trajectory change, in the browser,
// without running the cell again; the chart still works after the notebook
// is saved and reopened, and in exported pages. For example, momentum on
// the valley for four values of η:
//
//	dl.Slider("η", []float64{0, 0.5, 0.8, 0.9}, func(eta float64) *dl.Figure {
//		return valley.Compare(40, dl.Momentum(0.01, eta)).Figure()
//	}).Show()
//
// Every frame must draw the same series in the same order (their data may
// differ); a landscape's background is stored once. Give the frames fixed
// axis ranges (e.g. LandscapeFigure.Range) so that what moves is the data,
// not the axes.
func Slider(name string, values []float64, frame func(v float64) *Figure) *SliderFigure {
	if len(values) == 0 {
		panic(fmt.Sprintf("dl.Slider(%q): no values: give the parameter's values, e.g. []float64{0.001, 0.01, 0.1}", name))
	}
	s := &SliderFigure{name: name, values: values}
	for _, v := range values {
		f := frame(v)
		if f == nil {
			panic(fmt.Sprintf("dl.Slider(%q): the frame for %s = %v is nil: return a figure for every value", name, name, v))
		}
		s.frames = append(s.frames, f)
	}
	return s
}

// Labels returns the slider's labels, "name = value" for each value.
func (s *SliderFigure) Labels() []string {
	labels := make([]string, len(s.values))
	for i, v := range s.values {
		labels[i] = s.name + " = " + strconv.FormatFloat(v, 'g', 4, 64)
	}
	return labels
}

// Chart builds the chart: the frames joined by echarts.Timeline.
func (s *SliderFigure) Chart() *echarts.Chart {
	charts := make([]*echarts.Chart, len(s.frames))
	for i, f := range s.frames {
		charts[i] = f.Chart()
	}
	return echarts.Timeline(s.Labels(), charts...)
}

// Show displays the chart as Figure.Show does. It never panics.
func (s *SliderFigure) Show() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(os.Stderr, "dl: cannot draw the chart:", r)
		}
	}()
	s.Chart().Show()
}

// HTML returns the chart as an HTML snippet for a notebook output.
func (s *SliderFigure) HTML() string { return s.Chart().HTML() }

// String summarises the slider: its labels and the first frame.
func (s *SliderFigure) String() string {
	return fmt.Sprintf("slider over %s: %v\nfirst frame: %s", s.name, s.Labels(), s.frames[0].String())
}

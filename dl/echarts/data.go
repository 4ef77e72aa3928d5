package echarts

import (
	"math"
	"strconv"
	"strings"
)

// Palette is the colour cycle of all charts: Tableau 10 followed by ten
// darker tones, so that up to 20 runs of a sweep stay distinguishable. Lines
// beyond the first 10 are also dashed.
var Palette = []string{
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
	"#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
	"#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
}

// colour returns the i-th palette colour, cycling.
func colour(i int) string { return Palette[i%len(Palette)] }

// namedColours fixes the palette slot of the lecture's optimizers, so that
// "Adam" has the same colour in a loss chart, a sweep and a landscape. The
// order is that of Surface.Compare: GD, SGD, Momentum, Nesterov, AdaGrad,
// RMSProp, Adam take the first seven colours.
var namedColours = map[string]int{
	"gd": 0, "sgd": 1, "momentum": 2, "polyak": 2, "nesterov": 3, "adagrad": 4,
	"rmsprop": 5, "adam": 6, "adadelta": 8, "adamw": 9,
}

// SeriesColours returns one palette colour per series name, the same in
// every chart kind (Line, Landscape, Scatter, Histogram): a series whose
// name starts with an optimizer's name ("Adam", "Adam lr=0.01",
// "SGD(lr=0.1)") gets that optimizer's colour, unless another series
// starts with the same name (a learning-rate sweep of one optimizer: then
// the runs need distinct colours); every other series takes the unused
// palette colours in order. Without optimizer names this is the palette in
// order.
func SeriesColours(names []string) []string {
	keys := make([]string, len(names))
	count := map[string]int{}
	for i, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if j := strings.IndexFunc(n, func(r rune) bool { return !(r >= 'a' && r <= 'z') }); j >= 0 {
			n = n[:j]
		}
		if _, ok := namedColours[n]; ok {
			keys[i] = n
			count[n]++
		}
	}
	out := make([]string, len(names))
	used := map[int]bool{}
	for i, k := range keys {
		if k != "" && count[k] == 1 {
			out[i] = Palette[namedColours[k]]
			used[namedColours[k]] = true
		}
	}
	next := 0
	for i := range out {
		if out[i] != "" {
			continue
		}
		for used[next%len(Palette)] && len(used) < len(Palette) {
			next++
		}
		out[i] = colour(next)
		used[next%len(Palette)] = true
		next++
	}
	return out
}

// seriesNames returns the names of lines (for SeriesColours).
func seriesNames(lines []LineSeries) []string {
	names := make([]string, len(lines))
	for i, l := range lines {
		names[i] = l.Name
	}
	return names
}

// appendNum writes v with 6 significant digits (integers exactly), and NaN
// or ±Inf as null, which ECharts draws as a gap.
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', 6, 64)
}

// nums is a JSON array of numbers written compactly (see appendNum).
type nums []float64

// MarshalJSON implements json.Marshaler.
func (v nums) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 8*len(v)+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNum(b, x)
	}
	return append(b, ']'), nil
}

// numFmt says how coordinates of one axis are written: with dec decimals
// (chosen from the data range: a step of at most 1/2000 of it, half a
// pixel of a chart 1000 pixels wide, which is what a chart can show) or,
// for dec < 0, with 4 significant digits (log axes). Whole numbers are
// always written exactly.
type numFmt int

// fmtFor picks the format for coordinates v on a linear or log axis.
func fmtFor(v []float64, log bool) numFmt {
	lo, hi := minMax(v)
	if log || math.IsNaN(lo) {
		return -1
	}
	r := hi - lo
	if r == 0 {
		r = math.Max(math.Abs(hi), 1)
	}
	return numFmt(max(0, int(math.Ceil(-math.Log10(r/2000)))))
}

// append writes v in format f (NaN and ±Inf as null).
func (f numFmt) append(b []byte, v float64) []byte {
	if !finite(v) || v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return appendNum(b, v)
	}
	if f < 0 || f > 12 {
		return strconv.AppendFloat(b, v, 'g', 4, 64)
	}
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', int(f), 64)
	for len(b) > n && b[len(b)-1] == '0' { // trim trailing zeros
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if s := string(b[n:]); s == "-0" || s == "" {
		b = append(b[:n], '0')
	}
	return b
}

// round returns v as format f writes it (v itself if NaN or ±Inf).
func (f numFmt) round(v float64) float64 {
	r, err := strconv.ParseFloat(string(f.append(nil, v)), 64)
	if err != nil {
		return v
	}
	return r
}

// points is a JSON array of [x, y] pairs written compactly, each axis in
// its own format.
type points struct {
	xy     [][2]float64
	fx, fy numFmt
}

// newPoints returns points (x[i], y[i]) with formats chosen for the data
// and the given axes.
func newPoints(x, y []float64, logX, logY bool) points {
	p := points{xy: make([][2]float64, 0, len(x))}
	for i := range x {
		p.xy = append(p.xy, [2]float64{x[i], y[i]})
	}
	p.fx, p.fy = fmtFor(x, logX), fmtFor(y, logY)
	return p
}

// MarshalJSON implements json.Marshaler.
func (p points) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 14*len(p.xy)+2)
	b = append(b, '[')
	for i, xy := range p.xy {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = p.fx.append(b, xy[0])
		b = append(b, ',')
		b = p.fy.append(b, xy[1])
		b = append(b, ']')
	}
	return append(b, ']'), nil
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// minMax returns the smallest and largest finite values of v (NaN, NaN if
// there are none).
func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if finite(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

// downsample keeps at most max points of the line (x, y): the series is cut
// into max/2 buckets and each keeps its lowest and highest point in their
// original order, so spikes in a noisy loss curve survive. First and last
// points are always kept.
func downsample(x, y []float64, max int) ([]float64, []float64) {
	n := len(y)
	if max < 4 || n <= max {
		return x, y
	}
	buckets := max / 2
	ox, oy := make([]float64, 0, max+2), make([]float64, 0, max+2)
	for b := range buckets {
		i0, i1 := b*n/buckets, (b+1)*n/buckets
		lo, hi := -1, -1
		for i := i0; i < i1; i++ {
			if !finite(y[i]) {
				continue
			}
			if lo < 0 || y[i] < y[lo] {
				lo = i
			}
			if hi < 0 || y[i] > y[hi] {
				hi = i
			}
		}
		if b == 0 && lo != 0 && hi != 0 {
			ox, oy = append(ox, x[0]), append(oy, y[0])
		}
		switch {
		case lo < 0: // only gaps in this bucket: keep one gap
			ox, oy = append(ox, x[i0]), append(oy, math.NaN())
		case lo == hi:
			ox, oy = append(ox, x[lo]), append(oy, y[lo])
		case lo < hi:
			ox, oy = append(ox, x[lo], x[hi]), append(oy, y[lo], y[hi])
		default:
			ox, oy = append(ox, x[hi], x[lo]), append(oy, y[hi], y[lo])
		}
	}
	if last := n - 1; ox[len(ox)-1] != x[last] {
		ox, oy = append(ox, x[last]), append(oy, y[last])
	}
	return ox, oy
}

// quantize encodes values as one alphabet character each: lo maps to the
// first character, hi to the last, NaN/Inf to '-' (missing). The browser
// decodes level k back to lo + (hi-lo)·k/(len(alphabet)-1).
func quantize(v []float64, lo, hi float64) string {
	L := float64(len(alphabet) - 1)
	var b strings.Builder
	b.Grow(len(v))
	for _, x := range v {
		if !finite(x) {
			b.WriteByte('-')
			continue
		}
		k := 0.0
		if hi > lo {
			k = math.Round((x - lo) / (hi - lo) * L)
		}
		b.WriteByte(alphabet[int(math.Max(0, math.Min(L, k)))])
	}
	return b.String()
}

// shortNum formats v with 3 significant digits for labels.
func shortNum(v float64) string {
	if !finite(v) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// label makes user text safe for ECharts format templates, where {name}
// and {a|text} have meaning.
func label(s string) string {
	return strings.NewReplacer("{", "(", "}", ")").Replace(s)
}

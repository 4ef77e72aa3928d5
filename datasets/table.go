package datasets

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/dl"
)

// Table is a small in-memory dataset: Len rows, each with the same named
// float64 features and one target (a class index such as 0/1). People50 and
// the toy 2-D sets are Tables. It implements dl.Dataset with sample shape
// [len(Features)] and a scalar target.
//
// Storage is plain and public so a notebook can look inside: X holds the
// features row-major (row i is X[i·d : (i+1)·d] for d = len(Features)) and
// Y holds the targets.
type Table struct {
	Name     string    // what the data is, e.g. "people50" or "moons"
	Features []string  // feature (column) names, e.g. "height_cm"
	Target   string    // target column name, e.g. "overweight" or "class"
	Classes  int       // number of classes: targets are 0 … Classes-1
	X        []float64 // features, Len()×len(Features), row-major
	Y        []float64 // targets, one per row
}

var _ dl.Dataset = (*Table)(nil)

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.Y) }

// SampleShape returns [number of features].
func (t *Table) SampleShape() []int { return []int{len(t.Features)} }

// TargetShape returns [] (one scalar target per row).
func (t *Table) TargetShape() []int { return []int{} }

// Gather copies the rows idx into x (len(idx)×d values) and their targets
// into y (len(idx) values).
//
// Rows that follow each other in idx and in the table are copied together,
// so a whole table in order (full-batch training) is one copy.
func (t *Table) Gather(idx []int, x, y []float64) {
	d := len(t.Features)
	for k := 0; k < len(idx); {
		run := 1 // idx[k : k+run] are consecutive rows
		for k+run < len(idx) && idx[k+run] == idx[k]+run {
			run++
		}
		i := idx[k]
		copy(x[k*d:(k+run)*d], t.X[i*d:(i+run)*d])
		copy(y[k:k+run], t.Y[i:i+run])
		k += run
	}
}

// Row returns the features of row i (a view of X, not a copy).
func (t *Table) Row(i int) []float64 {
	d := len(t.Features)
	return t.X[i*d : (i+1)*d]
}

// Tensors returns copies of all features as an n×d tensor and all targets
// as a tensor of shape [n], ready for full-batch gradient descent.
func (t *Table) Tensors() (x, y *dl.Tensor) { return Tensors(t) }

// Take returns a Table holding the first n rows (copied).
func (t *Table) Take(n int) *Table {
	if n < 0 || n > t.Len() {
		panic(fmt.Sprintf("datasets.Table.Take: n = %d, but the table has %d rows", n, t.Len()))
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return t.subset(idx)
}

// Split shuffles the rows with seed and returns two Tables: val gets
// round(valFraction·Len) rows and train the rest. The same seed always gives
// the same split.
func (t *Table) Split(valFraction float64, seed uint64) (train, val *Table) {
	nVal := splitSize("datasets.Table.Split", t.Len(), valFraction)
	p := perm(newRNG(seed), t.Len())
	return t.subset(p[nVal:]), t.subset(p[:nVal])
}

// subset copies the rows idx into a new Table.
func (t *Table) subset(idx []int) *Table {
	d := len(t.Features)
	s := &Table{Name: t.Name, Features: append([]string(nil), t.Features...), Target: t.Target, Classes: t.Classes,
		X: make([]float64, len(idx)*d), Y: make([]float64, len(idx))}
	t.Gather(idx, s.X, s.Y)
	return s
}

// Scaler standardises features: feature j becomes (v − Mean[j]) / Std[j].
// Keep the Scaler that Standardized returns and use it on new inputs, so a
// new person is measured on the same scale the model was trained on.
type Scaler struct {
	Mean []float64 // per-feature mean of the data the Scaler was fitted on
	Std  []float64 // per-feature population standard deviation (1 where it was 0)
}

// Standardized returns a copy of the table whose every feature has mean 0 and
// standard deviation 1, z = (v − mean) / std, together with the Scaler that
// holds the mean and std used. Targets are unchanged.
func (t *Table) Standardized() (*Table, Scaler) {
	d, n := len(t.Features), t.Len()
	sc := Scaler{Mean: make([]float64, d), Std: make([]float64, d)}
	for j := 0; j < d; j++ {
		sum := 0.0
		for i := 0; i < n; i++ {
			sum += t.X[i*d+j]
		}
		mean := sum / float64(n)
		ss := 0.0
		for i := 0; i < n; i++ {
			dv := t.X[i*d+j] - mean
			ss += mul(dv, dv)
		}
		std := math.Sqrt(ss / float64(n))
		if std == 0 {
			std = 1
		}
		sc.Mean[j], sc.Std[j] = mean, std
	}
	s := t.subset(identity(n))
	for i := 0; i < n; i++ {
		sc.scaleInPlace(s.X[i*d : (i+1)*d])
	}
	return s, sc
}

// Scale returns the standardised copy of one sample's features, e.g.
// scaler.Scale(180, 95, 1) for a 180 cm, 95 kg man.
func (s Scaler) Scale(features ...float64) []float64 {
	if len(features) != len(s.Mean) {
		panic(fmt.Sprintf("datasets.Scaler.Scale: got %d features, the scaler was fitted on %d", len(features), len(s.Mean)))
	}
	out := append([]float64(nil), features...)
	s.scaleInPlace(out)
	return out
}

// ScaleTensor returns a standardised copy of x, an n×d tensor of samples.
func (s Scaler) ScaleTensor(x *dl.Tensor) *dl.Tensor {
	shape := x.Shape()
	d := len(s.Mean)
	if len(shape) != 2 || shape[1] != d {
		panic(fmt.Sprintf("datasets.Scaler.ScaleTensor: x is %s, want n×%d", shapeString(shape), d))
	}
	out := append([]float64(nil), x.Data()...)
	for i := 0; i < shape[0]; i++ {
		s.scaleInPlace(out[i*d : (i+1)*d])
	}
	return dl.New(out, shape...)
}

func (s Scaler) scaleInPlace(v []float64) {
	for j := range v {
		v[j] = (v[j] - s.Mean[j]) / s.Std[j]
	}
}

// WriteCSV writes the table as CSV: a header with the feature names and the
// target name, then one line per row. Numbers use the shortest text that
// reads back to the same float64.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, f := range t.Features {
		bw.WriteString(f)
		bw.WriteByte(',')
	}
	bw.WriteString(t.Target)
	bw.WriteByte('\n')
	var buf []byte
	for i := 0; i < t.Len(); i++ {
		for _, v := range t.Row(i) {
			buf = strconv.AppendFloat(buf[:0], v, 'f', -1, 64)
			bw.Write(buf)
			bw.WriteByte(',')
		}
		buf = strconv.AppendFloat(buf[:0], t.Y[i], 'f', -1, 64)
		bw.Write(buf)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ReadCSV reads a table written like data/people50.csv: a header line of
// column names, then one line of numbers per row; the last column is the
// target, the others are the features. If every target is a whole number
// ≥ 0, Classes is the largest plus one (otherwise 0: a regression target).
//
//	people, err := datasets.ReadCSV("../datasets/data/people50.csv")
func ReadCSV(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets.ReadCSV: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("datasets.ReadCSV: %s: %w", path, err)
	}
	if len(rows) < 1 || len(rows[0]) < 2 {
		return nil, fmt.Errorf("datasets.ReadCSV: %s: want a header with at least one feature and a target column", path)
	}
	header := rows[0]
	d := len(header) - 1
	t := &Table{Name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), Features: header[:d], Target: header[d]}
	classes := 0
	for i, row := range rows[1:] {
		for j, cell := range row {
			v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			if err != nil {
				return nil, fmt.Errorf("datasets.ReadCSV: %s line %d, column %s: %q is not a number", path, i+2, header[j], cell)
			}
			if j < d {
				t.X = append(t.X, v)
			} else {
				t.Y = append(t.Y, v)
				if classes >= 0 && v >= 0 && v == math.Trunc(v) && v < 1<<20 {
					classes = max(classes, int(v)+1)
				} else {
					classes = -1
				}
			}
		}
	}
	t.Classes = max(classes, 0)
	return t, nil
}

// Tensors gathers every sample of ds into new tensors: x of shape
// [Len]+SampleShape and y of shape [Len]+TargetShape. For MNIST's training
// set that is 376 MB of float64; prefer a Loader, or Take a subset first.
func Tensors(ds dl.Dataset) (x, y *dl.Tensor) {
	n := ds.Len()
	xs, ys := append([]int{n}, ds.SampleShape()...), append([]int{n}, ds.TargetShape()...)
	xd, yd := make([]float64, prod(xs)), make([]float64, prod(ys))
	ds.Gather(identity(n), xd, yd)
	return dl.New(xd, xs...), dl.New(yd, ys...)
}

// splitSize checks valFraction and returns round(valFraction·n).
func splitSize(who string, n int, valFraction float64) int {
	if !(valFraction >= 0 && valFraction <= 1) {
		panic(fmt.Sprintf("%s: valFraction = %v, want a fraction between 0 and 1 (e.g. 0.1 for 10%% validation)", who, valFraction))
	}
	return int(math.Round(valFraction * float64(n)))
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

func prod(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// shapeString formats a shape the way dl's messages do: 50×3.
func shapeString(shape []int) string {
	if len(shape) == 0 {
		return "a scalar"
	}
	s := ""
	for i, d := range shape {
		if i > 0 {
			s += "×"
		}
		s += strconv.Itoa(d)
	}
	return s
}

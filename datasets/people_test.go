package datasets

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPeople50CSVMatchesGenerator(t *testing.T) {
	file, err := os.ReadFile("data/people50.csv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := People50().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, buf.Bytes()) {
		t.Fatalf("data/people50.csv differs from People50().WriteCSV; run `go generate ./datasets`\nfile:\n%.300s\ngenerated:\n%.300s", file, buf.Bytes())
	}
	// The CSV read back gives exactly the generator's float64 values.
	rows, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	p := People50()
	if got := rows[0]; len(got) != 4 || got[0] != "height_cm" || got[1] != "weight_kg" || got[2] != "gender" || got[3] != "overweight" {
		t.Fatalf("header %v", got)
	}
	if len(rows) != 51 {
		t.Fatalf("CSV has %d data rows, want 50", len(rows)-1)
	}
	for i, row := range rows[1:] {
		for j, s := range row {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			want := p.Y[i]
			if j < 3 {
				want = p.X[i*3+j]
			}
			if v != want {
				t.Fatalf("row %d column %d: CSV %v, generator %v", i, j, v, want)
			}
		}
	}
}

func TestReadCSV(t *testing.T) {
	got, err := ReadCSV("data/people50.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := People50()
	if tableHash(got) != tableHash(want) || got.Classes != 2 || got.Name != "people50" || got.Target != "overweight" ||
		strings.Join(got.Features, ",") != "height_cm,weight_kg,gender" {
		t.Errorf("ReadCSV(people50.csv) = %+v", got)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b\n1,2\n3,x\n"), 0o644)
	if _, err := ReadCSV(bad); err == nil || !strings.Contains(err.Error(), `bad.csv line 3, column b: "x" is not a number`) {
		t.Errorf("bad CSV: %v", err)
	}
	reg := filepath.Join(dir, "reg.csv")
	os.WriteFile(reg, []byte("a,b\n1,2.5\n3,4\n"), 0o644)
	if r, err := ReadCSV(reg); err != nil || r.Classes != 0 || r.Len() != 2 {
		t.Errorf("regression CSV: %+v, %v", r, err)
	}
}

// bmiLabel is the label the generative model gives before label noise.
func bmiLabel(height, weight float64) float64 {
	m := height / 100
	if weight/(m*m) > 25 {
		return 1
	}
	return 0
}

func TestPeople50Plausible(t *testing.T) {
	p := People50()
	if p.Len() != 50 || len(p.X) != 150 || p.Classes != 2 {
		t.Fatalf("Len %d, len(X) %d, Classes %d", p.Len(), len(p.X), p.Classes)
	}
	var men, over, flipped int
	var hMen, hWomen float64
	for i := 0; i < 50; i++ {
		h, w, g := p.X[3*i], p.X[3*i+1], p.X[3*i+2]
		if h < 140 || h > 210 || w < 35 || w > 170 {
			t.Errorf("person %d: %v cm, %v kg is implausible", i, h, w)
		}
		if g != 0 && g != 1 || p.Y[i] != 0 && p.Y[i] != 1 {
			t.Errorf("person %d: gender %v, overweight %v, want 0/1", i, g, p.Y[i])
		}
		if g == 1 {
			men++
			hMen += h
		} else {
			hWomen += h
		}
		over += int(p.Y[i])
		if bmiLabel(h, w) != p.Y[i] {
			flipped++
		}
	}
	if men < 15 || men > 35 {
		t.Errorf("%d men of 50", men)
	}
	if hMen/float64(men) <= hWomen/float64(50-men) {
		t.Errorf("men are not taller on average: %v vs %v", hMen/float64(men), hWomen/float64(50-men))
	}
	if over < 15 || over > 40 {
		t.Errorf("%d of 50 overweight", over)
	}
	// Label noise: some labels disagree with BMI > 25, but few.
	if flipped < 1 || flipped > 8 {
		t.Errorf("%d labels disagree with BMI > 25, want 1…8", flipped)
	}
}

func TestPeopleModelStatistics(t *testing.T) {
	const n = 20000
	p := People(n, 7)
	var sum, sumSq [2]float64
	var count [2]int
	flipped := 0
	for i := 0; i < n; i++ {
		h, w, g := p.X[3*i], p.X[3*i+1], int(p.X[3*i+2])
		sum[g] += h
		sumSq[g] += h * h
		count[g]++
		if bmiLabel(h, w) != p.Y[i] {
			flipped++
		}
	}
	for g, want := range [2][2]float64{{163, 6.5}, {176, 7}} {
		mean := sum[g] / float64(count[g])
		std := math.Sqrt(sumSq[g]/float64(count[g]) - mean*mean)
		if math.Abs(mean-want[0]) > 0.3 || math.Abs(std-want[1]) > 0.3 {
			t.Errorf("gender %d: height mean %.2f std %.2f, want %v and %v", g, mean, std, want[0], want[1])
		}
	}
	if rate := float64(flipped) / n; math.Abs(rate-0.08) > 0.01 {
		t.Errorf("label noise rate %.3f, want 0.08", rate)
	}
	if frac := float64(count[1]) / n; math.Abs(frac-0.5) > 0.02 {
		t.Errorf("fraction of men %.3f", frac)
	}
}

func TestPeopleSeeds(t *testing.T) {
	a, b := People(50, 1), People(50, 1)
	if tableHash(a) != tableHash(b) {
		t.Error("same seed, different people")
	}
	if tableHash(People(50, 1)) == tableHash(People(50, 2)) {
		t.Error("seeds 1 and 2 give the same people")
	}
}

func TestStandardized(t *testing.T) {
	p := People50()
	s, sc := p.Standardized()
	if s.Len() != 50 || len(sc.Mean) != 3 || len(sc.Std) != 3 {
		t.Fatalf("Len %d, scaler %v", s.Len(), sc)
	}
	for j := 0; j < 3; j++ {
		var sum, sumSq float64
		for i := 0; i < 50; i++ {
			v := s.X[3*i+j]
			sum += v
			sumSq += v * v
		}
		if mean, std := sum/50, math.Sqrt(sumSq/50-(sum/50)*(sum/50)); math.Abs(mean) > 1e-12 || math.Abs(std-1) > 1e-12 {
			t.Errorf("feature %d: mean %v std %v after standardising", j, mean, std)
		}
	}
	if p.X[0] == s.X[0] {
		t.Error("Standardized changed nothing, or changed the original")
	}
	// Scaling an original row with the scaler gives the standardised row.
	row := sc.Scale(p.Row(7)...)
	for j := range row {
		if math.Abs(row[j]-s.Row(7)[j]) > 1e-15 {
			t.Errorf("Scale(row 7)[%d] = %v, standardised table has %v", j, row[j], s.Row(7)[j])
		}
	}
	x, _ := p.Tensors()
	xs := sc.ScaleTensor(x)
	for i, v := range xs.Data() {
		if math.Abs(v-s.X[i]) > 1e-15 {
			t.Fatalf("ScaleTensor value %d: %v, want %v", i, v, s.X[i])
		}
	}
	for i := range s.Y {
		if s.Y[i] != p.Y[i] {
			t.Fatal("targets changed")
		}
	}
}

func TestTableTakeSplitTensors(t *testing.T) {
	p := People50()
	if got := p.Take(10); got.Len() != 10 || got.X[29] != p.X[29] {
		t.Errorf("Take(10): Len %d", got.Len())
	}
	train, val := p.Split(0.2, 3)
	if train.Len() != 40 || val.Len() != 10 {
		t.Fatalf("Split(0.2): %d + %d", train.Len(), val.Len())
	}
	// Every person ends up in exactly one part (heights+weights identify rows here).
	seen := map[[3]float64]int{}
	for _, part := range []*Table{train, val} {
		for i := 0; i < part.Len(); i++ {
			seen[[3]float64(part.Row(i))]++
		}
	}
	for i := 0; i < 50; i++ {
		if seen[[3]float64(p.Row(i))] == 0 {
			t.Errorf("person %d lost by Split", i)
		}
	}
	t2, v2 := p.Split(0.2, 3)
	if tableHash(t2) != tableHash(train) || tableHash(v2) != tableHash(val) {
		t.Error("Split with the same seed differs")
	}
	if t3, _ := p.Split(0.2, 4); tableHash(t3) == tableHash(train) {
		t.Error("Split with seeds 3 and 4 agree")
	}
	x, y := p.Tensors()
	if xs, ys := x.Shape(), y.Shape(); len(xs) != 2 || xs[0] != 50 || xs[1] != 3 || len(ys) != 1 || ys[0] != 50 {
		t.Errorf("Tensors shapes %v %v", xs, ys)
	}
}

// TestTableGather checks Gather against row-by-row copies for indices with
// and without runs of consecutive rows.
func TestTableGather(t *testing.T) {
	tab := People(12, 3)
	d := len(tab.Features)
	for _, idx := range [][]int{{0, 1, 2, 3}, {5, 6, 2, 3, 4, 11}, {7}, {3, 2, 1, 0}, identity(12), {}} {
		x, y := make([]float64, len(idx)*d), make([]float64, len(idx))
		tab.Gather(idx, x, y)
		for k, i := range idx {
			for j := 0; j < d; j++ {
				if x[k*d+j] != tab.X[i*d+j] {
					t.Fatalf("idx %v: x[%d][%d] = %v, want row %d's %v", idx, k, j, x[k*d+j], i, tab.X[i*d+j])
				}
			}
			if y[k] != tab.Y[i] {
				t.Fatalf("idx %v: y[%d] = %v, want %v", idx, k, y[k], tab.Y[i])
			}
		}
	}
}

package datasets

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"
)

// tableHash is the SHA-256 of a table's features and targets as
// little-endian float64 bits: equal hashes mean identical bytes.
func tableHash(t *Table) string { return floatsHash(t.X, t.Y) }

// floatsHash is the SHA-256 of float64 values as little-endian bits (first 16 hex digits).
func floatsHash(values ...[]float64) string {
	h := sha256.New()
	var b [8]byte
	for _, vs := range values {
		for _, v := range vs {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

var toySets = []struct {
	name    string
	classes int
	make    func(n int, noise float64, seed uint64) *Table
	golden  string // tableHash of make(100, 0.1, 1), pinned: same bytes on every machine
}{
	{"Moons", 2, Moons, "6d7cec5ac29cb393"},
	{"Circles", 2, Circles, "a1afc1fb89770bdb"},
	{"Spirals3", 3, func(n int, noise float64, seed uint64) *Table { return Spirals(n, 3, noise, seed) }, "4298a40c75e10e5a"},
	{"XOR", 2, XOR, "306d5dbccbd72adf"},
	{"Blobs4", 4, func(n int, noise float64, seed uint64) *Table { return Blobs(n, 4, noise, seed) }, "6b2c800df8e19e1d"},
	{"LinearlySeparable", 2, LinearlySeparable, "2a4bd658c99a99fe"},
	{"People", 2, func(n int, noise float64, seed uint64) *Table { return People(n, seed) }, "a2df8abe91ac8841"},
}

func TestToySets(t *testing.T) {
	for _, ts := range toySets {
		t.Run(ts.name, func(t *testing.T) {
			d := ts.make(101, 0.1, 1)
			if d.Len() != 101 || len(d.X) != 101*len(d.Features) || d.Classes != ts.classes {
				t.Fatalf("Len %d, len(X) %d, Classes %d", d.Len(), len(d.X), d.Classes)
			}
			counts := make([]int, d.Classes)
			for _, y := range d.Y {
				if y != math.Trunc(y) || y < 0 || int(y) >= d.Classes {
					t.Fatalf("label %v out of range 0…%d", y, d.Classes-1)
				}
				counts[int(y)]++
			}
			for c, k := range counts {
				if ts.name != "People" && (k < 101/d.Classes || k > 101/d.Classes+1) {
					t.Errorf("class %d has %d of 101 points: unbalanced", c, k)
				}
			}
			for _, v := range d.X {
				if math.IsNaN(v) || math.IsInf(v, 0) || (ts.name != "People" && math.Abs(v) > 5) {
					t.Fatalf("feature value %v", v)
				}
			}
			if tableHash(ts.make(101, 0.1, 1)) != tableHash(d) {
				t.Error("same seed, different data")
			}
			if tableHash(ts.make(101, 0.1, 2)) == tableHash(d) {
				t.Error("seeds 1 and 2 give the same data")
			}
			if got := tableHash(ts.make(100, 0.1, 1)); got != ts.golden {
				t.Errorf("bytes of %s(100, 0.1, 1) changed: hash %s, pinned %s", ts.name, got, ts.golden)
			}
		})
	}
}

// TestToyGeometry checks with noise 0 that each set is the shape its doc promises.
func TestToyGeometry(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	m := Moons(200, 0, 3)
	for i := 0; i < m.Len(); i++ {
		x, y := m.X[2*i], m.X[2*i+1]
		if m.Y[i] == 1 {
			x, y = 1-x, 0.5-y
		}
		if !near(x*x+y*y, 1) || y < 0 {
			t.Fatalf("moons point %d (%v, %v) class %v is off its half circle", i, m.X[2*i], m.X[2*i+1], m.Y[i])
		}
	}
	c := Circles(200, 0, 3)
	for i := 0; i < c.Len(); i++ {
		r := math.Hypot(c.X[2*i], c.X[2*i+1])
		if want := 1 - 0.5*c.Y[i]; !near(r, want) {
			t.Fatalf("circles point %d: radius %v, want %v", i, r, want)
		}
	}
	x := XOR(200, 0, 3)
	for i := 0; i < x.Len(); i++ {
		a, b := x.X[2*i], x.X[2*i+1]
		if math.Abs(a) < 0.1 || math.Abs(b) < 0.1 || math.Abs(a) > 1 || math.Abs(b) > 1 || (a*b < 0) != (x.Y[i] == 1) {
			t.Fatalf("xor point (%v, %v) has class %v", a, b, x.Y[i])
		}
	}
	s := Spirals(300, 3, 0, 3)
	for i := 0; i < s.Len(); i++ {
		r := math.Hypot(s.X[2*i], s.X[2*i+1])
		if r >= 1 {
			t.Fatalf("spiral point radius %v ≥ 1", r)
		}
		// angle = 2πj/3 + 2πr (mod 2π)
		want := 2*math.Pi*s.Y[i]/3 + 2*math.Pi*r
		got := math.Atan2(s.X[2*i+1], s.X[2*i])
		if d := math.Remainder(got-want, 2*math.Pi); r > 1e-6 && math.Abs(d) > 1e-9 {
			t.Fatalf("spiral point %d off its arm by %v rad", i, d)
		}
	}
	b := Blobs(400, 4, 0.3, 3)
	var sum [4][2]float64
	for i := 0; i < b.Len(); i++ {
		sum[int(b.Y[i])][0] += b.X[2*i]
		sum[int(b.Y[i])][1] += b.X[2*i+1]
	}
	for j := range sum {
		cx, cy := sum[j][0]/100, sum[j][1]/100
		wx, wy := 2*math.Cos(2*math.Pi*float64(j)/4), 2*math.Sin(2*math.Pi*float64(j)/4)
		if math.Hypot(cx-wx, cy-wy) > 0.15 {
			t.Errorf("blob %d centred at (%.2f, %.2f), want (%.2f, %.2f)", j, cx, cy, wx, wy)
		}
	}
	// LinearlySeparable with noise 0: a perceptron-style check — some line
	// through the origin separates the classes with margin: the class means
	// give its normal, and every point is on its side.
	l := LinearlySeparable(300, 0, 3)
	var mean [2][2]float64
	for i := 0; i < l.Len(); i++ {
		mean[int(l.Y[i])][0] += l.X[2*i] / 150
		mean[int(l.Y[i])][1] += l.X[2*i+1] / 150
	}
	wx, wy := mean[1][0]-mean[0][0], mean[1][1]-mean[0][1]
	norm := math.Hypot(wx, wy)
	wrong := 0
	for i := 0; i < l.Len(); i++ {
		d := (wx*l.X[2*i] + wy*l.X[2*i+1]) / norm
		if (d > 0) != (l.Y[i] == 1) {
			wrong++
		}
	}
	if wrong > 3 {
		t.Errorf("LinearlySeparable: %d of 300 points on the wrong side of the class-mean line", wrong)
	}
}

func TestToyPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"n=0":        func() { Moons(0, 0.1, 1) },
		"noise<0":    func() { Circles(10, -1, 1) },
		"spirals k1": func() { Spirals(10, 1, 0.1, 1) },
		"blobs k0":   func() { Blobs(10, 0, 0.1, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

package main

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// These tests cover the table's arithmetic and formatting; they never start
// PyTorch or a benchmark.

func TestParseBench(t *testing.T) {
	out := `goos: linux
BenchmarkMatMul256-2   	    1000	    400000 ns/op	        83.4 GFLOP/s	        44.0 GFLOP/cpu-s	       0 B/op	       0 allocs/op
BenchmarkMatMul256-2   	    1000	    400000 ns/op	        80.0 GFLOP/s	        44.0 GFLOP/cpu-s	       0 B/op	       0 allocs/op
BenchmarkMatMul256-2   	    1000	    400000 ns/op	        90.5 GFLOP/s	        44.0 GFLOP/cpu-s	       0 B/op	       0 allocs/op
BenchmarkMatMulGonum1024 	      10	 150000000 ns/op	        14.5 GFLOP/s
PASS`
	got := parseBench(out)
	if got["BenchmarkMatMul256"] != 83.4 || got["BenchmarkMatMulGonum1024"] != 14.5 || len(got) != 2 {
		t.Errorf("parseBench = %v, want the medians 83.4 and 14.5", got)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing should be NaN")
	}
}

func TestPrintTable(t *testing.T) {
	var b strings.Builder
	printTable(&b, []row{
		{workload: "w1", unit: "s", dl: 2, tuned: 4, def: 8, goal: "g", pass: true},
		{workload: "w2", unit: "MiB", dl: 0.5, tuned: math.NaN(), def: math.NaN(), goal: "g", pass: false},
	})
	s := b.String()
	for _, want := range []string{"| w1 | 2.00 s | 4.00 s | 8.00 s | 0.5× | 0.25× | g | PASS |", "| w2 | 0.500 MiB | – | – | – | – | g | MISS |"} {
		if !strings.Contains(s, want) {
			t.Errorf("table lacks %q:\n%s", want, s)
		}
	}
}

func TestCheckBLAS(t *testing.T) {
	tests := []struct {
		libs []string
		ok   bool
	}{
		{[]string{"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"}, true},
		{[]string{"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if err := checkBLAS(tt.libs); (err == nil) != tt.ok {
			t.Errorf("checkBLAS(%v) = %v, want ok=%v", tt.libs, err, tt.ok)
		}
	}
}

func TestTorchEnv(t *testing.T) {
	t.Setenv("OPENBLAS_CORETYPE", "Haswell")
	t.Setenv("OPENBLAS_L2_SIZE", "1048576")
	t.Setenv("OPENBLAS_NUM_THREADS", "1")
	for _, kv := range torchEnv() {
		if strings.HasPrefix(kv, "OPENBLAS_") {
			t.Errorf("PyTorch's environment keeps %s", kv)
		}
	}
}

func TestOnly(t *testing.T) {
	defer func(o string, cnn bool) { *only, *withCNN = o, cnn }(*only, *withCNN)
	for _, c := range []struct {
		only     string
		lenet    bool
		ok       bool
		selected []string
	}{
		{"", true, true, rowNames},
		{"", false, true, []string{"matmul", "epoch", "batch1", "logreg", "notebook"}},
		{"lenet", false, true, []string{"lenet"}},
		{"lenet,matmul", true, true, []string{"matmul", "lenet"}},
		{"lenet,cnn", true, false, nil},
		{"LeNet", true, false, nil},
	} {
		*only, *withCNN = c.only, c.lenet
		if err := checkOnly(); (err == nil) != c.ok {
			t.Errorf("-only %q: checkOnly() = %v, want ok %v", c.only, err, c.ok)
			continue
		}
		if !c.ok {
			continue
		}
		var got []string
		for _, n := range rowNames {
			if selected(n) {
				got = append(got, n)
			}
		}
		if !slices.Equal(got, c.selected) {
			t.Errorf("-only %q, -lenet=%v: rows %v, want %v", c.only, c.lenet, got, c.selected)
		}
	}
}

package datasets

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dlfun/dlfun/dl"
)

// The real MNIST files come from the GoMNIST module in the module cache (see
// MNISTDir); these tests fail, not skip, when they are missing, except
// under -short.

var (
	mnistOnce        sync.Once
	mnistTrainCached *MNIST
	mnistTestCached  *MNIST
	mnistErr         error
)

func loadMNISTForTest(t testing.TB) (train, test *MNIST) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not loading MNIST")
	}
	mnistOnce.Do(func() {
		mnistTrainCached, mnistErr = LoadMNIST("train")
		if mnistErr == nil {
			mnistTestCached, mnistErr = LoadMNIST("test")
		}
	})
	if mnistErr != nil {
		t.Fatal(mnistErr)
	}
	return mnistTrainCached, mnistTestCached
}

func TestMNISTFull(t *testing.T) {
	train, test := loadMNISTForTest(t)
	// The published class counts of MNIST.
	wantTrain := [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	wantTest := [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	if train.Len() != 60000 || train.ClassCounts() != wantTrain {
		t.Errorf("train: %d images, counts %v", train.Len(), train.ClassCounts())
	}
	if test.Len() != 10000 || test.ClassCounts() != wantTest {
		t.Errorf("test: %d images, counts %v", test.Len(), test.ClassCounts())
	}
	if train.Label(0) != 5 || test.Label(0) != 7 {
		t.Errorf("first labels %d and %d, want 5 and 7", train.Label(0), test.Label(0))
	}
	if s := train.SampleShape(); !slices.Equal(s, []int{784}) || len(train.TargetShape()) != 0 {
		t.Errorf("shapes %v %v", s, train.TargetShape())
	}
	if s := train.Images().SampleShape(); !slices.Equal(s, []int{1, 28, 28}) {
		t.Errorf("Images() shape %v", s)
	}
	if s := train.Images().Flat().SampleShape(); !slices.Equal(s, []int{784}) {
		t.Errorf("Flat() shape %v", s)
	}
	x, y := make([]float64, 3*784), make([]float64, 3)
	test.Gather([]int{0, 9999, 1}, x, y)
	var ink float64
	for _, v := range x {
		if v < 0 || v > 1 {
			t.Fatalf("pixel %v outside [0, 1]", v)
		}
		ink += v
	}
	if y[0] != 7 || y[2] != 2 || ink < 100 {
		t.Errorf("Gather: labels %v, total ink %v", y, ink)
	}
	img := train.Image(0)
	if s := img.Shape(); !slices.Equal(s, []int{28, 28}) || img.Data()[14*28+14] == 0 && img.Data()[14*28+15] == 0 && img.Data()[15*28+14] == 0 {
		t.Errorf("Image(0): shape %v, empty centre", s)
	}
	if got := train.String(); got != "MNIST train: 60000 images of 784 pixels, digits 0–9" {
		t.Errorf("String() = %q", got)
	}
}

func TestMNISTViews(t *testing.T) {
	train, _ := loadMNISTForTest(t)
	if small := train.Take(100); small.Len() != 100 || small.Label(7) != train.Label(7) {
		t.Errorf("Take(100): Len %d", small.Len())
	}
	tr, val := train.Split(0.1, 1)
	if tr.Len() != 54000 || val.Len() != 6000 {
		t.Fatalf("Split(0.1): %d + %d", tr.Len(), val.Len())
	}
	seen := make([]bool, 60000)
	for _, v := range []*MNIST{tr, val} {
		for _, j := range v.idx {
			if seen[j] {
				t.Fatalf("image %d in both parts", j)
			}
			seen[j] = true
		}
	}
	tr2, val2 := train.Split(0.1, 1)
	if !slices.Equal(tr.idx, tr2.idx) || !slices.Equal(val.idx, val2.idx) {
		t.Error("Split with the same seed differs")
	}
	if _, val3 := train.Split(0.1, 2); slices.Equal(val.idx, val3.idx) {
		t.Error("Split with seeds 1 and 2 agree")
	}
	// Pinned: the first validation images of seed 1, the same on every machine.
	if got := val.idx[:4]; !slices.Equal(got, []int32{pinnedVal[0], pinnedVal[1], pinnedVal[2], pinnedVal[3]}) {
		t.Errorf("Split(0.1, 1) validation starts %v, pinned %v", got, pinnedVal)
	}

	b := train.Balanced(30, 5)
	if b.Len() != 300 || b.ClassCounts() != [10]int{30, 30, 30, 30, 30, 30, 30, 30, 30, 30} {
		t.Fatalf("Balanced(30): Len %d, counts %v", b.Len(), b.ClassCounts())
	}
	for i := 0; i < 20; i++ {
		if b.Label(i) != i%10 {
			t.Fatalf("Balanced order: image %d is a %d, want %d", i, b.Label(i), i%10)
		}
	}
	if b.Take(50).ClassCounts() != [10]int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5} {
		t.Error("Balanced(30).Take(50) is not balanced")
	}
	if !slices.Equal(train.Balanced(30, 5).idx, b.idx) || slices.Equal(train.Balanced(30, 6).idx, b.idx) {
		t.Error("Balanced is not determined by its seed")
	}
	// Views of views stay consistent: a Balanced subset of the validation split.
	vb := val.Balanced(10, 1)
	for i := 0; i < vb.Len(); i++ {
		if !slices.Contains(val.idx, vb.idx[i]) {
			t.Fatal("Balanced on a view picked an image outside the view")
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Balanced(1000) on 300 images did not panic")
			}
		}()
		b.Balanced(1000, 1)
	}()
}

var pinnedVal = [4]int32{47676, 14705, 38671, 4221}

// TestMNISTLoadCost checks the budget: the training set loads in
// under a second (generous bound here, machines are shared) and costs under
// 100 MB of heap.
func TestMNISTLoadCost(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	m, err := LoadMNIST("train")
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(m)
	t.Logf("LoadMNIST(train): %v, %.1f MB allocated, %.1f MB live heap", elapsed, float64(allocated)/1e6, float64(live)/1e6)
	if allocated > 100e6 || live > 100e6 {
		t.Errorf("loading MNIST allocated %.1f MB (%.1f MB live), budget 100 MB", float64(allocated)/1e6, float64(live)/1e6)
	}
	if elapsed > 3*time.Second {
		t.Errorf("loading MNIST took %v, budget 1 s", elapsed)
	}
}

// BenchmarkLoadMNISTTrain measures loading and checking the 60000 training
// images: go test -run '^$' -bench LoadMNISTTrain -benchtime 5x ./datasets
func BenchmarkLoadMNISTTrain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadMNIST("train"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGatherMNIST64 measures turning a batch of 64 images into float64.
func BenchmarkGatherMNIST64(b *testing.B) {
	train, _ := loadMNISTForTest(b)
	idx := make([]int, 64)
	for i := range idx {
		idx[i] = i * 900
	}
	x, y := make([]float64, 64*784), make([]float64, 64)
	b.ReportAllocs()
	for b.Loop() {
		train.Gather(idx, x, y)
	}
}

// TestMNISTFingerprint checks that memo keys of MNIST views tell apart
// exactly the views that train on different images or shapes, without
// reading pixels through Gather.
func TestMNISTFingerprint(t *testing.T) {
	train, test := loadMNISTForTest(t)
	var _ dl.Fingerprinter = train
	a, b := train.Take(1000), train.Take(1000)
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("two equal views have different fingerprints")
	}
	if dl.DatasetFingerprint(a) != "fingerprint "+a.Fingerprint() {
		t.Error("dl.DatasetFingerprint does not use MNIST's own Fingerprint")
	}
	tr1, _ := train.Split(0.1, 1)
	tr2, _ := train.Split(0.1, 2)
	distinct := map[string]string{}
	for name, v := range map[string]*MNIST{
		"train": train, "test": test, "Take(1000)": a, "Take(1001)": train.Take(1001),
		"Images": train.Images(), "Split seed 1": tr1, "Split seed 2": tr2,
		"Balanced": train.Balanced(100, 1),
	} {
		fp := v.Fingerprint()
		if other, dup := distinct[fp]; dup {
			t.Errorf("%s and %s have the same fingerprint", name, other)
		}
		distinct[fp] = name
	}
}

// TestMNISTZeroFingerprint checks that a zero MNIST (no images) has a
// fingerprint instead of panicking.
func TestMNISTZeroFingerprint(t *testing.T) {
	var m MNIST
	if m.Fingerprint() == "" {
		t.Error("empty fingerprint")
	}
}

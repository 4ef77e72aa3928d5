package datasets

import (
	"slices"
	"testing"
)

// indexTable has n rows whose two features are (i, −i) and target i mod 3,
// so a batch shows which rows it holds.
func indexTable(n int) *Table {
	t := &Table{Name: "index", Features: []string{"i", "minus_i"}, Target: "class", Classes: 3}
	for i := 0; i < n; i++ {
		t.X = append(t.X, float64(i), -float64(i))
		t.Y = append(t.Y, float64(i%3))
	}
	return t
}

func TestLoaderCoversEveryIndexOnce(t *testing.T) {
	const n = 10
	ds := indexTable(n)
	cases := []struct {
		batch    int
		dropLast bool
		sizes    []int
	}{
		{1, false, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}, // SGD
		{3, false, []int{3, 3, 3, 1}},
		{3, true, []int{3, 3, 3}},
		{5, true, []int{5, 5}},
		{10, false, []int{10}},
		{FullBatch, false, []int{10}}, // GD
		{FullBatch, true, []int{10}},
		{11, false, []int{10}},
	}
	for _, c := range cases {
		l := NewLoader(ds, c.batch, 7).DropLast(c.dropLast)
		for epoch := 0; epoch < 3; epoch++ {
			var sizes []int
			seen := map[int]int{}
			for x, y := range l.Epoch(epoch) {
				xs, ys := x.Shape(), y.Shape()
				if len(xs) != 2 || xs[1] != 2 || len(ys) != 1 || ys[0] != xs[0] {
					t.Fatalf("batch %d: shapes %v %v", c.batch, xs, ys)
				}
				sizes = append(sizes, xs[0])
				xd, yd := x.Data(), y.Data()
				for k := 0; k < xs[0]; k++ {
					i := int(xd[2*k])
					if xd[2*k+1] != -float64(i) || yd[k] != float64(i%3) {
						t.Fatalf("row %d gathered wrongly: x %v %v, y %v", i, xd[2*k], xd[2*k+1], yd[k])
					}
					seen[i]++
				}
			}
			if !slices.Equal(sizes, c.sizes) {
				t.Errorf("batch %d dropLast %v: batch sizes %v, want %v", c.batch, c.dropLast, sizes, c.sizes)
			}
			if l.NumBatches() != len(c.sizes) {
				t.Errorf("batch %d dropLast %v: NumBatches %d, want %d", c.batch, c.dropLast, l.NumBatches(), len(c.sizes))
			}
			total := 0
			for i, k := range seen {
				if k != 1 {
					t.Errorf("batch %d: index %d served %d times in epoch %d", c.batch, i, k, epoch)
				}
				total += k
			}
			if want := sum(c.sizes); total != want || (!c.dropLast && total != n) {
				t.Errorf("batch %d dropLast %v: %d samples served, want %d", c.batch, c.dropLast, total, want)
			}
		}
	}
}

func sum(v []int) int {
	s := 0
	for _, x := range v {
		s += x
	}
	return s
}

func TestLoaderOrder(t *testing.T) {
	ds := indexTable(100)
	l := NewLoader(ds, 8, 1)
	e0, e1 := l.Order(0), l.Order(1)
	if !slices.Equal(e0, NewLoader(ds, 8, 1).Order(0)) {
		t.Error("same seed and epoch, different order")
	}
	if slices.Equal(e0, e1) {
		t.Error("epochs 0 and 1 have the same order: no reshuffling")
	}
	if slices.Equal(e0, NewLoader(ds, 8, 2).Order(0)) {
		t.Error("seeds 1 and 2 give the same order")
	}
	if got := l.Order(1); !slices.Equal(got, e1) {
		t.Error("asking for epoch 1 again changed it: orders must not depend on history")
	}
	sorted := slices.Clone(e0)
	slices.Sort(sorted)
	if !slices.Equal(sorted, identity(100)) {
		t.Error("Order(0) is not a permutation")
	}
	// The batches follow Order.
	var served []int
	for x := range l.Epoch(0) {
		for k := 0; k < x.Shape()[0]; k++ {
			served = append(served, int(x.Data()[2*k]))
		}
	}
	if !slices.Equal(served, e0) {
		t.Error("Epoch(0) does not serve Order(0)")
	}
	if got := NewLoader(ds, 8, 1).Shuffle(false).Order(3); !slices.Equal(got, identity(100)) {
		t.Errorf("Shuffle(false) order %v", got[:5])
	}
	// Pinned: the same order on every machine.
	if got := e0[:6]; !slices.Equal(got, pinnedOrder) {
		t.Errorf("Order(0) of seed 1 starts %v, pinned %v", got, pinnedOrder)
	}
}

var pinnedOrder = []int{8, 55, 96, 50, 90, 47}

func TestLoaderBreakAndReuse(t *testing.T) {
	l := NewLoader(indexTable(20), 4, 1)
	count := 0
	for range l.Epoch(0) {
		count++
		if count == 2 {
			break
		}
	}
	if count != 2 {
		t.Fatalf("break after 2 batches: %d", count)
	}
	batches := 0
	for range l.Epoch(0) {
		batches++
	}
	if batches != 5 {
		t.Errorf("full epoch after a break: %d batches, want 5", batches)
	}
}

// TestLoaderNoAllocationPerBatch checks that an epoch's allocations do not
// grow with the number of batches: batches reuse the Loader's buffers.
func TestLoaderNoAllocationPerBatch(t *testing.T) {
	l := NewLoader(indexTable(1000), 1, 1)
	for range l.Epoch(0) { // the first epoch allocates the buffers
	}
	e := 0
	allocs := testing.AllocsPerRun(5, func() {
		e++
		for x, y := range l.Epoch(e) {
			_, _ = x, y
		}
	})
	// 1000 batches per epoch: anything per batch would show up as ≥ 1000.
	if allocs > 8 {
		t.Errorf("%v allocations per epoch of 1000 batches", allocs)
	}
}

func TestLoaderPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("batch size 0 did not panic")
		}
	}()
	NewLoader(indexTable(5), 0, 1)
}

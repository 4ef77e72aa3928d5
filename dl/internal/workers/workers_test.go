package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestFor checks that every index is visited exactly once, for loops of
// zero, one and many chunks, with one or several goroutines.
func TestFor(t *testing.T) {
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		for _, tc := range []struct{ n, grain, wantCalls int }{
			{0, 8, 1},
			{1, 8, 1},
			{8, 8, 1},
			{9, 8, 2},
			{1000, 7, 143},
			{1000, 0, 1}, // grain 0: no split
		} {
			seen := make([]int32, tc.n)
			var calls atomic.Int32
			For(tc.n, tc.grain, func(lo, hi int) {
				calls.Add(1)
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("GOMAXPROCS=%d n=%d grain=%d: index %d visited %d times", procs, tc.n, tc.grain, i, c)
				}
			}
			want := tc.wantCalls
			if procs == 1 {
				want = 1
			}
			if got := int(calls.Load()); got != want {
				t.Errorf("GOMAXPROCS=%d n=%d grain=%d: %d calls of body, want %d", procs, tc.n, tc.grain, got, want)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestForUsesWorkers checks that a long loop is shared: some chunk runs on
// a goroutine other than the caller's while the caller is still busy.
func TestForUsesWorkers(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS ≥ 2")
	}
	for attempt := 0; attempt < 100; attempt++ {
		var inside atomic.Int32
		var overlapped atomic.Bool
		For(64, 1, func(lo, hi int) {
			if inside.Add(1) > 1 {
				overlapped.Store(true)
			}
			spin := 0
			for i := 0; i < 100000; i++ {
				spin += i
			}
			spinSink.Add(int64(spin)) // keeps the loop from being optimised away
			inside.Add(-1)
		})
		if overlapped.Load() {
			return
		}
	}
	t.Error("in 100 loops of 64 chunks no two chunks ever ran at the same time: the pool's workers never helped")
}

// TestForConcurrent runs loops from several goroutines at once, as two
// trainings of a parallel sweep do; run with -race.
func TestForConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 50 {
				n := 1000 + 37*g + round
				sum := make([]int64, n)
				For(n, 64, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						sum[i] += int64(i)
					}
				})
				for i, v := range sum {
					if v != int64(i) {
						t.Errorf("goroutine %d round %d: element %d = %d, want %d", g, round, i, v, i)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestForAllocatesNothing checks that a steady stream of loops on several
// goroutines reuses the shared state (the body closure is the caller's).
// testing.AllocsPerRun would run with GOMAXPROCS = 1, where For never
// hands out work, so the allocations are counted by hand.
func TestForAllocatesNothing(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS ≥ 2")
	}
	data := make([]float64, 4096)
	body := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			data[i]++
		}
	}
	for range 100 { // start the pool, fill the free list
		For(len(data), 256, body)
	}
	// A loop whose last reference a late worker still holds is not yet
	// back in the free list, so the next For may allocate a new one: rare
	// on an idle machine, more frequent on a busy one, hence a few tries.
	// Without the free list every call allocates.
	const calls = 2000
	var perCall float64
	for range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range calls {
			For(len(data), 256, body)
		}
		runtime.ReadMemStats(&after)
		if perCall = float64(after.Mallocs-before.Mallocs) / calls; perCall < 0.5 {
			return
		}
	}
	t.Errorf("For allocates %.2f times per call, want close to 0", perCall)
}

// BenchmarkFor measures the cost of one hand-off: a loop of 16 tiny chunks.
func BenchmarkFor(b *testing.B) {
	var sink [16]int
	for b.Loop() {
		For(16, 1, func(lo, hi int) { sink[lo]++ })
	}
}

var spinSink atomic.Int64

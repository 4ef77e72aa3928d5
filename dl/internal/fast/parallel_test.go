package fast

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestParallelFor checks where For starts splitting loops (the
// splitting itself is tested in dl/internal/workers).
func TestParallelFor(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS ≥ 2")
	}
	for _, n := range []int{0, 1000, MinParallel - 1, MinParallel, 3*MinParallel + 7} {
		var calls, visited atomic.Int64
		For(n, func(lo, hi int) {
			calls.Add(1)
			visited.Add(int64(hi - lo))
		})
		if visited.Load() != int64(n) {
			t.Errorf("n=%d: %d iterations visited", n, visited.Load())
		}
		if split := calls.Load() > 1; split != (n >= MinParallel) {
			t.Errorf("n=%d: %d calls of the body; loops of at least MinParallel = %d should be split, shorter ones not", n, calls.Load(), MinParallel)
		}
	}
}

package dl

import (
	"hash/fnv"
	"math"
	"testing"
)

// TestRandomNumbersSameOnEveryMachine pins the bits of Uniform and Normal
// for a seed. The same test runs on amd64 and, under qemu, on arm64 (make
// test-arm64), where Go may fuse a·b + c into one FMA instruction that
// rounds once instead of twice: without the explicit float64 conversions in
// rng.go the last bits differ on Apple laptops and this test fails there.
func TestRandomNumbersSameOnEveryMachine(t *testing.T) {
	tests := []struct {
		name string
		t    *Tensor
		want uint64
	}{
		{"Uniform(-3, 5)", NewRNG(7).Uniform(-3, 5, 10000), 0x409f8a58deff3262},
		{"Normal(1.5, 0.3)", NewRNG(7).Normal(1.5, 0.3, 10000), 0xbba973a58f6ca067},
		{"Randn", NewRNG(7).Randn(10000), 0xe27fe9989f3c61ba},
	}
	for _, tt := range tests {
		h := fnv.New64a()
		var b [8]byte
		for _, v := range tt.t.Data() {
			u := math.Float64bits(v)
			for k := range b {
				b[k] = byte(u >> (8 * k))
			}
			h.Write(b[:])
		}
		if got := h.Sum64(); got != tt.want {
			t.Errorf("%s: hash of the bits %#x, want %#x (same seed, different numbers on this machine)", tt.name, got, tt.want)
		}
	}
}

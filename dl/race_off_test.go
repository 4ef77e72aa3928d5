//go:build !race

package dl

// raceEnabled reports a -race build, in which sync.Pool drops buffers on
// purpose, so allocation counts mean nothing.
const raceEnabled = false

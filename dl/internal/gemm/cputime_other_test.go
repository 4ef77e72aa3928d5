//go:build !unix

package gemm

// processCPU reports false: process CPU time is only measured on unix.
func processCPU() (float64, bool) { return 0, false }

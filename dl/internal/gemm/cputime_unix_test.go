//go:build unix

package gemm

import "syscall"

// processCPU returns the CPU time used so far by all threads of this
// process, in seconds, and true.
func processCPU() (float64, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9, true
}

//go:build linux

package display

import (
	"syscall"
	"unsafe"
)

// unreadOutput returns how many bytes written to the program's standard
// output and standard error (file descriptors 1 and 2) still sit in their
// pipes, unread by GoNB, and whether that could be measured (both are
// pipes: FIONREAD works on either end of a Linux pipe).
func unreadOutput() (int, bool) {
	total := 0
	for _, fd := range []int{1, 2} {
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
			return 0, false
		}
		var n int32
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); errno != 0 {
			return 0, false
		}
		total += int(n)
	}
	return total, true
}

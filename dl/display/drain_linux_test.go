//go:build linux

package display

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// withPipedOutput runs f with file descriptors 1 and 2 on fresh pipes (as
// in a GoNB cell) and gives f the read end of standard output.
func withPipedOutput(t *testing.T, f func(stdout *os.File)) {
	t.Helper()
	r1, w1, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r1.Close(); w1.Close(); r2.Close(); w2.Close() }()
	saved1, err1 := syscall.Dup(1)
	saved2, err2 := syscall.Dup(2)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	_ = syscall.Dup3(int(w1.Fd()), 1, 0)
	_ = syscall.Dup3(int(w2.Fd()), 2, 0)
	defer func() {
		_ = syscall.Dup3(saved1, 1, 0)
		_ = syscall.Dup3(saved2, 2, 0)
		syscall.Close(saved1)
		syscall.Close(saved2)
	}()
	f(r1)
}

func TestDrainOutput(t *testing.T) {
	tests := []struct {
		name     string
		write    string
		readerAt time.Duration // when a reader empties the pipe (<0: never)
		min, max time.Duration // how long drainOutput may take
	}{
		{"nothing unread", "", -1, drainGrace, drainGrace + 50*time.Millisecond},
		{"read after 60 ms", "text before the chart\n", 60 * time.Millisecond, 60 * time.Millisecond, drainTimeout},
		{"never read", "stuck\n", -1, drainTimeout, drainTimeout + 100*time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var unread int
			var ok bool
			var took time.Duration
			withPipedOutput(t, func(stdout *os.File) {
				if tc.write != "" {
					_, _ = syscall.Write(1, []byte(tc.write))
				}
				unread, ok = unreadOutput()
				if tc.readerAt >= 0 {
					go func() {
						time.Sleep(tc.readerAt)
						buf := make([]byte, 1024)
						_, _ = stdout.Read(buf)
					}()
				}
				start := time.Now()
				drainOutput()
				took = time.Since(start)
			})
			if !ok || unread != len(tc.write) {
				t.Errorf("unreadOutput() = %d, %v; want %d, true", unread, ok, len(tc.write))
			}
			if took < tc.min || took > tc.max {
				t.Errorf("drainOutput took %v, want %v to %v", took, tc.min, tc.max)
			}
		})
	}
}

func TestUnreadOutputNotAPipe(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved, _ := syscall.Dup(1)
	_ = syscall.Dup3(int(f.Fd()), 1, 0)
	_, ok := unreadOutput()
	_ = syscall.Dup3(saved, 1, 0)
	syscall.Close(saved)
	if ok {
		t.Error("unreadOutput measured a regular file")
	}
}

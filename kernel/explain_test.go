package kernel

import (
	"testing"

	"github.com/dlfun/dlfun/kernel/notebook"
)

func TestExplain(t *testing.T) {
	panicked := []notebook.Output{{OutputType: notebook.Stream, Name: "stderr",
		Text: "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t \x1b[7m[[ Cell [1] Line 2 ]]\x1b[0m /tmp/gonb_1/main.go:10 +0x65\nexit status 2\n"}}
	tests := []struct {
		name    string
		evalue  string
		outputs []notebook.Output
		want    string
	}{
		{"panic", "exit status 2", panicked, "exit status 2: panic: boom at [[ Cell [1] Line 2 ]]"},
		{"compile error kept", "./main.go:3: undefined: x", panicked, "./main.go:3: undefined: x"},
		{"exit without panic", "exit status 3", nil, "exit status 3"},
		{"stdout ignored", "exit status 2", []notebook.Output{{OutputType: notebook.Stream, Name: "stdout", Text: "panic: not really\n"}}, "exit status 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := explain(tc.evalue, tc.outputs); got != tc.want {
				t.Errorf("explain = %q, want %q", got, tc.want)
			}
		})
	}
}

package jupyter

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

func startFake(t *testing.T, opts Options) *Client {
	t.Helper()
	c, err := Start(context.Background(), fakeSpec(t), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func run(t *testing.T, c *Client, code string, timeout time.Duration) *Execution {
	t.Helper()
	ex, err := c.Execute(context.Background(), code, timeout)
	if err != nil {
		t.Fatalf("Execute(%q): %v", code, err)
	}
	return ex
}

func TestExecute(t *testing.T) {
	c := startFake(t, Options{})
	tests := []struct {
		code    string
		status  Status
		outputs []string // output_type:text
		ename   string
	}{
		{"print hello\nprint world", OK, []string{"stream:hello\nworld\n"}, ""},
		{"print a\nstderr b\nprint c", OK, []string{"stream:a\n", "stream:b\n", "stream:c\n"}, ""},
		{"html 5", OK, []string{"display_data:xxxxx"}, ""},
		{"print x\nerror NameError undefined: y", Failed, []string{"stream:x\n", "error:NameError: undefined: y"}, "NameError"},
		{"badsig forged\nprint real", OK, []string{"stream:real\n"}, ""},
	}
	for i, tc := range tests {
		ex := run(t, c, tc.code, 10*time.Second)
		if ex.Status != tc.status || ex.Ename != tc.ename {
			t.Errorf("%q: status %s (%s: %s), want %s %s", tc.code, ex.Status, ex.Ename, ex.Evalue, tc.status, tc.ename)
		}
		if ex.ExecutionCount != i+1 {
			t.Errorf("%q: execution count %d, want %d", tc.code, ex.ExecutionCount, i+1)
		}
		var got []string
		for _, o := range ex.Outputs() {
			got = append(got, o.OutputType+":"+o.String())
		}
		if strings.Join(got, "|") != strings.Join(tc.outputs, "|") {
			t.Errorf("%q: outputs %q, want %q", tc.code, got, tc.outputs)
		}
	}
	if c.Rejected() != 1 {
		t.Errorf("Rejected() = %d, want 1 (the forged stream message)", c.Rejected())
	}
}

// TestLateOutputKept: an output published after the cell's reply and idle
// status still lands in its cell, even when the next cell already ran.
func TestLateOutputKept(t *testing.T) {
	c := startFake(t, Options{})
	first := run(t, c, "print early\nlate after idle", 10*time.Second)
	second := run(t, c, "print next", 10*time.Second)
	c.Drain(200*time.Millisecond, 5*time.Second)
	if got := first.Text(); got != "early\nafter idle\n" {
		t.Errorf("first cell text %q, want the late output too", got)
	}
	if first.LateOutputs() != 1 {
		t.Errorf("first cell: %d late outputs, want 1", first.LateOutputs())
	}
	if got := second.Text(); got != "next\n" {
		t.Errorf("second cell text %q, want only its own output", got)
	}
}

func TestUpdateDisplay(t *testing.T) {
	c := startFake(t, Options{})
	first := run(t, c, "display p 10%", 10*time.Second)
	run(t, c, "update p 100%", 10*time.Second)
	c.Drain(100*time.Millisecond, time.Second)
	outs := first.Outputs()
	if len(outs) != 1 || outs[0].String() != "100%" {
		t.Errorf("display after update: %+v, want one output reading 100%%", outs)
	}
}

func TestTimeoutInterrupts(t *testing.T) {
	c := startFake(t, Options{KillAfter: 3 * time.Second})
	start := time.Now()
	ex := run(t, c, "print before\nsleep 1m", 300*time.Millisecond)
	if ex.Status != Timeout || ex.Killed {
		t.Fatalf("status %s killed=%v, want a timeout stopped by the interrupt", ex.Status, ex.Killed)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("timeout took %v, want about 300 ms", d)
	}
	if !strings.Contains(ex.Evalue, "timeout of 300ms") {
		t.Errorf("message %q does not name the timeout", ex.Evalue)
	}
	if got := ex.Text(); !strings.Contains(got, "before") {
		t.Errorf("outputs before the timeout lost: %q", got)
	}
	// The kernel survived the interrupt and runs the next cell.
	if next := run(t, c, "print alive", 10*time.Second); next.Status != OK || next.Text() != "alive\n" {
		t.Errorf("next cell after interrupt: %s %q", next.Status, next.Text())
	}
}

// A cell that floods its output is stopped at Options.MaxOutput: it gets
// Status OutputLimit, keeps at most MaxOutput bytes plus a note, and the
// kernel runs the next cell.
func TestOutputLimit(t *testing.T) {
	tests := []struct {
		name, code string
		max        int64
		status     Status
	}{
		{"flood stopped", "print first\nflood 4000", 64 << 10, OutputLimit},
		{"display flood stopped", "html 50000\nhtml 50000\nflood 10", 64 << 10, OutputLimit},
		{"under the limit", "print a\nhtml 1000", 64 << 10, OK},
		{"no limit", "html 200000", 0, OK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startFake(t, Options{MaxOutput: tt.max, KillAfter: 3 * time.Second})
			start := time.Now()
			ex := run(t, c, tt.code, time.Minute)
			if ex.Status != tt.status {
				t.Fatalf("status %s (%s), want %s", ex.Status, ex.Evalue, tt.status)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("cell took %v, want it stopped promptly", d)
			}
			kept := 0
			for _, o := range ex.Outputs() {
				kept += len(o.Text)
				for _, v := range o.Data {
					if s, ok := notebook.MIMEText(v); ok {
						kept += len(s)
					}
				}
			}
			if tt.max > 0 && int64(kept) > tt.max+200 {
				t.Errorf("kept %d bytes of output, limit %d", kept, tt.max)
			}
			if tt.status == OutputLimit {
				if !strings.Contains(ex.Evalue, "output limit exceeded") || !strings.Contains(ex.Text(), "[output limit") {
					t.Errorf("no explanation: evalue %q, text tail %q", ex.Evalue, lastLines(ex.Text(), 2))
				}
				if ex.Dropped == 0 {
					t.Error("Dropped = 0 after a flood")
				}
			}
			if next := run(t, c, "print alive", 10*time.Second); next.Status != OK || next.Text() != "alive\n" {
				t.Errorf("next cell: %s %q", next.Status, next.Text())
			}
		})
	}
}

func TestTimeoutKills(t *testing.T) {
	c := startFake(t, Options{KillAfter: 300 * time.Millisecond})
	ex := run(t, c, "hang", 300*time.Millisecond)
	if ex.Status != Timeout || !ex.Killed {
		t.Fatalf("status %s killed=%v, want a timeout that killed the kernel", ex.Status, ex.Killed)
	}
	if !strings.Contains(ex.Evalue, "killed") {
		t.Errorf("message %q does not say the kernel was killed", ex.Evalue)
	}
	select {
	case <-c.Dead():
	case <-time.After(5 * time.Second):
		t.Fatal("kernel still alive after kill")
	}
	if next := run(t, c, "print x", time.Second); next.Status != KernelDied {
		t.Errorf("cell after kill: status %s, want %s", next.Status, KernelDied)
	}
}

func TestKernelDiesMidCell(t *testing.T) {
	c := startFake(t, Options{})
	ex := run(t, c, "print last words\ndie", 10*time.Second)
	if ex.Status != KernelDied {
		t.Fatalf("status %s, want %s", ex.Status, KernelDied)
	}
	if !strings.Contains(ex.Evalue, "exit status 3") {
		t.Errorf("message %q does not give the exit status", ex.Evalue)
	}
}

func TestStartFailures(t *testing.T) {
	tests := []struct {
		name string
		spec *KernelSpec
		want string
	}{
		{"missing binary", &KernelSpec{Argv: []string{"/nonexistent/kernel", "{connection_file}"}, DisplayName: "nokernel"}, "starting kernel"},
		{"exits at once", &KernelSpec{Argv: []string{"sh", "-c", "echo broken kernel >&2; exit 7"}, DisplayName: "broken"}, "broken kernel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Start(context.Background(), tc.spec, Options{StartTimeout: 10 * time.Second})
			if err == nil {
				c.Close()
				t.Fatal("Start succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	t.Run("never answers", func(t *testing.T) {
		spec := &KernelSpec{Argv: []string{"sleep", "60"}, DisplayName: "silent"}
		_, err := Start(context.Background(), spec, Options{StartTimeout: 500 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "did not start within") {
			t.Errorf("error %v, want a start timeout", err)
		}
	})
}

func TestOutputsAreNbformat(t *testing.T) {
	c := startFake(t, Options{})
	ex := run(t, c, "print a\nhtml 3\nerror E boom", 10*time.Second)
	types := []string{}
	for _, o := range ex.Outputs() {
		types = append(types, o.OutputType)
		if _, err := o.MarshalJSON(); err != nil {
			t.Errorf("output %+v does not encode: %v", o, err)
		}
	}
	want := []string{notebook.Stream, notebook.DisplayData, notebook.Error}
	if strings.Join(types, ",") != strings.Join(want, ",") {
		t.Errorf("output types %v, want %v", types, want)
	}
}

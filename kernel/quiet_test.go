package kernel

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

func TestKernelSpecLogsQuietly(t *testing.T) {
	s := NewKernelSpec("/repo", "", false)
	for _, flag := range []string{"-logtostderr=false", "-alsologtostderr=false", "-stderrthreshold=FATAL", "-log_file=" + os.DevNull} {
		if !slices.Contains(s.Argv, flag) {
			t.Errorf("kernelspec argv %q lacks %s", s.Argv, flag)
		}
	}
	if slices.ContainsFunc(s.Argv, func(a string) bool { return strings.Contains(a, "extra_log") }) {
		t.Errorf("kernelspec argv %q has -extra_log (GoNB then logs test messages)", s.Argv)
	}
}

// noisyLine matches what GoNB printed into Jupyter's terminal before the
// kernelspec sent its log to a file: klog lines ("I1204 15:05:04.720579 …"),
// its start-up test messages and the stack trace of "killing gopls".
var noisyLine = regexp.MustCompile(`(?m)^[IWE]\d{4} \d\d:\d\d:\d\d|Info message|Warning message|Error message|killing gopls|goroutine \d+ \[`)

// TestKernelQuietTerminal starts, uses and shuts down the installed GoNB
// kernel twice (a restart) with the kernelspec's flags and checks that it
// wrote nothing to stderr, Jupyter's terminal; the same kernel without the
// flags must be noisy, or the test would prove nothing.
func TestKernelQuietTerminal(t *testing.T) {
	e := integration(t)
	spec, err := jupyter.ReadKernelSpec(e.inst.KernelDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.repo, "bin", "gopls")); err != nil {
		t.Fatalf("gopls is not installed (%v): the shutdown stack trace comes from stopping it", err)
	}
	noisy := *spec
	noisy.Argv = slices.DeleteFunc(slices.Clone(spec.Argv), func(a string) bool { return slices.Contains(QuietLogFlags, a) })
	tests := []struct {
		name  string
		spec  *jupyter.KernelSpec
		quiet bool
	}{{"kernelspec", spec, true}, {"GoNB defaults", &noisy, false}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			for round := range 2 {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				c, err := jupyter.Start(ctx, tc.spec, jupyter.Options{Stderr: &stderr, Dir: t.TempDir()})
				if err != nil {
					cancel()
					t.Fatal(err)
				}
				ex, err := c.Execute(ctx, "%%\nfmt.Println(\"quiet\")", time.Minute)
				if err != nil || ex.Err() != nil || !strings.Contains(ex.Text(), "quiet") {
					t.Errorf("round %d: cell failed: %v %v %q", round, err, ex.Err(), ex.Text())
				}
				time.Sleep(2 * time.Second) // gopls is up: shutting down must stop it
				c.Close()
				cancel()
			}
			found := noisyLine.FindAllString(stderr.String(), -1)
			if tc.quiet && len(found) > 0 {
				t.Errorf("the kernel wrote %d log lines to the terminal, e.g. %q:\n%s", len(found), found[0], stderr.String())
			}
			if !tc.quiet && len(found) == 0 {
				t.Errorf("GoNB without the flags printed nothing noisy: the check cannot fail\n%s", stderr.String())
			}
		})
	}
}

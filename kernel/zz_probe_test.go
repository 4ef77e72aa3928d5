package kernel

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestZZProbe(t *testing.T) {
	e := integration(t)
	dir := t.TempDir()
	path := writeNotebook(t, dir, "big.ipynb", fmt.Sprintf(`import "github.com/janpfeifer/gonb/gonbui"
%%%%
gonbui.DisplayHTML("<div>" + strings.Repeat("x", %d) + "</div>")`, 1<<20))
	for run := 0; run < 100; run++ {
		var log bytes.Buffer
		res, err := RunNotebook(context.Background(), path, RunOptions{KernelSpecDir: e.inst.KernelDir, CellTimeout: 2 * time.Minute, KernelLog: &log})
		if err != nil {
			t.Fatal(err)
		}
		n := len(res.Cells[0].Outputs)
		if res.Cells[0].Late > 0 {
			_ = 0
		}
		if n != 1 {
			var lines []string
			for _, l := range strings.Split(log.String(), "\n") {
				if strings.Contains(l, "ipe") || strings.Contains(l, "rror") {
					lines = append(lines, l)
				}
			}
			t.Logf("run %d: %d outputs, rejected %d; log:\n%s", run, n, res.Rejected, strings.Join(lines, "\n"))
		}
	}
}

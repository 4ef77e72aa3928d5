package dl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSideBySide(t *testing.T) {
	loss := Plot().Line("train", nil, []float64{1, 0.5, 0.2}).Title("loss")
	land := Ellipsoid(1, 10).Compare(5, GD(0.05)).Figure()
	tests := []struct {
		name   string
		figs   []*Figure
		charts int
	}{
		{"two", []*Figure{loss, land}, 2},
		{"nil skipped", []*Figure{nil, loss, nil}, 1},
		{"three", []*Figure{loss, loss, land}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := SideBySide(tc.figs...)
			h := r.HTML()
			if n := strings.Count(h, `class="dlfun-echarts"`); n != tc.charts || !strings.Contains(h, "display:flex") {
				t.Errorf("row HTML: %d charts (want %d), flex %v", n, tc.charts, strings.Contains(h, "display:flex"))
			}
			if n := strings.Count(r.String(), "\n|\n"); n != tc.charts-1 {
				t.Errorf("String has %d separators, want %d:\n%s", n, tc.charts-1, r)
			}
		})
	}
	dir := t.TempDir()
	t.Setenv("DLFUN_PLOT_DIR", dir)
	out := captureStdout(t, func() { SideBySide(loss, land).Show() })
	files, _ := filepath.Glob(filepath.Join(dir, "*-row-*.html"))
	if len(files) != 1 || !strings.Contains(out, files[0]) {
		t.Fatalf("Show outside a notebook wrote %v and printed %q", files, out)
	}
	p := filepath.Join(dir, "saved", "row.html")
	if err := SideBySide(loss, land).Save(p); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(p); err != nil || strings.Count(string(b), `class="dlfun-echarts"`) != 2 {
		t.Errorf("Save wrote %d bytes (%v), want a page with 2 charts", len(b), err)
	}
}

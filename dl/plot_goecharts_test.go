package dl

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// TestShowEChartsOutsideNotebook: outside a notebook every chart of the
// argument becomes one HTML file (a flex page one row file); a wrong
// argument writes nothing and says why on stderr.
func TestShowEChartsOutsideNotebook(t *testing.T) {
	t.Setenv("GONB_PIPE", "")
	line := func(title string) *charts.Line {
		l := charts.NewLine()
		l.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: title}))
		l.SetXAxis([]int{1, 2}).AddSeries("y", []opts.LineData{{Value: 1}, {Value: 4}})
		return l
	}
	flex := components.NewPage().SetLayout(components.PageFlexLayout)
	flex.AddCharts(line("left"), line("right"))
	for _, tc := range []struct {
		name  string
		in    any
		files []string // glob patterns, one file each
	}{
		{"chart", line("gochart"), []string{"gochart-*.html"}},
		{"page", components.NewPage().AddCharts(line("first"), line("second")), []string{"first-*.html", "second-*.html"}},
		{"flex page", flex, []string{"left-right-row-*.html"}},
		{"not a chart", "line", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("DLFUN_PLOT_DIR", dir)
			out := captureStdout(t, func() { ShowECharts(tc.in) })
			all, _ := filepath.Glob(filepath.Join(dir, "*.html"))
			if len(all) != len(tc.files) {
				t.Fatalf("wrote %v, want %d files (stdout %q)", all, len(tc.files), out)
			}
			for _, p := range tc.files {
				m, _ := filepath.Glob(filepath.Join(dir, p))
				if len(m) != 1 {
					t.Errorf("no file %s among %v", p, all)
					continue
				}
				b, _ := os.ReadFile(m[0])
				if opts := pageOptions(t, string(b)); len(opts) == 0 || opts[0]["series"] == nil || strings.Contains(string(b), "cdn") {
					t.Errorf("%s lacks the option or loads a CDN", m[0])
				}
			}
		})
	}
}

// pageOptions returns the chart options a page or HTML snippet passes to
// the chart loader (packed, see echarts.UnpackOption), unpacked.
func pageOptions(t *testing.T, html string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range regexp.MustCompile(`\("[^"]+","([A-Za-z0-9+/=]+)","[^"]*"\)</script>`).FindAllStringSubmatch(html, -1) {
		opt, err := echarts.UnpackOption(m[1])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, opt)
	}
	return out
}

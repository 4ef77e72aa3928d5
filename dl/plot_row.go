package dl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Row is figures shown side by side in one output, sharing the cell's
// width (they wrap onto more lines in a narrow window). Make one with
// SideBySide.
type Row struct {
	figs []*Figure
}

// SideBySide puts figures next to each other, e.g. the loss curves of two
// optimizers, or a landscape next to its loss curve:
//
//	dl.SideBySide(histSGD.Plot(), histAdam.Plot()).Show()
//	dl.SideBySide(dl.Rosenbrock().Compare(200).Figure(), h.Plot("loss")).Show()
//
// Each figure keeps its own title, axes and height. A Row works as the
// first chart of a notebook too: Show loads the chart library first when
// the page needs it.
func SideBySide(figs ...*Figure) *Row {
	r := &Row{}
	for _, f := range figs {
		if f != nil {
			r.figs = append(r.figs, f)
		}
	}
	return r
}

// row builds the echarts row of the figures' charts.
func (r *Row) row() *echarts.Row {
	charts := make([]*echarts.Chart, len(r.figs))
	for i, f := range r.figs {
		charts[i] = f.Chart()
	}
	return echarts.NewRow(charts...)
}

// Show displays the figures side by side: in a notebook as the cell's
// output, elsewhere as a standalone HTML file whose path it prints. It
// never panics.
func (r *Row) Show() {
	defer func() {
		if e := recover(); e != nil {
			fmt.Fprintln(os.Stderr, "dl: cannot draw the charts:", e)
		}
	}()
	r.row().Show()
}

// HTML returns the row as an HTML snippet for a notebook output (the
// ECharts library must be loaded in the page, which Show takes care of).
func (r *Row) HTML() string { return r.row().HTML() }

// Save writes the row as a standalone HTML page to path, inlining the
// ECharts library when it can be found (as Figure.Save does).
func (r *Row) Save(path string) error {
	lib, _ := echarts.Library()
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("dl: Save: %w", err)
		}
	}
	if err := os.WriteFile(path, []byte(r.row().Page(lib)), 0o644); err != nil {
		return fmt.Errorf("dl: Save: %w", err)
	}
	return nil
}

// String summarises each figure (see Figure.String), separated by "|"
// lines.
func (r *Row) String() string {
	parts := make([]string, len(r.figs))
	for i, f := range r.figs {
		parts[i] = f.String()
	}
	return strings.Join(parts, "\n|\n")
}

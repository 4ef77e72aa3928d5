package echarts

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/dl/display"
)

// Row is several charts shown side by side in one notebook output: a flex
// row whose charts share the cell's width equally and wrap onto more lines
// when the cell is narrower than MinWidth per chart. Make one with NewRow.
type Row struct {
	Charts   []*Chart
	MinWidth int // narrowest a chart may get before the row wraps (pixels; 0 means 280)
}

// NewRow puts charts side by side (nil charts are skipped).
func NewRow(charts ...*Chart) *Row {
	r := &Row{}
	for _, c := range charts {
		if c != nil {
			r.Charts = append(r.Charts, c)
		}
	}
	return r
}

// HTML returns the row as a notebook output: a flex <div> holding each
// chart's snippet (see Chart.HTML) in its own flex item. Like Chart.HTML it
// adds no CSS to the page, only inline styles.
func (r *Row) HTML() string { return r.html(func(c *Chart) string { return c.HTML() }) }

// html renders the row with each chart rendered by chart.
func (r *Row) html(chart func(*Chart) string) string {
	w := r.minWidth()
	var b strings.Builder
	b.WriteString(`<div class="dlfun-row" style="display:flex;flex-wrap:wrap;gap:8px;width:100%;align-items:flex-start">`)
	for _, c := range r.Charts {
		b.WriteString(`<div style="flex:1 1 0;min-width:` + strconv.Itoa(w) + `px">`)
		b.WriteString(chart(c))
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// minWidth returns MinWidth or its default, 280.
func (r *Row) minWidth() int {
	if r.MinWidth <= 0 {
		return 280
	}
	return r.MinWidth
}

// Show displays the row (its Bundle) in the running notebook cell, with the ECharts
// library in front of it when the session has not loaded it yet (inline
// mode), so a row works as the first chart of a notebook; it waits until
// GoNB has the output (display.Sync). Outside a notebook it writes a
// standalone page into display.PlotDir() and prints its path.
func (r *Row) Show() {
	if !display.InNotebook() {
		r.saveFile()
		return
	}
	display.Bundle(withLibrary(r.Bundle()))
	display.Sync()
}

// Page returns a standalone HTML page showing the row; lib as for
// Chart.Page.
func (r *Row) Page(lib string) string {
	head := `<script src="echarts.min.js"></script>`
	if lib != "" {
		head = LibraryScript(lib)
	}
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escapeHTML(r.title()) +
		"</title>" + head + "</head>\n<body style=\"margin:16px;font-family:sans-serif\">\n" +
		r.html(func(c *Chart) string { return c.html(display.NewID(), "") }) + "\n</body></html>\n"
}

// title joins the charts' titles (for file names and page titles).
func (r *Row) title() string {
	var ts []string
	for _, c := range r.Charts {
		if c.title != "" {
			ts = append(ts, c.title)
		}
	}
	if len(ts) == 0 {
		return "dlfun charts"
	}
	return strings.Join(ts, " | ")
}

// saveFile writes the standalone page for Show outside a notebook.
func (r *Row) saveFile() {
	h := fnv.New32a()
	for _, c := range r.Charts {
		h.Write(c.JSON())
	}
	name := slug(r.title()) + "-row-" + strconv.FormatUint(uint64(h.Sum32()), 36) + ".html"
	path, err := display.SavePage(name, r.Page(""))
	if err != nil {
		fmt.Println("dlfun: cannot write charts:", err)
		return
	}
	msg := "dlfun: charts written to " + path
	if err := copyLibrary(filepath.Dir(path)); err != nil {
		msg += " (" + err.Error() + ")"
	}
	fmt.Println(msg)
}

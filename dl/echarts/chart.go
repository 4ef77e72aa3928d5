package echarts

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dlfun/dlfun/dl/display"
)

// Options are the settings shared by every chart kind. The zero value is a
// good default.
type Options struct {
	Title, Subtitle string // drawn at the top left
	XName, YName    string // axis names
	Y2Name          string // name of the right y axis (lines with Right set)
	LogX, LogY      bool   // logarithmic axes (points ≤ 0 are dropped / left as gaps)
	Height          int    // chart height in pixels; 0 picks a default per kind. The width is always the cell's.
	MaxPoints       int    // points kept in all lines (or scatter points) together before downsampling; 0 picks a default
	Live            bool   // the chart will be redrawn in place: no animation
}

// Chart is a rendered ECharts option plus the height of its div. Build one
// with Line, Scatter, DecisionBoundary, … and show it with Show, ShowIn or
// HTML.
type Chart struct {
	opt    obj
	height int
	title  string
}

// obj is a JSON object; encoding/json writes its keys sorted, so the
// output is deterministic.
type obj = map[string]any

// newChart starts a chart with the title, tooltip, palette and animation
// settings every kind shares.
func newChart(o Options, defaultHeight int) *Chart {
	h := o.Height
	if h <= 0 {
		h = defaultHeight
	}
	opt := obj{
		"color":     Palette,
		"animation": !o.Live,
		"tooltip":   obj{"confine": true},
	}
	if o.Title != "" || o.Subtitle != "" {
		opt["title"] = obj{"text": o.Title, "subtext": o.Subtitle, "left": 8, "top": 4,
			"textStyle": obj{"fontSize": 15}, "itemGap": 8}
	}
	return &Chart{opt: opt, height: h, title: o.Title}
}

// top returns the pixel offset of the plotting area: below the title,
// the subtitle and legendRows rows of legend. Axis names never go up
// there (see yAxis), so nothing else can collide with the legend.
func (o Options) top(legendRows int) int {
	t := 16
	if o.Title != "" {
		t += 24
	}
	if o.Subtitle != "" {
		t += 20
	}
	if legendRows > 0 {
		t += 10 + legendRowHeight*legendRows
	}
	return t
}

// Legend layout: each row is legendRowHeight pixels; rows are filled
// assuming the chart is legendWidth pixels wide (a notebook cell is 750 to
// 1100), an item taking its symbol, its name at legendCharWidth pixels per
// character and a gap.
const (
	legendRowHeight = 24
	legendWidth     = 740
	legendCharWidth = 7
)

// LegendRows estimates the rows a legend of these names wraps into (a
// name repeated, as in panels side by side, is one item).
func LegendRows(names []string) int { return legendRows(names) }

func legendRows(names []string) int {
	rows, x := 1, 0
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		w := 25 + 5 + legendCharWidth*len([]rune(n)) + 10
		if x > 0 && x+w > legendWidth {
			rows, x = rows+1, 0
		}
		x += w
	}
	return rows
}

// legend adds a legend below the title that wraps into as many rows as
// its names need (a scrolling legend hid runs behind its page buttons),
// makes a chart of default height taller by the extra rows, and returns the
// number of rows, for top.
func (c *Chart) legend(o Options, names []string) int {
	c.opt["legend"] = obj{"type": "plain", "top": o.top(0) - 10, "left": 8, "right": 8, "itemGap": 10}
	rows := legendRows(names)
	if o.Height <= 0 { // the default height is for one row: the plot keeps its size
		c.height += legendRowHeight * (rows - 1)
	}
	return rows
}

// toolbox adds zoom, reset and save-as-PNG buttons at the top right.
func (c *Chart) toolbox() {
	c.opt["toolbox"] = obj{"right": 8, "top": 0, "itemSize": 13,
		"feature": obj{"dataZoom": obj{}, "restore": obj{}, "saveAsImage": obj{"title": "PNG"}}}
}

// Option returns the chart's ECharts option object (the argument of
// setOption) for inspection and small adjustments. Heatmap cells and image
// pixels are stored in compact dlfunGrid / dlfunImages entries that the
// loader expands in the browser.
func (c *Chart) Option() map[string]any { return c.opt }

// Height returns the chart's height in pixels.
func (c *Chart) Height() int { return c.height }

// JSON returns the option as JSON with <, > and & escaped as \u003c, \u003e
// and \u0026 (so a label containing "</script>" cannot end the script that
// carries it) and NaN/±Inf written as null.
func (c *Chart) JSON() []byte {
	b, err := json.Marshal(c.opt)
	if err != nil { // only reachable through a caller's Option() edit
		b, _ = json.Marshal(obj{"title": obj{"text": "dlfun: chart option is not JSON: " + err.Error()}})
	}
	return b
}

// HTML returns the chart as a notebook output: a <div> sized to the cell
// width and the chart's height, followed by a <script> that loads the
// library once per page (see the package documentation) and draws the chart.
// Each call uses a fresh element id.
func (c *Chart) HTML() string {
	return c.html(display.NewID(), os.Getenv(EnvURL))
}

// html renders the snippet for element id and library URL url. The option
// travels packed (packOption): the notebook output carries it in plain JSON
// already, as MIMEType, and this fallback should not double its size.
func (c *Chart) html(id, url string) string {
	js := packOption(c.JSON())
	u, _ := json.Marshal(url)
	q, _ := json.Marshal(id)
	var b strings.Builder
	b.Grow(len(js) + len(loaderJS) + 200)
	b.WriteString(`<div id=`)
	b.Write(q)
	b.WriteString(` class="dlfun-echarts" style="width:100%;height:`)
	b.WriteString(strconv.Itoa(c.height))
	b.WriteString(`px;color:#999;font:12px sans-serif">`)
	b.WriteString(escapeHTML(c.title)) // seen only where scripts do not run (e.g. GitHub)
	b.WriteString(placeholder)
	b.WriteString(`</div><script>`)
	b.WriteString(loaderJS)
	b.WriteByte('(')
	b.Write(q)
	b.WriteByte(',')
	b.Write(js)
	b.WriteByte(',')
	b.Write(u)
	b.WriteString(")</script>")
	return b.String()
}

// placeholder follows the chart's title in its div until the chart draws:
// what a reader sees where the chart's script does not run, most often a
// notebook the classic Notebook does not trust (executed elsewhere).
const placeholder = ` (chart not drawn: the classic Notebook runs no script of an untrusted notebook; ` +
	`trust it with File ▸ Trust Notebook, or run the cell; JupyterLab and Notebook 7 with the dlfun extension draw it as it is)`

// Page returns a standalone HTML page showing the chart. If lib is the
// library source (see Library) it is inlined and the page works anywhere;
// if lib is "" the page loads "echarts.min.js" from its own directory.
func (c *Chart) Page(lib string) string {
	head := `<script src="echarts.min.js"></script>`
	if lib != "" {
		head = LibraryScript(lib)
	}
	title := c.title
	if title == "" {
		title = "dlfun chart"
	}
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escapeHTML(title) +
		"</title>" + head + "</head>\n<body style=\"margin:16px;font-family:sans-serif\">\n" +
		c.html(display.NewID(), "") + "\n</body></html>\n"
}

// Show displays the chart in the running notebook cell (its Bundle: the
// MIMEType for JupyterLab and Notebook 7, HTML for the rest) and waits until GoNB
// has it (display.Sync). Outside a notebook it writes a standalone page into
// display.PlotDir() (with echarts.min.js copied next to it once) and prints
// the page's path. It never panics.
func (c *Chart) Show() {
	if !display.InNotebook() {
		c.saveFile()
		return
	}
	display.Bundle(withLibrary(c.Bundle()))
	display.Sync()
}

// ShowIn draws the chart into the output block displayID, replacing what
// the block showed before (create the id once with display.NewID). Use it to
// redraw a chart in place, e.g. every few seconds during training; the last
// version drawn stays in the saved notebook. Outside a notebook it does
// nothing: call Show for the final chart.
func (c *Chart) ShowIn(displayID string) {
	if !display.InNotebook() {
		return
	}
	display.UpdateBundle(displayID, withLibrary(c.Bundle()))
	display.Sync()
}

// saveFile writes the standalone page for Show outside a notebook.
func (c *Chart) saveFile() {
	js := c.JSON()
	h := fnv.New32a()
	h.Write(js)
	name := slug(c.title) + "-" + strconv.FormatUint(uint64(h.Sum32()), 36) + ".html"
	path, err := display.SavePage(name, c.Page(""))
	if err != nil {
		fmt.Println("dlfun: cannot write chart:", err)
		return
	}
	msg := "dlfun: chart written to " + path
	if err := copyLibrary(filepath.Dir(path)); err != nil {
		msg += " (" + err.Error() + ")"
	}
	fmt.Println(msg)
}

// copyLibrary puts echarts.min.js into dir unless it is already there.
func copyLibrary(dir string) error {
	dst := filepath.Join(dir, "echarts.min.js")
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	lib, err := Library()
	if err != nil {
		return err
	}
	return os.WriteFile(dst, []byte(lib), 0o644)
}

// libraryOnce returns the inline library script the first time a chart is
// shown in a kernel session in inline mode (DLFUN_ECHARTS_URL unset), and ""
// otherwise. The marker file lives in the kernel's temp dir.
func libraryOnce() string {
	if os.Getenv(EnvURL) != "" {
		return ""
	}
	dir := display.KernelTempDir()
	if dir == "" {
		dir = os.TempDir()
	}
	marker := filepath.Join(dir, "dlfun-echarts-inlined")
	if _, err := os.Stat(marker); err == nil {
		return ""
	}
	lib, err := Library()
	if err != nil {
		return "<pre>" + escapeHTML(err.Error()) + "</pre>"
	}
	_ = os.WriteFile(marker, []byte(time.Now().Format(time.RFC3339)), 0o644)
	return LibraryScript(lib)
}

// InitNotebook emits the ECharts library into the current cell's output
// (plotly's init_notebook_mode): put it in a notebook's first cell when the
// kernel does not serve the library (inline mode), so that re-running chart
// cells can never leave the saved notebook without a copy. In served mode and
// outside a notebook it does nothing.
func InitNotebook() {
	if !display.InNotebook() || os.Getenv(EnvURL) != "" {
		return
	}
	lib, err := Library()
	if err != nil {
		display.HTML("<pre>" + escapeHTML(err.Error()) + "</pre>")
		return
	}
	dir := display.KernelTempDir()
	if dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "dlfun-echarts-inlined"), []byte("InitNotebook"), 0o644)
	}
	display.HTML(LibraryScript(lib))
	display.Sync()
}

// slug turns a title into a short file-name-safe word ("chart" if empty).
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "chart"
	}
	return out
}

// escapeHTML escapes text for HTML element content and attribute values.
func escapeHTML(s string) string { return htmlEscaper.Replace(s) }

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// packOption returns the option JSON js gzipped and base64-encoded, as a
// JSON string, for the HTML fallback: numbers and the repeated keys of
// series compress three to five times, and base64 needs no escaping in
// HTML, in a <script> or in the notebook's JSON. The loader unpacks it with
// the browser's DecompressionStream; UnpackOption is the inverse in Go.
func packOption(js []byte) []byte {
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(js)
	w.Close()
	out := make([]byte, 0, base64.StdEncoding.EncodedLen(z.Len())+2)
	out = append(out, '"')
	out = base64.StdEncoding.AppendEncode(out, z.Bytes())
	return append(out, '"')
}

// maxUnpacked bounds the JSON UnpackOption inflates (a chart option is
// about 10 KB; a hostile string must not inflate to gigabytes).
const maxUnpacked = 8 << 20

// UnpackOption decodes an option packed by the HTML fallback (base64 of
// gzipped JSON, as the loader's second argument carries it) into the
// option object. It fails on anything else, and on options larger than
// 8 MiB unpacked.
func UnpackOption(packed string) (map[string]any, error) {
	z, err := base64.StdEncoding.DecodeString(packed)
	if err != nil {
		return nil, fmt.Errorf("echarts: packed option is not base64: %w", err)
	}
	r, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("echarts: packed option is not gzip: %w", err)
	}
	js, err := io.ReadAll(io.LimitReader(r, maxUnpacked+1))
	if err != nil {
		return nil, fmt.Errorf("echarts: packed option: %w", err)
	}
	if len(js) > maxUnpacked {
		return nil, fmt.Errorf("echarts: packed option unpacks to more than %d bytes", maxUnpacked)
	}
	var opt map[string]any
	if err := json.Unmarshal(js, &opt); err != nil {
		return nil, fmt.Errorf("echarts: packed option is not a JSON object: %w", err)
	}
	return opt, nil
}

// OutputSize returns the bytes a notebook output with this bundle takes in
// a saved .ipynb, written as Jupyter writes notebooks (nbformat: UTF-8,
// no HTML escaping): each MIME entry as a JSON string (quotes and
// backslashes escaped), its key, and the output's fixed fields. The course
// keeps every chart under 20 KB by this measure.
func OutputSize(bundle map[string]string) int {
	n := len(`{"output_type": "display_data", "metadata": {}, "data": {}}`)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for k, v := range bundle {
		b.Reset()
		enc.Encode(k)
		enc.Encode(v)
		n += b.Len() - 2 + 4 // Encode ends each with a newline
	}
	return n
}

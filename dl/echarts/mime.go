package echarts

import (
	"strconv"
	"strings"
)

// MIMEType is the MIME type of a dlfun chart output. Its content is a JSON
// document (version 1):
//
//	{"charts": [{"option": {…}, "height": 300}, …], "minWidth": 280}
//
// charts holds one entry per chart: option is the ECharts option (the
// argument of setOption, with dlfun's compact dlfunGrid / dlfunImages
// entries expanded by the renderer, see Chart.Option) and height the chart's
// height in pixels; the width is always the cell's. Several charts are a
// row, side by side, wrapping when a chart would get narrower than minWidth
// pixels (optional, default 280).
//
// The dlfun JupyterLab 4 / Notebook 7 extension (kernel/labextension,
// installed by `dlfun install`) renders this type like JupyterLab's own Vega
// renderer: no script travels in the notebook, so charts draw in untrusted
// notebooks too. Every chart output also carries "text/html" (the div and
// loader of Chart.HTML) for front-ends without the extension: the classic
// Notebook, static HTML export, VS Code.
//
// GoNB forwards display content only as plain values, so the JSON reaches the
// front-end (and the .ipynb) as a JSON string; the renderer accepts a string
// or an object.
const MIMEType = "application/vnd.dlfun.echarts.v1+json"

// entry writes {"height":h,"option":…} for one chart.
func (c *Chart) entry(b *strings.Builder) {
	b.WriteString(`{"height":`)
	b.WriteString(strconv.Itoa(c.height))
	b.WriteString(`,"option":`)
	b.Write(c.JSON())
	b.WriteByte('}')
}

// MIMEJSON returns the chart as the JSON document of MIMEType.
func (c *Chart) MIMEJSON() string {
	var b strings.Builder
	b.WriteString(`{"charts":[`)
	c.entry(&b)
	b.WriteString(`]}`)
	return b.String()
}

// Bundle returns the chart's notebook output: MIMEType for the dlfun
// extension and "text/html" (Chart.HTML) as the fallback.
func (c *Chart) Bundle() map[string]string {
	return map[string]string{MIMEType: c.MIMEJSON(), "text/html": c.HTML()}
}

// MIMEJSON returns the row as the JSON document of MIMEType.
func (r *Row) MIMEJSON() string {
	var b strings.Builder
	b.WriteString(`{"charts":[`)
	for i, c := range r.Charts {
		if i > 0 {
			b.WriteByte(',')
		}
		c.entry(&b)
	}
	b.WriteString(`],"minWidth":`)
	b.WriteString(strconv.Itoa(r.minWidth()))
	b.WriteByte('}')
	return b.String()
}

// Bundle returns the row's notebook output: MIMEType and the "text/html"
// fallback (Row.HTML).
func (r *Row) Bundle() map[string]string {
	return map[string]string{MIMEType: r.MIMEJSON(), "text/html": r.HTML()}
}

// withLibrary returns bundle with the inline library script (libraryOnce)
// in front of its HTML fallback.
func withLibrary(bundle map[string]string) map[string]string {
	if lib := libraryOnce(); lib != "" {
		bundle["text/html"] = lib + bundle["text/html"]
	}
	return bundle
}

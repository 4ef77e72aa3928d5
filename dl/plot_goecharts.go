package dl

import (
	"fmt"
	"os"

	"github.com/dlfun/dlfun/dl/echarts"
)

// ShowECharts shows a chart built with go-echarts
// (github.com/go-echarts/go-echarts/v2), the Go port of ECharts' full API,
// inline in the notebook, drawn like dlfun's own charts: by the dlfun
// extension in JupyterLab and Notebook 7 (trusted or not), by the offline
// loader in the classic Notebook, with no CDN and no CSS added to the page:
//
//	bar := charts.NewBar()
//	bar.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: "Accuracy per class"}))
//	bar.SetXAxis([]string{"cat", "dog"}).AddSeries("test", []opts.BarData{{Value: 0.91}, {Value: 0.87}})
//	dl.ShowECharts(bar)
//
// chart is any go-echarts chart (charts.NewLine(), charts.NewScatter(),
// charts.NewHeatMap(), …) or a *components.Page, whose charts are shown one
// below the other (side by side with components.PageFlexLayout). The chart's
// height comes from its Initialization ("400px"; default 500), its width is
// the cell's. Do not call the chart's Render: it writes a page that loads
// ECharts from a CDN.
//
// Use dl.Plot() and the Plot methods for what the course draws (losses,
// decision boundaries, landscapes, digits): short, with defaults that fit.
// Use go-echarts for any other ECharts chart kind or option. JavaScript
// functions in the option (opts.FuncOpts) are left out, with a note: a
// notebook output runs no code. Maps and the 3-D kinds (Scatter3D, …) need
// ECharts add-ons that are not bundled. Outside a notebook the chart is
// written to an HTML file whose path is printed. ShowECharts never panics:
// it prints what went wrong.
func ShowECharts(chart any) {
	defer func() {
		if e := recover(); e != nil {
			fmt.Fprintln(os.Stderr, "dl.ShowECharts: cannot draw the chart:", e)
		}
	}()
	charts, flex, notes, err := echarts.FromGoECharts(chart)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dl.ShowECharts:", err)
		return
	}
	for _, n := range notes {
		fmt.Println("dl.ShowECharts:", n)
	}
	if flex && len(charts) > 1 {
		echarts.NewRow(charts...).Show()
		return
	}
	for _, c := range charts {
		c.Show()
	}
}

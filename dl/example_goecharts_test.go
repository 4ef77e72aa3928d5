package dl_test

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/dlfun/dlfun/dl"
)

// Any go-echarts chart shows inline with dl.ShowECharts (never its Render,
// which loads ECharts from a CDN). Outside a notebook, as here, the chart is
// written to an HTML file whose path is printed.
func ExampleShowECharts() {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: "Test accuracy per class"}),
		charts.WithInitializationOpts(opts.Initialization{Height: "300px"}),
	)
	bar.SetXAxis([]string{"cat", "dog", "bird"}).
		AddSeries("accuracy", []opts.BarData{{Value: 0.91}, {Value: 0.87}, {Value: 0.78}})
	dl.ShowECharts(bar)
}

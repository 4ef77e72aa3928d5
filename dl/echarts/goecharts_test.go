package echarts

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"
)

func goLine(title, height string) *charts.Line {
	l := charts.NewLine()
	l.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Height: height}),
		charts.WithTitleOpts(opts.Title{Title: title}),
	)
	l.SetXAxis([]string{"a", "b", "c"}).AddSeries("loss", []opts.LineData{{Value: 3}, {Value: 2}, {Value: 1}})
	return l
}

func TestFromGoECharts(t *testing.T) {
	withFunc := goLine("formatted", "")
	withFunc.SetGlobalOptions(charts.WithTooltipOpts(opts.Tooltip{
		Show: opts.Bool(true), Formatter: opts.FuncOpts("function(p){return p.name}")}))
	flexPage := components.NewPage().SetLayout(components.PageFlexLayout)
	bar := charts.NewBar()
	bar.SetXAxis([]string{"x"}).AddSeries("n", []opts.BarData{{Value: 1}})
	flexPage.AddCharts(goLine("one", "300px"), bar)

	for _, tc := range []struct {
		name    string
		in      any
		titles  []string
		heights []int
		flex    bool
		note    string // in the notes
		err     string // in the error
	}{
		{name: "line", in: goLine("Loss </script>", "320px"), titles: []string{"Loss </script>"}, heights: []int{320}},
		{name: "default height", in: goLine("x", ""), titles: []string{"x"}, heights: []int{500}},
		{name: "height not in px", in: goLine("x", "50%"), titles: []string{"x"}, heights: []int{500}},
		{name: "function dropped", in: withFunc, titles: []string{"formatted"}, heights: []int{500}, note: "tooltip.formatter"},
		{name: "page", in: components.NewPage().AddCharts(goLine("p1", "200px"), goLine("p2", "250px")),
			titles: []string{"p1", "p2"}, heights: []int{200, 250}},
		{name: "flex page", in: flexPage, titles: []string{"one", ""}, heights: []int{300, 500}, flex: true},
		{name: "empty page", in: components.NewPage(), err: "page.AddCharts"},
		{name: "not a chart", in: 42, err: "got a int: want a go-echarts chart"},
		{name: "nil chart", in: (*charts.Line)(nil), err: "the chart is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, flex, notes, err := FromGoECharts(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != len(tc.titles) || flex != tc.flex {
				t.Fatalf("%d charts, flex %v; want %d, %v", len(cs), flex, len(tc.titles), tc.flex)
			}
			for i, c := range cs {
				if c.title != tc.titles[i] || c.Height() != tc.heights[i] {
					t.Errorf("chart %d: title %q height %d, want %q %d", i, c.title, c.Height(), tc.titles[i], tc.heights[i])
				}
				js := string(c.JSON())
				if strings.Contains(js, "__f__") || strings.Contains(js, "</script>") {
					t.Errorf("chart %d option carries a function or an unescaped </script>: %s", i, js)
				}
				var doc mimeDoc
				if err := json.Unmarshal([]byte(c.MIMEJSON()), &doc); err != nil || len(doc.Charts) != 1 {
					t.Fatalf("MIME document: %v", err)
				}
				if _, ok := doc.Charts[0].Option["series"].([]any); !ok {
					t.Errorf("chart %d option has no series list: %v", i, doc.Charts[0].Option)
				}
			}
			if got := strings.Join(notes, "; "); (tc.note == "") != (got == "") || !strings.Contains(got, tc.note) {
				t.Errorf("notes %q, want %q", got, tc.note)
			}
		})
	}
}

// TestFromGoEChartsSeries checks the option keeps go-echarts' data.
func TestFromGoEChartsSeries(t *testing.T) {
	cs, _, _, err := FromGoECharts(goLine("x", ""))
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		XAxis []struct {
			Data []string `json:"data"`
		} `json:"xAxis"`
		Series []struct {
			Name string `json:"name"`
			Type string `json:"type"`
			Data []struct {
				Value float64 `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(cs[0].JSON(), &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Series) != 1 || opt.Series[0].Type != "line" || len(opt.Series[0].Data) != 3 || opt.Series[0].Data[2].Value != 1 ||
		len(opt.XAxis) != 1 || strings.Join(opt.XAxis[0].Data, "") != "abc" {
		t.Errorf("option lost go-echarts data: %s", cs[0].JSON())
	}
}

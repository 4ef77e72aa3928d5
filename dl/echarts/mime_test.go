package echarts

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// mimeDoc is the JSON document of MIMEType.
type mimeDoc struct {
	Charts []struct {
		Option map[string]any `json:"option"`
		Height int            `json:"height"`
	} `json:"charts"`
	MinWidth int `json:"minWidth"`
}

// TestBundle checks every chart kind's output bundle: the MIME document
// holds exactly the chart's option and height, the HTML fallback is the
// chart's snippet, and neither carries the library.
func TestBundle(t *testing.T) {
	t.Setenv(EnvURL, "kernelspecs/dlfun/echarts.min.js")
	for name, c := range demoCharts() {
		t.Run(name, func(t *testing.T) {
			b := c.Bundle()
			if len(b) != 2 || !strings.Contains(b["text/html"], `class="dlfun-echarts"`) || !strings.Contains(b["text/html"], "File ▸ Trust Notebook") {
				t.Fatalf("bundle has types %v, or its text/html is not a chart snippet saying how to trust the notebook", keys(b))
			}
			var doc mimeDoc
			if err := json.Unmarshal([]byte(b[MIMEType]), &doc); err != nil {
				t.Fatalf("%s is not JSON: %v", MIMEType, err)
			}
			var want map[string]any
			if err := json.Unmarshal(c.JSON(), &want); err != nil {
				t.Fatal(err)
			}
			if len(doc.Charts) != 1 || doc.Charts[0].Height != c.Height() || !reflect.DeepEqual(doc.Charts[0].Option, want) {
				t.Fatalf("MIME document does not hold the chart (%d charts)", len(doc.Charts))
			}
			for typ, v := range b {
				if strings.Contains(v, "data-dlfun-echarts-lib") {
					t.Errorf("%s carries the library", typ)
				}
			}
			// The MIME document is the option plus a few bytes of envelope.
			if extra := len(b[MIMEType]) - len(c.JSON()); extra > 40 {
				t.Errorf("MIME envelope adds %d bytes", extra)
			}
		})
	}
}

func TestRowBundle(t *testing.T) {
	cs := demoCharts()
	for _, tc := range []struct {
		minWidth, want int
	}{{0, 280}, {400, 400}} {
		r := NewRow(cs["line"], nil, cs["confusion"])
		r.MinWidth = tc.minWidth
		b := r.Bundle()
		var doc mimeDoc
		if err := json.Unmarshal([]byte(b[MIMEType]), &doc); err != nil {
			t.Fatalf("row MIME document is not JSON: %v", err)
		}
		if len(doc.Charts) != 2 || doc.MinWidth != tc.want || doc.Charts[1].Height != cs["confusion"].Height() {
			t.Errorf("MinWidth %d: row document has %d charts, minWidth %d (want 2, %d)", tc.minWidth, len(doc.Charts), doc.MinWidth, tc.want)
		}
		if !strings.Contains(b["text/html"], `class="dlfun-row"`) {
			t.Error("row fallback is not the flex row")
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

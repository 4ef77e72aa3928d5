package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/browsertest"
	"golang.org/x/net/html"
)

// figureImage matches a course figure in a Markdown cell: an image whose
// URL is an SVG as a base64 data: URL (see docs/figures).
var figureImage = regexp.MustCompile(`!\[([^\]]+)\]\((data:image/svg\+xml;base64,[A-Za-z0-9+/]+=*)\)`)

// courseFigures returns, per course notebook, the data: URLs of its figures.
func courseFigures(t *testing.T) map[string][]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "notebooks", "[0-9][0-9]-*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no course notebooks: %v", err)
	}
	figs := map[string][]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Cells []struct {
				CellType string          `json:"cell_type"`
				Source   json.RawMessage `json:"source"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(b, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, c := range nb.Cells {
			var lines []string
			if json.Unmarshal(c.Source, &lines) != nil {
				var s string
				_ = json.Unmarshal(c.Source, &s)
				lines = []string{s}
			}
			if c.CellType != "markdown" {
				continue
			}
			for _, m := range figureImage.FindAllStringSubmatch(strings.Join(lines, ""), -1) {
				figs[p] = append(figs[p], m[2])
			}
		}
	}
	return figs
}

// TestHTMLPageCourseFigures exports every course notebook that shows a
// figure, as a page and as slides, and checks that each figure reaches both
// as an <img> with the same SVG data: URL and its alt text (the sanitizer
// keeps data:image/svg+xml in <img>, where an SVG's scripts never run) and
// that no inline <svg> element does.
func TestHTMLPageCourseFigures(t *testing.T) {
	figs := courseFigures(t)
	total := 0
	for p, uris := range figs {
		total += len(uris)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		page, err := HTML(b, filepath.Base(p), Libraries{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkFigures(t, p+" (page)", page, uris)
		deck, err := Slides(b, filepath.Base(p), Libraries{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkFigures(t, p+" (slides)", deck, uris)
	}
	if total < 7 {
		t.Errorf("found %d figures in the course notebooks, want at least 7 (see docs/figures)", total)
	}
}

// checkFigures checks that an exported page shows every figure of uris as
// an <img> with that data: URL and an alt text, and holds no inline <svg>.
func checkFigures(t *testing.T, p string, page []byte, uris []string) {
	t.Helper()
	imgs := map[string]string{} // src → alt
	z := html.NewTokenizer(strings.NewReader(string(page)))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "svg" {
			t.Errorf("%s: the page holds an inline <svg>", p)
		}
		if tok.Data != "img" {
			continue
		}
		var src, alt string
		for _, a := range tok.Attr {
			switch a.Key {
			case "src":
				src = a.Val
			case "alt":
				alt = a.Val
			}
		}
		imgs[src] = alt
	}
	for _, uri := range uris {
		alt, ok := imgs[uri]
		if !ok {
			t.Errorf("%s: a figure (%.60s…) is missing from the exported page", p, uri)
		} else if alt == "" {
			t.Errorf("%s: a figure lost its alt text in the exported page", p)
		}
	}
}

// TestBrowserExportFigures exports the course notebooks that show figures,
// opens each page in headless Chromium from a file:// URL and checks that
// every figure has loaded as an image of its own size (an SVG the browser
// cannot decode has no natural width). Screenshot of the first figure of
// notebook 01: artifacts/export-figure.png.
func TestBrowserExportFigures(t *testing.T) {
	chromium, _ := browserTools(t)
	figs := courseFigures(t)
	tmp := t.TempDir()
	br := browsertest.NewTab(t, browsertest.NewBrowser(t, chromium, 1000, 800))
	if err := br.Viewport(1000, 800); err != nil {
		t.Fatal(err)
	}
	for p, uris := range figs {
		out, err := FileWith(p, filepath.Join(tmp, "html"), Libraries{})
		if err != nil {
			t.Fatal(err)
		}
		if err := br.Navigate("file://" + out); err != nil {
			t.Fatal(err)
		}
		var st struct{ Images, Loaded, Broken int }
		waitFor(t, 20*time.Second, filepath.Base(p)+" figures loaded", func() (bool, string) {
			err := evalInto(br, `(function(){var s={Images:0,Loaded:0,Broken:0};
				document.querySelectorAll('section.md img[src^="data:image/svg+xml"]').forEach(function(i){
					s.Images++; if(i.complete&&i.naturalWidth>100&&i.naturalHeight>100)s.Loaded++; else if(i.complete)s.Broken++});
				return s})()`, &st)
			return err == nil && st.Images == len(uris) && st.Loaded == st.Images, fmt.Sprintf("%+v %v", st, err)
		})
		if strings.HasPrefix(filepath.Base(p), "01-") {
			if _, err := browsertest.Eval[bool](br, `(document.querySelector('section.md img[src^="data:image/svg+xml"]').scrollIntoView(), true)`); err != nil {
				t.Error(err)
			}
			artifacts := filepath.Join("..", "..", "artifacts")
			_ = os.MkdirAll(artifacts, 0o755)
			if err := screenshot(br, filepath.Join(artifacts, "export-figure.png"), 1000, 800); err != nil {
				t.Error(err)
			}
		}
	}
}

package notebooks

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/notebook"
	"github.com/dlfun/dlfun/kernel/render"
)

// TestSlideshowMetadata: every cell of every course notebook has a slide
// type (RISE in JupyterLab and `dlfun export --slides` follow them), the
// first cell and every "##" section start a slide, and RISE scrolls long
// slides. A cell added without one fails here: run
// `go run ./kernel/cmd/slideshow notebooks/NN-name.ipynb` to give it its
// default type (see render.DefaultSlideType), then adjust by hand.
func TestSlideshowMetadata(t *testing.T) {
	paths, err := filepath.Glob("[0-9][0-9]-*.ipynb")
	if err != nil || len(paths) < 11 {
		t.Fatalf("want the course notebooks, found %d (%v)", len(paths), err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(path, ".ipynb"), func(t *testing.T) {
			nb, err := notebook.Read(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(nb.Metadata["rise"]), `"scroll": true`) {
				t.Errorf(`notebook metadata has no "rise": {"scroll": true} (run go run ./kernel/cmd/slideshow %s)`, path)
			}
			slides := 0
			for i, c := range nb.Cells {
				if _, ok := c.Metadata["slideshow"]; !ok {
					t.Errorf("cell %d (%s) has no slide type: run go run ./kernel/cmd/slideshow %s", i, c.ID, path)
					continue
				}
				kind := render.SlideType(c)
				src := strings.TrimSpace(string(c.Source))
				heading := c.CellType == notebook.Markdown && (strings.HasPrefix(src, "# ") || strings.HasPrefix(src, "## "))
				if (i == 0 || heading) && kind != render.SlideStart {
					t.Errorf("cell %d (%s) starts a section but its slide type is %q, want %q", i, c.ID, kind, render.SlideStart)
				}
				if kind == render.SlideStart {
					slides++
				}
			}
			if slides < 3 {
				t.Errorf("%d slides: a lecture section needs more", slides)
			}
		})
	}
}

// Command slideshow gives the cells of notebooks Jupyter's slideshow
// metadata (metadata.slideshow.slide_type), which RISE in JupyterLab and
// `dlfun export --slides` present: every cell without one gets
// render.DefaultSlideType (headings start slides, text after code a slide
// below, check-only cells are skipped, the rest continues the slide); a type already set, by hand or
// by an earlier run, is kept. The notebook also gets RISE's "scroll"
// setting, so that a long slide scrolls. Files are rewritten atomically,
// only when something changed.
//
//	go run ./kernel/cmd/slideshow notebooks/[0-9][0-9]-*.ipynb
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/dlfun/dlfun/kernel/notebook"
	"github.com/dlfun/dlfun/kernel/render"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./kernel/cmd/slideshow NOTEBOOK...")
		os.Exit(2)
	}
	failed := false
	for _, path := range os.Args[1:] {
		n, err := apply(path)
		switch {
		case err != nil:
			fmt.Fprintln(os.Stderr, "slideshow:", err)
			failed = true
		case n > 0:
			fmt.Printf("%s: slide types for %d cells\n", path, n)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// apply sets the slideshow metadata of the notebook at path and returns
// how many cells got a slide type.
func apply(path string) (int, error) {
	before, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	nb, err := notebook.Parse(before)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	n := annotate(nb)
	after, err := nb.Encode()
	if err != nil {
		return 0, err
	}
	if bytes.Equal(before, after) {
		return n, nil
	}
	return n, notebook.WriteFileAtomic(path, after, 0o644)
}

// annotate gives every cell of nb without a slide type its default one
// and turns on RISE's scrolling; it returns how many cells it set.
func annotate(nb *notebook.Notebook) int {
	n := 0
	for i, c := range nb.Cells {
		if _, ok := c.Metadata["slideshow"]; ok {
			continue
		}
		var prev *notebook.Cell
		if i > 0 {
			prev = nb.Cells[i-1]
		}
		if c.Metadata == nil {
			c.Metadata = map[string]json.RawMessage{}
		}
		c.Metadata["slideshow"] = json.RawMessage(`{"slide_type": "` + render.DefaultSlideType(prev, c) + `"}`)
		n++
	}
	if _, ok := nb.Metadata["rise"]; !ok {
		if nb.Metadata == nil {
			nb.Metadata = map[string]json.RawMessage{}
		}
		nb.Metadata["rise"] = json.RawMessage(`{"scroll": true}`)
	}
	return n
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/notebook"
	"github.com/dlfun/dlfun/kernel/render"
)

// TestApply: cells without a slide type get the default one, a type set by
// hand is kept, RISE scrolls, and a second run changes nothing.
func TestApply(t *testing.T) {
	src := `{"cells": [
	 {"cell_type": "markdown", "metadata": {}, "source": "# 01 · Title"},
	 {"cell_type": "markdown", "metadata": {}, "source": "Some text."},
	 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "%%\n// checks\nc := check.New(\"x\", 1)\ndefer c.Done()"},
	 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "%%\nfmt.Println(1)\nc := check.New(\"x\", 1)"},
	 {"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "fragment"}}, "source": "## Kept"},
	 {"cell_type": "markdown", "metadata": {}, "source": "### Below"},
	 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "x := 1"},
	 {"cell_type": "markdown", "metadata": {}, "source": "After code."}
	], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	path := filepath.Join(t.TempDir(), "x.ipynb")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := apply(path)
	if err != nil || n != 7 {
		t.Fatalf("apply = %d, %v; want 7 cells set", n, err)
	}
	nb, err := notebook.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range nb.Cells {
		got = append(got, render.SlideType(c))
	}
	want := []string{"slide", "-", "skip", "-", "fragment", "subslide", "-", "subslide"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("slide types %q, want %q", got, want)
	}
	if !strings.Contains(string(nb.Metadata["rise"]), `"scroll": true`) {
		t.Errorf("notebook metadata rise = %s", nb.Metadata["rise"])
	}
	before, _ := os.ReadFile(path)
	if n, err := apply(path); err != nil || n != 0 {
		t.Errorf("second apply = %d, %v; want nothing to do", n, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a second run rewrote the notebook")
	}
}

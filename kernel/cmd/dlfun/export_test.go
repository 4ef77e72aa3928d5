package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel/render"
)

func TestRunExportArguments(t *testing.T) {
	tests := []struct {
		args  []string
		usage bool   // a command-line mistake (exit status 2)
		want  string // in the error
	}{
		{[]string{"x.ipynb"}, true, "--html DIR or --slides DIR is required"},
		{[]string{"--html", t.TempDir()}, true, "no notebook given"},
		{[]string{"--bogus", "x.ipynb"}, true, "flag provided but not defined"},
		{[]string{"/nonexistent/x.ipynb", "--html", t.TempDir()}, false, "no such file"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			err := runExport(tc.args)
			if err == nil || errors.Is(err, errUsage) != tc.usage || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("runExport(%q) = %v, want an error containing %q (usage %v)", tc.args, err, tc.want, tc.usage)
			}
		})
	}
}

// TestRunExport exports two executed notebooks with a chart output each
// (needs the fetched libraries, see kernel/assets).
func TestRunExport(t *testing.T) {
	if _, err := echarts.LibraryPath(); err != nil {
		t.Skip(err)
	}
	chart := echarts.Line(echarts.Options{Title: "loss"}, echarts.LineSeries{Name: "train", Y: []float64{1, 2}}).HTML()
	out, _ := json.Marshal(chart)
	src := t.TempDir()
	var nbs []string
	for _, name := range []string{"01-a", "02-b"} {
		nb := `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "dl.Plot()",
		  "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + string(out) + `}}]}],
		 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
		p := filepath.Join(src, name+".ipynb")
		if err := os.WriteFile(p, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
		nbs = append(nbs, p)
	}
	dir := filepath.Join(t.TempDir(), "html")
	slides := filepath.Join(t.TempDir(), "slides")
	withSlides := true
	if _, _, err := render.LoadReveal(); err != nil {
		t.Logf("slides not exported: %v", err)
		withSlides = false
	}
	args := append([]string{"--html", dir}, nbs...)
	if withSlides {
		args = append(args, "--slides", slides)
	}
	if err := runExport(args); err != nil {
		t.Fatal(err)
	}
	if withSlides {
		for _, name := range []string{"01-a", "02-b"} {
			b, err := os.ReadFile(filepath.Join(slides, name+".slides.html"))
			if err != nil {
				t.Fatal(err)
			}
			if s := string(b); !strings.Contains(s, "Reveal.initialize") || !strings.Contains(s, `class="dlfun-echarts"`) {
				t.Errorf("%s.slides.html: reveal.js started %v, chart present %v", name,
					strings.Contains(s, "Reveal.initialize"), strings.Contains(s, `class="dlfun-echarts"`))
			}
		}
	}
	for _, name := range []string{"01-a", "02-b"} {
		b, err := os.ReadFile(filepath.Join(dir, name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "data-dlfun-echarts-lib"); n != 1 || !strings.Contains(string(b), `class="dlfun-echarts"`) {
			t.Errorf("%s.html: library %d times (want 1), chart present: %v", name, n, strings.Contains(string(b), `class="dlfun-echarts"`))
		}
	}
}

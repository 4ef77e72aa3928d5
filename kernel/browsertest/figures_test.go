package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dlfun/dlfun/kernel/nbtest"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// figureCell matches a Markdown cell that shows a course figure: an image
// whose URL is an SVG as a base64 data: URL (see docs/figures).
var figureCell = regexp.MustCompile(`!\[[^\]]+\]\(data:image/svg\+xml;base64,[A-Za-z0-9+/]+=*\)`)

// figuresNotebook collects the figure cells of the course notebooks into
// one notebook at path and returns how many figures it holds.
func figuresNotebook(t *testing.T, repo, path string) int {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repo, "notebooks", "[0-9][0-9]-*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var cells []map[string]any
	n := 0
	for _, p := range paths {
		nb, err := notebook.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range nb.Cells {
			if c.CellType == notebook.Markdown && figureCell.MatchString(string(c.Source)) {
				n += len(figureCell.FindAllString(string(c.Source), -1))
				cells = append(cells, map[string]any{"cell_type": "markdown", "metadata": map[string]any{},
					"source": "**" + filepath.Base(p) + "**\n\n" + string(c.Source)})
			}
		}
	}
	b, err := json.Marshal(map[string]any{"cells": cells, "nbformat": 4, "nbformat_minor": 4,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "dlfun", "display_name": "Go (dlfun)", "language": "go"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

// figuresSeenJS scrolls the notebook down a step and counts the course
// figures that have loaded so far (in window.__dlfunFigs, by alt text):
// notebooks render cells lazily, so the figures are collected while
// scrolling. A figure counts when its image decoded to its own size.
const figuresSeenJS = `(() => {
  const seen = window.__dlfunFigs = window.__dlfunFigs || {};
  document.querySelectorAll('.jp-RenderedMarkdown img[src^="data:image/svg+xml"]').forEach(i => {
    if (i.complete && i.naturalWidth > 100 && i.naturalHeight > 100) seen[i.alt] = true;
  });
  const sc = document.querySelector('.jp-WindowedPanel-outer');
  if (sc) sc.scrollTop += 300; else window.scrollBy(0, 300);
  return Object.keys(seen).length;
})()`

// TestFiguresJupyterLabNotebook7 opens the course figures, as Markdown
// cells with SVG data: images taken from the course notebooks (an untrusted
// notebook, as a student's copy is), in Notebook 7 and in JupyterLab 4 in
// its light and dark themes, and checks that every figure loads as an
// image of its own size (JupyterLab renders SVG cell attachments not at
// all, which is why the notebooks embed data: URLs). Screenshots:
// artifacts/browser/figures-*.png.
func TestFiguresJupyterLabNotebook7(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tl := findTools(t, repo)
	specDir := nbtest.KernelSpecDir(t)
	data := filepath.Dir(filepath.Dir(specDir))
	root := t.TempDir()
	want := figuresNotebook(t, repo, filepath.Join(root, "figures.ipynb"))
	if want < 7 {
		t.Fatalf("the course notebooks show %d figures, want at least 7", want)
	}
	srv := startLab(t, tl.lab, root, data)
	artifacts := filepath.Join(repo, "artifacts", "browser")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tl.chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()
	check := func(t *testing.T, br *Tab, shot string) {
		t.Helper()
		got := 0
		if !Poll(60*time.Second, func() bool {
			n, err := Eval[int](br, figuresSeenJS)
			got = n
			return err == nil && n == want
		}) {
			t.Fatalf("%d of %d figures loaded", got, want)
		}
		if _, err := Eval[bool](br, `(() => { const i = document.querySelector('.jp-RenderedMarkdown img[src^="data:image/svg+xml"]');
			if (i) i.scrollIntoView(); return true })()`); err != nil {
			t.Error(err)
		}
		ctx, cancel := context.WithTimeout(br.Ctx, 20*time.Second)
		defer cancel()
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
			t.Error(err)
		} else if err := os.WriteFile(filepath.Join(artifacts, shot), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	open := func(t *testing.T, br *Tab, url string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(br.Ctx, 60*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("opening %s: %v", url, err)
		}
		WaitJS(t, br, 60*time.Second, "the rendered Markdown", `document.querySelectorAll('.jp-RenderedMarkdown').length > 0`)
	}
	t.Run("Notebook7", func(t *testing.T) {
		if !tl.notebook {
			t.Skip("Notebook 7 is not installed next to JupyterLab")
		}
		br := NewTab(t, alloc)
		open(t, br, srv.url("notebooks/figures.ipynb"))
		check(t, br, "figures-nb7.png")
	})
	t.Run("JupyterLab", func(t *testing.T) {
		br := NewTab(t, alloc)
		open(t, br, srv.url("lab/tree/figures.ipynb"))
		check(t, br, "figures-lab.png")
		if _, err := Eval[bool](br, `window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'}).then(() => true)`); err != nil {
			t.Fatalf("switching to the dark theme: %v", err)
		}
		WaitJS(t, br, 30*time.Second, "the dark theme", `document.body.dataset.jpThemeLight === 'false'`)
		if _, err := Eval[bool](br, `(() => { window.__dlfunFigs = {}; const sc = document.querySelector('.jp-WindowedPanel-outer'); if (sc) sc.scrollTop = 0; return true })()`); err != nil {
			t.Fatal(err)
		}
		check(t, br, "figures-lab-dark.png")
	})
}

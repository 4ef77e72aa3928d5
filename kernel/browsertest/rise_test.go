package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/export"
	"github.com/dlfun/dlfun/kernel/nbtest"
)

// TestRISESlideshow presents testdata/slides.ipynb (a title slide, then a
// slide with a Go cell that draws a chart) with RISE (jupyterlab-rise, the
// slideshow JupyterLab's toolbar opens): the stored chart draws on its
// slide through the dlfun renderer, and running the cell inside the slide
// (Shift-Enter, as a teacher live-codes) draws it again. Screenshots go to
// artifacts/browser/rise-*.png.
func TestRISESlideshow(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tl := findTools(t, repo)
	specDir := nbtest.KernelSpecDir(t)
	data := filepath.Dir(filepath.Dir(specDir))
	ext := filepath.Join(data, "labextensions", filepath.FromSlash(kernel.LabExtensionName), "package.json")
	if _, err := os.Stat(ext); err != nil {
		if _, err := kernel.InstallLabExtension(context.Background(), repo, data, os.Stderr); err != nil {
			t.Fatalf("the chart extension is not installed: %v", err)
		}
	}
	res := nbtest.Run(t, filepath.Join("testdata", "slides.ipynb"), kernel.RunOptions{})
	root := t.TempDir()
	if err := res.Notebook.Write(filepath.Join(root, "slides.ipynb")); err != nil {
		t.Fatal(err)
	}
	srv := startLab(t, tl.lab, root, data)
	artifacts := filepath.Join(repo, "artifacts", "browser")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tl.chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()
	br := NewTab(t, alloc)
	ctx, cancelNav := context.WithTimeout(br.Ctx, 60*time.Second)
	defer cancelNav()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.url("rise/slides.ipynb"))); err != nil {
		t.Fatal(err)
	}
	WaitJS(t, br, 90*time.Second, "the slideshow", `!!document.querySelector('.reveal .slides section.present')`)
	shot := func(name string) {
		sctx, c := context.WithTimeout(br.Ctx, 20*time.Second)
		defer c()
		if png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(filepath.Join(artifacts, name), png, 0o644)
		}
	}
	shot("rise-1-title.png")

	// The next slide: the stored chart draws through the dlfun renderer.
	if _, err := Eval[bool](br, `(() => { document.querySelector('.reveal .controls .navigate-right').click(); return true })()`); err != nil {
		t.Fatalf("moving to the next slide: %v", err)
	}
	drawn := func(what, extra string) {
		t.Helper()
		var last []chartState
		if !Poll(60*time.Second, func() bool {
			states, err := Eval[[]chartState](br, `(() => { const s = `+chartStateJS+`;
			  const els = [...document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')];
			  return s.filter((c, i) => els[i].closest('section.present') && `+extra+`); })()`)
			last = states
			return err == nil && len(states) == 1 && states[0].N > 0 && states[0].Ink*100 >= states[0].N && states[0].W > 300
		}) {
			t.Fatalf("%s: no chart drawn on the current slide within 60 s: %+v", what, last)
		}
	}
	drawn("the stored output", "true")
	shot("rise-2-chart.png")

	// Run the cell inside the slide, as a teacher live-codes: the output is
	// replaced and the new chart draws.
	if _, err := Eval[bool](br, `(() => { document.querySelectorAll('.dlfun-echarts').forEach(e => e.dataset.stored = '1'); return true })()`); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[bool](br, `(() => { const e = document.querySelector('section.present .jp-CodeCell .cm-content'); e.focus(); return !!e })()`); err != nil {
		t.Fatal(err)
	}
	kctx, kcancel := context.WithTimeout(br.Ctx, 20*time.Second)
	err = chromedp.Do(kctx, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierShift)))
	kcancel()
	if err != nil {
		t.Fatalf("Shift-Enter: %v", err)
	}
	drawn("the cell run inside the slide", "!els[i].dataset.stored")
	shot("rise-3-rerun.png")
	checkExceptions(t, br)
}

// TestExportedSlides opens the reveal.js presentation `dlfun export
// --slides` writes for testdata/slides.ipynb, from a file (offline), and
// checks that the chart draws when its slide is shown and fits the slide.
func TestExportedSlides(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tl := findTools(t, repo)
	libs, err := export.LoadSlideLibraries()
	if err != nil {
		t.Fatalf("%v (make echarts fetches the libraries)", err)
	}
	res := nbtest.Run(t, filepath.Join("testdata", "slides.ipynb"), kernel.RunOptions{})
	dir := t.TempDir()
	nbPath := filepath.Join(dir, "slides.ipynb")
	if err := res.Notebook.Write(nbPath); err != nil {
		t.Fatal(err)
	}
	page, err := export.SlidesFileWith(nbPath, dir, libs)
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tl.chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()
	br := NewTab(t, alloc)
	ctx, cancelNav := context.WithTimeout(br.Ctx, 60*time.Second)
	defer cancelNav()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page+"#/1")); err != nil {
		t.Fatal(err)
	}
	WaitJS(t, br, 30*time.Second, "reveal.js", `!!(window.Reveal && Reveal.isReady && Reveal.isReady())`)
	if idx, err := Eval[int](br, `Reveal.getIndices().h`); err != nil || idx != 1 {
		t.Fatalf("reveal.js is on slide %d (%v), want the chart's slide 1", idx, err)
	}
	var last []chartState
	if !Poll(30*time.Second, func() bool {
		pageState := strings.ReplaceAll(chartStateJS, ".dlfun-echarts-output .dlfun-echarts", ".dlfun-echarts") // no JupyterLab output area
		states, err := Eval[[]chartState](br, `(() => { const s = `+pageState+`;
		  const els = [...document.querySelectorAll('.dlfun-echarts')];
		  return s.filter((c, i) => els[i].closest('section.present')); })()`)
		last = states
		return err == nil && len(states) == 1 && states[0].N > 0 && states[0].Ink*100 >= states[0].N && states[0].W > 300
	}) {
		t.Fatalf("the chart did not draw on its slide within 30 s: %+v", last)
	}
	sctx, c := context.WithTimeout(br.Ctx, 20*time.Second)
	defer c()
	if png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot()); err == nil {
		_ = os.MkdirAll(filepath.Join(repo, "artifacts", "browser"), 0o755)
		_ = os.WriteFile(filepath.Join(repo, "artifacts", "browser", "slides-export.png"), png, 0o644)
	}
	checkExceptions(t, br)
}

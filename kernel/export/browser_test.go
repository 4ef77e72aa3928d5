package export

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel/assets"
	"github.com/dlfun/dlfun/kernel/browsertest"
)

// chartsInTestNotebook is the number of chart outputs testdata/charts.ipynb
// produces (the row cell, the first chart of the session, and the
// histogram cell show two each).
const chartsInTestNotebook = 14

// browserTools finds Chromium and the classic Notebook server. Without them
// the test is skipped, except under CI=true, where it fails.
func browserTools(t *testing.T) (chromium, jupyter string) {
	t.Helper()
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test skipped in -short mode")
	}
	chromium = browsertest.Chromium()
	for _, c := range []string{"/usr/bin/jupyter-notebook", "jupyter-notebook"} {
		if p, err := exec.LookPath(c); err == nil {
			jupyter = p
			break
		}
	}
	if chromium == "" || jupyter == "" {
		browsertest.SkipOrFail(t, fmt.Sprintf("browser test needs chromium (%q) and the classic jupyter-notebook 6.4 (%q)", chromium, jupyter))
	}
	return chromium, jupyter
}

// TestBrowserNotebook runs testdata/charts.ipynb in the classic Notebook
// 6.4 with a GoNB kernel in headless Chromium, offline, in both library
// modes (served from the kernelspec directory, and inlined once per
// session). Every chart output must draw (a canvas with ink), live and after
// saving and reopening the notebook with a new kernel; then the static
// export of the saved notebook must draw every chart from a file:// page.
// Screenshots go to artifacts/ at the repository root.
func TestBrowserNotebook(t *testing.T) {
	chromium, jupyter := browserTools(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := assets.EnsureECharts(root)
	if err != nil {
		t.Fatalf("echarts.min.js: %v", err)
	}
	if _, err := assets.EnsureKaTeX(root); err != nil { // for the static export
		t.Fatalf("KaTeX: %v", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator),
		"github.com/janpfeifer/gonb", "golang.org/x/tools/cmd/goimports", "golang.org/x/tools/gopls")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building gonb: %v\n%s", err, out)
	}

	// One kernelspec per mode. "dlfun" serves the library from its directory.
	data := filepath.Join(tmp, "jupyter-data")
	specs := map[string]map[string]string{
		"dlfun":        assets.KernelspecEnv("dlfun"),
		"dlfun-inline": {},
	}
	for name, env := range specs {
		dir := filepath.Join(data, "kernels", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		env["PATH"] = bin + ":${PATH}"
		env["GOPROXY"] = "off"
		env[echarts.EnvLibrary] = lib
		spec := map[string]any{
			"argv":         []string{filepath.Join(bin, "gonb"), "--kernel", "{connection_file}", "-go_work=" + root, "-raw_error"},
			"display_name": "Go (" + name + ")", "language": "go", "env": env,
		}
		b, _ := json.MarshalIndent(spec, "", " ")
		if err := os.WriteFile(filepath.Join(dir, "kernel.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "dlfun" {
			if err := assets.InstallECharts(root, dir); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The notebook server, on a free port with a random token.
	nbDir := filepath.Join(tmp, "notebooks")
	src, err := os.ReadFile(filepath.Join("testdata", "charts.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(nbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range specs {
		nb := strings.Replace(string(src), `"name": "dlfun"`, `"name": "`+name+`"`, 1)
		if err := os.WriteFile(filepath.Join(nbDir, name+".ipynb"), []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Two course notebooks whose charts the course issue names: 04's
	// optimizer trajectories on the loss surface and 10's sweep.
	for _, name := range courseNotebooks {
		b, err := os.ReadFile(filepath.Join(root, "notebooks", name+".ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(nbDir, name+".ipynb"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t)
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	token := hex.EncodeToString(tok)
	ctx, cancel := context.WithCancel(context.Background())
	args := []string{"--no-browser", "--ip=127.0.0.1", fmt.Sprintf("--port=%d", port),
		"--port-retries=0", "--NotebookApp.token=" + token, "--notebook-dir=" + nbDir}
	if os.Geteuid() == 0 { // containers and CI often run as root
		args = append(args, "--allow-root")
	}
	server := exec.CommandContext(ctx, jupyter, args...)
	server.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+data, "JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "jupyter-config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "jupyter-runtime"), "JUPYTER_PATH=", "IPYTHONDIR="+filepath.Join(tmp, "ipython"))
	serverLog, _ := os.Create(filepath.Join(tmp, "server.log"))
	server.Stdout, server.Stderr = serverLog, serverLog
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _, _ = server.Process.Wait(); close(exited) }()
	defer func() {
		cancel()
		<-exited
		if t.Failed() {
			t.Logf("notebook server log (tail):\n%s", readTail(filepath.Join(tmp, "server.log")))
		}
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	waitFor(t, 60*time.Second, "notebook server", func() (bool, string) {
		select {
		case <-exited:
			t.Fatalf("notebook server exited:\n%s", readTail(filepath.Join(tmp, "server.log")))
		default:
		}
		resp, err := http.Get(base + "api/status?token=" + token)
		if err != nil {
			return false, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode == 200, resp.Status
	})

	br := browsertest.NewTab(t, browsertest.NewBrowser(t, chromium, 1100, 900))
	artifacts := filepath.Join(root, "artifacts")
	_ = os.MkdirAll(artifacts, 0o755)

	for _, mode := range []string{"dlfun", "dlfun-inline"} {
		t.Run(mode, func(t *testing.T) {
			url := base + "notebooks/" + mode + ".ipynb?token=" + token
			openNotebook(t, br, url)
			if _, err := browsertest.Eval[any](br, `Jupyter.notebook.clear_all_output(), Jupyter.notebook.execute_all_cells(), true`); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 300*time.Second, "all cells executed", func() (bool, string) {
				var s struct {
					Done, Total int
				}
				err := evalInto(br, `(function(){var c=Jupyter.notebook.get_cells().filter(function(c){return c.cell_type=="code"});
					return {Done:c.filter(function(c){return typeof c.input_prompt_number=="number"}).length,Total:c.length}})()`, &s)
				return err == nil && s.Done == s.Total, fmt.Sprintf("%d/%d cells (%v)", s.Done, s.Total, err)
			})
			checkCharts(t, br, "live")
			checkNoErrors(t, br)
			if err := screenshot(br, filepath.Join(artifacts, "charts-"+mode+"-live.png"), 1100, pageHeight(br)); err != nil {
				t.Error(err)
			}
			if _, err := browsertest.Eval[any](br, `Jupyter.notebook.save_notebook().then(function(){return true})`); err != nil {
				t.Fatal(err)
			}
			saved := filepath.Join(nbDir, mode+".ipynb")
			b, _ := os.ReadFile(saved)
			if n := strings.Count(string(b), `class=\"dlfun-echarts\"`); n != chartsInTestNotebook {
				t.Fatalf("saved notebook holds %d chart outputs, want %d", n, chartsInTestNotebook)
			}
			// Served mode keeps the library out of the notebook; inline mode stores it once.
			wantLibs := map[string]int{"dlfun": 0, "dlfun-inline": 1}[mode]
			if n := strings.Count(string(b), "data-dlfun-echarts-lib"); n != wantLibs {
				t.Errorf("saved notebook holds the library %d times, want %d", n, wantLibs)
			}
			t.Logf("saved notebook: %d bytes", len(b))

			// Reopen: stop every kernel, load the page again.
			shutdownKernels(t, base, token)
			if err := br.Navigate("about:blank"); err != nil {
				t.Fatal(err)
			}
			openNotebook(t, br, url)
			checkCharts(t, br, "after reopen")
			if err := screenshot(br, filepath.Join(artifacts, "charts-"+mode+"-reopened.png"), 1100, pageHeight(br)); err != nil {
				t.Error(err)
			}
			shutdownKernels(t, base, token)
			if mode == "dlfun" {
				checkUntrusted(t, br, b, filepath.Join(nbDir, "untrusted.ipynb"), base+"notebooks/untrusted.ipynb?token="+token)
				if err := screenshot(br, filepath.Join(artifacts, "charts-untrusted.png"), 1100, 900); err != nil {
					t.Error(err)
				}
				shutdownKernels(t, base, token)
			}

			// Static export of the saved notebook, viewed from a file.
			out, err := File(saved, filepath.Join(tmp, "export"))
			if err != nil {
				t.Fatal(err)
			}
			if err := br.Navigate("file://" + out); err != nil {
				t.Fatal(err)
			}
			checkCharts(t, br, "static export")
			var katex int
			if err := evalInto(br, `document.querySelectorAll("section.md .katex").length`, &katex); err != nil || katex == 0 {
				t.Errorf("static export: %d formulas typeset by KaTeX (%v), want at least 1", katex, err)
			}
			var libs int
			page, _ := os.ReadFile(out)
			libs = strings.Count(string(page), "data-dlfun-echarts-lib")
			if libs != 1 {
				t.Errorf("export page carries the library %d times, want once", libs)
			}
			if err := screenshot(br, filepath.Join(artifacts, "charts-"+mode+"-export.png"), 1100, 1400); err != nil {
				t.Error(err)
			}
		})
	}

	// The course notebooks, run in the browser like a student would: every
	// chart they show must draw.
	for _, name := range courseNotebooks {
		t.Run(name, func(t *testing.T) {
			openNotebook(t, br, base+"notebooks/"+name+".ipynb?token="+token)
			runAllCells(t, br)
			var n int
			if err := evalInto(br, `document.querySelectorAll("div.dlfun-echarts").length`, &n); err != nil {
				t.Fatal(err)
			}
			if n < 3 {
				t.Fatalf("%s shows %d charts in the browser, want at least 3", name, n)
			}
			checkChartsN(t, br, name, n)
			checkNoErrors(t, br)
			if err := screenshot(br, filepath.Join(artifacts, "course-"+name+".png"), 1100, pageHeight(br)); err != nil {
				t.Error(err)
			}
			shutdownKernels(t, base, token)
		})
	}
}

// courseNotebooks are the notebooks of the course that the browser test
// also runs in the classic Notebook.
var courseNotebooks = []string{"04-momentum", "10-lab-mnist"}

// checkUntrusted writes saved (a notebook saved, so signed, by the
// Notebook) to path with its metadata changed, as a notebook executed or
// edited elsewhere is, opens it from url and checks that the Notebook does
// not trust it, runs none of its chart scripts, and that every chart's
// placeholder says how to trust it.
func checkUntrusted(t *testing.T, br *browsertest.Tab, saved []byte, path, url string) {
	t.Helper()
	var nb map[string]any
	if err := json.Unmarshal(saved, &nb); err != nil {
		t.Fatal(err)
	}
	meta, _ := nb["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		nb["metadata"] = meta
	}
	meta["dlfun_browser_test"] = "changed outside the Notebook: no longer trusted"
	b, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	openNotebook(t, br, url)
	var st struct {
		Trusted          bool
		Charts, Canvases int
		Placeholders     int
		First            string
	}
	waitFor(t, 60*time.Second, "the untrusted notebook's outputs", func() (bool, string) {
		err := evalInto(br, `(function(){var d=document.querySelectorAll("div.dlfun-echarts");
			return {Trusted: Jupyter.notebook.trusted, Charts: d.length,
				Canvases: document.querySelectorAll("div.dlfun-echarts canvas").length,
				Placeholders: Array.prototype.filter.call(d, function(e){return e.textContent.indexOf("trust it with File ▸ Trust Notebook") >= 0}).length,
				First: d.length ? d[0].textContent : ""}})()`, &st)
		return err == nil && st.Charts == chartsInTestNotebook, fmt.Sprintf("%+v (%v)", st, err)
	})
	if st.Trusted {
		t.Fatalf("the changed copy of the notebook is trusted: it must not be, for this check")
	}
	if st.Canvases != 0 {
		t.Errorf("untrusted notebook: %d charts drew a canvas, want none (the Notebook runs no script of an untrusted notebook)", st.Canvases)
	}
	if st.Placeholders != chartsInTestNotebook {
		t.Errorf("untrusted notebook: %d of %d chart placeholders say how to trust the notebook; the first says %q", st.Placeholders, st.Charts, st.First)
	}
	t.Logf("untrusted notebook: %d placeholders, e.g. %q", st.Placeholders, tail(st.First, 200))
}

// runAllCells executes every cell of the open notebook and waits until all
// code cells have an execution count.
func runAllCells(t *testing.T, br *browsertest.Tab) {
	t.Helper()
	if _, err := browsertest.Eval[any](br, `Jupyter.notebook.clear_all_output(), Jupyter.notebook.execute_all_cells(), true`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 300*time.Second, "all cells executed", func() (bool, string) {
		var s struct {
			Done, Total int
		}
		err := evalInto(br, `(function(){var c=Jupyter.notebook.get_cells().filter(function(c){return c.cell_type=="code"});
			return {Done:c.filter(function(c){return typeof c.input_prompt_number=="number"}).length,Total:c.length}})()`, &s)
		return err == nil && s.Done == s.Total, fmt.Sprintf("%d/%d cells (%v)", s.Done, s.Total, err)
	})
}

// openNotebook loads the notebook page and waits until it is ready.
func openNotebook(t *testing.T, br *browsertest.Tab, url string) {
	t.Helper()
	if err := br.Viewport(1100, 900); err != nil {
		t.Fatal(err)
	}
	if err := br.Navigate(url); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "notebook page and kernel", func() (bool, string) {
		var ok bool
		err := evalInto(br, `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded &&
			Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())`, &ok)
		return ok, fmt.Sprint(err)
	})
}

// checkCharts waits until every chart div holds a canvas with enough
// non-white pixels, and that the page title was not changed by the
// </script> label of the test notebook.
func checkCharts(t *testing.T, br *browsertest.Tab, phase string) {
	t.Helper()
	checkChartsN(t, br, phase, chartsInTestNotebook)
}

// checkChartsN is checkCharts for a page with want charts.
func checkChartsN(t *testing.T, br *browsertest.Tab, phase string, want int) {
	t.Helper()
	var last []chartState
	waitFor(t, 90*time.Second, phase+": every chart drawn", func() (bool, string) {
		last = nil
		if err := evalInto(br, chartProbe, &last); err != nil {
			return false, err.Error()
		}
		ok := len(last) == want
		for _, c := range last {
			ok = ok && c.Ink >= 500
		}
		return ok, fmt.Sprintf("%+v", last)
	})
	var title string
	_ = evalInto(br, `document.title`, &title)
	if strings.Contains(title, "pwned") {
		t.Errorf("%s: a chart label ran as script (document.title = %q)", phase, title)
	}
	t.Logf("%s: %d charts drawn, ink pixels %v", phase, len(last), last)
}

// chartState is one chart div as chartProbe reports it.
type chartState struct {
	W, H, Ink int
	Text      string
}

// chartProbe counts, for every chart div, the canvas pixels that are
// neither transparent nor near-white.
const chartProbe = `Array.prototype.map.call(document.querySelectorAll("div.dlfun-echarts"), function(d){
	var ink = 0, w = d.clientWidth, h = d.clientHeight;
	d.querySelectorAll("canvas").forEach(function(c){
		try { var p = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
			for (var i = 0; i < p.length; i += 4) if (p[i+3] > 0 && (p[i] < 235 || p[i+1] < 235 || p[i+2] < 235)) ink++;
		} catch (e) {}
	});
	return {W: w, H: h, Ink: ink, Text: d.textContent.slice(0, 80)};
})`

// checkNoErrors fails on error outputs or stderr in the notebook.
func checkNoErrors(t *testing.T, br *browsertest.Tab) {
	t.Helper()
	var errs []string
	_ = evalInto(br, `Array.prototype.map.call(document.querySelectorAll(".output_error, .output_stderr"), function(e){return e.textContent.slice(0, 300)})`, &errs)
	if len(errs) > 0 {
		t.Errorf("notebook shows errors: %q", errs)
	}
}

// pageHeight returns the notebook's full height, for a screenshot showing
// every cell (the classic Notebook scrolls inside #site).
func pageHeight(br *browsertest.Tab) int {
	h := 900
	_ = evalInto(br, `(function(){var n=document.getElementById("notebook-container");return n?n.scrollHeight+160:document.body.scrollHeight})()`, &h)
	return min(max(h, 900), 14000)
}

// shutdownKernels stops all running kernels through the REST API.
func shutdownKernels(t *testing.T, base, token string) {
	t.Helper()
	resp, err := http.Get(base + "api/kernels?token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	var ks []struct{ ID string }
	_ = json.NewDecoder(resp.Body).Decode(&ks)
	resp.Body.Close()
	for _, k := range ks {
		req, _ := http.NewRequest(http.MethodDelete, base+"api/kernels/"+k.ID+"?token="+token, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
}

// evalInto evaluates the JavaScript expression expr in br (awaiting a
// promise) and decodes its value into *out.
func evalInto[T any](br *browsertest.Tab, expr string, out *T) error {
	v, err := browsertest.Eval[T](br, expr)
	if err == nil {
		*out = v
	}
	return err
}

// screenshot writes a PNG of the page resized to width×height CSS pixels
// (the classic Notebook scrolls inside its page: a tall viewport shows
// every cell), once the charts followed the resize.
func screenshot(br *browsertest.Tab, path string, width, height int) error {
	if err := br.Viewport(width, height); err != nil {
		return err
	}
	// ECharts redraws on the window's resize event, in the next frames.
	if _, err := browsertest.Eval[bool](br, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 300))))`); err != nil {
		return err
	}
	return br.Screenshot(path, nil)
}

// waitFor polls cond until it holds or timeout passes, then fails with the
// last status cond reported.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	status := ""
	for time.Now().Before(deadline) {
		var ok bool
		if ok, status = cond(); ok {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("timed out after %v waiting for %s: %s", timeout, what, tail(status, 2000))
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func readTail(path string) string {
	b, _ := os.ReadFile(path)
	return tail(string(b), 4000)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// TestBrowserExportMath exports a notebook with formulas, a table, raw HTML
// and a chart, opens the page from a file:// URL in headless Chromium
// (offline: the page needs nothing else) and checks that KaTeX typeset
// every formula with its own fonts, that the table is a table and that the
// chart drew. Screenshot: artifacts/export-math.png.
func TestBrowserExportMath(t *testing.T) {
	chromium, _ := browserTools(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assets.EnsureECharts(root); err != nil {
		t.Fatal(err)
	}
	if _, err := assets.EnsureKaTeX(root); err != nil {
		t.Fatal(err)
	}
	libs, err := LoadLibraries()
	if err != nil {
		t.Fatal(err)
	}
	md := "# Backpropagation\n\nThe sigmoid $\\sigma(h) = \\frac{1}{1+e^{-h}}$ has $\\sigma'(h) = \\sigma(h)(1-\\sigma(h))$.\n\n" +
		"$$\n\\frac{\\partial E}{\\partial w_{ji}} = \\delta_j\\, y_i\n$$\n\n" +
		"| PyTorch | dl | formula |\n|---|---|:-:|\n| `torch.sigmoid(x)` | `x.Sigmoid()` | $\\sigma(x)$ |\n\n" +
		"<div style=\"border:1px solid #c00;padding:4px\">Raw <b>HTML</b> box with $x_1$</div>"
	chart := echarts.Line(echarts.Options{Title: "loss"}, echarts.LineSeries{Name: "train", Y: []float64{3, 2, 1.5, 1.2}}).HTML()
	mdJSON, _ := json.Marshal(md)
	chartJSON, _ := json.Marshal(chart)
	nb := `{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ` + string(mdJSON) + `},
	 {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "dl.Plot()",
	  "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/html": ` + string(chartJSON) + `}}]}],
	 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
	tmp := t.TempDir()
	src := filepath.Join(tmp, "math.ipynb")
	if err := os.WriteFile(src, []byte(nb), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := FileWith(src, filepath.Join(tmp, "html"), libs)
	if err != nil {
		t.Fatal(err)
	}
	br := browsertest.NewTab(t, browsertest.NewBrowser(t, chromium, 1000, 900))
	if err := br.Viewport(1000, 900); err != nil {
		t.Fatal(err)
	}
	if err := br.Navigate("file://" + out); err != nil {
		t.Fatal(err)
	}
	const formulas = 5
	var st struct {
		Katex, Display, Errors, Tables, Cells, RawBold int
		Fonts                                          bool
	}
	waitFor(t, 30*time.Second, "formulas typeset", func() (bool, string) {
		err := evalInto(br, `(function(){return {Katex: document.querySelectorAll("span.math > .katex, span.math > .katex-display").length,
			Display: document.querySelectorAll(".katex-display").length,
			Errors: document.querySelectorAll(".katex-error").length,
			Tables: document.querySelectorAll("section.md table").length,
			Cells: document.querySelectorAll("section.md td").length,
			RawBold: document.querySelectorAll("section.md div b").length,
			Fonts: document.fonts.check("16px KaTeX_Main") && document.fonts.status == "loaded"}})()`, &st)
		return err == nil && st.Katex == formulas && st.Fonts, fmt.Sprintf("%+v %v", st, err)
	})
	if st.Display != 1 || st.Errors != 0 || st.Tables != 1 || st.Cells != 3 || st.RawBold != 1 {
		t.Errorf("page: %+v; want 1 display formula, no KaTeX errors, 1 table of 3 cells, raw <b> kept", st)
	}
	checkChartsN(t, br, "export with math", 1)
	artifacts := filepath.Join(root, "artifacts")
	_ = os.MkdirAll(artifacts, 0o755)
	if err := screenshot(br, filepath.Join(artifacts, "export-math.png"), 1000, 900); err != nil {
		t.Error(err)
	}
}

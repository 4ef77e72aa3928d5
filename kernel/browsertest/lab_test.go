package browsertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/nbtest"
)

// chartsInNotebook is the number of charts testdata/charts.ipynb draws: 14
// of dlfun's own kinds (a row counts two) and 3 of go-echarts (a bar, and a
// page of two side by side).
const chartsInNotebook = 17

// tools are what the tests need on this machine.
type tools struct {
	chromium string
	lab      string // jupyter-lab of JupyterLab 4
	notebook bool   // Notebook 7 is installed next to it
}

// findTools looks for Chromium and JupyterLab 4 (in $DLFUN_VENV, the
// repository's .venv, then PATH). Without them the test is skipped, except
// under CI=true, where it fails.
func findTools(t *testing.T, repo string) tools {
	t.Helper()
	skip := func(msg string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: .ci/run installs them)")
		}
		t.Skip(msg)
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test: skipped with -short")
	}
	var tl tools
	for _, c := range []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			tl.chromium = p
			break
		}
	}
	if tl.chromium == "" {
		skip("browser test: no Chromium (Debian: apt-get install chromium)")
	}
	var dirs []string
	if v := os.Getenv("DLFUN_VENV"); v != "" {
		dirs = append(dirs, filepath.Join(v, "bin"))
	}
	dirs = append(dirs, filepath.Join(repo, ".venv", "bin"))
	dirs = append(dirs, filepath.SplitList(os.Getenv("PATH"))...)
	var tried []string
	for _, d := range dirs {
		p := filepath.Join(d, "jupyter-lab")
		out, err := exec.Command(p, "--version").Output()
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(out))
		if !strings.HasPrefix(v, "4.") {
			tried = append(tried, p+" is JupyterLab "+v)
			continue
		}
		tl.lab = p
		if out, err := exec.Command(filepath.Join(d, "jupyter-notebook"), "--version").Output(); err == nil && strings.HasPrefix(strings.TrimSpace(string(out)), "7.") {
			tl.notebook = true
		}
		break
	}
	if tl.lab == "" {
		skip(fmt.Sprintf("browser test: no JupyterLab 4 in $DLFUN_VENV, %s or PATH (%s): run `make lab` once, or set DLFUN_VENV to a venv with python/requirements-dev.txt",
			filepath.Join(repo, ".venv"), strings.Join(tried, "; ")))
	}
	return tl
}

// server is a running JupyterLab.
type server struct {
	base, token string
}

func (s *server) url(path string) string { return s.base + path + "?token=" + s.token }

// startLab starts JupyterLab on root with the Jupyter data folder data (the
// kernelspec and the extension) and private config and runtime folders;
// it is stopped when the test ends.
func startLab(t *testing.T, lab, root, data string) *server {
	t.Helper()
	tmp := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	s := &server{base: fmt.Sprintf("http://127.0.0.1:%d/", port), token: hex.EncodeToString(tok)}
	logPath := filepath.Join(tmp, "lab.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lab, "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
		fmt.Sprintf("--ServerApp.port=%d", port), "--ServerApp.token="+s.token,
		"--ServerApp.root_dir="+root, "--LabApp.expose_app_in_browser=True",
		"--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
	cmd.Env = append(os.Environ(),
		"JUPYTER_DATA_DIR="+data,
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_PATH=", "JUPYTERLAB_SETTINGS_DIR="+filepath.Join(tmp, "settings"),
		"JUPYTERLAB_WORKSPACES_DIR="+filepath.Join(tmp, "workspaces"))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the kernels it starts go too
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("JupyterLab log (end):\n%s", tail(string(b), 4000))
		}
	})
	deadline := time.Now().Add(120 * time.Second) // a loaded 2-core machine needs over 60 s
	for {
		resp, err := http.Get(s.url("api/status"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("JupyterLab did not answer within 120 s:\n%s", tail(string(b), 4000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestChartsJupyterLabNotebook7 executes testdata/charts.ipynb with the
// dlfun runner (an unsigned, untrusted notebook), opens it in JupyterLab 4
// and in Notebook 7, and checks that every chart draws through the dlfun
// renderer: a canvas with ink, no wider than its output area; then the
// same in JupyterLab's dark theme. Screenshots go to artifacts/browser/.
func TestChartsJupyterLabNotebook7(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tl := findTools(t, repo)
	begin := time.Now()

	// The kernelspec (and, by kernel.Install, the extension) go into a
	// temporary Jupyter data folder.
	specDir := nbtest.KernelSpecDir(t)
	data := filepath.Dir(filepath.Dir(specDir))
	ext := filepath.Join(data, "labextensions", filepath.FromSlash(kernel.LabExtensionName), "package.json")
	if _, err := os.Stat(ext); err != nil {
		if _, err := kernel.InstallLabExtension(context.Background(), repo, data, os.Stderr); err != nil {
			t.Fatalf("the chart extension is not installed: %v", err)
		}
	}
	res := nbtest.Run(t, filepath.Join("testdata", "charts.ipynb"), kernel.RunOptions{})
	root := t.TempDir()
	if err := res.Notebook.Write(filepath.Join(root, "charts.ipynb")); err != nil {
		t.Fatal(err)
	}
	t.Logf("kernel installed and notebook executed in %.1fs", time.Since(begin).Seconds())

	srv := startLab(t, tl.lab, root, data)
	t.Logf("JupyterLab up after %.1fs", time.Since(begin).Seconds())
	artifacts := filepath.Join(repo, "artifacts", "browser")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(tl.chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 1000),
		chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()

	// Notebook 7 first: the dark theme chosen in JupyterLab is a user
	// setting both share.
	t.Run("Notebook7", func(t *testing.T) {
		if !tl.notebook {
			if os.Getenv("CI") == "true" {
				t.Fatal("Notebook 7 is not installed next to JupyterLab")
			}
			t.Skip("Notebook 7 is not installed next to JupyterLab")
		}
		br := newTab(t, alloc)
		openAndCheck(t, br, srv.url("notebooks/charts.ipynb"), filepath.Join(artifacts, "nb7"))
		br.checkExceptions(t)
	})
	t.Run("JupyterLab", func(t *testing.T) {
		br := newTab(t, alloc)
		openAndCheck(t, br, srv.url("lab/tree/charts.ipynb"), filepath.Join(artifacts, "lab"))
		// JupyterLab's dark theme: every chart is drawn again, dark.
		if _, err := eval[bool](br, `window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'}).then(() => true)`); err != nil {
			t.Fatalf("switching to the dark theme: %v", err)
		}
		waitJS(t, br, 30*time.Second, "the dark theme", `document.body.dataset.jpThemeLight === 'false'`)
		checkCharts(t, br, filepath.Join(artifacts, "lab-dark"), "dark")
		br.checkExceptions(t)
	})
	t.Logf("total %.1fs", time.Since(begin).Seconds())
}

// tab is one browser tab and the page exceptions it saw.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	exc []string
}

func newTab(t *testing.T, alloc context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	br := &tab{ctx: ctx}
	messages := chromedp.Console(ctx) // opens the tab with ctx: later calls may use timeouts
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException {
				br.mu.Lock()
				br.exc = append(br.exc, m.Text)
				br.mu.Unlock()
			}
		}
	}()
	return br
}

// checkExceptions fails t for uncaught page exceptions raised by dlfun's
// renderer (JupyterLab's own are only logged).
func (br *tab) checkExceptions(t *testing.T) {
	t.Helper()
	br.mu.Lock()
	defer br.mu.Unlock()
	for _, e := range br.exc {
		if strings.Contains(e, "dlfun") || strings.Contains(strings.ToLower(e), "echarts") {
			t.Errorf("page exception from the chart renderer: %s", e)
		} else {
			t.Logf("page exception (not ours): %s", tail(e, 300))
		}
	}
	br.exc = nil
}

// eval evaluates the JavaScript expression expr (awaiting a promise) and
// decodes its value into a T.
func eval[T any](br *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(br.ctx, 20*time.Second) // a hung page fails the check, not the test binary
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// openAndCheck opens url, waits for the notebook and checks its charts.
func openAndCheck(t *testing.T, br *tab, url, shots string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(br.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	waitJS(t, br, 60*time.Second, "the notebook's outputs",
		`document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length > 0`)
	checkCharts(t, br, shots, "light")
}

// chartStateJS reports every chart drawn by the dlfun renderer: its ink
// (sampled canvas pixels that are not transparent), the canvas size and
// whether it fits its output area.
const chartStateJS = `(() => {
  const els = [...document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')];
  return els.map((el, i) => {
    const cv = el.querySelector('canvas');
    const area = el.closest('.jp-OutputArea-output') || el.parentElement;
    const r = el.getBoundingClientRect(), a = area.getBoundingClientRect();
    let ink = 0, n = 0;
    if (cv && cv.width && cv.height) {
      const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
      for (let k = 3; k < d.length; k += 4 * 13) { n++; if (d[k] > 0) ink++; }
    }
    return {i, ink, n, w: Math.round(r.width), h: Math.round(r.height), theme: el.dataset.theme || '',
      fits: r.left >= a.left - 1 && r.right <= a.right + 1};
  });
})()`

type chartState struct {
	I, Ink, N, W, H int
	Theme           string
	Fits            bool
}

// checkCharts waits until the page shows chartsInNotebook charts, then
// scrolls to each (JupyterLab renders cells lazily) and waits until it has
// drawn, in theme ("light" or "dark", as the renderer marks it); it saves a screenshot of each chart's output as shots-NN.png.
func checkCharts(t *testing.T, br *tab, shots, theme string) {
	t.Helper()
	waitJS(t, br, 60*time.Second, fmt.Sprintf("%d charts of the dlfun renderer", chartsInNotebook),
		fmt.Sprintf(`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts').length === %d`, chartsInNotebook))
	for i := range chartsInNotebook {
		scroll := fmt.Sprintf(`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[%d].scrollIntoView({block: 'center'})`, i)
		if _, err := eval[any](br, scroll); err != nil {
			t.Fatal(err)
		}
		var last chartState
		ok := poll(30*time.Second, func() bool {
			states, err := eval[[]chartState](br, chartStateJS)
			if err != nil || len(states) <= i {
				return false
			}
			last = states[i]
			// At least 1 % of the canvas inked: axes, labels and data, not just a title.
			return last.N > 0 && last.Ink*100 >= last.N && last.W > 100 && last.Theme == theme
		})
		if !ok {
			t.Errorf("chart %d did not draw in the %s theme within 30 s: %+v", i+1, theme, last)
			continue
		}
		if !last.Fits {
			t.Errorf("chart %d is wider than its output area: %+v", i+1, last)
		}
		clip := fmt.Sprintf(`(() => {
		  const c = document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[%d];
		  const o = c.closest('.jp-OutputArea-output') || c; const r = o.getBoundingClientRect();
		  return {x: r.left, y: r.top, width: r.width, height: r.height}; })()`, i)
		box, err := eval[struct{ X, Y, Width, Height float64 }](br, clip)
		if err != nil {
			t.Errorf("chart %d: %v", i+1, err)
			continue
		}
		shotCtx, cancel := context.WithTimeout(br.ctx, 20*time.Second)
		png, err := chromedp.Call(shotCtx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Clip: &page.Viewport{X: box.X, Y: box.Y, Width: box.Width, Height: box.Height, Scale: 1}})
		cancel()
		if err != nil {
			t.Errorf("screenshot of chart %d: %v", i+1, err)
			continue
		}
		if err := os.WriteFile(fmt.Sprintf("%s-%02d.png", shots, i+1), png.Data, 0o644); err != nil {
			t.Error(err)
		}
	}
	if _, err := eval[any](br, `document.querySelector('.dlfun-echarts-output').scrollIntoView({block: 'start'})`); err == nil {
		ctx, cancel := context.WithTimeout(br.ctx, 20*time.Second)
		defer cancel()
		if full, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(shots+".png", full, 0o644)
		}
	}
}

// waitJS waits until the JavaScript expression cond is true.
func waitJS(t *testing.T, br *tab, timeout time.Duration, what, cond string) {
	t.Helper()
	if !poll(timeout, func() bool {
		ok, err := eval[bool](br, cond)
		return err == nil && ok
	}) {
		t.Fatalf("timed out after %v waiting for %s (%s)", timeout, what, cond)
	}
}

// poll calls cond every 200 ms until it is true or timeout has passed.
func poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

package browsertest

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
	"syscall"
	"testing"
	"time"

	"github.com/dlfun/dlfun/dl/echarts"
	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/nbtest"
	"github.com/dlfun/dlfun/kernel/notebook"
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
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("browser test: skipped with -short")
	}
	tl := tools{chromium: Chromium()}
	if tl.chromium == "" {
		SkipOrFail(t, "browser test: no Chromium (Debian: apt-get install chromium)")
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
		SkipOrFail(t, fmt.Sprintf("browser test: no JupyterLab 4 in $DLFUN_VENV, %s or PATH (%s): run `make lab` once, or set DLFUN_VENV to a venv with python/requirements-dev.txt",
			filepath.Join(repo, ".venv"), strings.Join(tried, "; ")))
	}
	return tl
}

// server is a running JupyterLab (it serves Notebook 7 too).
type server struct {
	base, token string
	root        string // the folder it serves
}

// url is the address of path on the server, with the token.
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
	s := &server{base: fmt.Sprintf("http://127.0.0.1:%d/", port), token: hex.EncodeToString(tok), root: root}
	logPath := filepath.Join(tmp, "lab.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// No "get notified about Jupyter news?" pop-up over the notebook, and
	// no nbgrader panels (the venv has nbgrader for the grading tests):
	// screenshots show what a student sees.
	for path, content := range map[string]string{
		filepath.Join(tmp, "settings", "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"): `{"fetchNews": "false", "checkForUpdates": false}`,
		filepath.Join(tmp, "config", "labconfig", "page_config.json"):                                           `{"disabledExtensions": {"@jupyter/nbgrader": true}}`,
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
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
			t.Logf("JupyterLab log (end):\n%s", Tail(string(b), 4000))
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
			t.Fatalf("JupyterLab did not answer within 120 s:\n%s", Tail(string(b), 4000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// opened is a notebook the test executed with the dlfun runner and put in
// the server's root: its file name and how many charts it shows.
type opened struct {
	file   string
	charts int
}

// labEnv is what every JupyterLab test needs.
type labEnv struct {
	repo, artifacts string
	tools
	data  string          // the Jupyter data folder: the dlfun kernelspec and the chart extension
	alloc context.Context // the browser
}

// setupLab finds the tools (or skips), installs the dlfun kernel (with
// gopls, for Tab completion) and the chart extension into a temporary
// Jupyter data folder, and starts Chromium.
func setupLab(t *testing.T) *labEnv {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	e := &labEnv{repo: repo, tools: findTools(t, repo), artifacts: filepath.Join(repo, "artifacts", "browser")}
	specDir := nbtest.KernelSpecDir(t)
	e.data = filepath.Dir(filepath.Dir(specDir))
	ext := filepath.Join(e.data, "labextensions", filepath.FromSlash(kernel.LabExtensionName), "package.json")
	if _, err := os.Stat(ext); err != nil {
		if _, err := kernel.InstallLabExtension(context.Background(), repo, e.data, os.Stderr); err != nil {
			SkipOrFail(t, fmt.Sprintf("browser test: the chart extension is not built (make labextension): %v", err))
		}
	}
	// GoNB serves completion with the gopls in the repository's bin/
	// (kernel.Install builds it; a Quick install leaves it to later).
	if _, err := os.Stat(filepath.Join(repo, "bin", "gopls")); err != nil {
		if err := kernel.BuildGopls(context.Background(), filepath.Join(repo, "bin")); err != nil {
			t.Fatalf("building gopls for Tab completion: %v", err)
		}
	}
	if err := os.MkdirAll(e.artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	e.alloc = NewBrowser(t, e.chromium, 1280, 1000)
	return e
}

// TestJupyterLabNotebook7 executes testdata/charts.ipynb (every chart
// kind) and the course notebooks 04-momentum and 10-lab-mnist with the
// dlfun runner, as `dlfun run` does (unsigned, so untrusted), opens each in
// Notebook 7 and in JupyterLab 4 and checks that every chart draws through
// the dlfun renderer: a canvas with ink, no wider than its output area;
// then charts.ipynb in JupyterLab's dark theme. Screenshots go to
// artifacts/browser/.
func TestJupyterLabNotebook7(t *testing.T) {
	begin := time.Now()
	e := setupLab(t)
	root := t.TempDir()
	memo := t.TempDir() // the course notebooks train from scratch, and leave no cache in notebooks/
	var nbs []opened
	for _, src := range []string{
		filepath.Join("testdata", "charts.ipynb"),
		filepath.Join(e.repo, "notebooks", "04-momentum.ipynb"),
		filepath.Join(e.repo, "notebooks", "10-lab-mnist.ipynb"),
	} {
		start := time.Now()
		res := nbtest.Run(t, src, kernel.RunOptions{Env: []string{"DLFUN_MEMO_DIR=" + memo}})
		nb := opened{file: filepath.Base(src), charts: countCharts(t, res.Notebook)}
		if err := res.Notebook.Write(filepath.Join(root, nb.file)); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s executed in %.1fs: %d charts", nb.file, time.Since(start).Seconds(), nb.charts)
		if nb.file == "charts.ipynb" && nb.charts != chartsInNotebook {
			t.Fatalf("charts.ipynb shows %d charts, want %d", nb.charts, chartsInNotebook)
		}
		if nb.charts < 3 {
			t.Fatalf("%s shows %d charts, want at least 3 (its loss surfaces, trajectories and sweeps)", nb.file, nb.charts)
		}
		nbs = append(nbs, nb)
	}
	t.Logf("kernel installed and notebooks executed in %.1fs", time.Since(begin).Seconds())
	srv := startLab(t, e.lab, root, e.data)
	t.Logf("JupyterLab up after %.1fs", time.Since(begin).Seconds())

	// Notebook 7 first: the dark theme chosen in JupyterLab is a user
	// setting both share.
	t.Run("Notebook7", func(t *testing.T) {
		if !e.notebook {
			SkipOrFail(t, "Notebook 7 is not installed next to JupyterLab")
		}
		for _, nb := range nbs {
			br := NewTab(t, e.alloc)
			openAndCheck(t, br, srv.url("notebooks/"+nb.file), nb.charts, filepath.Join(e.artifacts, "nb7-"+stem(nb.file)))
			if nb.file == "04-momentum.ipynb" { // the valley with GD's zig-zag, for the README
				panelShot(t, br, filepath.Join(e.artifacts, "readme-nb7.png"),
					`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[0]`, "center", false)
			}
			checkExceptions(t, br)
			srv.shutdownKernels(t)
		}
	})
	t.Run("JupyterLab", func(t *testing.T) {
		for _, nb := range nbs {
			br := NewTab(t, e.alloc)
			// reset: a fresh workspace, with only this notebook open.
			openAndCheck(t, br, srv.url("lab/tree/"+nb.file)+"&reset", nb.charts, filepath.Join(e.artifacts, "lab-"+stem(nb.file)))
			checkExceptions(t, br)
			srv.shutdownKernels(t)
		}
	})
	t.Run("JupyterLabDark", func(t *testing.T) {
		br := NewTab(t, e.alloc)
		openAndCheck(t, br, srv.url("lab/tree/charts.ipynb")+"&reset", chartsInNotebook, filepath.Join(e.artifacts, "lab-charts"))
		if _, err := Eval[bool](br, `window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'}).then(() => true)`); err != nil {
			t.Fatalf("switching to the dark theme: %v", err)
		}
		WaitJS(t, br, 30*time.Second, "the dark theme", `document.body.dataset.jpThemeLight === 'false'`)
		checkCharts(t, br, chartsInNotebook, filepath.Join(e.artifacts, "lab-dark-charts"), "dark")
		panelShot(t, br, filepath.Join(e.artifacts, "readme-lab-dark.png"), // the sweep's losses, for the README
			`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[2]`, "end", true)
		checkExceptions(t, br)
		srv.shutdownKernels(t)
	})
	t.Logf("total %.1fs", time.Since(begin).Seconds())
}

// TestJupyterLabLive runs testdata/live.ipynb from JupyterLab, as a
// student would: the progress bar and the live chart change while a
// training cell runs, Tab completion after dl.Ad offers Adam, the
// toolbar's interrupt button stops a long training cell within 2 s with
// "interrupted" in its output, and after saving and reloading the page
// every chart still draws.
func TestJupyterLabLive(t *testing.T) {
	begin := time.Now()
	e := setupLab(t)
	root := t.TempDir()
	live, err := os.ReadFile(filepath.Join("testdata", "live.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "live.ipynb"), live, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startLab(t, e.lab, root, e.data)
	t.Logf("JupyterLab up after %.1fs", time.Since(begin).Seconds())
	liveLab(t, srv, e.alloc, e.artifacts)
	srv.shutdownKernels(t)
	t.Logf("total %.1fs", time.Since(begin).Seconds())
}

// stem is a file name without its extension.
func stem(file string) string { return strings.TrimSuffix(file, filepath.Ext(file)) }

// countCharts counts the charts the outputs of nb show: one per entry of
// each dlfun chart output (a row shows several).
func countCharts(t *testing.T, nb *notebook.Notebook) int {
	t.Helper()
	n := 0
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			v, ok := o.Data[echarts.MIMEType]
			if !ok {
				continue
			}
			var doc struct{ Charts []json.RawMessage }
			var err error
			switch v := v.(type) {
			case string: // GoNB sends the document as a JSON string
				err = json.Unmarshal([]byte(v), &doc)
			default:
				var b []byte
				if b, err = json.Marshal(v); err == nil {
					err = json.Unmarshal(b, &doc)
				}
			}
			if err != nil {
				t.Fatalf("a chart output is not a %s document: %v", echarts.MIMEType, err)
			}
			n += len(doc.Charts)
		}
	}
	return n
}

// shutdownKernels stops every kernel of the server (each notebook opened
// starts one, with its gopls: on two cores they would slow down the rest).
func (s *server) shutdownKernels(t *testing.T) {
	t.Helper()
	resp, err := http.Get(s.url("api/kernels"))
	if err != nil {
		t.Fatal(err)
	}
	var ks []struct{ ID string }
	err = json.NewDecoder(resp.Body).Decode(&ks)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("listing kernels: %v", err)
	}
	for _, k := range ks {
		req, _ := http.NewRequest(http.MethodDelete, s.url("api/kernels/"+k.ID), nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
}

// checkExceptions fails t for uncaught page exceptions raised by dlfun's
// renderer (JupyterLab's own are only logged).
func checkExceptions(t *testing.T, br *Tab) {
	t.Helper()
	for _, e := range br.Exceptions() {
		if strings.Contains(e, "dlfun") || strings.Contains(strings.ToLower(e), "echarts") {
			t.Errorf("page exception from the chart renderer: %s", e)
		} else {
			t.Logf("page exception (not ours): %s", Tail(e, 300))
		}
	}
}

// openAndCheck opens url, waits for the notebook and checks its want charts.
func openAndCheck(t *testing.T, br *Tab, url string, want int, shots string) {
	t.Helper()
	if err := br.Navigate(url); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	WaitJS(t, br, 90*time.Second, "the notebook's outputs",
		`document.querySelectorAll('.jp-Notebook .jp-OutputArea-output').length > 0`)
	checkCharts(t, br, want, shots, "light")
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

// chartBoxJS is the page rectangle of the output area of chart %d.
const chartBoxJS = `(() => {
  const c = document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[%d];
  const o = c.closest('.jp-OutputArea-output') || c; const r = o.getBoundingClientRect();
  return {x: r.left, y: r.top, width: r.width, height: r.height}; })()`

// checkCharts waits until the page shows want charts, then scrolls to each
// (JupyterLab renders cells lazily) and waits until it has drawn, in theme
// ("light" or "dark", as the renderer marks it); it saves a screenshot of
// each chart's output as shots-NN.png.
func checkCharts(t *testing.T, br *Tab, want int, shots, theme string) {
	t.Helper()
	WaitJS(t, br, 90*time.Second, fmt.Sprintf("%d charts of the dlfun renderer", want),
		fmt.Sprintf(`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts').length === %d`, want))
	for i := range want {
		scroll := fmt.Sprintf(`document.querySelectorAll('.dlfun-echarts-output .dlfun-echarts')[%d].scrollIntoView({block: 'center'})`, i)
		if _, err := Eval[any](br, scroll); err != nil {
			t.Fatal(err)
		}
		var last chartState
		ok := Poll(30*time.Second, func() bool {
			states, err := Eval[[]chartState](br, chartStateJS)
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
		box, err := Eval[Box](br, fmt.Sprintf(chartBoxJS, i))
		if err != nil {
			t.Errorf("chart %d: %v", i+1, err)
			continue
		}
		if err := br.Screenshot(fmt.Sprintf("%s-%02d.png", shots, i+1), &box); err != nil {
			t.Errorf("screenshot of chart %d: %v", i+1, err)
		}
	}
	if _, err := Eval[any](br, `document.querySelector('.dlfun-echarts-output').scrollIntoView({block: 'start'})`); err == nil {
		if err := br.Screenshot(shots+".png", nil); err != nil {
			t.Error(err)
		}
	}
}

// panelShot scrolls the element the JavaScript expression elem returns
// into view (block is "start", "center" or "end") and saves a screenshot
// to path: of the notebook panel only (no file browser, menus or side
// bars) if panel is set, else of the whole page. The pictures of the
// README (docs/img/) are cut from these.
func panelShot(t *testing.T, br *Tab, path, elem, block string, panel bool) {
	t.Helper()
	box, err := Eval[Box](br, `(() => {
	  const el = `+elem+`;
	  el.scrollIntoView({block: '`+block+`'});
	  const p = [...document.querySelectorAll('.jp-NotebookPanel')].find(n => n.offsetParent !== null);
	  const r = `+fmt.Sprint(panel)+` ? p.getBoundingClientRect() : {left: 0, top: 0, width: window.innerWidth, height: window.innerHeight};
	  return {x: r.left, y: r.top, width: r.width, height: r.height}; })()`)
	if err != nil {
		t.Errorf("screenshot %s: %v", path, err)
		return
	}
	if err := br.Screenshot(path, &box); err != nil {
		t.Errorf("screenshot %s: %v", path, err)
	}
}

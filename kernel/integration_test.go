package kernel

// Integration tests: they build the pinned tools into bin/, install the
// kernelspec into a temporary Jupyter data folder and run notebooks through
// the real GoNB kernel with GOPROXY=off. They are skipped with -short, and
// when no jupyter command exists unless CI is set (then they must run).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

type testEnv struct {
	repo, dataDir, dlfun string
	inst                 *Installation
	env                  []string // for dlfun subprocesses
}

var (
	jupyterOnce sync.Once
	jupyterErr  error
	envOnce     sync.Once
	envVal      *testEnv
	envErr      error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if envVal != nil {
		os.RemoveAll(filepath.Dir(envVal.dataDir)) // the temporary Jupyter folder and dlfun binary
	}
	os.Exit(code)
}

// integration returns the shared installed kernel, or skips the test.
func integration(t *testing.T) *testEnv {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: skipped with -short")
	}
	jupyterOnce.Do(func() { _, jupyterErr = FindJupyter(context.Background()) })
	if jupyterErr != nil && os.Getenv("CI") == "" {
		t.Skipf("integration test: no working jupyter (%v); install jupyter-notebook, or set CI=true to force", jupyterErr)
	}
	envOnce.Do(func() { envVal, envErr = setupEnv() })
	if envErr != nil {
		t.Fatal(envErr)
	}
	return envVal
}

func setupEnv() (*testEnv, error) {
	repo, err := FindRepo(".")
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "dlfun-it-")
	if err != nil {
		return nil, err
	}
	e := &testEnv{repo: repo, dataDir: filepath.Join(tmp, "jupyter"), dlfun: filepath.Join(tmp, "dlfun")}
	var log bytes.Buffer
	e.inst, err = Install(context.Background(), InstallOptions{Repo: repo, DataDir: e.dataDir, Out: &log})
	fmt.Fprint(os.Stderr, log.String())
	if err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	build := exec.Command("go", "build", "-o", e.dlfun, "./kernel/cmd/dlfun")
	build.Dir = repo
	if b, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building dlfun: %v\n%s", err, b)
	}
	e.env = append(os.Environ(), "JUPYTER_DATA_DIR="+e.dataDir, "GOPROXY=off")
	return e, nil
}

// dlfun runs the dlfun command and returns its exit code and output.
func (e *testEnv) run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(e.dlfun, args...)
	cmd.Dir, cmd.Env = dir, e.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running dlfun %v: %v", args, err)
	}
	return code, out.String(), errb.String()
}

// writeNotebook writes a notebook of code cells into dir.
func writeNotebook(t *testing.T, dir, name string, cells ...string) string {
	t.Helper()
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5}
	for i, src := range cells {
		nb.Cells = append(nb.Cells, &notebook.Cell{CellType: notebook.Code, ID: fmt.Sprintf("c%d", i), Source: notebook.Text(src)})
	}
	path := filepath.Join(dir, name)
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInstallKernelspec(t *testing.T) {
	e := integration(t)
	spec, err := jupyter.ReadKernelSpec(e.inst.KernelDir)
	if err != nil {
		t.Fatal(err)
	}
	wantArgv := append([]string{filepath.Join(e.repo, "bin", "gonb"), "--kernel", "{connection_file}", "-go_work=" + e.repo}, QuietLogFlags...)
	if fmt.Sprint(spec.Argv) != fmt.Sprint(wantArgv) {
		t.Errorf("argv %q, want %q", spec.Argv, wantArgv)
	}
	if spec.DisplayName != DisplayName || spec.Env["GOPROXY"] != "off" || !strings.HasPrefix(spec.Env["PATH"], filepath.Join(e.repo, "bin")+":") {
		t.Errorf("spec %+v: want display name %q, GOPROXY=off, PATH starting with the repo's bin", spec, DisplayName)
	}
	for _, tool := range []string{"gonb", "goimports", "gopls"} {
		if _, err := os.Stat(filepath.Join(e.repo, "bin", tool)); err != nil {
			t.Errorf("tool not built: %v", err)
		}
	}
	if jp, err := FindJupyter(context.Background()); err == nil {
		cmd := exec.Command(jp.Path, "kernelspec", "list", "--json")
		cmd.Env = e.env
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("jupyter kernelspec list: %v (install Debian's jupyter-client)", err)
		}
		var list struct {
			Kernelspecs map[string]struct {
				ResourceDir string `json:"resource_dir"`
			} `json:"kernelspecs"`
		}
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatalf("jupyter kernelspec list --json: %v\n%s", err, b)
		}
		if got := list.Kernelspecs[KernelName].ResourceDir; got != e.inst.KernelDir {
			t.Errorf("jupyter kernelspec list: dlfun at %q, want %q", got, e.inst.KernelDir)
		}
	}
	// Idempotent: installing again (CLI, --prefix) gives the same spec and
	// leaves no temporary folders.
	prefix := t.TempDir()
	for i := 0; i < 2; i++ {
		code, out, errs := e.run(t, e.repo, "install", "--prefix", prefix, "--no-prewarm")
		if code != 0 {
			t.Fatalf("dlfun install --prefix: exit %d\n%s%s", code, out, errs)
		}
		if !strings.Contains(out, filepath.Join(prefix, "share", "jupyter", "kernels", "dlfun")) {
			t.Errorf("install output does not say where it installed:\n%s", out)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(prefix, "share", "jupyter", "kernels"))
	if len(entries) != 1 || entries[0].Name() != KernelName {
		t.Errorf("kernels folder after two installs: %v, want only dlfun", entries)
	}
	again, err := jupyter.ReadKernelSpec(filepath.Join(prefix, "share", "jupyter", "kernels", KernelName))
	if err != nil || fmt.Sprint(again.Argv) != fmt.Sprint(spec.Argv) {
		t.Errorf("--prefix spec %v (%v), want argv %v", again, err, spec.Argv)
	}
}

func TestRunWelcome(t *testing.T) {
	e := integration(t)
	in := filepath.Join(e.repo, "notebooks", "00-welcome.ipynb")
	before, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := e.run(t, e.repo, "run", "--timeout", "2m", "--out", out, "notebooks/00-welcome.ipynb")
	if code != 0 {
		t.Fatalf("dlfun run 00-welcome: exit %d\n%s\n%s", code, stdout, stderr)
	}
	after, _ := os.ReadFile(in)
	if sha256.Sum256(before) != sha256.Sum256(after) {
		t.Error("dlfun run modified its input notebook")
	}
	nb, err := notebook.Read(filepath.Join(out, "00-welcome.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var html int
	for _, c := range nb.Cells {
		if c.CellType == notebook.Code && c.ExecutionCount == nil {
			t.Errorf("cell %s not executed", c.ID)
		}
		for _, o := range c.Outputs {
			text.WriteString(o.String())
			if _, ok := o.Data["text/html"]; ok {
				html++
			}
			if o.OutputType == notebook.Error {
				t.Errorf("cell %s has an error output: %s", c.ID, o)
			}
		}
	}
	for _, want := range []string{"Hello from Go", "σ(+0) = 0.5000", "counter after one bump: 1", "fitted line: y = 1.960·x + 1.099", "<svg"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("executed welcome notebook lacks %q", want)
		}
	}
	if html < 2 {
		t.Errorf("got %d HTML outputs, want the SVG and the summary at least", html)
	}
	validateNbformat(t, filepath.Join(out, "00-welcome.ipynb"))
}

// validateNbformat checks a file with Python's nbformat when available.
func validateNbformat(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import nbformat").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Errorf("python3-nbformat missing: cannot validate %s", path)
		}
		return
	}
	b, err := exec.Command(py, "-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path).CombinedOutput()
	if err != nil {
		t.Errorf("%s is not valid nbformat 4: %v\n%s", path, err, b)
	}
}

func TestRunFailingCell(t *testing.T) {
	e := integration(t)
	dir := t.TempDir()
	tests := []struct {
		name  string
		cells []string
		want  []string // in stderr
	}{
		{"compile error", []string{"%%\nfmt.Println(\"first\")", "%%\nvar x int = \"s\"", "%%\nfmt.Println(\"never\")"},
			[]string{"broken.ipynb: cell 2 (In [2]) failed", "cannot use \"s\""}},
		{"panic", []string{"func f() { panic(\"boom\") }", "%%\nf()"},
			[]string{"broken.ipynb: cell 2 (In [2]) failed", "panic: boom at [[ Cell ["}}, // GoNB names the cell of f or of its call, depending on inlining
		{"kernel dies", []string{"%%\nfmt.Println(\"ok\")", "%%\nsyscall.Kill(os.Getppid(), syscall.SIGKILL)\ntime.Sleep(time.Minute)", "%%\nfmt.Println(\"never\")"},
			[]string{"broken.ipynb: cell 2", "killed the kernel", "KernelDied: the kernel process exited while the cell ran (signal: killed)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeNotebook(t, dir, "broken.ipynb", tc.cells...)
			out := t.TempDir()
			code, stdout, stderr := e.run(t, dir, "run", "--out", out, path)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			nb, err := notebook.Read(filepath.Join(out, "broken.ipynb"))
			if err != nil {
				t.Fatal(err)
			}
			if last := nb.Cells[len(nb.Cells)-1]; len(tc.cells) == 3 && last.ExecutionCount != nil {
				t.Error("a cell after the failing one was executed")
			}
			validateNbformat(t, filepath.Join(out, "broken.ipynb"))
		})
	}
}

func TestRunTimeout(t *testing.T) {
	e := integration(t)
	dir := t.TempDir()
	path := writeNotebook(t, dir, "loop.ipynb", "%%\nfmt.Println(\"spinning\")\nfor {}", "%%\nfmt.Println(\"never\")")
	start := time.Now()
	code, stdout, stderr := e.run(t, dir, "run", "--timeout", "3s", path)
	elapsed := time.Since(start)
	if code != 1 || !strings.Contains(stderr, "loop.ipynb: cell 1 (In [1]) timed out") || !strings.Contains(stderr, "timeout of 3s") {
		t.Fatalf("exit %d, want 1 and a timeout naming cell 1\n%s\n%s", code, stdout, stderr)
	}
	if elapsed > 20*time.Second {
		t.Errorf("the 3 s timeout took %v to stop the notebook", elapsed)
	}
	t.Logf("infinite loop with --timeout 3s: dlfun run exited after %.1fs", elapsed.Seconds())

	// The total timeout stops the same loop when no cell timeout is set.
	res, err := RunNotebook(context.Background(), path, RunOptions{KernelSpecDir: e.inst.KernelDir, TotalTimeout: 4 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || res.Err.Status != jupyter.Timeout || !strings.Contains(res.Err.Evalue, "total timeout of 4s") {
		t.Errorf("total timeout: %v, want a timeout naming the total timeout", res.Err)
	}
	if len(res.Cells) != 1 || !strings.Contains(res.Cells[0].Text(), "spinning") {
		t.Errorf("cells %+v: want only the first, with its output before the timeout", res.Cells)
	}
}

// TestMemoryLimit: under WithPrlimit a cell that allocates 20 GB fails
// with "out of memory" (and the run goes on to report it) instead of
// taking the machine down. The allocation fails at once: nothing is touched.
func TestMemoryLimit(t *testing.T) {
	e := integration(t)
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("prlimit (util-linux) not installed")
	}
	path := writeNotebook(t, t.TempDir(), "mem.ipynb", "%%\nb := make([]byte, 20<<30)\nb[len(b)-1] = 1\nfmt.Println(len(b))")
	res, err := RunNotebook(context.Background(), path, RunOptions{KernelSpecDir: e.inst.KernelDir, CellTimeout: time.Minute,
		PrepareCmd: WithPrlimit(4 << 30)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil || !strings.Contains(res.Err.Error(), "out of memory") || res.Err.Cell != 1 {
		t.Errorf("result error %v, want cell 1 failing with out of memory", res.Err)
	}
}

// TestLargeHTMLOutputKept: a cell displaying 1 MB of HTML keeps its output
// in 20 of 20 runs, each in a fresh kernel. With gonbui.Sync() after the
// display (what dl's display layer does) every run must keep it. Without
// it, GoNB itself can lose the display when the cell's program exits before
// GoNB read the last bytes from its pipe (a race inside GoNB the runner
// cannot see); about a quarter of the runs deliver the display after the
// cell's idle status, so a runner that dropped late outputs would fail the
// 18-of-20 bar by far.
func TestLargeHTMLOutputKept(t *testing.T) {
	e := integration(t)
	const size = 1 << 20
	tests := []struct {
		name    string
		sync    string
		minKept int
	}{
		{"with Sync", "\ngonbui.Sync()", 20},
		{"without Sync", "", 18},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeNotebook(t, dir, "big.ipynb", fmt.Sprintf(`import "github.com/janpfeifer/gonb/gonbui"
%%%%
gonbui.DisplayHTML("<div>" + strings.Repeat("x", %d-len("<div></div>")) + "</div>")%s`, size, tc.sync))
			opts := RunOptions{KernelSpecDir: e.inst.KernelDir, CellTimeout: 2 * time.Minute}
			kept, late := 0, 0
			for run := 0; run < 20; run++ {
				res, err := RunNotebook(context.Background(), path, opts)
				if err != nil {
					t.Fatal(err)
				}
				if res.Err != nil {
					t.Fatalf("run %d: %v", run, res.Err)
				}
				outs := res.Cells[0].Outputs
				late += res.Cells[0].Late
				if len(outs) == 1 {
					if s, _ := notebook.MIMEText(outs[0].Data["text/html"]); len(s) == size && strings.HasSuffix(s, "</div>") {
						kept++
						continue
					}
				}
				t.Logf("run %d: output lost or truncated: %d outputs", run, len(outs))
			}
			t.Logf("1 MB HTML output %s kept in %d of 20 runs (%d arrived after the cell's idle status)", tc.name, kept, late)
			if kept < tc.minKept {
				t.Errorf("kept in %d of 20 runs, want at least %d", kept, tc.minKept)
			}
		})
	}
}

// TestFirstCellLatency measures the first cell of a fresh kernel after
// install (the cache is warm): a fmt cell and a cell importing dl.
func TestFirstCellLatency(t *testing.T) {
	e := integration(t)
	dir := t.TempDir()
	cells := map[string]string{
		"fmt": "%%\nfmt.Println(\"hi\")",
		"dl":  "import \"github.com/dlfun/dlfun/dl\"\n\nvar _ dl.Dataset\n\n%%\nfmt.Println(\"dl ready\")",
	}
	t.Logf("install: warm-up cell %.2fs, first cell of a fresh kernel afterwards %.2fs", e.inst.WarmUp.Seconds(), e.inst.FirstCell.Seconds())
	for _, name := range []string{"fmt", "dl"} {
		for _, gopls := range []bool{false, true} { // headless, and as in Jupyter (gopls starting beside it)
			path := writeNotebook(t, dir, name+".ipynb", cells[name])
			res, err := RunNotebook(context.Background(), path, RunOptions{KernelSpecDir: e.inst.KernelDir, CellTimeout: time.Minute, KeepGopls: gopls})
			if err != nil || res.Err != nil {
				t.Fatalf("%s: %v %v", name, err, res.Err)
			}
			d := res.Cells[0].Duration
			t.Logf("first cell (%s, gopls=%v) of a fresh kernel: %.2fs (kernel start %.2fs)", name, gopls, d.Seconds(), res.Start.Seconds())
			if d > 3*time.Second {
				t.Errorf("first %s cell took %v: the build cache is not warm (target < 1.5 s)", name, d)
			}
		}
	}
}

// TestReadmeFirstCell runs the README's "A first cell" example, as printed,
// through the kernel: the first thing a newcomer copies must work.
func TestReadmeFirstCell(t *testing.T) {
	e := integration(t)
	readme, err := os.ReadFile(filepath.Join(e.repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## A first cell")
	if !ok {
		t.Fatal(`README.md has no "## A first cell" section`)
	}
	_, code, ok := strings.Cut(after, "```go\n")
	if ok {
		code, _, ok = strings.Cut(code, "```")
	}
	if !ok {
		t.Fatal(`README.md's "A first cell" section has no go code block`)
	}
	dir := t.TempDir()
	path := writeNotebook(t, dir, "readme.ipynb", code)
	out := t.TempDir()
	exit, stdout, stderr := e.run(t, dir, "run", "--timeout", "2m", "--out", out, path)
	if exit != 0 {
		t.Fatalf("the README's first cell failed: exit %d\n%s\n%s\ncell:\n%s", exit, stdout, stderr, code)
	}
	nb, err := notebook.Read(filepath.Join(out, "readme.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	charts := 0
	for _, o := range nb.Cells[0].Outputs {
		text.WriteString(o.String())
		if h, ok := o.Data["text/html"]; ok && strings.Contains(fmt.Sprint(h), "dlfun-echarts") {
			charts++
		}
	}
	if !strings.Contains(text.String(), "epoch") {
		t.Errorf("no history table in the output:\n%s", text.String())
	}
	if charts < 2 {
		t.Errorf("%d charts in the output, want the history and the decision boundary", charts)
	}
}

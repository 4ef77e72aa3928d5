package browsertest

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// The cells of testdata/live.ipynb (0 is its markdown title).
const (
	liveTrainCell     = 1 // 12 epochs of 0.4 s
	liveInterruptCell = 2 // 200 epochs of 0.4 s
	liveCompleteCell  = 3 // empty: the test types dl.Ad into it
)

// interruptLimit is how long, from the click on the toolbar's interrupt
// button to the kernel's idle state, a training cell may take to stop
// (issue 14: "stops it within 2 s").
const interruptLimit = 2 * time.Second

// notebookJS is the prefix of every script below: p is the panel of
// live.ipynb in JupyterLab's main area, cell(i) its i-th cell widget.
const notebookJS = `const p = [...window.jupyterapp.shell.widgets('main')].find(w => w.context && w.context.path === 'live.ipynb');
  const cell = i => p.content.widgets[i];`

// liveLab opens testdata/live.ipynb in JupyterLab and runs it from the
// browser: the training cell's progress bar and live chart must change
// while it runs and end "done"; Tab completion after dl.Ad must offer
// Adam; the toolbar's interrupt button must stop the long training cell
// within interruptLimit, its output saying "interrupted"; and after saving
// and reloading the page both charts must still draw.
func liveLab(t *testing.T, srv *server, alloc context.Context, artifacts string) {
	br := NewTab(t, alloc)
	if err := br.Navigate(srv.url("lab/tree/live.ipynb") + "&reset"); err != nil {
		t.Fatal(err)
	}
	var state string
	if !Poll(120*time.Second, func() bool {
		state, _ = Eval[string](br, `(() => {`+notebookJS+`
		  const k = p && p.sessionContext && p.sessionContext.session && p.sessionContext.session.kernel;
		  return JSON.stringify({open: !!p, cells: p ? p.content.widgets.length : 0, kernel: k ? k.name : '',
		    connection: k ? k.connectionStatus : '', status: k ? k.status : ''}) })()`)
		// GoNB publishes no status before the first request: "unknown" is ready too.
		return strings.Contains(state, `"cells":4,"kernel":"dlfun","connection":"connected","status":"idle"`) ||
			strings.Contains(state, `"cells":4,"kernel":"dlfun","connection":"connected","status":"unknown"`)
	}) {
		t.Fatalf("live.ipynb with a connected dlfun kernel did not show up within 120 s: %s", state)
	}

	t.Run("progress", func(t *testing.T) { liveProgress(t, br, artifacts) })
	if err := br.Screenshot(filepath.Join(artifacts, "lab-live.png"), nil); err != nil {
		t.Error(err)
	}
	// The end of the training cell: its last lines, progress bar and chart, for the README.
	panelShot(t, br, filepath.Join(artifacts, "readme-lab-training.png"), fmt.Sprintf(`(() => {`+notebookJS+` return cell(%d).node })()`, liveTrainCell), "end", true)
	t.Run("completion", func(t *testing.T) { complete(t, br) })
	t.Run("interrupt", func(t *testing.T) { interrupt(t, br) })
	t.Run("save and reload", func(t *testing.T) {
		if _, err := Eval[bool](br, `(() => {`+notebookJS+` return window.jupyterapp.commands.execute('docmanager:save').then(() => true) })()`); err != nil {
			t.Fatalf("docmanager:save: %v", err)
		}
		WaitJS(t, br, 30*time.Second, "the notebook saved", `(() => {`+notebookJS+` return !p.context.model.dirty })()`)
		saved, err := notebook.Read(filepath.Join(srv.root, "live.ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		// The final charts of both training cells (live charts are replaced in place).
		if n := countCharts(t, saved); n != 2 {
			t.Fatalf("the saved live.ipynb holds %d charts, want 2", n)
		}
		if err := br.Run(90*time.Second, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		WaitJS(t, br, 90*time.Second, "live.ipynb open again", `(() => {`+notebookJS+`
		  return !!(p && p.content && p.content.widgets.length === 4 && p.context.isReady) })()`)
		checkCharts(t, br, 2, filepath.Join(artifacts, "lab-live-reloaded"), "light")
		text, err := Eval[string](br, `(() => {`+notebookJS+` return cell(`+fmt.Sprint(liveInterruptCell)+`).node.querySelector('.jp-OutputArea').textContent })()`)
		if err != nil || !strings.Contains(text, "interrupted at epoch") {
			t.Errorf("after reloading, the interrupted cell's output no longer says \"interrupted at epoch\" (%v): %q", err, Tail(text, 400))
		}
		checkExceptions(t, br)
	})
}

// runCell runs cell i of the open notebook, as Shift+Enter would.
func runCell(t *testing.T, br *Tab, i int) {
	t.Helper()
	if _, err := Eval[bool](br, fmt.Sprintf(`(() => {`+notebookJS+`
	  window.jupyterapp.shell.activateById(p.id);
	  p.content.activeCellIndex = %d; p.content.deselectAll(); p.content.mode = 'command';
	  window.jupyterapp.commands.execute('notebook:run-cell');
	  return true })()`, i)); err != nil {
		t.Fatalf("running cell %d: %v", i, err)
	}
}

// liveSample is the state of a training cell at one moment.
type liveSample struct {
	T      int64  // Date.now()
	State  string // the cell's execution state: running or idle
	Prog   string // the progress bar's text
	Value  float64
	Sub    string // the live chart's subtitle ("training… epoch 3/12 · …"), or "final"
	Canvas string // a fingerprint of the chart's pixels
}

// samplerJS records, every 100 ms, each new state of cell %d into
// window.dlfunSamples: sampled in the page, so a slow test process misses
// nothing. window.dlfunSample() takes one sample and returns it.
const samplerJS = `(() => {` + notebookJS + `
  const c = cell(%d);
  window.dlfunSamples = [];
  const fingerprint = cv => {
    if (!cv || !cv.width) return '';
    const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    let h = 0;
    for (let k = 0; k < d.length; k += 4 * 7) h = (h * 31 + d[k] + 3 * d[k + 1] + 7 * d[k + 2] + d[k + 3]) >>> 0;
    return String(h);
  };
  const sample = () => {
    const prog = c.node.querySelector('progress');
    let sub = '';
    const outs = c.model.outputs;
    for (let j = 0; j < outs.length; j++) {
      const d = outs.get(j).data['application/vnd.dlfun.echarts.v1+json'];
      if (d) {
        const s = typeof d === 'string' ? d : JSON.stringify(d);
        const m = s.match(/training(…|\\u2026)[^"]*/);
        sub = m ? m[0] : 'final';
      }
    }
    const st = {t: Date.now(), state: c.model.executionState, prog: prog ? prog.parentElement.textContent.trim() : '',
      value: prog ? prog.value : -1, sub, canvas: fingerprint(c.node.querySelector('.dlfun-echarts canvas'))};
    const s = window.dlfunSamples, last = s[s.length - 1];
    if (!last || last.prog !== st.prog || last.sub !== st.sub || last.canvas !== st.canvas || last.state !== st.state) s.push(st);
    return st;
  };
  window.dlfunSample = sample;
  clearInterval(window.dlfunSampler);
  window.dlfunSampler = setInterval(sample, 100);
  return true;
})()`

// liveProgress runs the 12-epoch training cell and checks, from the
// states sampled while it ran, that the progress bar and the live chart
// changed at least twice, then the final state: a full bar "done", the
// final chart drawn.
func liveProgress(t *testing.T, br *Tab, artifacts string) {
	if _, err := Eval[bool](br, fmt.Sprintf(samplerJS, liveTrainCell)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	runCell(t, br, liveTrainCell)
	WaitJS(t, br, 300*time.Second, "the training cell to finish", fmt.Sprintf(`(() => {`+notebookJS+`
	  const c = cell(%d); const prog = c.node.querySelector('progress');
	  return c.model.executionState === 'idle' && c.model.executionCount !== null && !!prog && /done in/.test(prog.parentElement.textContent) })()`, liveTrainCell))
	t.Logf("training cell ran in %.1fs (compile and 12 epochs of 0.4 s)", time.Since(start).Seconds())
	samples, err := Eval[[]liveSample](br, `(() => { clearInterval(window.dlfunSampler); return window.dlfunSamples })()`)
	if err != nil {
		t.Fatal(err)
	}
	progs, subs, canvases := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range samples {
		if s.State != "running" {
			continue
		}
		if strings.Contains(s.Prog, "ETA") {
			progs[s.Prog] = true
		}
		if strings.HasPrefix(s.Sub, "training") && s.Canvas != "" {
			subs[s.Sub] = true
			canvases[s.Canvas] = true
		}
	}
	t.Logf("%d states sampled while training: %d progress texts, %d live chart subtitles, %d different live chart images",
		len(samples), len(progs), len(subs), len(canvases))
	if len(progs) < 2 {
		t.Errorf("the progress bar showed %d different states during training, want at least 2: %+v", len(progs), samples)
	}
	if len(subs) < 2 || len(canvases) < 2 {
		t.Errorf("the live chart showed %d subtitles and %d images during training, want at least 2 of each: %+v", len(subs), len(canvases), samples)
	}
	last, err := Eval[liveSample](br, `window.dlfunSample()`)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`epoch 12/12 · step 120/120 .*done in`).MatchString(last.Prog) || last.Value != 100 {
		t.Errorf("final progress bar: %q at %v %%, want epoch 12/12, step 120/120, done, at 100 %%", last.Prog, last.Value)
	}
	if last.Sub != "final" {
		t.Errorf("the live chart still says %q after training, want the final chart", last.Sub)
	}
	checkCharts(t, br, 1, filepath.Join(artifacts, "lab-live-trained"), "light")
}

// complete types dl.Ad into the empty cell (after %%, as in a cell's
// main body: GoNB completes Go code only), presses Tab and waits for
// JupyterLab's completer to offer Adam (from GoNB's gopls, which may still
// be loading the workspace at the first Tab: the test presses it again).
func complete(t *testing.T, br *Tab) {
	focus := fmt.Sprintf(`(() => {`+notebookJS+`
	  const c = cell(%d);
	  window.jupyterapp.shell.activateById(p.id);
	  p.content.activeCellIndex = %d; p.content.deselectAll();
	  c.model.sharedModel.setSource('%%%%\ndl.Ad');
	  p.content.mode = 'edit';
	  c.editor.focus();
	  c.editor.setCursorPosition({line: 1, column: 5});
	  return c.editor.hasFocus() ? '' : 'the cell editor has no focus (active element: ' + (document.activeElement && document.activeElement.className) + ')' })()`, liveCompleteCell, liveCompleteCell)
	const typed = "%%\ndl.Ad" // completion works in Go code: a %% (main) body here
	const itemsJS = `[...document.querySelectorAll('.jp-Completer:not(.lm-mod-hidden) .jp-Completer-item')].map(e => e.dataset.value || e.textContent.trim())`
	start := time.Now()
	var items []string
	var source, focusErr string
	ok := Poll(150*time.Second, func() bool {
		msg, err := Eval[string](br, focus)
		if err != nil {
			msg = err.Error()
		}
		if focusErr = msg; msg != "" {
			return false
		}
		if err := br.Run(10*time.Second, chromedp.KeyEvent(kb.Tab)); err != nil {
			return false
		}
		// Completions come from gopls through the kernel: give them 20 s.
		Poll(20*time.Second, func() bool {
			items, _ = Eval[[]string](br, itemsJS)
			source, _ = Eval[string](br, fmt.Sprintf(`(() => {`+notebookJS+` return cell(%d).model.sharedModel.getSource() })()`, liveCompleteCell))
			return len(items) > 0 || source != typed
		})
		if len(items) > 0 || source != typed {
			return true
		}
		_ = br.Run(10*time.Second, chromedp.KeyEvent(kb.Escape))
		return false
	})
	t.Logf("completion after %.1fs: source %q, completer items %q", time.Since(start).Seconds(), source, items)
	if !ok { // what the kernel itself answers, for the failure message
		reply, err := Eval[string](br, `(() => {`+notebookJS+` return p.sessionContext.session.kernel.requestComplete({code: '%%\ndl.Ad', cursor_pos: 8}).then(r => JSON.stringify(r.content)) })()`)
		t.Logf("the kernel's complete_reply for dl.Ad: %s (%v)", Tail(reply, 600), err)
	}
	switch {
	case !ok:
		t.Errorf("Tab after dl.Ad offered nothing within 150 s (is gopls in the repository's bin/?) %s", focusErr)
	case len(items) > 0:
		found := false
		for _, it := range items {
			found = found || it == "Adam" || strings.HasPrefix(it, "Adam(")
		}
		if !found {
			t.Errorf("Tab after dl.Ad offers %q, want Adam among them", items)
		}
	case !strings.HasPrefix(source, typed+"am"): // a single completion is inserted without a list
		t.Errorf("Tab after dl.Ad made the cell %q, want dl.Adam…", source)
	}
	_ = br.Run(10*time.Second, chromedp.KeyEvent(kb.Escape))
	_, _ = Eval[bool](br, fmt.Sprintf(`(() => {`+notebookJS+` cell(%d).model.sharedModel.setSource(''); p.content.mode = 'command'; return true })()`, liveCompleteCell))
}

// interruptButtonJS finds the interrupt button of the notebook's toolbar,
// arms the timers (window.dlfunClickAt at the button's mousedown;
// window.dlfunDoneAt when the cell has ended, window.dlfunIdleAt when the
// kernel reports idle, both polled every 10 ms) and returns the button's
// centre.
const interruptButtonJS = `(() => {` + notebookJS + `
  const item = p.toolbar.node.querySelector('[data-jp-item-name="interrupt"]');
  const b = item && (item.querySelector('button, jp-button') || item);
  if (!b) return null;
  const k = p.sessionContext.session.kernel, c = cell(%d);
  window.dlfunClickAt = 0; window.dlfunDoneAt = 0; window.dlfunIdleAt = 0;
  b.addEventListener('mousedown', () => { window.dlfunClickAt = window.dlfunClickAt || Date.now() }, {capture: true, once: true});
  clearInterval(window.dlfunTimer);
  window.dlfunTimer = setInterval(() => {
    if (!window.dlfunClickAt) return;
    if (!window.dlfunDoneAt && c.model.executionState === 'idle') window.dlfunDoneAt = Date.now();
    if (!window.dlfunIdleAt && k.status === 'idle') window.dlfunIdleAt = Date.now();
    if (window.dlfunDoneAt && window.dlfunIdleAt) clearInterval(window.dlfunTimer);
  }, 10);
  const r = b.getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width, height: r.height};
})()`

// interrupt starts the 200-epoch training cell, clicks the toolbar's
// interrupt button once training is under way, and checks that the cell
// ends within interruptLimit and that its output, progress bar and chart
// say where training stopped.
func interrupt(t *testing.T, br *Tab) {
	runCell(t, br, liveInterruptCell)
	// Under way: the progress bar is past the first epoch.
	WaitJS(t, br, 300*time.Second, "the long training cell to reach epoch 2", fmt.Sprintf(`(() => {`+notebookJS+`
	  const prog = cell(%d).node.querySelector('progress');
	  return !!prog && /epoch ([2-9]|\d\d+)\/200/.test(prog.parentElement.textContent) })()`, liveInterruptCell))
	box, err := Eval[*Box](br, fmt.Sprintf(interruptButtonJS, liveInterruptCell))
	if err != nil || box == nil || box.Width == 0 {
		t.Fatalf("no interrupt button in the notebook's toolbar ([data-jp-item-name=interrupt]): %+v, %v", box, err)
	}
	if err := br.Run(10*time.Second, chromedp.MouseClickXY(box.X, box.Y)); err != nil {
		t.Fatal(err)
	}
	WaitJS(t, br, 30*time.Second, "the cell to end after the interrupt", `window.dlfunDoneAt > 0`)
	took, err := Eval[struct{ Done, Idle int64 }](br, `({done: window.dlfunDoneAt - window.dlfunClickAt, idle: window.dlfunIdleAt ? window.dlfunIdleAt - window.dlfunClickAt : -1})`)
	if err != nil {
		t.Fatal(err)
	}
	done := time.Duration(took.Done) * time.Millisecond
	t.Logf("interrupt: the cell ended %v after the click on the toolbar button (kernel idle after %d ms)", done, took.Idle)
	if done > interruptLimit {
		t.Errorf("the interrupted cell took %v to stop, want at most %v", done, interruptLimit)
	}
	WaitJS(t, br, 30*time.Second, "the interrupted cell's output", fmt.Sprintf(`(() => {`+notebookJS+`
	  const c = cell(%d); return c.model.executionState === 'idle' && /interrupted at epoch \d+\/200, step \d+/.test(c.node.querySelector('.jp-OutputArea').textContent) })()`, liveInterruptCell))
	prog, err := Eval[string](br, fmt.Sprintf(`(() => {`+notebookJS+` const b = cell(%d).node.querySelector('progress'); return b ? b.parentElement.textContent : '' })()`, liveInterruptCell))
	if err != nil || strings.Contains(prog, "ETA") || !strings.Contains(prog, "interrupted at epoch") {
		t.Errorf("after the interrupt the progress bar says %q (%v), want \"interrupted at epoch …\" and no ETA", prog, err)
	}
	t.Logf("progress bar after the interrupt: %q", prog)
	// The live chart gives way to the final chart of the partial History,
	// whose subtitle says where training stopped.
	sub, err := Eval[string](br, fmt.Sprintf(`(() => {`+notebookJS+`
	  const outs = cell(%d).model.outputs; let s = '';
	  for (let j = 0; j < outs.length; j++) {
	    const d = outs.get(j).data['application/vnd.dlfun.echarts.v1+json'];
	    if (d) s = typeof d === 'string' ? d : JSON.stringify(d);
	  }
	  const m = s.match(/"subtext":"([^"]*)"/); return m ? m[1] : s.slice(0, 300) })()`, liveInterruptCell))
	if err != nil || !strings.Contains(sub, "interrupted at epoch") || strings.Contains(sub, "training") {
		t.Errorf("after the interrupt the chart's subtitle is %q (%v), want the final chart saying \"interrupted at epoch …\"", sub, err)
	}
	t.Logf("chart subtitle after the interrupt: %q", sub)
}

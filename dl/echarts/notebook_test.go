package echarts

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeKernel plays GoNB's side of the display pipes and returns the HTML
// outputs it receives (with their display ids), acknowledging syncs.
func fakeKernel(t *testing.T) <-chan *protocol.DisplayData {
	t.Helper()
	dir := t.TempDir()
	toKernel, fromKernel := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{toKernel, fromKernel} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes: %v", err)
		}
	}
	t.Setenv(protocol.GONB_PIPE_ENV, toKernel)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, fromKernel)
	t.Setenv(protocol.GONB_TMP_DIR_ENV, dir)
	got := make(chan *protocol.DisplayData, 100)
	go func() {
		r, err := os.Open(toKernel)
		if err != nil {
			return
		}
		w, err := os.OpenFile(fromKernel, os.O_WRONLY, 0o600)
		if err != nil {
			return
		}
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			d := &protocol.DisplayData{}
			if dec.Decode(d) != nil {
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue); ok {
				_ = enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value})
				continue
			}
			got <- d
		}
	}()
	return got
}

func next(t *testing.T, got <-chan *protocol.DisplayData) *protocol.DisplayData {
	t.Helper()
	select {
	case d := <-got:
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no output reached the fake kernel")
		return nil
	}
}

// TestInNotebook covers Show, ShowIn and Live against a fake GoNB, in
// inline mode (the library goes out once per kernel session) and served
// mode (never).
func TestInNotebook(t *testing.T) {
	if _, err := LibraryPath(); err != nil {
		t.Skip("echarts.min.js not fetched: ", err)
	}
	got := fakeKernel(t)
	t.Setenv(EnvURL, "")
	c := Line(Options{Title: "x"}, LineSeries{Y: []float64{1, 2}})

	c.Show()
	d0 := next(t, got)
	if d0.Data[MIMEType] != c.MIMEJSON() {
		t.Errorf("Show sent no %s (types %v)", MIMEType, d0.Data)
	}
	first := d0.Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(first, "data-dlfun-echarts-lib") || len(first) < 1_000_000 {
		t.Errorf("first chart of the session does not carry the library (%d bytes)", len(first))
	}
	c.Show()
	second := next(t, got).Data[protocol.MIMETextHTML].(string)
	if strings.Contains(second, "data-dlfun-echarts-lib") || len(second) > 20_000 {
		t.Errorf("second chart carries the library again (%d bytes)", len(second))
	}

	t.Setenv(EnvURL, "kernelspecs/dlfun/echarts.min.js")
	live := NewLive(time.Hour)
	builds := 0
	build := func() *Chart { builds++; return c }
	if !live.Update(build) || live.Update(build) || builds != 1 {
		t.Errorf("Live.Update drew %d times in one interval, want once", builds)
	}
	d := next(t, got)
	if d.DisplayID != live.ID || d.Data[MIMEType] != c.MIMEJSON() || !strings.Contains(d.Data[protocol.MIMETextHTML].(string), `"kernelspecs/dlfun/echarts.min.js"`) {
		t.Errorf("live update went to %q (want %q) or lacks the library URL", d.DisplayID, live.ID)
	}
	live.Final(c)
	if d := next(t, got); d.DisplayID != live.ID || strings.Contains(d.Data[protocol.MIMETextHTML].(string), "data-dlfun-echarts-lib") {
		t.Errorf("final chart: id %q, or served mode sent the library", d.DisplayID)
	}

	InitNotebook() // served mode: nothing to do
	t.Setenv(EnvURL, "")
	InitNotebook() // inline mode: always emits the library, even after the marker
	if d := next(t, got); !strings.Contains(d.Data[protocol.MIMETextHTML].(string), "data-dlfun-echarts-lib") {
		t.Errorf("InitNotebook did not emit the library")
	}

	// A new kernel session whose first chart is a row: the row carries the
	// library, in front of its charts; the next row does not.
	t.Setenv(protocol.GONB_TMP_DIR_ENV, t.TempDir())
	row := NewRow(c, Line(Options{Title: "y"}, LineSeries{Y: []float64{3, 1}}))
	row.Show()
	d = next(t, got)
	if d.Data[MIMEType] != row.MIMEJSON() {
		t.Errorf("row.Show sent no %s", MIMEType)
	}
	html := d.Data[protocol.MIMETextHTML].(string)
	lib, flex := strings.Index(html, "data-dlfun-echarts-lib"), strings.Index(html, `class="dlfun-row"`)
	if lib < 0 || flex < lib || strings.Count(html, `class="dlfun-echarts"`) != 2 {
		t.Errorf("first row of a session: library at %d, row at %d, %d charts", lib, flex, strings.Count(html, `class="dlfun-echarts"`))
	}
	row.Show()
	if html := next(t, got).Data[protocol.MIMETextHTML].(string); strings.Contains(html, "data-dlfun-echarts-lib") {
		t.Error("second row carries the library again")
	}
	select {
	case d := <-got:
		t.Errorf("unexpected extra output %q", d.Data)
	default:
	}
}

func TestLiveOutsideNotebook(t *testing.T) {
	t.Setenv(protocol.GONB_PIPE_ENV, "")
	t.Setenv("DLFUN_PLOT_DIR", t.TempDir())
	l := NewLive(0)
	if l.Update(func() *Chart { t.Fatal("built a chart outside a notebook"); return nil }) {
		t.Error("Update reported a redraw outside a notebook")
	}
	l.Final(Line(Options{Title: "final"}, LineSeries{Y: []float64{1}}))
	if files, _ := filepath.Glob(filepath.Join(os.Getenv("DLFUN_PLOT_DIR"), "final-*.html")); len(files) != 1 {
		t.Errorf("Final outside a notebook wrote %v", files)
	}
}

package display

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

func TestOutsideNotebook(t *testing.T) {
	t.Setenv(protocol.GONB_PIPE_ENV, "")
	dir := t.TempDir()
	t.Setenv("DLFUN_PLOT_DIR", filepath.Join(dir, "plots"))
	if InNotebook() {
		t.Fatal("InNotebook() = true without GONB_PIPE")
	}
	// None of these may panic or block without a kernel.
	HTML("<b>x</b>")
	UpdateHTML(NewID(), "<b>y</b>")
	Sync()
	if err := Err(); err != nil {
		t.Fatalf("Err() = %v outside a notebook", err)
	}
	path, err := SavePage("a.html", "<html></html>")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "plots", "a.html"); path != want {
		t.Fatalf("SavePage path = %q, want %q", path, want)
	}
	if b, _ := os.ReadFile(path); string(b) != "<html></html>" {
		t.Fatalf("SavePage wrote %q", b)
	}
}

func TestPlotDirDefault(t *testing.T) {
	t.Setenv("DLFUN_PLOT_DIR", "")
	if got, want := PlotDir(), filepath.Join(os.TempDir(), "dlfun-plots"); got != want {
		t.Fatalf("PlotDir() = %q, want %q", got, want)
	}
}

func TestNewIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if seen[id] || !strings.HasPrefix(id, "dlfun-") {
			t.Fatalf("NewID() = %q (duplicate or bad prefix)", id)
		}
		seen[id] = true
	}
}

// TestFakeKernel plays GoNB's side of the two named pipes: it decodes the
// display messages exactly as GoNB does and acknowledges Sync requests.
func TestFakeKernel(t *testing.T) {
	dir := t.TempDir()
	toKernel, fromKernel := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{toKernel, fromKernel} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	t.Setenv(protocol.GONB_PIPE_ENV, toKernel)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, fromKernel)

	got := make(chan *protocol.DisplayData, 10)
	go func() {
		r, err := os.Open(toKernel)
		if err != nil {
			close(got)
			return
		}
		w, err := os.OpenFile(fromKernel, os.O_WRONLY, 0o600)
		if err != nil {
			close(got)
			return
		}
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			d := &protocol.DisplayData{}
			if dec.Decode(d) != nil {
				close(got)
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue); ok && v.Address == protocol.GonbuiSyncAddress {
				_ = enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value})
				continue
			}
			got <- d
		}
	}()

	if !InNotebook() {
		t.Fatal("InNotebook() = false with GONB_PIPE set")
	}
	HTML("<i>hello</i>")
	UpdateHTML("live-1", "<i>v1</i>")
	Markdown("# title")
	chart := `{"charts":[{"height":300,"option":{"series":[]}}]}`
	Bundle(map[string]string{"application/vnd.dlfun.echarts.v1+json": chart, "text/html": "<div>c</div>"})
	UpdateBundle("live-1", map[string]string{"text/html": "<i>v2</i>", "text/plain": "v2"})
	done := make(chan struct{})
	go func() { Sync(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Sync did not return after the fake kernel acknowledged")
	}
	want := []struct {
		data map[protocol.MIMEType]any
		id   string
	}{
		{map[protocol.MIMEType]any{protocol.MIMETextHTML: "<i>hello</i>"}, ""},
		{map[protocol.MIMEType]any{protocol.MIMETextHTML: "<i>v1</i>"}, "live-1"},
		{map[protocol.MIMEType]any{protocol.MIMETextMarkdown: "# title"}, ""},
		{map[protocol.MIMEType]any{"application/vnd.dlfun.echarts.v1+json": chart, protocol.MIMETextHTML: "<div>c</div>"}, ""},
		{map[protocol.MIMEType]any{protocol.MIMETextHTML: "<i>v2</i>", protocol.MIMETextPlain: "v2"}, "live-1"},
	}
	for _, w := range want {
		d := <-got
		if d == nil {
			t.Fatal("fake kernel stopped early")
		}
		if !reflect.DeepEqual(d.Data, w.data) || d.DisplayID != w.id {
			t.Fatalf("kernel received %+v, want %v id %q", d, w.data, w.id)
		}
	}
	if err := Err(); err != nil {
		t.Fatal(err)
	}
}

package browsertest

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium (or Chrome) binary, or "".
// Debian's /usr/bin/chromium is a shell wrapper; the binary under
// /usr/lib/chromium is quicker to drive and comes first.
func Chromium() string {
	for _, c := range []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// SkipOrFail skips t with msg, except under CI=true, where the browser
// tests must run (.ci/run installs their tools) and t fails instead.
func SkipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: .ci/run installs it)")
	}
	t.Skip(msg)
}

// NewBrowser starts headless Chromium (the binary chromium) with a fresh
// profile and a width×height window; it stops when t ends. Tabs are opened
// with [NewTab].
func NewBrowser(t testing.TB, chromium string, width, height int) context.Context {
	t.Helper()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.WindowSize(width, height),
		chromedp.Flag("disable-dev-shm-usage", true))...)
	t.Cleanup(cancel)
	return alloc
}

// Tab is one browser tab and the uncaught page exceptions it saw.
type Tab struct {
	Ctx context.Context
	mu  sync.Mutex
	exc []string
}

// NewTab opens a tab in the browser alloc (from [NewBrowser]); it closes
// when t ends.
func NewTab(t testing.TB, alloc context.Context) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	br := &Tab{Ctx: ctx}
	messages := chromedp.Console(ctx) // opens the tab with ctx: later calls may use timeouts
	// Every tab behaves as the focused one (headless, none is): editors
	// take the keyboard, as for a user typing.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("opening a browser tab: %v", err)
	}
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

// Exceptions returns the page exceptions seen since the last call.
func (br *Tab) Exceptions() []string {
	br.mu.Lock()
	defer br.mu.Unlock()
	e := br.exc
	br.exc = nil
	return e
}

// Run runs chromedp actions in the tab, bounded by timeout (a hung page
// fails the check, not the test binary).
func (br *Tab) Run(timeout time.Duration, actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(br.Ctx, timeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// Navigate opens url in the tab.
func (br *Tab) Navigate(url string) error {
	return br.Run(90*time.Second, chromedp.Navigate(url))
}

// Viewport sets the page's size in CSS pixels (device scale 1).
func (br *Tab) Viewport(width, height int) error {
	return br.Run(20*time.Second, chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateScale(1)))
}

// ResetViewport undoes [Tab.Viewport]: the page takes the window's size again.
func (br *Tab) ResetViewport() error {
	ctx, cancel := context.WithTimeout(br.Ctx, 20*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	return err
}

// Eval evaluates the JavaScript expression expr in br (awaiting a promise)
// and decodes its value into a T.
func Eval[T any](br *Tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(br.Ctx, 20*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// Box is a rectangle of the page in CSS pixels.
type Box struct{ X, Y, Width, Height float64 }

// Screenshot writes a PNG of the visible page to path, or of the part
// clip when it is not nil.
func (br *Tab) Screenshot(path string, clip *Box) error {
	var p page.CaptureScreenshotParams
	if clip != nil {
		p.Clip = &page.Viewport{X: clip.X, Y: clip.Y, Width: clip.Width, Height: clip.Height, Scale: 1}
	}
	ctx, cancel := context.WithTimeout(br.Ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Call(ctx, page.CaptureScreenshot, p)
	if err != nil {
		return err
	}
	return os.WriteFile(path, png.Data, 0o644)
}

// Poll calls cond every 200 ms until it is true or timeout has passed, and
// reports whether it became true.
func Poll(timeout time.Duration, cond func() bool) bool {
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

// WaitJS waits until the JavaScript expression cond is true and fails t
// (naming what) after timeout.
func WaitJS(t testing.TB, br *Tab, timeout time.Duration, what, cond string) {
	t.Helper()
	var last error
	if !Poll(timeout, func() bool {
		ok, err := Eval[bool](br, cond)
		last = err
		return err == nil && ok
	}) {
		t.Fatalf("timed out after %v waiting for %s (%s; last error: %v)", timeout, what, cond, last)
	}
}

// Tail returns the last n bytes of s, marked with "…" when cut.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

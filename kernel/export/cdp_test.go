package export

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// browser is a minimal Chrome DevTools Protocol client over Chromium's
// --remote-debugging-pipe (NUL-separated JSON on file descriptors 3 and 4),
// which needs no websocket library and no open port.
type browser struct {
	cmd     *exec.Cmd
	w       io.WriteCloser
	mu      sync.Mutex
	nextID  int
	waiting map[int]chan cdpReply
	session string
	done    chan struct{}
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// startBrowser launches headless Chromium with a fresh profile in dir and
// opens one page target.
func startBrowser(chromium, dir string) (*browser, error) {
	toChrome, ours, err := os.Pipe() // chrome reads fd 3
	if err != nil {
		return nil, err
	}
	fromChrome, theirs, err := os.Pipe() // chrome writes fd 4
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check", "--user-data-dir="+dir,
		"--remote-debugging-pipe", "--window-size=1100,900", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, theirs}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	toChrome.Close()
	theirs.Close()
	b := &browser{cmd: cmd, w: ours, waiting: map[int]chan cdpReply{}, done: make(chan struct{})}
	go b.read(fromChrome)
	var target struct{ TargetID string }
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		b.close()
		return nil, err
	}
	var att struct{ SessionID string }
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		b.close()
		return nil, err
	}
	b.session = att.SessionID
	return b, nil
}

// read dispatches replies; events are ignored (the test polls instead).
func (b *browser) read(r io.Reader) {
	defer close(b.done)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m struct {
			ID int `json:"id"`
			cdpReply
		}
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil || m.ID == 0 {
			continue
		}
		b.mu.Lock()
		ch := b.waiting[m.ID]
		delete(b.waiting, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m.cdpReply
		}
	}
}

// call sends method with params to the browser (session "") or the page
// and decodes the result into out.
func (b *browser) call(session, method string, params any, out any) error {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpReply, 1)
	b.waiting[id] = ch
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	_, err := b.w.Write(append(data, 0))
	b.mu.Unlock()
	if err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return fmt.Errorf("%s: %s", method, r.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-b.done:
		return errors.New("browser exited")
	case <-time.After(90 * time.Second):
		return fmt.Errorf("%s: no reply in 90 s", method)
	}
}

// page calls a method on the page target.
func (b *browser) page(method string, params any, out any) error {
	return b.call(b.session, method, params, out)
}

// eval evaluates a JavaScript expression in the page (awaiting promises)
// and decodes its JSON value into out.
func (b *browser) eval(expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := b.page("Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}, &r); err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("js: %s %s", r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		return json.Unmarshal(r.Result.Value, out)
	}
	return nil
}

// navigate opens url in the page.
func (b *browser) navigate(url string) error {
	return b.page("Page.navigate", map[string]any{"url": url}, nil)
}

// screenshot writes a PNG of the page at the given CSS size.
func (b *browser) screenshot(path string, width, height int) error {
	if err := b.page("Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return err
	}
	time.Sleep(700 * time.Millisecond) // charts follow the resize
	var shot struct{ Data string }
	if err := b.page("Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return err
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// close stops the browser.
func (b *browser) close() {
	_ = b.call("", "Browser.close", map[string]any{}, nil)
	select {
	case <-b.done:
	case <-time.After(5 * time.Second):
		_ = b.cmd.Process.Kill()
	}
	_ = b.cmd.Wait()
}

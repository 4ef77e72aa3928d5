// Package display is dlfun's thin notebook display layer.
//
// Inside a GoNB notebook cell it sends HTML and Markdown to the cell's output
// area, can replace an output in place (for live training charts) and can
// wait until everything sent has reached the front-end (Sync). Outside a
// notebook (go test, go run) nothing is sent: HTML is dropped, Markdown is
// printed as text, and charts are written to standalone HTML files by the
// caller (see SavePage).
//
// The package talks to GoNB through the named pipes GoNB gives every cell
// program (environment variables GONB_PIPE and GONB_PIPE_BACK), using the
// wire types of github.com/janpfeifer/gonb/gonbui/protocol. It deliberately
// does not import gonbui itself: gonbui pulls in klog, uuid and os/user,
// which turns every cell binary into a cgo, dynamically linked program and
// costs about 0.1 s of link time per cell. Do not mix this package and
// gonbui's display functions in the same cell: both would write their own
// gob stream into the one pipe.
//
// Output order: text a cell prints before a display appears above it.
// GoNB forwards standard output and displays through separate routes, so
// before each new output the package waits (up to 0.2 s) until GoNB has
// read what the program wrote to standard output and error, measured on
// Linux with FIONREAD on the pipes; elsewhere the order is not guaranteed.
// Text printed after a display stays below it when the display is followed
// by Sync (chart Show and every dl display do that).
//
// Nothing in this package panics when there is no kernel; failures to talk to
// GoNB are remembered and reported by Err.
package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// InNotebook reports whether the program runs as a GoNB notebook cell, that
// is whether GoNB gave it a display pipe.
func InNotebook() bool { return os.Getenv(protocol.GONB_PIPE_ENV) != "" }

// KernelTempDir returns the temporary directory GoNB keeps for the running
// kernel (environment variable GONB_TMP_DIR), or "" outside a notebook. It
// survives across the cells of one kernel session and is removed when the
// kernel stops, which makes it the place for "once per session" markers.
func KernelTempDir() string { return os.Getenv(protocol.GONB_TMP_DIR_ENV) }

// HTML shows html as a new output of the running cell. Outside a notebook it
// does nothing.
func HTML(html string) { Bundle(map[string]string{string(protocol.MIMETextHTML): html}) }

// UpdateHTML shows html in the output block named id: the first call with a
// new id creates the block, later calls replace its content in place. The
// last content sent stays in the saved notebook. Use NewID for id. Outside a
// notebook it does nothing.
func UpdateHTML(id, html string) {
	UpdateBundle(id, map[string]string{string(protocol.MIMETextHTML): html})
}

// Bundle shows one output carrying the same content in several MIME types
// (a Jupyter MIME bundle): each front-end draws the richest type it has a
// renderer for, e.g. JupyterLab the dlfun chart type through the dlfun
// extension, the classic Notebook its "text/html" fallback. Every value is
// text: for a JSON type ("application/…+json") it is the JSON document, which
// the front-end receives as a JSON string (GoNB forwards only plain values),
// so renderers of such types parse it. Outside a notebook it does nothing.
func Bundle(data map[string]string) { send(&protocol.DisplayData{Data: mimeMap(data)}) }

// UpdateBundle is Bundle into the output block named id, replacing its
// content in place (see UpdateHTML).
func UpdateBundle(id string, data map[string]string) {
	send(&protocol.DisplayData{Data: mimeMap(data), DisplayID: id})
}

// mimeMap converts a bundle to GoNB's wire type. Only strings go on the
// wire: GoNB decodes its pipe with gob, which knows just a few value types.
func mimeMap(data map[string]string) map[protocol.MIMEType]any {
	m := make(map[protocol.MIMEType]any, len(data))
	for k, v := range data {
		m[protocol.MIMEType(k)] = v
	}
	return m
}

// Markdown shows markdown (with $…$ math) as a new output of the running
// cell. Outside a notebook it prints the markdown source to standard output.
func Markdown(markdown string) {
	if !InNotebook() {
		fmt.Println(markdown)
		return
	}
	send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: markdown}})
}

var idCounter atomic.Uint64

// NewID returns an identifier that is unique across the cells of a kernel
// session (process id, clock and a counter), usable as a display id for
// UpdateHTML and as an HTML element id.
func NewID() string {
	n := idCounter.Add(1)
	return "dlfun-" + strconv.FormatInt(time.Now().UnixNano(), 36) +
		strconv.FormatInt(int64(os.Getpid()), 36) + "-" + strconv.FormatUint(n, 36)
}

// pipe is the connection to GoNB, opened on first use.
var pipe struct {
	mu      sync.Mutex
	enc     *gob.Encoder
	w, r    *os.File
	err     error
	nextID  int
	waiting map[int]chan struct{}
}

// Err returns the error that broke the connection to GoNB, or nil. Outside a
// notebook it is always nil: there is nothing to connect to.
func Err() error {
	pipe.mu.Lock()
	defer pipe.mu.Unlock()
	return pipe.err
}

// openLocked opens both pipes and starts the goroutine reading GoNB's
// acknowledgements. pipe.mu must be held.
func openLocked() error {
	if pipe.err != nil || pipe.enc != nil {
		return pipe.err
	}
	w, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0o600)
	if err != nil {
		pipe.err = fmt.Errorf("display: opening GoNB pipe: %w", err)
		return pipe.err
	}
	r, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_BACK_ENV), os.O_RDONLY, 0o600)
	if err != nil {
		_ = w.Close()
		pipe.err = fmt.Errorf("display: opening GoNB back pipe: %w", err)
		return pipe.err
	}
	pipe.w, pipe.r, pipe.enc = w, r, gob.NewEncoder(w)
	pipe.waiting = map[int]chan struct{}{}
	go readAcks(gob.NewDecoder(r))
	return nil
}

// shownIDs are the display ids this program has sent (their blocks exist).
var shownIDs sync.Map

// send writes one message to GoNB; it is a no-op outside a notebook or after
// the connection broke. Before a message that creates an output (a new
// display, or the first one of a display id) it lets GoNB catch up with
// the text the cell printed (drainOutput), so that text printed before a
// display shows above it; in-place updates go straight out.
func send(d *protocol.DisplayData) {
	if !InNotebook() {
		return
	}
	if _, seen := shownIDs.LoadOrStore(d.DisplayID, true); !seen || d.DisplayID == "" {
		drainOutput()
	}
	pipe.mu.Lock()
	defer pipe.mu.Unlock()
	if openLocked() != nil {
		return
	}
	if err := pipe.enc.Encode(d); err != nil {
		pipe.err = fmt.Errorf("display: writing to GoNB: %w", err)
		_ = pipe.w.Close()
	}
}

// readAcks delivers GoNB's sync acknowledgements to the waiting Sync calls.
func readAcks(dec *gob.Decoder) {
	for {
		var v protocol.CommValue
		err := dec.Decode(&v)
		pipe.mu.Lock()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) && pipe.err == nil {
				pipe.err = fmt.Errorf("display: reading from GoNB: %w", err)
			}
			for id, ch := range pipe.waiting { // nobody will answer them any more
				close(ch)
				delete(pipe.waiting, id)
			}
			pipe.mu.Unlock()
			return
		}
		if id, ok := v.Value.(int); ok && v.Address == protocol.GonbuiSyncAckAddress {
			if ch := pipe.waiting[id]; ch != nil {
				close(ch)
				delete(pipe.waiting, id)
			}
		}
		pipe.mu.Unlock()
	}
}

// Text and displays reach the notebook by two roads: GoNB copies the cell
// program's standard output (a pipe) to the notebook in one goroutine and
// reads displays from a named pipe in another, and publishes each as soon
// as it has it. Without help, a display sent right after fmt.Println often
// overtakes the text (measured with GoNB v0.11.4: in most cells of 40
// Println+display pairs). drainOutput waits until GoNB has read everything
// written to standard output and error, then a moment more for it to
// publish what it read, before a display goes out.
const (
	drainTimeout = 200 * time.Millisecond // never hold a display longer
	drainPoll    = 100 * time.Microsecond
	drainGrace   = 2 * time.Millisecond // from GoNB's read to its publish
)

// drainOutput blocks until the program's unread standard output and error
// are empty (at most drainTimeout), then for drainGrace. Where the unread
// bytes cannot be measured (not a pipe, not Linux) it returns at once.
func drainOutput() {
	n, ok := unreadOutput()
	if !ok {
		return
	}
	deadline := time.Now().Add(drainTimeout)
	for n > 0 && time.Now().Before(deadline) {
		time.Sleep(drainPoll)
		n, _ = unreadOutput()
	}
	time.Sleep(drainGrace)
}

// syncTimeout bounds how long Sync waits for GoNB, so that a broken kernel
// connection can never hang a cell.
const syncTimeout = 10 * time.Second

// Sync blocks until GoNB has received everything sent so far, so that no
// output is lost when the cell program exits right after displaying (GoNB
// may otherwise report the cell finished before a large output reached the
// front-end). Chart.Show calls it; call it yourself after HTML if the cell
// ends right away. Outside a notebook it returns immediately.
func Sync() {
	if !InNotebook() {
		return
	}
	pipe.mu.Lock()
	if openLocked() != nil {
		pipe.mu.Unlock()
		return
	}
	id := pipe.nextID
	pipe.nextID++
	ch := make(chan struct{})
	pipe.waiting[id] = ch
	err := pipe.enc.Encode(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: &protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	if err != nil {
		pipe.err = fmt.Errorf("display: writing to GoNB: %w", err)
		delete(pipe.waiting, id)
		pipe.mu.Unlock()
		return
	}
	pipe.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(syncTimeout):
	}
}

package dl

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dlfun/dlfun/dl/display"
)

// Progress display of the trainer: in a notebook an HTML progress bar that
// is replaced in place (dl/display), in a terminal a text line rewritten
// with a carriage return, and nothing when the output is a file or a pipe
// (go test), unless forced with Progress(true).

// progressState is what a progress display shows.
type progressState struct {
	label         string
	epoch, epochs int
	step, steps   int // global step and total steps
	loss          float64
	valLoss       float64 // NaN if unknown
	acc           float64 // NaN if unknown
	elapsed       time.Duration
	done          bool
	note          string // final message
	sweep         bool   // a sweep: epoch counts finished runs, label is the last run
}

// eta estimates the remaining time from the fraction done.
func (p progressState) eta() time.Duration {
	if p.step == 0 || p.steps == 0 {
		return 0
	}
	frac := float64(p.step) / float64(p.steps)
	return time.Duration(float64(p.elapsed) * (1 - frac) / frac)
}

// text is the one-line form: "epoch 2/5 [#####-----] 120/500 loss 0.3452 ETA 3s"
// (the label is shown only in the HTML form, where there is room).
func (p progressState) text() string {
	const width = 20
	filled := 0
	if p.steps > 0 {
		filled = width * p.step / p.steps
	}
	if p.sweep {
		s := fmt.Sprintf("sweep [%s%s] %d/%d runs done%s", strings.Repeat("#", filled), strings.Repeat("-", width-filled),
			p.step, p.steps, p.sweepTail())
		if p.note != "" {
			s += " — " + p.note
		}
		return s
	}
	s := fmt.Sprintf("epoch %d/%d [%s%s] step %d/%d loss %.4g",
		p.epoch, p.epochs, strings.Repeat("#", filled), strings.Repeat("-", width-filled), p.step, p.steps, p.loss)
	if p.valLoss == p.valLoss {
		s += fmt.Sprintf(" val %.4g", p.valLoss)
	}
	if p.acc == p.acc {
		s += fmt.Sprintf(" acc %.3f", p.acc)
	}
	if p.done {
		s += fmt.Sprintf(" (%s)", roundDuration(p.elapsed))
	} else {
		s += fmt.Sprintf(" ETA %s", roundDuration(p.eta()))
	}
	if p.done && p.note != "" {
		s += " — " + p.note
	}
	return s
}

// html is the notebook form: a <progress> bar with the same information.
func (p progressState) html() string {
	pct := 0.0
	if p.steps > 0 {
		pct = 100 * float64(p.step) / float64(p.steps)
	}
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace;font-size:13px;line-height:1.6">`)
	if p.label != "" && !p.sweep {
		fmt.Fprintf(&b, "<b>%s</b><br>", html.EscapeString(p.label))
	}
	fmt.Fprintf(&b, `<progress value="%.1f" max="100" style="width:240px;vertical-align:middle"></progress> `, pct)
	if p.sweep {
		fmt.Fprintf(&b, "sweep: %d/%d runs done%s", p.step, p.steps, html.EscapeString(p.sweepTail()))
		if p.note != "" {
			fmt.Fprintf(&b, `<br><span style="color:#b00">%s</span>`, html.EscapeString(p.note))
		}
		b.WriteString("</div>")
		return b.String()
	}
	fmt.Fprintf(&b, "epoch %d/%d · step %d/%d · loss %.4g", p.epoch, p.epochs, p.step, p.steps, p.loss)
	if p.valLoss == p.valLoss {
		fmt.Fprintf(&b, " · val loss %.4g", p.valLoss)
	}
	if p.acc == p.acc {
		fmt.Fprintf(&b, " · acc %.3f", p.acc)
	}
	if p.done && p.note != "" {
		fmt.Fprintf(&b, " · stopped after %s", roundDuration(p.elapsed))
	} else if p.done {
		fmt.Fprintf(&b, " · done in %s", roundDuration(p.elapsed))
	} else {
		fmt.Fprintf(&b, " · ETA %s", roundDuration(p.eta()))
	}
	if p.note != "" {
		fmt.Fprintf(&b, `<br><span style="color:#b00">%s</span>`, html.EscapeString(p.note))
	}
	b.WriteString("</div>")
	return b.String()
}

// sweepTail is the end of a sweep's progress line: the last finished run
// and the time.
func (p progressState) sweepTail() string {
	s := ""
	if p.label != "" {
		s += fmt.Sprintf(", last: %s (loss %.4g)", p.label, p.loss)
	}
	if p.done {
		return s + fmt.Sprintf(" (%s)", roundDuration(p.elapsed))
	}
	return s + fmt.Sprintf(" ETA %s", roundDuration(p.eta()))
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Second:
		return d.Round(time.Second)
	case d > time.Second:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// A progressSink shows progress; show is called often (it rate-limits
// itself) and finish once at the end.
type progressSink interface {
	show(p progressState)
	finish(p progressState)
}

// progressEvery is the minimum time between two updates of a display.
const progressEvery = 150 * time.Millisecond

// htmlProgress updates one output block of the notebook cell in place.
type htmlProgress struct {
	id   string
	last time.Time
}

func (h *htmlProgress) show(p progressState) {
	if time.Since(h.last) < progressEvery {
		return
	}
	h.last = time.Now()
	display.UpdateHTML(h.id, p.html())
}

func (h *htmlProgress) finish(p progressState) {
	display.UpdateHTML(h.id, p.html())
	display.Sync()
}

// textProgress rewrites one line of a terminal.
type textProgress struct {
	w    io.Writer
	last time.Time
}

func (t *textProgress) show(p progressState) {
	if time.Since(t.last) < progressEvery {
		return
	}
	t.last = time.Now()
	fmt.Fprintf(t.w, "\r%s\033[K", p.text())
}

func (t *textProgress) finish(p progressState) {
	fmt.Fprintf(t.w, "\r%s\033[K\n", p.text())
}

// newProgress picks the display for this environment: force is 1 (on),
// −1 (off) or 0 (automatic: notebook or terminal only).
func newProgress(force int) progressSink {
	switch {
	case force < 0:
		return nil
	case display.InNotebook():
		return &htmlProgress{id: display.NewID()}
	case force > 0 || isTerminal(os.Stdout):
		return &textProgress{w: os.Stdout}
	}
	return nil
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

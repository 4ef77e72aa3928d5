package dl

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/dlfun/dlfun/dl/display"
	"github.com/dlfun/dlfun/dl/echarts"
)

// The live training view: a loss (and accuracy) chart that redraws itself
// in place in the notebook while training runs, and is replaced at the end
// by the final chart, which stays in the saved notebook.
//
// Redrawing costs time that training does not get, so a LiveChart redraws
// at most every liveEvery (0.5 s), and only while the time spent drawing
// stays under liveBudget (2 %) of the time since training started; the
// final chart is always drawn. Outside a notebook it does nothing.

const (
	liveEvery  = 500 * time.Millisecond
	liveBudget = 0.02
)

// Test switches: liveForce turns the live view on outside a notebook and
// liveSink, if set, receives the chart's MIMEType JSON (the option in
// plain JSON) instead of the notebook.
var (
	liveForce bool
	liveSink  func(id, html string)
)

// LiveChart is a training chart that updates in place. Feed it the steps
// and epochs of a run (its Step and Epoch methods fit the trainer's OnStep
// and OnEpoch callbacks) and call Done with the final History:
//
//	live := dl.LivePlot("MLP on moons")
//	h := dl.Train(model).Loss(dl.BCE()).Optimizer(dl.Adam(0.01)).Data(train, val).
//		Epochs(20).OnStep(live.Step).OnEpoch(live.Epoch).Run()
//	live.Done(h)
//
// A hand-written training loop calls live.Step(step, loss.Item()) after
// each step. Outside a notebook every method does nothing.
type LiveChart struct {
	id        string
	title     string
	h         *History  // the run so far (the trainer's, once an epoch ended)
	own       History   // step losses seen before the first epoch's History
	start     time.Time // first step
	last      time.Time // last redraw
	spent     time.Duration
	lastCost  time.Duration
	maxCost   time.Duration // the longest draw
	draws     int
	epochs    int // total epochs, if known (shown in the subtitle)
	done      bool
	lastStep  int
	lastLoss  float64
	lastEpoch int
}

// LivePlot returns a live training chart titled title, or nil outside a
// notebook (all methods of a nil *LiveChart do nothing, so code using it
// runs unchanged in go test).
func LivePlot(title string) *LiveChart {
	if !liveOn() {
		return nil
	}
	return newLiveChart(title, 0)
}

// liveOn reports whether a live view can be shown.
func liveOn() bool { return liveForce || display.InNotebook() }

// newTrainerLive is the live chart of a trainer's Run: nil outside a
// notebook and when the progress display is off (force < 0, as inside a
// sweep). It follows h, the History the trainer fills, from the first step.
//
// The trainer's run loop (train.go) needs four lines to show it:
//
//	live := newTrainerLive(t.label, t.epochs, force, h) // after prog := newProgress(force)
//	live.Step(step, lv)                                 // after h.StepLoss = append(h.StepLoss, lv)
//	live.Epoch(epoch, h)                                // after the OnEpoch callbacks
//	live.Done(h)                                        // after h.Seconds = …
func newTrainerLive(label string, epochs, force int, h *History) *LiveChart {
	if force < 0 || !liveOn() {
		return nil
	}
	l := newLiveChart(label, epochs)
	if h != nil {
		l.h = h
	}
	return l
}

func newLiveChart(title string, epochs int) *LiveChart {
	l := &LiveChart{id: display.NewID(), title: title, epochs: epochs, lastLoss: math.NaN()}
	l.h = &l.own
	return l
}

// Step records the loss of one optimizer step (step counts from 1) and
// redraws the chart if it is time to.
func (l *LiveChart) Step(step int, loss float64) {
	if l == nil || l.done {
		return
	}
	now := time.Now()
	if l.start.IsZero() { // the first redraw comes liveEvery after the first step
		l.start, l.last = now, now
	}
	l.lastStep, l.lastLoss = step, loss
	if l.h == &l.own {
		l.own.StepLoss = append(l.own.StepLoss, loss)
	}
	l.maybeDraw(now)
}

// Epoch takes the run's History after an epoch (train and validation
// loss and accuracy so far) and redraws the chart if it is time to.
func (l *LiveChart) Epoch(epoch int, h *History) {
	if l == nil || l.done || h == nil {
		return
	}
	l.h, l.lastEpoch = h, epoch
	l.maybeDraw(time.Now())
}

// Done replaces the live chart by the final chart of h (h.Plot()), which
// stays in the saved notebook.
func (l *LiveChart) Done(h *History) {
	if l == nil || l.done {
		return
	}
	l.done = true
	if h == nil {
		h = l.h
	}
	l.h = h
	f := h.Plot()
	if l.title != "" {
		f.Title(l.title)
	}
	var final *echarts.Chart
	l.draw(func() *echarts.Chart { final = f.Chart(); return final })
	liveFinals.remember(h, l.id, final)
}

// liveFinals remembers, per History, the final chart a live view left in
// its output block, so that the usual next line, h.Plot().Show(), redraws
// that block instead of showing the same chart a second time below it.
var liveFinals = finalCharts{m: map[*History]finalChart{}}

type finalChart struct {
	id   string // the live view's output block
	json string // the option drawn there
}

type finalCharts struct {
	mu sync.Mutex
	m  map[*History]finalChart
}

func (f *finalCharts) remember(h *History, id string, c *echarts.Chart) {
	if c == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[h] = finalChart{id: id, json: string(c.JSON())}
}

// block returns the output block that already shows chart c of h's
// History.Plot, or "".
func (f *finalCharts) block(h *History, c *echarts.Chart) string {
	if h == nil {
		return ""
	}
	f.mu.Lock()
	fc, ok := f.m[h]
	f.mu.Unlock()
	if ok && fc.json == string(c.JSON()) {
		return fc.id
	}
	return ""
}

// Draws returns how many times the chart was drawn, and the total time
// spent drawing.
func (l *LiveChart) Draws() (n int, spent time.Duration) {
	if l == nil {
		return 0, 0
	}
	return l.draws, l.spent
}

// maybeDraw redraws if the last redraw is liveEvery old and drawing again
// keeps the drawing time within liveBudget of the elapsed time.
func (l *LiveChart) maybeDraw(now time.Time) {
	if now.Sub(l.last) < liveEvery {
		return
	}
	elapsed := now.Sub(l.start)
	if float64(l.spent+l.lastCost) > liveBudget*float64(elapsed) {
		return
	}
	l.draw(l.liveChart)
	l.last = time.Now()
}

// liveChart builds the chart of the run so far: History.Plot with the
// progress in the subtitle and no animation.
func (l *LiveChart) liveChart() *echarts.Chart {
	h := l.h
	if h.StepsPerEpoch == 0 { // before the first epoch ended: steps only
		f := Plot().Line("train (per step)", seq(len(h.StepLoss)), h.StepLoss).XLabel("step").YLabel("loss")
		f.opts.Title, f.opts.Live, f.opts.MaxPoints = l.title, true, 600
		f.opts.Subtitle = l.progress()
		return f.Chart()
	}
	f := h.Plot()
	f.opts.Title, f.opts.Live = l.title, true
	f.opts.Subtitle = l.progress()
	return f.Chart()
}

// progress is the live subtitle: "epoch 3/10 · step 1200 · loss 0.345 · 4.2 s".
func (l *LiveChart) progress() string {
	e := l.lastEpoch + 1 // the epoch running now
	if l.epochs > 0 {
		e = min(e, l.epochs)
	}
	s := fmt.Sprintf("training… epoch %d", e)
	if l.epochs > 0 {
		s += fmt.Sprintf("/%d", l.epochs)
	}
	s += fmt.Sprintf(" · step %d · loss %.4g", l.lastStep, l.lastLoss)
	if _, va := l.h.Final(); !math.IsNaN(va) {
		s += fmt.Sprintf(" · val loss %.4g", va)
	}
	return s + fmt.Sprintf(" · %s", time.Since(l.start).Round(100*time.Millisecond))
}

// draw builds the chart, sends it to the output block and accounts for
// the time both took.
func (l *LiveChart) draw(build func() *echarts.Chart) {
	t0 := time.Now()
	c := build()
	if liveSink != nil {
		liveSink(l.id, c.MIMEJSON())
	} else {
		c.ShowIn(l.id)
	}
	l.lastCost = time.Since(t0)
	l.maxCost = max(l.maxCost, l.lastCost)
	l.spent += l.lastCost
	l.draws++
}

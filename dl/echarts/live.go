package echarts

import (
	"time"

	"github.com/dlfun/dlfun/dl/display"
)

// Live redraws a chart in place in one notebook output block, at most once
// per Interval, for training progress: call Update as often as you like
// (every step) and Final once at the end. The chart is only built when a
// redraw is due, so a throttled Update costs a clock read. Outside a
// notebook Update does nothing and Final writes the chart's file (Show).
type Live struct {
	ID       string        // display id of the output block (display.NewID)
	Interval time.Duration // minimum time between two redraws
	last     time.Time
	shown    bool
}

// NewLive returns a Live view that redraws at most once per interval.
func NewLive(interval time.Duration) *Live {
	return &Live{ID: display.NewID(), Interval: interval}
}

// Update redraws the block with build() if Interval has passed since the
// last redraw (the first call always draws) and reports whether it did.
func (l *Live) Update(build func() *Chart) bool {
	if !display.InNotebook() {
		return false
	}
	now := time.Now()
	if l.shown && now.Sub(l.last) < l.Interval {
		return false
	}
	build().ShowIn(l.ID)
	l.last, l.shown = now, true
	return true
}

// Final draws the final chart into the block (it stays in the saved
// notebook); outside a notebook it shows the chart as a file.
func (l *Live) Final(c *Chart) {
	if !display.InNotebook() {
		c.Show()
		return
	}
	c.ShowIn(l.ID)
}

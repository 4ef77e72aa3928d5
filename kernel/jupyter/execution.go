package jupyter

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// Status is how a cell's execution ended.
type Status string

// Execution statuses.
const (
	// OK: the kernel replied "ok".
	OK Status = "ok"
	// Failed: the kernel replied "error" (compile error, panic, ...).
	Failed Status = "error"
	// Aborted: the kernel did not run the cell (after an earlier error).
	Aborted Status = "aborted"
	// Timeout: the cell ran past its timeout and was interrupted or killed.
	Timeout Status = "timeout"
	// KernelDied: the kernel process exited while the cell ran.
	KernelDied Status = "kernel_died"
	// OutputLimit: the cell printed more than Options.MaxOutput and was
	// interrupted (or its kernel killed); the output past the limit was
	// dropped.
	OutputLimit Status = "output_limit"
)

// Execution is one execute_request and everything the kernel sent about it.
// Its outputs may still grow after Execute returns (late outputs are kept);
// read them with [Execution.Outputs] after [Client.Drain].
type Execution struct {
	MsgID string
	Code  string
	// Status, ExecutionCount, Ename, Evalue and Traceback are set when
	// Execute returns.
	Status         Status
	ExecutionCount int
	Ename, Evalue  string
	Traceback      []string
	// Killed is set when a timed-out cell did not stop after the interrupt
	// and the kernel was killed.
	Killed bool
	// Late counts outputs that arrived after the reply and the idle status
	// (kept all the same; see Client.Drain).
	Late int
	// LateBy is how long after the reply and idle status the last late
	// output arrived.
	LateBy time.Duration
	// Dropped counts the bytes of output dropped past Options.MaxOutput.
	Dropped  int64
	doneAt   time.Time
	Start    time.Time
	Duration time.Duration

	mu         sync.Mutex
	outputs    []notebook.Output
	clearWait  bool
	gotReply   bool
	gotIdle    bool
	lastOutput time.Time
	done       chan struct{}
	reply      executeReply
	// maxOutput bounds the bytes of output kept (0: no bound); outBytes
	// counts them; overflow is closed when the bound is first passed.
	maxOutput int64
	outBytes  int64
	overflow  chan struct{}
}

// keep accounts for an output message of n bytes and says whether it fits
// under the execution's output bound. The first message past the bound
// closes e.overflow (Execute then stops the cell) and leaves a note in the
// outputs. e.mu must be held.
func (e *Execution) keep(n int64) bool {
	if e.maxOutput <= 0 {
		return true
	}
	if e.outBytes+n <= e.maxOutput && e.Dropped == 0 {
		e.outBytes += n
		return true
	}
	if e.Dropped == 0 {
		close(e.overflow)
		e.outputs = append(e.outputs, notebook.Output{OutputType: notebook.Stream, Name: "stderr",
			Text: notebook.Text(fmt.Sprintf("\n[output limit: the cell printed more than %s; the rest was dropped and the cell stopped]\n", FormatBytes(e.maxOutput)))})
	}
	e.Dropped += n
	return false
}

// FormatBytes writes n as "512 bytes", "64.0 KiB", "8.0 MiB", "2.0 GiB".
func FormatBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

// noteLate counts an output that arrived after the cell finished. e.mu
// must be held.
func (e *Execution) noteLate() {
	if e.gotReply && e.gotIdle {
		e.Late++
		e.LateBy = time.Since(e.doneAt)
	}
}

// LateOutputs returns how many outputs arrived after the reply and idle.
func (e *Execution) LateOutputs() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.Late
}

// Outputs returns a copy of the outputs collected so far, in nbformat 4 form.
func (e *Execution) Outputs() []notebook.Output {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]notebook.Output(nil), e.outputs...)
}

// Text returns the concatenated text of all outputs (see notebook.Output.String).
func (e *Execution) Text() string {
	var b strings.Builder
	for _, o := range e.Outputs() {
		b.WriteString(o.String())
	}
	return b.String()
}

// Err returns nil for an OK execution and otherwise an error naming what
// happened (the kernel's error name and message, the timeout, the death).
func (e *Execution) Err() error {
	switch e.Status {
	case OK:
		return nil
	case Failed, Timeout, KernelDied, Aborted:
		return fmt.Errorf("%s: %s", e.Ename, e.Evalue)
	}
	return fmt.Errorf("unknown status %q", e.Status)
}

type executeReply struct {
	Status         string   `json:"status"`
	ExecutionCount int      `json:"execution_count"`
	Ename          string   `json:"ename"`
	Evalue         string   `json:"evalue"`
	Traceback      []string `json:"traceback"`
}

// finishIfDone closes done once both the reply and the idle status arrived.
// e.mu must be held.
func (e *Execution) finishIfDone() {
	if e.gotReply && e.gotIdle {
		select {
		case <-e.done:
		default:
			e.doneAt = time.Now()
			e.Duration = e.doneAt.Sub(e.Start)
			close(e.done)
		}
	}
}

// displayRef locates one output with a display_id.
type displayRef struct {
	exec  *Execution
	index int
}

// handleIOPub applies one iopub message to its execution. It returns the
// display_id of a new display_data output (to index it), or "".
func (e *Execution) handleIOPub(m *Message) (displayID string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lastOutput = time.Now()
	add := func(o notebook.Output) {
		e.noteLate()
		if e.clearWait {
			e.outputs, e.clearWait = nil, false
		}
		e.outputs = append(e.outputs, o)
	}
	if e.Dropped > 0 { // past the output bound: count, do not even decode
		switch m.Header.MsgType {
		case "stream", "display_data", "execute_result":
			e.Dropped += int64(len(m.Content))
			return "", nil
		}
	}
	switch m.Header.MsgType {
	case "status":
		var c struct {
			State string `json:"execution_state"`
		}
		if err := m.Decode(&c); err != nil {
			return "", err
		}
		if c.State == "idle" {
			e.gotIdle = true
			e.finishIfDone()
		}
	case "execute_input":
		var c struct {
			ExecutionCount int `json:"execution_count"`
		}
		if err := m.Decode(&c); err == nil && c.ExecutionCount > 0 {
			e.ExecutionCount = c.ExecutionCount
		}
	case "stream":
		var c struct {
			Name string `json:"name"`
			Text string `json:"text"`
		}
		if err := m.Decode(&c); err != nil {
			return "", err
		}
		if !e.keep(int64(len(c.Text))) {
			return "", nil
		}
		if n := len(e.outputs); n > 0 && !e.clearWait && e.outputs[n-1].OutputType == notebook.Stream && e.outputs[n-1].Name == c.Name {
			e.outputs[n-1].Text += notebook.Text(c.Text)
			e.noteLate()
		} else {
			add(notebook.Output{OutputType: notebook.Stream, Name: c.Name, Text: notebook.Text(c.Text)})
		}
	case "display_data", "execute_result":
		var c struct {
			Data           map[string]any `json:"data"`
			Metadata       map[string]any `json:"metadata"`
			ExecutionCount *int           `json:"execution_count"`
			Transient      struct {
				DisplayID string `json:"display_id"`
			} `json:"transient"`
		}
		if err := m.Decode(&c); err != nil {
			return "", err
		}
		if !e.keep(int64(len(m.Content))) {
			return "", nil
		}
		o := notebook.Output{OutputType: notebook.DisplayData, Data: c.Data, Metadata: c.Metadata}
		if m.Header.MsgType == "execute_result" {
			o.OutputType, o.ExecutionCount = notebook.ExecuteResult, c.ExecutionCount
		}
		add(o)
		return c.Transient.DisplayID, nil
	case "error":
		var c executeReply
		if err := m.Decode(&c); err != nil {
			return "", err
		}
		add(notebook.Output{OutputType: notebook.Error, Ename: c.Ename, Evalue: c.Evalue, Traceback: c.Traceback})
	case "clear_output":
		var c struct {
			Wait bool `json:"wait"`
		}
		if err := m.Decode(&c); err != nil {
			return "", err
		}
		if c.Wait {
			e.clearWait = true
		} else {
			e.outputs = nil
		}
	}
	return "", nil
}

// handleReply records the execute_reply.
func (e *Execution) handleReply(m *Message) error {
	var r executeReply
	if err := m.Decode(&r); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reply, e.gotReply = r, true
	if r.ExecutionCount > 0 {
		e.ExecutionCount = r.ExecutionCount
	}
	e.finishIfDone()
	return nil
}

// update replaces the data of output index (update_display_data).
func (e *Execution) update(index int, data, metadata map[string]any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if index < len(e.outputs) {
		e.outputs[index].Data, e.outputs[index].Metadata = data, metadata
	}
}

// lastIndex returns the index of the last output.
func (e *Execution) lastIndex() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.outputs) - 1
}

// settle sets Status and the error fields from the reply (or the failure).
func (e *Execution) settle(status Status, ename, evalue string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.Duration == 0 {
		e.Duration = time.Since(e.Start)
	}
	if status != "" {
		e.Status, e.Ename, e.Evalue = status, ename, evalue
		return
	}
	switch e.reply.Status {
	case "ok":
		e.Status = OK
	case "aborted":
		e.Status, e.Ename, e.Evalue = Aborted, "Aborted", "the kernel did not run the cell (aborted)"
	default:
		e.Status, e.Ename, e.Evalue, e.Traceback = Failed, e.reply.Ename, e.reply.Evalue, e.reply.Traceback
		if e.Ename == "" {
			e.Ename = "Error"
		}
		if e.Evalue == "" {
			// Some kernels put the message only into an error output.
			for _, o := range e.outputs {
				if o.OutputType == notebook.Error {
					e.Ename, e.Evalue = o.Ename, o.Evalue
				}
			}
		}
	}
}

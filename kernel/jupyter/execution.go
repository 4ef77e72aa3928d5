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
	LateBy   time.Duration
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

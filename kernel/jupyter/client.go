package jupyter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Options configure how [Start] launches a kernel and how [Client.Execute]
// treats slow cells. The zero value is usable.
type Options struct {
	// Dir is the kernel's working directory (default: the current one).
	Dir string
	// Env holds "NAME=value" entries applied after the kernelspec's env.
	Env []string
	// PrepareCmd, if set, is called with the kernel's command before it
	// starts: the hook for resource limits (wrap Path/Args with prlimit, set
	// SysProcAttr for a new network namespace, ...). The command already has
	// Setpgid set; keep it, interrupts and kills target the process group.
	PrepareCmd func(cmd *exec.Cmd) error
	// Stderr receives the kernel's stdout and stderr (its log). The last
	// 16 KiB are kept anyway and quoted when the kernel dies.
	Stderr io.Writer
	// StartTimeout bounds the kernel's start up to its kernel_info_reply
	// (default 60 s).
	StartTimeout time.Duration
	// KillAfter is how long an interrupted cell may take to stop before the
	// kernel is killed (default 5 s).
	KillAfter time.Duration
	// Quiet is how long the iopub channel must be silent after a cell's
	// reply and idle status before Execute returns (default 50 ms), and
	// the base of [Client.Drain]'s waiting.
	Quiet time.Duration
	// Logf, if set, receives diagnostics (rejected messages, retries).
	Logf func(format string, args ...any)
	// MaxOutput bounds the bytes of output (stream text and display data)
	// one cell may send; 0 means no bound. A cell that prints more is
	// stopped as on a timeout (interrupt, then kill after KillAfter), its
	// Execution gets Status OutputLimit, and the output past the bound is
	// dropped, so a flooding cell costs neither the client's memory nor
	// the cells after it.
	MaxOutput int64
}

func (o *Options) defaults() {
	if o.StartTimeout == 0 {
		o.StartTimeout = 60 * time.Second
	}
	if o.KillAfter == 0 {
		o.KillAfter = 5 * time.Second
	}
	if o.Quiet == 0 {
		o.Quiet = 50 * time.Millisecond
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// Client is a running kernel and the connection to it.
type Client struct {
	spec    *KernelSpec
	opts    Options
	conn    *ConnectionInfo
	connDir string
	signer  *Signer
	session string
	cmd     *exec.Cmd
	log     *tailBuffer

	ctx                   context.Context
	cancel                context.CancelFunc
	shell, control, iopub zmq4.Socket
	sendMu                sync.Mutex

	dead    chan struct{} // closed when the kernel process exited
	waitErr error

	mu       sync.Mutex
	execs    map[string]*Execution
	displays map[string][]displayRef
	replies  map[string]chan *Message
	iopubAny chan struct{} // closed and replaced on every iopub message
	lastMsg  time.Time

	rejected  atomic.Int64
	closed    atomic.Bool
	connected atomic.Bool // the kernel_info handshake succeeded
}

// Start launches the kernel described by spec and connects to it. It
// returns once the kernel answered a kernel_info_request and its iopub
// channel delivers messages to this client.
func Start(ctx context.Context, spec *KernelSpec, opts Options) (*Client, error) {
	opts.defaults()
	conn, err := NewConnectionInfo()
	if err != nil {
		return nil, err
	}
	connDir, err := os.MkdirTemp("", "dlfun-kernel-")
	if err != nil {
		return nil, err
	}
	// Named like Jupyter's (kernel-<id>.json): GoNB reads its kernel id from it.
	connFile := filepath.Join(connDir, "kernel-"+NewID()+".json")
	if err := conn.WriteFile(connFile); err != nil {
		os.RemoveAll(connDir)
		return nil, err
	}
	c := &Client{
		spec: spec, opts: opts, conn: conn, connDir: connDir,
		signer: NewSigner([]byte(conn.Key)), session: NewID(), log: &tailBuffer{max: 16 << 10},
		dead: make(chan struct{}), execs: map[string]*Execution{}, displays: map[string][]displayRef{},
		replies: map[string]chan *Message{}, iopubAny: make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())

	argv := spec.command(connFile)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = opts.Dir
	cmd.Env = spec.Environ(os.Environ())
	cmd.Env = append(cmd.Env, opts.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var logw io.Writer = c.log
	if opts.Stderr != nil {
		logw = io.MultiWriter(c.log, opts.Stderr)
	}
	cmd.Stdout, cmd.Stderr = logw, logw
	if opts.PrepareCmd != nil {
		if err := opts.PrepareCmd(cmd); err != nil {
			c.cleanup()
			return nil, fmt.Errorf("preparing kernel command: %w", err)
		}
	}
	if err := cmd.Start(); err != nil {
		c.cleanup()
		return nil, fmt.Errorf("starting kernel %q (%s): %w", spec.DisplayName, argv[0], err)
	}
	c.cmd = cmd
	go func() {
		c.waitErr = cmd.Wait()
		close(c.dead)
	}()

	startCtx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	if err := c.connect(startCtx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// connect dials the sockets, starts the receive loops and does the
// kernel_info handshake.
func (c *Client) connect(ctx context.Context) error {
	// Stop dialing when the kernel dies or ctx ends.
	dialCtx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	go func() {
		select {
		case <-c.dead:
		case <-ctx.Done():
		case <-dialCtx.Done():
		}
		cancel()
	}()
	quiet := zmq4.WithLogger(log.New(io.Discard, "", 0))
	retry := []zmq4.Option{quiet, zmq4.WithDialerRetry(20 * time.Millisecond), zmq4.WithDialerMaxRetries(-1),
		zmq4.WithTimeout(10 * time.Second)}
	c.shell = zmq4.NewDealer(c.ctx, append(retry, zmq4.WithID(zmq4.SocketIdentity(c.session+"-shell")))...)
	c.control = zmq4.NewDealer(c.ctx, append(retry, zmq4.WithID(zmq4.SocketIdentity(c.session+"-control")))...)
	c.iopub = zmq4.NewSub(c.ctx, retry...)
	socks := []struct {
		s    zmq4.Socket
		port int
		name string
	}{{c.shell, c.conn.ShellPort, "shell"}, {c.control, c.conn.ControlPort, "control"}, {c.iopub, c.conn.IOPubPort, "iopub"}}
	for _, s := range socks {
		errc := make(chan error, 1)
		go func() { errc <- s.s.Dial(c.conn.Endpoint(s.port)) }()
		select {
		case err := <-errc:
			if err != nil {
				return c.startError(ctx, fmt.Errorf("connecting to the kernel's %s channel: %w", s.name, err))
			}
		case <-dialCtx.Done():
			return c.startError(ctx, fmt.Errorf("connecting to the kernel's %s channel: %w", s.name, ctx.Err()))
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return fmt.Errorf("subscribing to iopub: %w", err)
	}
	go c.recvLoop(c.shell, "shell")
	go c.recvLoop(c.control, "control")
	go c.recvLoop(c.iopub, "iopub")

	// Handshake: a kernel_info_request's reply shows the shell works; a
	// status message about it on iopub shows our subscription is live
	// (PUB drops messages sent before the subscription arrived).
	// Resend until both happened.
	ready := make(chan struct{}, 1)
	for attempt := 0; ; attempt++ {
		req, err := NewMessage(c.session, "kernel_info_request", map[string]any{})
		if err != nil {
			return err
		}
		ex := &Execution{MsgID: req.Header.MsgID, Start: time.Now(), done: make(chan struct{})}
		c.mu.Lock()
		c.execs[ex.MsgID] = ex
		c.mu.Unlock()
		go func() {
			select {
			case <-ex.done:
				select {
				case ready <- struct{}{}:
				default:
				}
			case <-c.ctx.Done():
			}
		}()
		reply, err := c.request(ctx, c.shell, req, 500*time.Millisecond)
		if err != nil && !errors.Is(err, errNoReply) {
			return c.startError(ctx, err)
		}
		if reply != nil {
			select {
			case <-ready:
				c.connected.Store(true)
				return nil
			case <-time.After(500 * time.Millisecond):
				if attempt >= 10 {
					c.opts.Logf("kernel answered kernel_info but sent no status on iopub; going on")
					c.connected.Store(true)
					return nil
				}
			}
		}
		select {
		case <-ready:
			c.connected.Store(true)
			return nil
		default:
		}
	}
}

func (c *Client) startError(ctx context.Context, err error) error {
	select {
	case <-c.dead:
		return fmt.Errorf("kernel %q exited while starting (%v); its log ends with:\n%s", c.spec.DisplayName, c.waitErr, lastLines(c.log.String(), 12))
	default:
	}
	if ctx.Err() != nil {
		return fmt.Errorf("kernel %q did not start within %v: %w; its log ends with:\n%s", c.spec.DisplayName, c.opts.StartTimeout, err, lastLines(c.log.String(), 12))
	}
	return err
}

var errNoReply = errors.New("no reply")

// request sends m on sock and waits up to timeout for the reply.
func (c *Client) request(ctx context.Context, sock zmq4.Socket, m *Message, timeout time.Duration) (*Message, error) {
	ch := make(chan *Message, 1)
	c.mu.Lock()
	c.replies[m.Header.MsgID] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.replies, m.Header.MsgID)
		c.mu.Unlock()
	}()
	if err := c.send(sock, m); err != nil {
		return nil, err
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r, nil
	case <-t.C:
		return nil, errNoReply
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.dead:
		return nil, fmt.Errorf("kernel exited: %v", c.waitErr)
	}
}

func (c *Client) send(sock zmq4.Socket, m *Message) error {
	frames, err := c.signer.Encode(m)
	if err != nil {
		return err
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		return fmt.Errorf("sending %s: %w", m.Header.MsgType, err)
	}
	return nil
}

// recvLoop reads one socket until the client closes, verifying and
// dispatching each message.
func (c *Client) recvLoop(sock zmq4.Socket, name string) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			if c.closed.Load() || c.ctx.Err() != nil {
				return
			}
			select {
			case <-c.dead:
				return
			default:
			}
			c.opts.Logf("%s: receive error: %v", name, err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := c.signer.Decode(zm.Frames)
		if err != nil {
			c.rejected.Add(1)
			c.opts.Logf("%s: rejected message: %v", name, err)
			continue
		}
		if name == "iopub" {
			c.dispatchIOPub(m)
		} else {
			c.dispatchReply(m)
		}
	}
}

func (c *Client) dispatchReply(m *Message) {
	c.mu.Lock()
	ch := c.replies[m.ParentHeader.MsgID]
	ex := c.execs[m.ParentHeader.MsgID]
	c.mu.Unlock()
	if ch != nil {
		select {
		case ch <- m:
		default:
		}
	}
	if ex != nil {
		if err := ex.handleReply(m); err != nil {
			c.opts.Logf("%v", err)
		}
	}
}

func (c *Client) dispatchIOPub(m *Message) {
	c.mu.Lock()
	ex := c.execs[m.ParentHeader.MsgID]
	c.lastMsg = time.Now()
	close(c.iopubAny)
	c.iopubAny = make(chan struct{})
	c.mu.Unlock()
	if m.Header.MsgType == "update_display_data" {
		c.updateDisplay(m)
		return
	}
	if ex == nil {
		return
	}
	id, err := ex.handleIOPub(m)
	if err != nil {
		c.opts.Logf("%v", err)
	}
	if id != "" {
		c.mu.Lock()
		c.displays[id] = append(c.displays[id], displayRef{ex, ex.lastIndex()})
		c.mu.Unlock()
	}
}

func (c *Client) updateDisplay(m *Message) {
	var u struct {
		Data      map[string]any `json:"data"`
		Metadata  map[string]any `json:"metadata"`
		Transient struct {
			DisplayID string `json:"display_id"`
		} `json:"transient"`
	}
	if err := m.Decode(&u); err != nil {
		c.opts.Logf("%v", err)
		return
	}
	c.mu.Lock()
	refs := append([]displayRef(nil), c.displays[u.Transient.DisplayID]...)
	c.mu.Unlock()
	for _, r := range refs {
		r.exec.update(r.index, u.Data, u.Metadata)
	}
}

// Rejected returns how many received messages were dropped because their
// signature did not verify or they were malformed.
func (c *Client) Rejected() int64 { return c.rejected.Load() }

// Session returns the client's session id.
func (c *Client) Session() string { return c.session }

// Dead returns a channel closed when the kernel process has exited.
func (c *Client) Dead() <-chan struct{} { return c.dead }

// Log returns the tail of the kernel's own output (its log); the
// Traceback of a KernelDied execution holds its last lines.
func (c *Client) Log() string { return c.log.String() }

// Execute runs code as one cell and waits until the kernel finished it
// (execute_reply and idle status), the timeout passed (0: none), the kernel
// died, or ctx ended. The returned Execution's Status says which; a
// non-nil error means the request could not be made at all or ctx ended.
func (c *Client) Execute(ctx context.Context, code string, timeout time.Duration) (*Execution, error) {
	req, err := NewMessage(c.session, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	if err != nil {
		return nil, err
	}
	ex := &Execution{MsgID: req.Header.MsgID, Code: code, Start: time.Now(), done: make(chan struct{}),
		maxOutput: c.opts.MaxOutput, overflow: make(chan struct{})}
	c.mu.Lock()
	c.execs[ex.MsgID] = ex
	c.mu.Unlock()
	select {
	case <-c.dead:
		ex.settle(KernelDied, "KernelDied", c.deathMessage("before the cell started"))
		return ex, nil
	default:
	}
	if err := c.send(c.shell, req); err != nil {
		return nil, err
	}
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		deadline = t.C
	}
	select {
	case <-ex.done:
		c.waitQuiet(ex, c.opts.Quiet)
		ex.settle("", "", "")
	case <-c.dead:
		ex.settle(KernelDied, "KernelDied", c.deathMessage("while the cell ran"))
		ex.Traceback = strings.Split(lastLines(c.log.String(), 20), "\n")
	case <-ex.overflow:
		c.stopCell(ex, OutputLimit, "OutputLimit", fmt.Sprintf("output limit exceeded: the cell printed more than %s", FormatBytes(c.opts.MaxOutput)))
	case <-deadline:
		c.stopCell(ex, Timeout, "Timeout", fmt.Sprintf("the cell ran longer than its timeout of %v", timeout))
	case <-ctx.Done():
		c.stopCell(ex, Timeout, "Timeout", fmt.Sprintf("the run was cancelled (%v)", ctx.Err()))
		return ex, ctx.Err()
	}
	return ex, nil
}

// stopCell interrupts a running cell and kills the kernel if the cell does
// not stop within KillAfter; ex ends with status and ename, and evalue
// says why and how it stopped.
func (c *Client) stopCell(ex *Execution, status Status, ename, why string) {
	c.Interrupt()
	t := time.NewTimer(c.opts.KillAfter)
	defer t.Stop()
	select {
	case <-ex.done:
		c.waitQuiet(ex, c.opts.Quiet)
		ex.settle(status, ename, why+"; interrupted (SIGINT)")
	case <-c.dead:
		ex.settle(status, ename, why+"; the kernel exited on the interrupt")
	case <-t.C:
		c.Kill()
		ex.Killed = true
		ex.settle(status, ename, fmt.Sprintf("%s; it did not stop %v after an interrupt (SIGINT), so the kernel was killed", why, c.opts.KillAfter))
	}
}

func (c *Client) deathMessage(when string) string {
	<-c.dead
	return fmt.Sprintf("the kernel process exited %s (%v)", when, c.waitErr)
}

// waitQuiet waits until ex received no iopub message for quiet.
func (c *Client) waitQuiet(ex *Execution, quiet time.Duration) {
	for {
		ex.mu.Lock()
		since := time.Since(ex.lastOutput)
		ex.mu.Unlock()
		if since >= quiet {
			return
		}
		time.Sleep(quiet - since)
	}
}

// Drain waits until the iopub channel was silent for quiet (at most max),
// so outputs that the kernel published after a cell's idle status reach
// their Execution. Call it before reading the outputs of the last cells.
func (c *Client) Drain(quiet, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		c.mu.Lock()
		since := time.Since(c.lastMsg)
		c.mu.Unlock()
		if since >= quiet {
			return
		}
		time.Sleep(min(quiet-since, time.Until(end)))
	}
}

// Interrupt sends SIGINT to the kernel's process group, as Jupyter does for
// kernels with interrupt_mode "signal".
func (c *Client) Interrupt() {
	if c.cmd != nil && c.cmd.Process != nil {
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGINT)
	}
}

// Kill sends SIGKILL to the kernel's process group.
func (c *Client) Kill() {
	if c.cmd != nil && c.cmd.Process != nil {
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// Close asks the kernel to shut down (shutdown_request on the control
// channel), waits up to 5 s for it to exit, then kills its process group,
// closes the sockets and removes the connection file. It is safe to call
// more than once.
func (c *Client) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	if c.cmd != nil {
		select {
		case <-c.dead:
		default:
			grace := 5 * time.Second
			if m, err := NewMessage(c.session, "shutdown_request", map[string]any{"restart": false}); err == nil && c.connected.Load() {
				_ = c.send(c.control, m)
			} else {
				grace = 0 // it never connected: nobody to ask
			}
			select {
			case <-c.dead:
			case <-time.After(grace):
				_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGTERM)
				select {
				case <-c.dead:
				case <-time.After(2 * time.Second):
				}
			}
		}
		// Whatever is left of the process group (a cell program) goes too.
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		<-c.dead
	}
	c.cleanup()
	return nil
}

func (c *Client) cleanup() {
	c.closed.Store(true)
	if c.cancel != nil {
		c.cancel()
	}
	for _, s := range []zmq4.Socket{c.shell, c.control, c.iopub} {
		if s != nil {
			s.Close()
		}
	}
	os.RemoveAll(c.connDir)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

// Write appends p, dropping the oldest bytes beyond max.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

// String returns the bytes kept.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

package jupyter

// A fake kernel that speaks the Jupyter protocol over zmq4, run as a child
// process of the test binary (see TestMain). Each line of a cell is a
// command:
//
//	print TEXT         stream to stdout
//	stderr TEXT        stream to stderr
//	html N             display_data with N bytes of text/html
//	display ID TEXT    display_data with display_id ID
//	update ID TEXT     update_display_data for ID
//	late TEXT          stream sent 150 ms after the reply and idle status
//	badsig TEXT        stream with a forged signature (must be rejected)
//	error NAME MSG     error output and an "error" reply
//	sleep D            sleep D, or until SIGINT (then an error reply)
//	hang               ignore SIGINT and sleep forever
//	die                exit(3) in the middle of the cell

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

const fakeKernelEnv = "DLFUN_FAKE_KERNEL"

func TestMain(m *testing.M) {
	if os.Getenv(fakeKernelEnv) != "" {
		if err := runFakeKernel(os.Args[len(os.Args)-1]); err != nil {
			fmt.Fprintln(os.Stderr, "fake kernel:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeSpec returns a kernelspec that runs the fake kernel.
func fakeSpec(t *testing.T) *KernelSpec {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &KernelSpec{Argv: []string{exe, "-test.run=^$", "{connection_file}"}, DisplayName: "fake",
		Env: map[string]string{fakeKernelEnv: "1"}}
}

type fakeKernel struct {
	signer       *Signer
	session      string
	shell, iopub zmq4.Socket
	count        int
	interrupts   chan os.Signal
	ignoreSIGINT bool
}

func runFakeKernel(connFile string) error {
	conn, err := ReadConnectionFile(connFile)
	if err != nil {
		return err
	}
	ctx := context.Background()
	k := &fakeKernel{signer: NewSigner([]byte(conn.Key)), session: NewID(), interrupts: make(chan os.Signal, 4)}
	signal.Notify(k.interrupts, syscall.SIGINT)
	k.shell = zmq4.NewRouter(ctx)
	control := zmq4.NewRouter(ctx)
	k.iopub = zmq4.NewPub(ctx)
	for _, s := range []struct {
		s    zmq4.Socket
		port int
	}{{k.shell, conn.ShellPort}, {control, conn.ControlPort}, {k.iopub, conn.IOPubPort}} {
		if err := s.s.Listen(conn.Endpoint(s.port)); err != nil {
			return err
		}
	}
	go func() { // control: shutdown_request ends the process
		for {
			zm, err := control.Recv()
			if err != nil {
				return
			}
			if m, err := k.signer.Decode(zm.Frames); err == nil && m.Header.MsgType == "shutdown_request" {
				k.send(control, m, "shutdown_reply", map[string]any{"restart": false}, false)
				os.Exit(0)
			}
		}
	}()
	for {
		zm, err := k.shell.Recv()
		if err != nil {
			return err
		}
		m, err := k.signer.Decode(zm.Frames)
		if err != nil {
			return err
		}
		k.status(m, "busy")
		switch m.Header.MsgType {
		case "kernel_info_request":
			k.send(k.shell, m, "kernel_info_reply", map[string]any{"status": "ok", "protocol_version": ProtocolVersion}, false)
			k.status(m, "idle")
		case "execute_request":
			var req struct {
				Code string `json:"code"`
			}
			if err := m.Decode(&req); err != nil {
				return err
			}
			k.execute(m, req.Code)
		}
	}
}

// send signs and sends a message replying to parent (identities copied for
// router sockets); bad forges the signature.
func (k *fakeKernel) send(sock zmq4.Socket, parent *Message, msgType string, content any, bad bool) {
	m, err := NewMessage(k.session, msgType, content)
	if err != nil {
		panic(err)
	}
	m.ParentHeader = parent.Header
	if sock != k.iopub {
		m.Identities = parent.Identities
	} else {
		m.Identities = [][]byte{[]byte(msgType)}
	}
	frames, err := k.signer.Encode(m)
	if err != nil {
		panic(err)
	}
	if bad {
		for i, f := range frames {
			if string(f) == delimiter {
				frames[i+1] = []byte(strings.Repeat("0", 64))
			}
		}
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		fmt.Fprintln(os.Stderr, "fake kernel send:", err)
	}
}

func (k *fakeKernel) status(parent *Message, state string) {
	k.send(k.iopub, parent, "status", map[string]any{"execution_state": state}, false)
}

func (k *fakeKernel) stream(parent *Message, name, text string, bad bool) {
	k.send(k.iopub, parent, "stream", map[string]any{"name": name, "text": text}, bad)
}

func (k *fakeKernel) execute(m *Message, code string) {
	k.count++
	k.send(k.iopub, m, "execute_input", map[string]any{"code": code, "execution_count": k.count}, false)
	reply := map[string]any{"status": "ok", "execution_count": k.count}
	var late []string
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch cmd {
		case "print":
			k.stream(m, "stdout", arg+"\n", false)
		case "stderr":
			k.stream(m, "stderr", arg+"\n", false)
		case "badsig":
			k.stream(m, "stdout", arg+"\n", true)
		case "late":
			late = append(late, arg)
		case "html":
			n, _ := strconv.Atoi(arg)
			k.send(k.iopub, m, "display_data", map[string]any{"data": map[string]any{"text/html": strings.Repeat("x", n)}, "metadata": map[string]any{}}, false)
		case "display", "update":
			id, text, _ := strings.Cut(arg, " ")
			typ := map[string]string{"display": "display_data", "update": "update_display_data"}[cmd]
			k.send(k.iopub, m, typ, map[string]any{"data": map[string]any{"text/plain": text}, "metadata": map[string]any{},
				"transient": map[string]any{"display_id": id}}, false)
		case "error":
			name, msg, _ := strings.Cut(arg, " ")
			reply = map[string]any{"status": "error", "execution_count": k.count, "ename": name, "evalue": msg, "traceback": []string{name + ": " + msg}}
			k.send(k.iopub, m, "error", reply, false)
		case "sleep":
			d, _ := time.ParseDuration(arg)
			select {
			case <-time.After(d):
			case <-k.interrupts:
				reply = map[string]any{"status": "error", "execution_count": k.count, "ename": "Interrupted", "evalue": "interrupted", "traceback": []string{}}
			}
		case "flood": // prints lines of arg bytes until interrupted
			n, _ := strconv.Atoi(arg)
			line := strings.Repeat("y", n) + "\n"
		flood:
			for {
				select {
				case <-k.interrupts:
					reply = map[string]any{"status": "error", "execution_count": k.count, "ename": "Interrupted", "evalue": "interrupted", "traceback": []string{}}
					break flood
				default:
					k.stream(m, "stdout", line, false)
				}
			}
		case "hang":
			signal.Ignore(syscall.SIGINT)
			select {}
		case "die":
			os.Exit(3)
		}
	}
	k.send(k.shell, m, "execute_reply", reply, false)
	k.status(m, "idle")
	if len(late) > 0 {
		time.Sleep(150 * time.Millisecond)
		for _, l := range late {
			k.stream(m, "stdout", l+"\n", false)
		}
	}
}

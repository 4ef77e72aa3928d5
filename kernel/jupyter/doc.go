// Package jupyter is a client of the Jupyter messaging protocol
// (https://jupyter-client.readthedocs.io/en/latest/messaging.html), enough to
// run notebooks headless through a real kernel such as GoNB.
//
// It starts a kernel from its kernelspec (see [KernelSpec] and [Start]),
// writes a connection file with loopback-only ports and a fresh random
// HMAC-SHA256 key, talks to the kernel over ZeroMQ
// (github.com/go-zeromq/zmq4), signs every request and verifies the
// signature of every message it receives: a message with a bad signature is
// dropped and counted (see [Client.Rejected]), never used.
//
// [Client.Execute] runs one cell and collects its outputs in nbformat 4 form.
// A cell is finished when both its execute_reply and its "idle" status have
// arrived; outputs that the kernel publishes after that (GoNB can publish a
// large display after "idle") are still attributed to their cell by the
// parent message id, for as long as the client runs. Call [Client.Drain]
// before reading the outputs of the last cell to wait for such stragglers.
//
// A cell that runs past its timeout is interrupted (SIGINT to the kernel's
// process group, as Jupyter does) and, if the kernel does not answer within
// [Options.KillAfter], the kernel is killed; either way the result says
// [Timeout]. A kernel that exits while a cell runs is reported as
// [KernelDied].
package jupyter

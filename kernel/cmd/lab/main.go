// Command lab is what `make lab` runs: `dlfun lab` without the rest of
// dlfun. On a fresh clone `go run` compiles the command before anything
// else can start, and dlfun's other commands (export, grade) bring in the
// Markdown renderer, the sanitizer, the syntax highlighter and the
// grader: about ten seconds more of compiling on two cores before a
// student sees JupyterLab. This command links only the kernel package.
//
// Usage:
//
//	go run ./kernel/cmd/lab [--notebook] [--port N] [--ip ADDR]
//
// The flags are those of `dlfun lab`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dlfun/dlfun/kernel"
)

func main() {
	fs := flag.NewFlagSet("lab", flag.ContinueOnError)
	classic := fs.Bool("notebook", false, "start jupyter notebook (the classic Notebook, or Notebook 7) instead of JupyterLab")
	port := fs.Int("port", 8888, "port to listen on")
	ip := fs.String("ip", "127.0.0.1", "address to listen on")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "lab: unexpected argument %q (flags: --notebook, --port N, --ip ADDR)\n", fs.Arg(0))
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := kernel.Lab(ctx, kernel.LabOptions{Classic: *classic, Port: *port, IP: *ip})
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab: %v\n", err)
		os.Exit(1)
	}
}

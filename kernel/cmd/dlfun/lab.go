package main

import (
	"context"
	"fmt"
	"io"

	"github.com/dlfun/dlfun/kernel"
)

func cmdLab(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("lab")
	classic := fs.Bool("notebook", false, "start jupyter notebook (the classic Notebook, or Notebook 7) instead of JupyterLab")
	port := fs.Int("port", 8888, "port to listen on")
	ip := fs.String("ip", "127.0.0.1", "address to listen on")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0])
	}
	return kernel.Lab(ctx, kernel.LabOptions{Classic: *classic, Port: *port, IP: *ip, Out: stdout, Err: stderr})
}

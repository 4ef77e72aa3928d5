package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/jupyter"
)

func cmdInstall(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("install")
	user := fs.Bool("user", false, "install into the user's Jupyter data folder (default)")
	prefix := fs.String("prefix", "", "install into DIR/share/jupyter")
	online := fs.Bool("online", false, "let cells use the Go module proxy")
	noWarm := fs.Bool("no-prewarm", false, "skip pre-warming the build cache")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0])
	}
	if *user && *prefix != "" {
		return fmt.Errorf("%w: --user and --prefix exclude each other", errUsage)
	}
	opts := kernel.InstallOptions{DataDir: jupyter.UserDataDir(), Online: *online, SkipPrewarm: *noWarm, Out: stdout}
	if *prefix != "" {
		abs, err := filepath.Abs(*prefix)
		if err != nil {
			return err
		}
		opts.DataDir = filepath.Join(abs, "share", "jupyter")
	}
	inst, err := kernel.Install(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "done: select the kernel %q in Jupyter; `jupyter kernelspec list` shows it as %s\n", kernel.DisplayName, inst.KernelDir)
	return nil
}

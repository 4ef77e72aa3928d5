package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dlfun/dlfun/kernel"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run")
	timeout := fs.Duration("timeout", 5*time.Minute, "per-cell timeout (0: none)")
	total := fs.Duration("total-timeout", 0, "timeout for each whole notebook (0: none)")
	outDir := fs.String("out", "", "write executed notebooks into this folder")
	keepGoing := fs.Bool("keep-going", false, "run every cell even after a failure")
	kernelName := fs.String("kernel", kernel.KernelName, "name of the installed kernelspec to use")
	quiet := fs.Bool("quiet", false, "do not print a line per cell")
	notebooks, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(notebooks) == 0 {
		return fmt.Errorf("%w: no notebook given", errUsage)
	}
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return err
		}
	}
	opts := kernel.RunOptions{KernelName: *kernelName, CellTimeout: *timeout, TotalTimeout: *total, ContinueOnError: *keepGoing}
	if !*quiet {
		opts.Progress = stdout
	}
	failed := 0
	for _, path := range notebooks {
		if *outDir != "" {
			if same, _ := sameFile(path, filepath.Join(*outDir, filepath.Base(path))); same {
				return fmt.Errorf("%w: --out %s would overwrite the input %s; choose another folder", errUsage, *outDir, path)
			}
		}
		res, err := kernel.RunNotebook(ctx, path, opts)
		if err != nil {
			return err
		}
		if *outDir != "" {
			dst := filepath.Join(*outDir, filepath.Base(path))
			if err := res.Notebook.Write(dst); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s\n", dst)
		}
		if res.Err != nil {
			failed++
			fmt.Fprintf(stderr, "FAIL %v\n", res.Err)
			continue
		}
		fmt.Fprintf(stdout, "ok %s: %d cells in %.1fs (kernel start %.1fs)\n", path, len(res.Cells), res.Duration.Seconds(), res.Start.Seconds())
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d notebooks failed", failed, len(notebooks))
	}
	return nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, nil
	}
	return os.SameFile(sa, sb), nil
}

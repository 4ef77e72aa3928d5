package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dlfun/dlfun/kernel/grade"
)

// runRelease is the verb `dlfun release SOURCE.ipynb... --out DIR`: it
// writes the student version of each source notebook to DIR under the same
// file name.
func runRelease(args []string) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	out := fs.String("out", "", "folder for the student versions (required)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: dlfun release SOURCE.ipynb... --out DIR\n\n"+
			"Writes the student version of each assignment: solutions replaced by stubs,\n"+
			"hidden tests removed, test cells locked, outputs cleared.")
		fs.PrintDefaults()
	}
	sources, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(sources) == 0 {
		fs.Usage()
		return errors.New("release: need --out DIR and at least one source notebook")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, src := range sources {
		a, err := grade.Load(src)
		if err != nil {
			return err
		}
		nb, err := a.Release()
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		dst := filepath.Join(*out, filepath.Base(src))
		if same, _ := sameFile(src, dst); same {
			return fmt.Errorf("release: %s would overwrite its source", dst)
		}
		if err := nb.Write(dst); err != nil {
			return err
		}
		fmt.Printf("released %s → %s (%d test cells, %s points)\n", src, dst, len(a.Tests()), fmtPoints(a.MaxPoints()))
	}
	return nil
}

func fmtPoints(p float64) string { return fmt.Sprintf("%g", p) }

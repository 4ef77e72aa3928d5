package main

import (
	"fmt"
	"os"

	"github.com/dlfun/dlfun/kernel/export"
)

// exportUsage is the help text of `dlfun export`, for the usage screen.
const exportUsage = `  dlfun export --html DIR NOTEBOOK...
        Write each notebook (executed ones, e.g. from dlfun run --out) as
        DIR/<name>.html: a self-contained page that opens offline, with
        every chart drawn and formulas typeset (ECharts and KaTeX inlined
        once per page; fetch them first with go run ./kernel/assets/fetchecharts).
`

// runExport implements `dlfun export NOTEBOOK... --html DIR`: every
// notebook becomes one offline HTML page in DIR (see package
// kernel/export). Flags may come before or after the notebooks. It prints
// one "wrote PATH" line per page and stops at the first notebook that cannot
// be exported. The libraries are read once for all pages.
func runExport(args []string) error {
	fs := newFlagSet("export")
	dir := fs.String("html", "", "folder for the HTML pages (created if needed)")
	notebooks, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --html DIR is required", errUsage)
	}
	if len(notebooks) == 0 {
		return fmt.Errorf("%w: no notebook given", errUsage)
	}
	for _, nb := range notebooks { // a missing notebook is reported first
		if _, err := os.Stat(nb); err != nil {
			return err
		}
	}
	libs, err := export.LoadLibraries()
	if err != nil {
		return err
	}
	for _, nb := range notebooks {
		out, err := export.FileWith(nb, *dir, libs)
		if err != nil {
			return err
		}
		fmt.Fprintln(os.Stdout, "wrote", out)
	}
	return nil
}

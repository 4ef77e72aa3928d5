package main

import (
	"fmt"
	"os"

	"github.com/dlfun/dlfun/kernel/export"
)

// exportUsage is the help text of `dlfun export`, for the usage screen.
const exportUsage = `  dlfun export [--html DIR] [--slides DIR] NOTEBOOK...
        Write each notebook (executed ones, e.g. from dlfun run --out) as
        DIR/<name>.html: a self-contained page that opens offline, with
        every chart drawn and formulas typeset (ECharts and KaTeX inlined
        once per page; fetch them first with go run ./kernel/assets/fetchecharts).
        --slides writes DIR/<name>.slides.html, a reveal.js presentation
        following the cells' slideshow metadata (as RISE shows it in
        JupyterLab), offline too: arrows move, S opens the speaker notes.
`

// runExport implements `dlfun export NOTEBOOK... --html DIR --slides DIR`:
// every notebook becomes one offline HTML page in the --html folder and one
// offline presentation in the --slides folder (see package kernel/export);
// at least one of the two is required. Flags may come before or after the
// notebooks. It prints one "wrote PATH" line per file and stops at the
// first notebook that cannot be exported. The libraries are read once for
// all files.
func runExport(args []string) error {
	fs := newFlagSet("export")
	dir := fs.String("html", "", "folder for the HTML pages (created if needed)")
	slides := fs.String("slides", "", "folder for the reveal.js slides (created if needed)")
	notebooks, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" && *slides == "" {
		return fmt.Errorf("%w: --html DIR or --slides DIR is required", errUsage)
	}
	if len(notebooks) == 0 {
		return fmt.Errorf("%w: no notebook given", errUsage)
	}
	for _, nb := range notebooks { // a missing notebook is reported first
		if _, err := os.Stat(nb); err != nil {
			return err
		}
	}
	load := export.LoadLibraries
	if *slides != "" {
		load = export.LoadSlideLibraries
	}
	libs, err := load()
	if err != nil {
		return err
	}
	for _, nb := range notebooks {
		if *dir != "" {
			out, err := export.FileWith(nb, *dir, libs)
			if err != nil {
				return err
			}
			fmt.Fprintln(os.Stdout, "wrote", out)
		}
		if *slides != "" {
			out, err := export.SlidesFileWith(nb, *slides, libs)
			if err != nil {
				return err
			}
			fmt.Fprintln(os.Stdout, "wrote", out)
		}
	}
	return nil
}

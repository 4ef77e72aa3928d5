// Command dlfun installs the dlfun Go kernel for Jupyter, starts the course
// in JupyterLab and runs notebooks headless.
//
//	dlfun install [--user | --prefix DIR] [--online]
//	dlfun lab [--notebook]
//	dlfun run [--timeout D] [--out DIR] NOTEBOOK...
//	dlfun export --html DIR NOTEBOOK...
//	dlfun release SOURCE.ipynb --out DIR
//	dlfun grade --source SOURCE.ipynb --out DIR SUBMISSION...
//	dlfun help
//
// Run it from the repository: `go run ./kernel/cmd/dlfun ...`, or through
// `make lab` and `make test`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `dlfun: deep learning, hands on, in Go notebooks

Usage:
  dlfun install [--user | --prefix DIR] [--online]
        Build GoNB, goimports and gopls (pinned in go.mod) into ./bin, install
        the "dlfun" Jupyter kernel ("Go (dlfun)") and pre-warm the Go build
        cache. --user (default) installs into $JUPYTER_DATA_DIR or
        ~/.local/share/jupyter; --prefix DIR into DIR/share/jupyter. Cells run
        offline (GOPROXY=off) unless --online.
  dlfun lab [--notebook] [--port N] [--ip ADDR]
        Install if needed and start JupyterLab (or, with --notebook or when
        Lab is missing, the classic Notebook) on notebooks/, on 127.0.0.1.
  dlfun run [--timeout D] [--total-timeout D] [--out DIR] [--keep-going] NOTEBOOK...
        Execute notebooks top to bottom in fresh kernels, headless. Stops at
        the first failing cell and exits 1 naming notebook, cell and error.
        --timeout bounds each cell (default 5m; interrupted, then killed 5 s
        later); --out DIR writes each executed notebook as DIR/<name>; the
        input is never modified.
` + exportUsage + `  dlfun release SOURCE.ipynb... --out DIR
        Write the student version of each assignment source: solutions
        replaced by stubs that fail clearly, hidden tests removed, test cells
        locked, outputs cleared. Refuses unbalanced markers, duplicate
        grade_ids and test cells without points.
  dlfun grade --source SOURCE.ipynb --out DIR [--jobs N] [--cell-timeout D]
              [--timeout D] [--memory MiB] SUBMISSION...
        Grade submissions in fresh, contained kernels (test cells restored
        from the source, hidden tests re-inserted); writes DIR/grades.csv and
        DIR/feedback/<student>/. One broken submission never stops the batch.
  dlfun help
        Show this text.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "install":
		err = cmdInstall(ctx, args[1:], stdout, stderr)
	case "lab":
		err = cmdLab(ctx, args[1:], stdout, stderr)
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "export":
		err = runExport(args[1:])
	case "release":
		err = runRelease(args[1:])
	case "grade":
		err = runGrade(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "dlfun: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "dlfun %s: %v\n\nRun `dlfun help` for usage.\n", args[0], err)
		return 2
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "dlfun %s: %v\n", args[0], err)
		return 1
	}
}

// parseInterleaved parses flags that may come before or after positional
// arguments and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/dlfun/dlfun/kernel/grade"
)

// A process that the grader started as a sandboxed worker runs the job
// it was given and exits here, before main.
func init() { grade.RunWorkerIfRequested() }

// runGrade is the verb `dlfun grade --source SOURCE.ipynb --out DIR
// SUBMISSION...`: it grades each submission in its own sandboxed kernel
// and writes DIR/grades.csv and DIR/feedback/<student>/.
func runGrade(args []string) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	d := grade.DefaultLimits
	source := fs.String("source", "", "the teacher's source notebook (required)")
	out := fs.String("out", "", "folder for grades.csv and feedback/ (required)")
	jobs := fs.Int("jobs", 0, "submissions graded at once (default: number of CPUs)")
	cellTimeout := fs.Duration("cell-timeout", d.CellTimeout, "time limit of one cell")
	total := fs.Duration("timeout", d.TotalTimeout, "time limit of one submission")
	memory := fs.Int64("memory", d.Memory>>20, "memory limit of one submission in MiB (0: none)")
	isolate := fs.Bool("isolate", d.Isolate, "run each kernel in the sandbox (Linux, root, bubblewrap); grading stops if it cannot be set up. false: no isolation, refused as root")
	user := fs.String("user", d.User, "uid:gid the kernel runs as in the sandbox")
	kernel := fs.String("kernel", "dlfun", "kernelspec to run")
	maxSize := fs.Int64("max-size", 20, "largest submission accepted, in MiB")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: dlfun grade --source SOURCE.ipynb --out DIR SUBMISSION.ipynb...\n\n"+
			"Grades each submission in a fresh, sandboxed kernel: solution cells from the\n"+
			"submission, every other cell (and the hidden tests) from the source.\n"+
			"The student is the file name, or <student> in submitted/<student>/<assignment>/.")
		fs.PrintDefaults()
	}
	subs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *source == "" || *out == "" || len(subs) == 0 {
		fs.Usage()
		return errors.New("grade: need --source, --out and at least one submission")
	}
	a, err := grade.Load(*source)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := grade.Options{
		Out: *out, Jobs: *jobs, Kernel: *kernel, MaxSize: *maxSize << 20, Log: os.Stdout,
		Limits: grade.Limits{CellTimeout: *cellTimeout, TotalTimeout: *total, Memory: *memory << 20, Isolate: *isolate, User: *user},
	}
	fmt.Printf("grading %d submissions of %s (%s points) …\n", len(subs), a.Name, fmtPoints(a.MaxPoints()))
	rep, err := grade.Grade(ctx, a, subs, opts)
	if err != nil {
		return err
	}
	for _, n := range rep.Containment {
		fmt.Println("  sandbox:", n)
	}
	for _, n := range rep.Notes {
		fmt.Println("  warning:", n)
	}
	fmt.Printf("graded %d submissions in %s → %s\n", len(rep.Students), rep.Elapsed.Round(100*time.Millisecond), filepath.Join(*out, "grades.csv"))
	return nil
}

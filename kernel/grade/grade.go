package grade

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dlfun/dlfun/internal/checkline"
	"github.com/dlfun/dlfun/kernel/internal/sandbox"
	"github.com/dlfun/dlfun/kernel/jupyter"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// Options configure a grading batch.
type Options struct {
	// Out is the folder for grades.csv and feedback/.
	Out string
	// Limits bound each submission. The zero value means DefaultLimits;
	// otherwise a zero timeout takes the default one, and Memory 0 means
	// no memory limit.
	Limits Limits
	// Jobs is how many submissions run at once (default: the number of
	// CPUs, at most 8).
	Jobs int
	// Kernel is the installed kernelspec to run (default "dlfun"), unless
	// KernelSpecDir names the folder of a kernel.json to use instead.
	Kernel        string
	KernelSpecDir string
	// MaxSize is the largest submission file accepted, in bytes (default
	// 20 MiB); a larger one gets zero without being read.
	MaxSize int64
	// Log receives one line per graded submission (nil: none).
	Log io.Writer
}

// StudentResult is the grade of one submission.
type StudentResult struct {
	Student string
	Path    string
	Cells   []CellScore // one per test cell, in notebook order
	Total   float64
	// Notes explain what the grader did (missing or edited cells, ...).
	Notes []string
	// Error is set when the submission could not be graded at all (not a
	// notebook, too large, ...): it gets zero.
	Error string
	// Feedback is the path of the feedback notebook ("" if none).
	Feedback string
	Elapsed  time.Duration
}

// Report is the outcome of a batch.
type Report struct {
	Assignment string
	Max        float64
	Students   []StudentResult // sorted by student
	// Containment describes the sandbox that was in force.
	Containment []string
	// Notes warn about the assignment itself (a source notebook that does
	// not get full marks).
	Notes   []string
	Elapsed time.Duration
}

// Grade grades the submissions of assignment a: each in a fresh kernel in
// its own sandbox, several at once. It writes Out/grades.csv and, per
// student, Out/feedback/<student>/<assignment>.ipynb and .html. One bad
// submission never stops the batch: it gets zero with the reason. The
// error is only for problems of the batch itself (no kernel, no output
// folder).
func Grade(ctx context.Context, a *Assignment, submissions []string, opts Options) (*Report, error) {
	start := time.Now()
	opts = withDefaults(opts)
	var spec *jupyter.KernelSpec
	var err error
	if opts.KernelSpecDir != "" {
		spec, err = jupyter.ReadKernelSpec(opts.KernelSpecDir)
	} else {
		spec, err = jupyter.FindKernelSpec(opts.Kernel)
	}
	if err != nil {
		return nil, err
	}
	spec = withRawErrors(spec)
	released, err := a.Release()
	if err != nil {
		return nil, err
	}
	cont, err := sandbox.New(opts.Limits.policy(), spec)
	if err != nil {
		return nil, err
	}
	// Grades and feedback are the teacher's alone: the output folders are
	// 0700, the files 0600, written whole (temporary file, then rename).
	if err := os.MkdirAll(opts.Out, 0o700); err != nil {
		return nil, err
	}
	if err := privateDir(filepath.Join(opts.Out, "feedback")); err != nil {
		return nil, err
	}
	submissions = uniquePaths(submissions)
	batchRoot, err := os.MkdirTemp("", "dlfun-grade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(batchRoot)
	// The sandbox user must be able to pass through to its folder.
	if err := os.Chmod(batchRoot, 0o711); err != nil {
		return nil, err
	}
	rep := &Report{Assignment: a.Name, Max: a.MaxPoints(), Containment: cont.Notes}
	// First the teacher's own notebook, trusted to fill the shared build
	// cache (students only get an overlay on it); it must score full marks.
	warm := grader{a: a, released: released, spec: spec, cont: cont, opts: opts,
		root: filepath.Join(batchRoot, "source"), trusted: true}
	r := warm.gradeNotebook(ctx, "source", a.Source)
	if warm.setupErr != nil {
		return nil, fmt.Errorf("the sandbox could not run the source notebook, so no submission was run: %w", warm.setupErr)
	}
	if r.Error != "" || r.Total != a.MaxPoints() {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the source notebook itself scores %s / %s: check its tests%s",
			formatPoints(r.Total), formatPoints(a.MaxPoints()), indentReasons(r)))
	}
	names := studentNames(a.Name, submissions)
	results := make([]StudentResult, len(submissions))
	sem := make(chan struct{}, opts.Jobs)
	var wg sync.WaitGroup
	var logMu sync.Mutex
	for i, path := range submissions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			g := grader{a: a, released: released, spec: spec, cont: cont, opts: opts,
				root: filepath.Join(batchRoot, strconv.Itoa(i))}
			r := g.gradeOne(ctx, names[i], path)
			results[i] = r
			if opts.Log != nil {
				logMu.Lock()
				fmt.Fprintln(opts.Log, summaryLine(r, a.MaxPoints()))
				logMu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("grading stopped: %w", context.Cause(ctx))
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Student < results[j].Student })
	rep.Students, rep.Elapsed = results, time.Since(start)
	if err := writeCSV(filepath.Join(opts.Out, "grades.csv"), a, rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// withRawErrors makes GoNB put compiler messages into the error text (as
// the headless runner does), where the grader reads them for the reasons.
func withRawErrors(spec *jupyter.KernelSpec) *jupyter.KernelSpec {
	if filepath.Base(spec.Argv[0]) != "gonb" || slices.ContainsFunc(spec.Argv, func(a string) bool { return strings.Contains(a, "raw_error") }) {
		return spec
	}
	s := *spec
	s.Argv = append(slices.Clone(spec.Argv), "-raw_error=true")
	return &s
}

func withDefaults(o Options) Options {
	d := DefaultLimits
	if o.Limits == (Limits{}) {
		o.Limits = d
	}
	if o.Limits.CellTimeout == 0 {
		o.Limits.CellTimeout = d.CellTimeout
	}
	if o.Limits.TotalTimeout == 0 {
		o.Limits.TotalTimeout = d.TotalTimeout
	}
	if o.Limits.User == "" {
		o.Limits.User = d.User
	}
	if o.Jobs <= 0 {
		o.Jobs = min(runtime.NumCPU(), 8)
	}
	if o.Kernel == "" {
		o.Kernel = "dlfun"
	}
	if o.MaxSize <= 0 {
		o.MaxSize = 20 << 20
	}
	return o
}

// grader grades one submission.
type grader struct {
	a        *Assignment
	released *notebook.Notebook
	spec     *jupyter.KernelSpec
	cont     *sandbox.Containment
	opts     Options
	root     string
	trusted  bool // the teacher's notebook: may write the shared build cache
	// setupErr is set when the teacher's run found that the sandbox or
	// the kernel in it cannot start: the batch stops there.
	setupErr error
}

func (g *grader) gradeOne(ctx context.Context, student, path string) (r StudentResult) {
	start := time.Now()
	r = StudentResult{Student: student, Path: path}
	for _, t := range g.a.Tests() {
		r.Cells = append(r.Cells, CellScore{GradeID: t.GradeID, Max: t.Points})
	}
	defer func() {
		if p := recover(); p != nil {
			r.Error = fmt.Sprintf("internal error while grading: %v", p)
			r.Total = 0
		}
		r.Elapsed = time.Since(start)
	}()
	b, err := readSubmission(path, g.opts.MaxSize)
	if err != nil {
		r.Error = "cannot read the submission: " + err.Error()
		return r
	}
	sub, err := notebook.Parse(b)
	if err != nil {
		r.Error = "not a valid notebook: " + err.Error()
		return r
	}
	return g.grade(ctx, r, sub)
}

// gradeNotebook grades a notebook already in memory.
func (g *grader) gradeNotebook(ctx context.Context, student string, sub *notebook.Notebook) StudentResult {
	r := StudentResult{Student: student}
	for _, t := range g.a.Tests() {
		r.Cells = append(r.Cells, CellScore{GradeID: t.GradeID, Max: t.Points})
	}
	return g.grade(ctx, r, sub)
}

// grade runs the submission sub and fills in r.
func (g *grader) grade(ctx context.Context, r StudentResult, sub *notebook.Notebook) StudentResult {
	asm := g.a.assemble(sub, g.released)
	r.Notes = asm.Notes
	if asm.Found == 0 && len(asm.Answers) > 0 {
		r.Error = "none of the assignment's solution cells is in the submission (cells deleted, or grade_ids renamed?)"
		return r
	}
	key := newKey()
	runs, err := g.execute(ctx, asm.Run, key)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	tests := g.a.Tests()
	for k, t := range tests {
		var flag string
		r.Cells[k], flag = score(t, checkNewCalls(string(asm.Run.Cells[t.Index].Source)), runs[t.Index], key)
		if flag != "" {
			r.Notes = append(r.Notes, flag)
		}
		for _, sol := range g.a.deps[t.Index] {
			if why, ok := asm.Rejected[sol]; ok {
				r.Cells[k] = CellScore{GradeID: t.GradeID, Max: t.Points,
					Reason: fmt.Sprintf("it uses solution cell %q, which was not run: %s", g.a.Cells[sol].GradeID, why)}
				break
			}
		}
		r.Total += r.Cells[k].Points
	}
	r.Total = roundPoints(r.Total)
	if g.trusted {
		return r
	}
	fb, err := g.writePrivateFeedback(r.Student, asm, runs, r)
	if err != nil {
		r.Notes = append(r.Notes, "writing feedback: "+err.Error())
	}
	r.Feedback = fb
	return r
}

// execute runs the assembled notebook in a sandboxed worker and returns
// the run of every cell, indexed like the notebook (cells that are not
// code have a zero cellRun).
func (g *grader) execute(ctx context.Context, nb *notebook.Notebook, key []byte) ([]cellRun, error) {
	if err := os.Mkdir(g.root, 0o711); err != nil {
		return nil, err
	}
	defer os.RemoveAll(g.root)
	plan, cleanup, err := g.cont.Plan(g.root, g.trusted)
	defer cleanup()
	if err != nil {
		return nil, err
	}
	j := job{
		Spec: g.spec, SpecDir: g.spec.Dir, CellTimeout: g.opts.Limits.CellTimeout,
		Deadline: time.Now().Add(g.opts.Limits.TotalTimeout),
		CheckKey: key,
		Sandbox:  plan,
	}
	j.Cells = planCells(nb, g.a)
	res, err := startWorker(ctx, j)
	if err != nil {
		if g.trusted {
			g.setupErr = err
		}
		return nil, err
	}
	if res.Error != "" {
		if g.trusted {
			g.setupErr = errors.New(res.Error)
		}
		return nil, fmt.Errorf("%s", res.Error)
	}
	for _, c := range res.Cells {
		if c.Ename == "KernelStart" && g.trusted && g.setupErr == nil {
			g.setupErr = fmt.Errorf("the kernel did not start: %s", c.Evalue)
		}
	}
	runs := make([]cellRun, len(nb.Cells))
	for _, c := range res.Cells {
		if c.Index >= 0 && c.Index < len(runs) {
			runs[c.Index] = c
		}
	}
	return runs, nil
}

// planCells lists the code cells to run. Every cell run costs a build, so a
// cell that only declares things (no %%, no GoNB command, no main) is sent
// together with the next cell that runs code, GoNB keeping the
// declarations either way. But GoNB forgets all the declarations of a
// cell that does not compile, so the teacher's declarations are never sent
// with a student's: a student's solution cell goes with the test cell
// right after it (its compile error then shows in, and zeroes, that test),
// and the teacher's declaration cells before a student's cell run on
// their own.
func planCells(nb *notebook.Notebook, a *Assignment) []jobCell {
	var out []jobCell
	var pending []int // declaration-only cells waiting to be sent
	student := func(i int) bool { return a.Cells[i].Kind == Solution }
	join := func(idx []int) string {
		var parts []string
		for _, k := range idx {
			parts = append(parts, string(nb.Cells[k].Source))
		}
		return strings.Join(parts, "\n\n")
	}
	flush := func() {
		if len(pending) > 0 {
			last := pending[len(pending)-1]
			out = append(out, jobCell{Index: last, Code: join(pending)})
			pending = nil
		}
	}
	for i, c := range nb.Cells {
		if c.CellType != notebook.Code {
			continue
		}
		src := string(c.Source)
		if declarationsOnly(src) && a.Cells[i].Kind != Test {
			if len(pending) > 0 && (student(i) || student(pending[0])) {
				flush() // never two students' cells, or student and teacher, together
			}
			pending = append(pending, i)
			continue
		}
		test := a.Cells[i].Kind == Test
		if len(pending) > 0 && student(pending[0]) != student(i) && !(student(pending[0]) && test) {
			flush()
		}
		out = append(out, jobCell{Index: i, Decls: join(pending), Code: src, Test: test})
		pending = nil
	}
	// Declarations after the last cell that runs code affect no grade.

	// GoNB runs `go get` before every build unless told not to: the
	// grader's kernel is offline and has every module it may use, so the
	// first cell turns it off (the setting lasts for the kernel's life).
	if len(out) > 0 {
		if out[0].Decls != "" {
			out[0].Decls = "%noautoget\n" + out[0].Decls
		} else {
			out[0].Code = "%noautoget\n" + out[0].Code
		}
	}
	return out
}

// declarationsOnly reports whether a GoNB cell only declares (imports,
// funcs, types, vars): no %% or other special line, no func main.
func declarationsOnly(src string) bool {
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") || strings.HasPrefix(t, "func main(") {
			return false
		}
	}
	return true
}

// newKey returns a fresh random key with which dl/check signs this run's
// result lines (see the package doc).
func newKey() []byte {
	b := make([]byte, checkline.KeySize)
	rand.Read(b)
	return b
}

// writeCSV writes one row per student: student, the points of each test
// cell (by grade_id), total, max, and notes (why a cell or a submission got
// zero, and anything the teacher should check by hand).
func writeCSV(path string, a *Assignment, rep *Report) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	head := []string{"student"}
	for _, t := range a.Tests() {
		head = append(head, t.GradeID)
	}
	w.Write(append(head, "total", "max", "notes"))
	for _, s := range rep.Students {
		row := []string{s.Student}
		for _, c := range s.Cells {
			row = append(row, formatPoints(c.Points))
		}
		notes := s.Error
		for _, c := range s.Cells {
			if c.Reason != "" && s.Error == "" {
				notes = joinNote(notes, c.GradeID+": "+firstLines(c.Reason, 1))
			}
		}
		for _, n := range s.Notes {
			if strings.Contains(n, checkByHand) {
				notes = joinNote(notes, n)
			}
		}
		row[0] = csvText(row[0])
		w.Write(append(row, formatPoints(s.Total), formatPoints(rep.Max), csvText(notes)))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return notebook.WriteFileAtomic(path, []byte(b.String()), 0o600)
}

// writePrivateFeedback writes the feedback (see writeFeedback) into a
// folder only the teacher can enter, and leaves its files 0600.
func (g *grader) writePrivateFeedback(student string, asm assembled, runs []cellRun, r StudentResult) (string, error) {
	dir := filepath.Join(g.opts.Out, "feedback", safeName(student))
	if err := privateDir(dir); err != nil {
		return "", err
	}
	fb, err := g.writeFeedback(student, asm, runs, r)
	if err != nil {
		return fb, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fb, err
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil {
				return fb, err
			}
		}
	}
	return fb, nil
}

// privateDir makes dir (and its parents) exist, with dir itself 0700.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}

// csvText keeps a spreadsheet from reading text (a student's file name, an
// error message) as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func formatPoints(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

// indentReasons lists why r lost points, one indented line per reason.
func indentReasons(r StudentResult) string {
	var b strings.Builder
	if r.Error != "" {
		b.WriteString("\n    " + r.Error)
	}
	for _, c := range r.Cells {
		if c.Reason != "" {
			b.WriteString("\n    " + c.GradeID + ": " + firstLines(c.Reason, 1))
		}
		for _, f := range c.Failed {
			b.WriteString("\n    " + c.GradeID + ": ✗ " + f.Name + ": " + firstLines(f.Msg, 1))
		}
	}
	return b.String()
}

// checkByHand ends the notes that ask the teacher to look at a submission
// (they also go to grades.csv).
const checkByHand = "check it by hand"

func summaryLine(r StudentResult, max float64) string {
	s := fmt.Sprintf("%-20s %6s / %s  (%.1fs)", r.Student, formatPoints(r.Total), formatPoints(max), r.Elapsed.Seconds())
	if r.Error != "" {
		s += "  " + r.Error
	}
	return s
}

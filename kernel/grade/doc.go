// Package grade releases and grades dlfun assignments: Go notebooks whose
// cells carry nbgrader's metadata (schema version 3), graded from their
// test cells by package dl/check.
//
// # The assignment format
//
// A teacher's source notebook has solution cells (nbgrader.solution), test
// cells (nbgrader.grade with points), read-only cells (nbgrader.locked) and
// plain cells. In a solution cell the student's part lies between lines
// containing BEGIN SOLUTION and END SOLUTION (as `// BEGIN SOLUTION`); in a
// test cell, hidden tests lie between BEGIN HIDDEN TESTS and END HIDDEN
// TESTS. Load and New check all of it and list every problem with its cell
// number.
//
// # Release
//
// Assignment.Release writes the student version. A solution region becomes
// a stub that compiles and fails clearly, named after the enclosing
// function (found with go/scanner, so braces in strings, comments and
// interface{} do not confuse it):
//
//	func sigmoid(z *dl.Tensor) *dl.Tensor {
//		// YOUR CODE HERE
//		panic("not implemented: sigmoid")
//	}
//
// A region at the top level of a cell, where a statement cannot stand,
// becomes only the comment. Hidden tests are removed, test and read-only
// cells locked, outputs cleared.
//
// # Grading
//
// Grade runs each submission in its own worker process (this program
// started again; see RunWorkerIfRequested), which drives a fresh GoNB
// kernel through package kernel/jupyter. The notebook it runs is the
// source, in the source's order, with only the solution cells taken from
// the submission (matched by grade_id): edited, deleted or added cells
// change nothing. Where a grade_id appears more than once (Jupyter's
// "duplicate" copies it), the last cell counts, as in the student's own
// run from top to bottom, and the feedback says so. Declaration-only cells
// are sent together with the next cell that runs code, to save builds, but
// the teacher's declarations are never sent with a student's, since GoNB
// forgets every declaration of a cell that does not compile. A test cell
// that reports no result gets 0 with the reason (build error, panic, time
// or memory limit). Where the kernel dies, a new one is started and the
// earlier declarations replayed.
//
// # Solution cells are declarations, checked before anything runs
//
// GoNB runs more than Go: lines starting with % or ! (also after
// //gonb:) are commands (%goflags and %env change every later build, !
// runs a shell), func init_… runs before every later cell, and a later
// declaration replaces an earlier one of the same name. So each student
// solution cell is parsed with go/parser first and accepted only if it
// holds Go declarations (func, type, const, var, import) and none of:
//
//   - a GoNB command or //gonb: line;
//   - func init, func init_…, func main;
//   - a //go: (or //line) compiler directive, such as //go:linkname;
//   - a package-level var or const initializer that runs code: any call
//     (conversions to basic types such as float64(1) aside) or channel
//     receive, since it would run at start-up, before the test; declare it
//     inside a function;
//   - an import outside the allowlist, or the use of a package outside it
//     that the teacher's cells import (check.New, os.Exit) or that GoNB
//     would import by itself (x.f where x is no import and no name
//     declared in the notebook);
//   - a top-level name that a non-solution cell of the source declares (a
//     teacher's function, type, variable; methods included), a new method
//     on a teacher's type, or a redeclared Go built-in (len, error, true).
//
// A cell that breaks a rule is not run: its released stub runs in its
// place, the test cells that use it (found by following names through the
// source's declarations) score 0, and the note names the line and the
// fix. New applies the same rules to the teacher's own solution cells.
//
// The allowlist is DefaultAllowedImports: pure standard packages (math,
// math/rand/v2, sort, slices, maps, strings, strconv, fmt, errors, cmp,
// …) plus dl and datasets. A teacher widens it in the source notebook's
// metadata, which students cannot change (the source is what runs):
//
//	"metadata": {"dlfun": {"allowed_imports": ["gonum.org/v1/gonum/mat", "gonum.org/v1/gonum/stat/..."]}}
//
// ("p/..." allows p and the packages under it). Packages that reach files,
// the environment, other processes or another package's memory (os and
// os/..., syscall, unsafe, reflect, runtime, net, io/fs, embed, plugin,
// internal packages, dl/check) can never be allowed.
//
// # The result channel
//
// A test cell's points come from the lines dl/check's Done prints on
// stdout, which the student's code, running in the same process, can
// print too. Each line is therefore signed: the grader makes a fresh
// random key per submission and passes it to the kernel in a file (mode
// 0400, owned by the kernel's user, random name) named by the environment
// variable DLFUN_CHECK_KEYFILE (the line's format: package
// internal/checkline). check.New reads it into an unexported
// variable, numbers its Checker (seq 1, 2, … within the cell's program),
// and Done prints
//
//	DLFUN-CHECK <hex HMAC-SHA256(key, json)> <json: grade_id, points, max, passed, failed, seq>
//
// The grader verifies each line with the key it kept, and counts: a test
// cell must print exactly one valid line for each check.New call in its
// source (Go tokens, so comments do not count), with the cell's grade_id
// and seq 1…n each once. A line with the prefix but a bad signature, an
// extra or repeated line, or a missing one (n calls, fewer lines) scores
// the cell 0 and adds a note with "check it by hand" for the teacher (in
// grades.csv). A cell with no line at all scores 0 with the reason, as
// before.
//
// The key stays out of reach because of the rules above: no student code
// runs before check.New (no init, init_ or initializer that calls), and
// none can read files or the environment (no os, syscall, unsafe,
// reflect, runtime, //go:linkname), name package check or its variables,
// or create a Checker. New refuses check.New outside a test cell's body,
// so no teacher function hands one out. Replacing or deleting the key file
// (dl.Save and dl.ForgetMemo write and remove files) only makes the real
// lines fail verification: the grader never trusts the file, only its own
// copy. A key is never reused, so a line from one run is worthless in
// another. Teachers who widen the allowlist must not allow packages that
// read files or the environment.
//
// What this does not cover: Go is memory-safe only in programs without
// data races, and a student who races goroutines on an interface or slice
// value can, with much effort, read memory that no name reaches, the key
// included. Closing that would take running the checks in a process of
// their own, which the GoNB cell model does not offer.
//
// # Containment
//
// The sandbox is an allowlist and fails closed. Grading needs Linux, root
// (for namespaces and cgroups; student code itself never runs as root),
// bubblewrap (Debian's bwrap) and unprivileged user namespaces; where any
// of these is missing, or the sandbox user (Limits.User, 65534:65534 by
// default) cannot read what the kernel needs (a clone made with umask
// 077), Grade stops before running anything and says what to fix. The
// only way around it is Limits.Isolate = false, which is refused as root.
//
// Package kernel/internal/sandbox builds and applies the containment: the
// grader decides it once per batch (sandbox.New), makes a plan per
// submission (Containment.Plan) and starts a worker with it; the worker
// applies the plan (sandbox.Apply) and starts the kernel through it
// (Sandbox.Command). In short: each worker has its own mount, network
// (loopback only) and PID namespaces; GoNB runs under bubblewrap as the
// sandbox user in a file system of read-only system folders, GOROOT, the
// module cache and, of the repository, only go.mod, go.sum, bin/, dl/ and
// datasets/, plus a writable work folder and build-cache overlay. That
// package's doc lists every mount.
//
// Memory is bounded by a cgroup (v1, or v2 where delegated) holding the
// kernel from its start, else by RLIMIT_AS; processes by a pids cgroup;
// every cell and the whole notebook by timeouts.
//
// Inputs are read as hostile: a submission is opened with O_NOFOLLOW and
// O_NONBLOCK after an Lstat, and a symbolic link, FIFO, device, socket or
// folder is refused with the reason in grades.csv. Students get unique
// names: <student> in nbgrader's layout, else the file name, qualified by
// folder where two would clash ("a/carol", "b/carol"). Outputs are the
// teacher's: grades.csv and feedback files 0600 in 0700 folders, each
// written to a temporary file and renamed.
package grade

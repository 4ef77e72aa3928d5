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
// change nothing. Declaration-only cells are sent together with the next
// cell that runs code, to save builds, but the teacher's declarations are
// never sent with a student's, since GoNB forgets every declaration of a
// cell that does not compile. Each test cell's points come from the result
// lines dl/check prints on stdout with this run's random token; a cell
// that reports none gets 0 with the reason (build error, panic, time or
// memory limit). Where the kernel dies, a new one is started and the
// earlier declarations replayed.
//
// # Containment
//
// On Linux as root, a worker runs in new mount, network and PID namespaces:
// loopback only (the runner and the kernel talk over it), the kernel as an
// unprivileged user in a fresh tmpfs, the source, the submissions and the
// output folder hidden, private folders such as /root covered with only the
// Go caches exposed, and the shared build cache behind a per-submission
// overlay. Memory is bounded by a cgroup (v1, or v2 where delegated), else
// by RLIMIT_AS; every cell and the whole notebook by timeouts. Elsewhere the
// kernel still gets its own folder, HOME, environment and limits, and the
// report says what was not possible.
package grade

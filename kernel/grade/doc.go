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
// The sandbox is an allowlist and fails closed. Grading needs Linux, root
// (for namespaces and cgroups; student code itself never runs as root),
// bubblewrap (Debian's bwrap) and unprivileged user namespaces; where any
// of these is missing, or the sandbox user (Limits.User, 65534:65534 by
// default) cannot read what the kernel needs (a clone made with umask
// 077), Grade stops before running anything and says what to fix. The
// only way around it is Limits.Isolate = false, which is refused as root.
//
// Each worker runs in new mount, network and PID namespaces; its network
// holds only loopback, which the runner and the kernel share. The worker
// mounts a size-capped tmpfs on the submission's folder, an overlay on
// the shared build cache (the teacher's run fills the cache; a student's
// writes go to the overlay and are discarded), and stages every allowed
// host path there (a bind mount the sandbox user can reach, even under a
// private folder such as /root). Then a launcher (this program again)
// puts itself in the submission's memory cgroup, ignores SIGINT (so that
// interrupting a cell, which signals the kernel's process group, does not
// kill bubblewrap), drops to the sandbox user and executes bwrap, which
// starts GoNB in new user (no further user namespaces allowed), PID, IPC,
// UTS and cgroup namespaces, in a file system holding only:
//
//   - read-only: /usr, the /bin, /lib… links, a few files of /etc (the
//     dynamic linker's, passwd, group, hosts, localtime); GOROOT; the
//     module cache; of the kernel's repository only go.mod, go.sum, bin/
//     and the top folders of the packages notebooks build against
//     (kernelPackages: dl/, datasets/) — not .git, notebooks/, teacher
//     sources, the grader, submissions or any output folder;
//   - writable: the build-cache overlay at GOCACHE's own path and the
//     submission's work folder (HOME and TMPDIR are in it);
//   - fresh /proc and /dev, and empty tmpfs of 64 MiB each on /tmp,
//     /var/tmp and /dev/shm (gone with the kernel; /run does not exist).
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

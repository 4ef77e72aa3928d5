// Package sandbox contains the kernels that run student code for
// package kernel/grade: Linux namespaces, bubblewrap, cgroups and rlimits,
// behind a small plan/apply API.
//
// The grader calls New once per batch with a Policy (memory, isolation,
// sandbox user) and the kernelspec: it checks everything the sandbox
// needs (Linux, root, bubblewrap, user namespaces, files the sandbox user
// can read) and fails, saying what to fix, unless all of it works; it
// never falls back to running student code as root. Containment.Plan then
// makes one submission's Plan: its private folder, cgroups, uid and the
// allowlist of host paths. The grader starts a worker process with
// Plan.Configure; the worker calls Apply, which sets up the mounts and
// limits and returns a Sandbox, and starts the kernel with the command
// that Sandbox.Command rewrites into a bubblewrap invocation. Programs
// that run workers call RunLauncherIfRequested first thing.
//
// # What the sandbox is
//
// Each worker runs in new mount, network and PID namespaces; its network
// holds only loopback, which the runner and the kernel share. The worker
// mounts a size-capped tmpfs on the submission's folder, an overlay on
// the shared build cache (the teacher's run fills the cache; a student's
// writes go to the overlay and are discarded), and stages every allowed
// host path there (a bind mount the sandbox user can reach, even under a
// private folder such as /root). Then a launcher (the worker's program
// again, see RunLauncherIfRequested) puts itself in the submission's
// memory cgroup, ignores SIGINT (so that interrupting a cell, which
// signals the kernel's process group, does not kill bubblewrap), drops to the sandbox user and executes bwrap, which
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
// kernel from its start (a separate one bounds the worker's own memory,
// RunnerMemory), else by RLIMIT_AS; processes by a pids cgroup. Outside
// Linux there is no sandbox: New refuses unless isolation is off and the
// grader is not root, and Apply only makes the folders.
package sandbox

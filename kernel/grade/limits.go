package grade

import (
	"time"

	"github.com/dlfun/dlfun/kernel/internal/sandbox"
)

// Limits bound what one submission may use while it is graded. Memory,
// Isolate and User are enforced by package kernel/internal/sandbox.
type Limits struct {
	// CellTimeout stops a cell that runs longer (interrupt, then kill).
	CellTimeout time.Duration
	// TotalTimeout bounds the whole notebook, kernel start included.
	TotalTimeout time.Duration
	// Memory is the most memory (bytes) the kernel and its cells may use
	// together; 0 means no limit.
	Memory int64
	// Isolate asks for the full sandbox where the OS allows it (Linux, run
	// as root): new mount, network and PID namespaces, the kernel run as an
	// unprivileged user. Without it, or where it is not possible, the
	// kernel still gets its own folder, HOME, limits and a minimal
	// environment.
	Isolate bool
	// User is the numeric uid:gid the kernel runs as in the full sandbox
	// (default 65534:65534, nobody).
	User string
}

// DefaultLimits are the limits `dlfun grade` uses unless told otherwise.
var DefaultLimits = Limits{
	CellTimeout:  60 * time.Second,
	TotalTimeout: 10 * time.Minute,
	Memory:       2 << 30,
	Isolate:      true,
	User:         "65534:65534",
}

// policy is the containment the limits ask for.
func (l Limits) policy() sandbox.Policy {
	return sandbox.Policy{Memory: l.Memory, Isolate: l.Isolate, User: l.User, NoCgroups: noCgroups}
}

// noCgroups makes the grader use RLIMIT_AS even where cgroups work (tests).
var noCgroups = false

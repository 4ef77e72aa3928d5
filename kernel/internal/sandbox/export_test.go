package sandbox

// NamespacesWork and BwrapPath let the tests of package sandbox_test skip
// where no sandbox can be made and pretend bubblewrap is missing.
var (
	NamespacesWork = namespacesWork
	BwrapPath      = &bwrapPath
)

//go:build !linux

package display

// unreadOutput cannot measure the unread output on this system: the
// display layer then cannot order text before displays (see drainOutput).
func unreadOutput() (int, bool) { return 0, false }

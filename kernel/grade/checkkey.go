package grade

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/dlfun/dlfun/internal/checkline"
	"github.com/dlfun/dlfun/kernel/internal/sandbox"
)

// writeCheckKey writes the run's signing key where dl/check reads it: a
// file of the kernel's user, mode 0400, with a random name in the
// kernel's work folder. It returns the NAME=value that tells dl/check
// where it is. Student code cannot read it (see the package doc); if it
// removes or replaces it, the cells' lines are no longer signed with the
// key the grader holds and score 0.
func writeCheckKey(sb *sandbox.Sandbox, key []byte) (string, error) {
	name := make([]byte, 8)
	rand.Read(name)
	path := filepath.Join(sb.Work, ".dlfun-check-"+hex.EncodeToString(name))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o400)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(checkline.KeyText(key)); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if sb.UID >= 0 {
		if err := os.Chown(path, sb.UID, sb.GID); err != nil {
			return "", err
		}
	}
	return checkline.KeyFileEnv + "=" + path, nil
}

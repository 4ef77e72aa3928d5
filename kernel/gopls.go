package kernel

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// PathWithout returns a PATH like path in which every folder holding the
// program name is replaced by a folder (created under tmp) of symbolic links
// to everything else in it. Headless runs use it to hide gopls: GoNB starts
// gopls only when it finds one, a headless run needs no completions, and
// gopls type-checking the whole workspace would compete with the cells for
// the CPU.
func PathWithout(name, path, tmp string) (string, error) {
	dirs := filepath.SplitList(path)
	for i, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			continue
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			return "", err
		}
		shadow := filepath.Join(tmp, fmt.Sprintf("path%d", i))
		if err := os.MkdirAll(shadow, 0o755); err != nil {
			return "", err
		}
		for _, e := range entries {
			if e.Name() == name {
				continue
			}
			if err := os.Symlink(filepath.Join(d, e.Name()), filepath.Join(shadow, e.Name())); err != nil {
				return "", err
			}
		}
		dirs[i] = shadow
	}
	return strings.Join(dirs, string(os.PathListSeparator)), nil
}

// lookupEnv returns the last value of name in env ("NAME=value" entries).
func lookupEnv(env []string, name string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

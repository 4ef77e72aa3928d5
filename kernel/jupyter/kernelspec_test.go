package jupyter

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPathWithoutGopls(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	other := filepath.Join(tmp, "other")
	for _, d := range []string{bin, other} {
		os.MkdirAll(d, 0o755)
	}
	for _, f := range []string{"gonb", "goimports", "gopls"} {
		os.WriteFile(filepath.Join(bin, f), []byte("#!/bin/sh\n"), 0o755)
	}
	path, err := PathWithout("gopls", bin+":"+other, filepath.Join(tmp, "shadow"))
	if err != nil {
		t.Fatal(err)
	}
	dirs := filepath.SplitList(path)
	if len(dirs) != 2 || dirs[1] != other || dirs[0] == bin {
		t.Fatalf("PATH %q: want the bin folder replaced, the other kept", path)
	}
	for f, want := range map[string]bool{"gonb": true, "goimports": true, "gopls": false} {
		_, err := os.Stat(filepath.Join(dirs[0], f))
		if (err == nil) != want {
			t.Errorf("%s present=%v in the shadow folder, want %v", f, err == nil, want)
		}
	}
}

package kernel

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallLabExtension installs a fake build from a fake repository (its
// Makefile's labextension target writes the build, as the real one does)
// and checks the copy, that a reinstall drops files of an older build, and
// the error when there is no build.
func TestInstallLabExtension(t *testing.T) {
	for _, tc := range []struct {
		name, makefile string
		wantErr        string
	}{
		{"built", "labextension:\n\tmkdir -p " + filepath.FromSlash("kernel/labextension/build/@dlfun/echarts/static") +
			"\n\techo '{}' > kernel/labextension/build/@dlfun/echarts/package.json" +
			"\n\techo js > kernel/labextension/build/@dlfun/echarts/static/remoteEntry.1.js\n", ""},
		{"make fails", "labextension:\n\tfalse\n", "make labextension failed"},
		{"nothing built", "labextension:\n\ttrue\n", "run `make labextension`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, data := t.TempDir(), t.TempDir()
			if err := os.WriteFile(filepath.Join(repo, "Makefile"), []byte(tc.makefile), 0o644); err != nil {
				t.Fatal(err)
			}
			stale := filepath.Join(data, "labextensions", "@dlfun", "echarts", "static", "remoteEntry.0.js")
			if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			dir, err := InstallLabExtension(context.Background(), repo, data, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(data, "labextensions", "@dlfun", "echarts"); dir != want {
				t.Errorf("installed into %s, want %s", dir, want)
			}
			if b, err := os.ReadFile(filepath.Join(dir, "static", "remoteEntry.1.js")); err != nil || string(b) != "js\n" {
				t.Errorf("built file not copied: %q, %v", b, err)
			}
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Errorf("a file of the older build is still installed (%v)", err)
			}
		})
	}
}

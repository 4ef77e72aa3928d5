package grade

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStudentNames(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"nbgrader layout", []string{"course/submitted/alice/a1/a1.ipynb", "course/submitted/bob/a1/notebook.ipynb"}, []string{"alice", "bob"}},
		{"not nbgrader's layout", []string{"a1/dave.ipynb", "submitted/a1/erin.ipynb"}, []string{"dave", "erin"}},
		{"same name in two folders, and a name ending in -2", []string{"in/a/carol.ipynb", "in/b/carol.ipynb", "in/carol-2.ipynb"}, []string{"a/carol", "b/carol", "carol-2"}},
		{"two notebooks of one student", []string{"submitted/alice/a1/x.ipynb", "submitted/alice/a1/y.ipynb", "submitted/bob/a1/x.ipynb"}, []string{"alice/x", "alice/y", "bob"}},
		{"a qualified name that is someone else's", []string{"in/a/carol.ipynb", "in/b/carol.ipynb", "in/a_carol.ipynb"}, []string{"a/carol", "b/carol", "a_carol#2"}},
		{"names differing in case only", []string{"in/Carol.ipynb", "in/carol.ipynb"}, []string{"Carol", "carol#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := studentNames("a1", tt.paths)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			folders := map[string]bool{}
			for _, n := range got {
				f := strings.ToLower(safeName(n))
				if folders[f] {
					t.Errorf("two students share the feedback folder %q", f)
				}
				folders[f] = true
			}
		})
	}
}

// TestReadSubmission: anything but a regular file is refused with its
// reason, at once (a FIFO with no writer would block an open or a read).
func TestReadSubmission(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "ok.ipynb")
	if err := os.WriteFile(regular, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.ipynb")
	if err := os.WriteFile(big, make([]byte, 2000), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.ipynb")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.ipynb")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.ipynb")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	linkedStudent := filepath.Join(dir, "submitted", "mallory")
	if err := os.MkdirAll(filepath.Join(dir, "real", "a1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "real", "a1", "a1.ipynb"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(linkedStudent), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), linkedStudent); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string // want: part of the error, "" for none
	}{
		{regular, ""},
		{big, "larger than the 1000 bytes limit"},
		{link, "is a symbolic link"},
		{fifo, "is a FIFO"},
		{folder, "is a folder"},
		{"/dev/zero", "is a device"},
		{filepath.Join(linkedStudent, "a1", "a1.ipynb"), "is a symbolic link"},
		{filepath.Join(dir, "missing.ipynb"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := readSubmission(tt.path, 1000)
				done <- err
			}()
			select {
			case err := <-done:
				if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
					t.Errorf("error %v, want %q", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("readSubmission blocked")
			}
		})
	}
}

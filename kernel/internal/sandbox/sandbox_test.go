package sandbox

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAllowlist: of the repository, the kernel sees go.mod, go.sum, its
// programs and the folders of the packages notebooks build against, never
// the repository itself, .git, the notebooks or the grader.
func TestAllowlist(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	ro, inRepo, err := allowlist([]string{filepath.Join(repo, "bin"), repo, "/usr/local/go"}, "/root/go/pkg/mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bin", "go.mod", "go.sum", "dl", "datasets"} {
		if p := filepath.Join(repo, want); !slices.Contains(ro, p) || !slices.Contains(inRepo, p) {
			t.Errorf("%s not shown to the kernel: %v", p, ro)
		}
	}
	for _, want := range []string{"/usr/local/go", "/root/go/pkg/mod"} {
		if !slices.Contains(ro, want) {
			t.Errorf("%s not shown to the kernel: %v", want, ro)
		}
	}
	for _, p := range ro {
		for _, hidden := range []string{"", ".git", "notebooks", "kernel", "docs"} {
			if holdsAny(p, []string{filepath.Join(repo, hidden)}) {
				t.Errorf("the kernel is shown %s, which holds %s", p, filepath.Join(repo, hidden))
			}
		}
	}
	if _, _, err := allowlist([]string{filepath.Dir(repo), repo}, ""); err == nil || !strings.Contains(err.Error(), "holds the whole repository") {
		t.Errorf("a folder above the repository: error %v", err)
	}
}

// kernelPaths allowlists the files a kernelspec names, but never a path
// under /dev or /proc: the sandbox has its own, and a bind of /dev/null
// (GoNB's -log_file=/dev/null) would make every open of it fail.
func TestKernelPaths(t *testing.T) {
	bin := t.TempDir()
	gonb := filepath.Join(bin, "gonb")
	if err := os.WriteFile(gonb, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	got := kernelPaths([]string{gonb, "--kernel", "{connection_file}", "-log_file=/dev/null", "-x=/proc/self"}, "/nonexistent", map[string]string{"PATH": bin + ":/dev"})
	if !slices.Contains(got, gonb) || !slices.Contains(got, bin) {
		t.Errorf("kernelPaths = %v, want %s and %s", got, gonb, bin)
	}
	for _, p := range got {
		if strings.HasPrefix(p, "/dev") || strings.HasPrefix(p, "/proc") {
			t.Errorf("kernelPaths allowlists %s", p)
		}
	}
}

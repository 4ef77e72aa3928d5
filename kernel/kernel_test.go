package kernel

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

func TestNewKernelSpec(t *testing.T) {
	tests := []struct {
		online  bool
		goproxy string
	}{{false, "off"}, {true, ""}}
	for _, tc := range tests {
		s := NewKernelSpec("/repo", "/usr/local/go/bin", tc.online)
		if s.Argv[0] != "/repo/bin/gonb" || !slices.Contains(s.Argv, "-go_work=/repo") || s.InterruptMode != "signal" {
			t.Errorf("online=%v: argv %q", tc.online, s.Argv)
		}
		if s.Env["GOPROXY"] != tc.goproxy {
			t.Errorf("online=%v: GOPROXY=%q, want %q", tc.online, s.Env["GOPROXY"], tc.goproxy)
		}
		if s.Env["PATH"] != "/repo/bin:/usr/local/go/bin:${PATH}" {
			t.Errorf("PATH %q", s.Env["PATH"])
		}
		env := s.Environ([]string{"PATH=/usr/bin"})
		if got := jupyter.LookupEnv(env, "PATH"); got != "/repo/bin:/usr/local/go/bin:/usr/bin" {
			t.Errorf("expanded PATH %q", got)
		}
	}
}

func TestWriteKernelSpecReplaces(t *testing.T) {
	dir := t.TempDir()
	for _, online := range []bool{false, true} {
		kd, err := WriteKernelSpec(dir, NewKernelSpec("/repo", "", online))
		if err != nil {
			t.Fatal(err)
		}
		s, err := jupyter.ReadKernelSpec(kd)
		if err != nil {
			t.Fatal(err)
		}
		if (s.Env["GOPROXY"] == "off") == online {
			t.Errorf("after installing online=%v the spec has GOPROXY=%q", online, s.Env["GOPROXY"])
		}
		for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
			if _, err := os.Stat(filepath.Join(kd, logo)); err != nil {
				t.Error(err)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != KernelName {
		t.Errorf("kernels folder holds %v, want only %s (no temporary folders)", entries, KernelName)
	}
}

func TestLogo(t *testing.T) {
	for _, size := range []int{32, 64} {
		img, err := png.Decode(bytes.NewReader(Logo(size)))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("logo %d is %v", size, b)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("logo %d corner not transparent", size)
		}
		if r, g, b, _ := img.At(size/2, size/5).RGBA(); r>>8 != 0x00 || g>>8 != 0xad || b>>8 != 0xd8 {
			t.Errorf("logo %d: not gopher blue inside the disc", size)
		}
	}
}

func TestPrewarmImportsTolerateMissingPackages(t *testing.T) {
	repo := t.TempDir()
	os.MkdirAll(filepath.Join(repo, "dl"), 0o755)
	os.WriteFile(filepath.Join(repo, "dl", "dl.go"), []byte("package dl\n"), 0o644)
	os.MkdirAll(filepath.Join(repo, "datasets"), 0o755) // empty: not yet written
	got := strings.Join(prewarmImports(repo), " ")
	if !strings.Contains(got, Module+"/dl ") || strings.Contains(got, "datasets") || strings.Contains(got, "dl/display") {
		t.Errorf("prewarm imports %q: want dl, not the missing or empty packages", got)
	}
	if !strings.Contains(got, "gonbui") {
		t.Errorf("prewarm imports %q lack gonbui", got)
	}
	if cell := warmCell([]string{"a/b"}); !strings.Contains(cell, "_ \"a/b\"") || !strings.Contains(cell, "%%") {
		t.Errorf("warm cell:\n%s", cell)
	}
}

func TestFindRepo(t *testing.T) {
	repo, err := FindRepo(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo, "kernel", "repo.go")); err != nil {
		t.Errorf("FindRepo(.) = %s, not this repository", repo)
	}
	if _, err := FindRepo(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not inside the dlfun repository") {
		t.Errorf("FindRepo outside: %v", err)
	}
}

// TestJupyterCandidatesIncludeUserBase checks that a Jupyter installed with
// `pip install --user` is found even when its folder is not on PATH.
func TestJupyterCandidatesIncludeUserBase(t *testing.T) {
	ctx := context.Background()
	if got := userBaseBin(ctx, "/nonexistent/python3"); got != "" {
		t.Errorf("userBaseBin of a missing python = %q, want \"\"", got)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	bin := userBaseBin(ctx, py)
	if bin == "" || filepath.Base(bin) != "bin" {
		t.Fatalf("userBaseBin(%s) = %q, want a .../bin folder", py, bin)
	}
	if !slices.Contains(userJupyters(ctx), filepath.Join(bin, "jupyter")) {
		t.Errorf("userJupyters %v lacks %s", userJupyters(ctx), filepath.Join(bin, "jupyter"))
	}
}

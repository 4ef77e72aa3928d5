// Package nbtest runs notebooks through the real dlfun kernel from go test,
// so every notebook of the course can be a test:
//
//	func TestWelcome(t *testing.T) {
//		res := nbtest.Run(t, "../notebooks/00-welcome.ipynb", kernel.RunOptions{})
//		if !strings.Contains(res.Cells[0].Text(), "Hello") { t.Error(...) }
//	}
//
// The first use in a test binary builds the tools into the repository's
// bin/ and installs the kernelspec into a temporary Jupyter data folder
// (never the user's), with GOPROXY=off. Tests are skipped with -short.
package nbtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel"
)

var (
	once    sync.Once
	specDir string
	setErr  error
)

// KernelSpecDir returns the folder of a dlfun kernelspec installed for this
// test binary, installing it on first use. It skips t under -short.
func KernelSpecDir(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a notebook through the real kernel: skipped with -short")
	}
	once.Do(func() {
		var tmp string
		if tmp, setErr = os.MkdirTemp("", "dlfun-nbtest-"); setErr != nil {
			return
		}
		var inst *kernel.Installation
		inst, setErr = kernel.Install(context.Background(), kernel.InstallOptions{DataDir: filepath.Join(tmp, "jupyter")})
		if inst != nil {
			specDir = inst.KernelDir
		}
	})
	if setErr != nil {
		t.Fatalf("installing the dlfun kernel for notebook tests: %v", setErr)
	}
	return specDir
}

// Run executes the notebook at path in a fresh kernel (cell timeout 5
// minutes unless opts says otherwise) and fails t, naming notebook, cell
// and error, if a cell fails. It returns the result for further checks.
func Run(t testing.TB, path string, opts kernel.RunOptions) *kernel.Result {
	t.Helper()
	if opts.KernelSpec == nil && opts.KernelSpecDir == "" {
		opts.KernelSpecDir = KernelSpecDir(t)
	}
	if opts.CellTimeout == 0 {
		opts.CellTimeout = 5 * time.Minute
	}
	res, err := kernel.RunNotebook(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil {
		t.Fatalf("%v\noutputs of the failing cell:\n%s", res.Err, res.Cells[len(res.Cells)-1].Text())
	}
	return res
}

package nbtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/kernel"
	"github.com/dlfun/dlfun/kernel/notebook"
)

func TestRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.ipynb")
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5, Cells: []*notebook.Cell{
		{CellType: notebook.Markdown, ID: "m", Source: "# A test notebook"},
		{CellType: notebook.Code, ID: "a", Source: "func answer() int { return 42 }"},
		{CellType: notebook.Code, ID: "b", Source: "%%\nfmt.Println(\"answer:\", answer())"},
	}}
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	res := Run(t, path, kernel.RunOptions{})
	if len(res.Cells) != 2 || res.Cells[1].Number != 3 {
		t.Fatalf("cells %+v, want the two code cells (numbers 2 and 3)", res.Cells)
	}
	if got := res.Cells[1].Text(); got != "answer: 42\n" {
		t.Errorf("cell 3 printed %q", got)
	}
	if _, err := os.Stat(filepath.Join(KernelSpecDir(t), "kernel.json")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(res.Text(), "answer: 42") {
		t.Errorf("Result.Text() = %q", res.Text())
	}
}

package kernel

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// notebookImports are the packages notebooks import. Local ones are used
// only when their folder exists in the repository (so the list can name
// packages still being written); the others come with go.mod.
var notebookImports = []string{
	"github.com/dlfun/dlfun/dl",
	"github.com/dlfun/dlfun/dl/display",
	"github.com/dlfun/dlfun/dl/echarts",
	"github.com/dlfun/dlfun/dl/check",
	"github.com/dlfun/dlfun/datasets",
	"github.com/janpfeifer/gonb/gonbui",
}

// prewarmImports returns the packages of notebookImports present in repo.
func prewarmImports(repo string) []string {
	var pkgs []string
	for _, p := range notebookImports {
		if rel, ok := strings.CutPrefix(p, Module+"/"); ok {
			if !hasGoFiles(filepath.Join(repo, rel)) {
				continue
			}
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func hasGoFiles(dir string) bool {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, m := range matches {
		if !strings.HasSuffix(m, "_test.go") {
			return true
		}
	}
	return false
}

// warmCell is a GoNB cell that links every package of pkgs (blank imports
// survive goimports).
func warmCell(pkgs []string) string {
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\t_ %q\n", p)
	}
	b.WriteString(")\n\n%%\nfmt.Println(\"dlfun kernel ready\")\n")
	return b.String()
}

// prewarm runs the warm-up cell in the freshly installed kernel (compiling
// every dependency into the Go build cache), then, when rounds is 2,
// measures the first cell of a second fresh kernel.
func prewarm(ctx context.Context, inst *Installation, out io.Writer, rounds int) error {
	pkgs := prewarmImports(inst.Repo)
	cell := warmCell(pkgs)
	nb := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5, Cells: []*notebook.Cell{
		{CellType: notebook.Code, ID: "warm", Source: notebook.Text(cell)},
	}}
	tmp, err := os.MkdirTemp("", "dlfun-warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	name := filepath.Join(tmp, "prewarm.ipynb")
	opts := RunOptions{KernelSpecDir: inst.KernelDir, CellTimeout: 15 * time.Minute}
	for round := 0; round < rounds; round++ {
		res, err := Run(ctx, name, nb, opts)
		if err != nil {
			return fmt.Errorf("pre-warming the build cache: %w", err)
		}
		if res.Err != nil {
			return fmt.Errorf("pre-warming the build cache: a cell importing %s failed in the new kernel: %w\n%s",
				strings.Join(pkgs, ", "), res.Err, res.Text())
		}
		d := res.Cells[0].Duration
		if round == 0 {
			inst.WarmUp = d
			fmt.Fprintf(out, "pre-warmed the Go build cache with %d packages (%s) in %.1fs\n", len(pkgs), strings.Join(pkgs, ", "), d.Seconds())
		} else {
			inst.FirstCell = d
			fmt.Fprintf(out, "checked: the first cell of a fresh kernel runs in %.2fs (kernel start %.2fs)\n", d.Seconds(), res.Start.Seconds())
		}
	}
	return nil
}

package kernel_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/dlfun/dlfun/kernel"
)

// Run a notebook headless through the installed "dlfun" kernel, as the
// notebook tests and the grader do, and save the executed copy.
func ExampleRunNotebook() {
	res, err := kernel.RunNotebook(context.Background(), "notebooks/00-welcome.ipynb", kernel.RunOptions{
		CellTimeout:  time.Minute,
		TotalTimeout: 10 * time.Minute,
	})
	if err != nil {
		log.Fatal(err) // no kernelspec, unreadable notebook, kernel did not start
	}
	for _, c := range res.Cells {
		fmt.Printf("cell %d [%d] %s in %v\n", c.Number, c.ExecutionCount, c.Status, c.Duration)
	}
	if res.Err != nil {
		log.Fatal(res.Err) // e.g. "…: cell 4 (In [3]) failed: ERROR: …"
	}
	if err := res.Notebook.Write("out/00-welcome.ipynb"); err != nil {
		log.Fatal(err)
	}
}

// Install the kernel for the current user, as `dlfun install` does.
func ExampleInstall() {
	inst, err := kernel.Install(context.Background(), kernel.InstallOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kernelspec in", inst.KernelDir, "first cell", inst.FirstCell)
}

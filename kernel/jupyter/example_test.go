package jupyter_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/dlfun/dlfun/kernel/jupyter"
)

// Start a kernel from its kernelspec, run two cells and print their output.
func ExampleClient_Execute() {
	spec, err := jupyter.FindKernelSpec("dlfun")
	if err != nil {
		log.Fatal(err)
	}
	c, err := jupyter.Start(context.Background(), spec, jupyter.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for _, code := range []string{"func double(x int) int { return 2 * x }", "%%\nfmt.Println(double(21))"} {
		ex, err := c.Execute(context.Background(), code, 30*time.Second)
		if err != nil {
			log.Fatal(err)
		}
		if ex.Status != jupyter.OK {
			log.Fatalf("%s: %s", ex.Ename, ex.Evalue)
		}
	}
	c.Drain(200*time.Millisecond, 2*time.Second) // late outputs reach their cells
	fmt.Println("rejected messages:", c.Rejected())
}

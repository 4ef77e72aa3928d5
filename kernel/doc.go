// Package kernel wires dlfun to Jupyter: it builds the pinned GoNB, goimports
// and gopls into the repository's bin/ folder, installs the "dlfun"
// kernelspec, pre-warms the Go build cache, starts JupyterLab, and runs
// notebooks headless through the real kernel.
//
// The headless runner is the piece other tools build on:
//
//	res, err := kernel.RunNotebook(ctx, "notebooks/00-welcome.ipynb", kernel.RunOptions{
//		CellTimeout: time.Minute,
//	})
//	if err != nil { ... }          // could not run at all (no kernelspec, bad JSON, ...)
//	if res.Err != nil { ... }      // a cell failed: res.Err names notebook, cell, error
//	res.Notebook.Write("out/00-welcome.ipynb")
//
// It talks to the kernel with the Go client in package
// github.com/dlfun/dlfun/kernel/jupyter (no Python needed) and reads and
// writes notebooks with github.com/dlfun/dlfun/kernel/notebook.
package kernel

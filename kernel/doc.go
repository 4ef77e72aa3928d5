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
//
// # The kernel/ tree
//
// The packages under kernel/ depend on each other in one direction, the
// small ones first:
//
//   - kernel/notebook reads and writes nbformat 4 (the one notebook reader);
//   - kernel/jupyter is the Jupyter protocol client, with kernelspecs and
//     their environment (KernelSpec, PathWithout);
//   - kernel/render turns a notebook into an HTML page (the one renderer,
//     used by kernel/export and by kernel/grade's feedback);
//   - kernel/export writes exported pages with the chart and formula
//     libraries inlined;
//   - kernel/grade releases and grades assignments; it reads dl/check's
//     result line through internal/checkline and contains submissions
//     with kernel/internal/sandbox (namespaces, bubblewrap, cgroups), so
//     it links neither package dl nor this package;
//   - this package (install, lab, headless runner), kernel/nbtest (runs
//     a notebook through the real kernel from go test) and
//     kernel/cmd/dlfun, the command, sit on top.
package kernel

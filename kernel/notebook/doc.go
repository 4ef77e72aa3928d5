// Package notebook reads and writes Jupyter notebooks in the nbformat 4 JSON
// format (https://nbformat.readthedocs.io/en/latest/format_description.html).
//
// It knows the fields dlfun needs (cells, their source, outputs and execution
// counts) and keeps every other field as raw JSON, so a notebook that is read
// and written again keeps its metadata, including keys this package does not
// know about (nbgrader's, the kernelspec, widget state, ...).
//
// Files are written atomically: to a temporary file in the same folder that
// is then renamed over the target, so a reader never sees half a notebook.
package notebook

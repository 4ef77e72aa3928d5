// Package echarts builds the ECharts charts of dlfun notebooks from plain
// slices: no dependency on package dl, which calls it from its fluent plot
// API (dl.Plot()…Show()).
//
// Every chart kind is one function returning a *Chart:
//
//	Line           curves over a numeric axis (losses, sweeps; log axes)
//	Functions      functions of one variable (activations, robust losses)
//	Scatter        points by group; ScatterByClass splits by label
//	DecisionBoundary  model output over a grid with the data on top
//	Landscape      2-D loss surface as bands with optimizer trajectories
//	Heatmap        labelled matrix; ConfusionMatrix
//	Histogram      overlaid histograms; HistogramPanels one per sample
//	ImageGrid      grey-scale images with captions (digits)
//	Graph          autograd graph: op, shape, value and gradient per node
//
// A Chart is shown with Show (notebook output, or a standalone HTML file
// outside a notebook), redrawn in place with ShowIn (live training curves),
// or rendered with HTML / Page / JSON.
//
// Each chart output is a <div> plus a <script> of about 3 KB of loader and
// the option JSON; typical charts stay under 20 KB. Lines are downsampled,
// scatters thinned, heatmap cells and image pixels quantized to one
// character each. The JSON escapes <, > and &, so user text (titles, labels,
// names) cannot end the script. How the loader finds the 1 MB ECharts
// library (served by the Jupyter server from the kernelspec directory, or
// inlined once per kernel session) is described in loader.go; it works in
// JupyterLab and in the classic Notebook (whose RequireJS it sidesteps) and
// after a notebook is saved and reopened.
package echarts

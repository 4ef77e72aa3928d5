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
//	NewRow         several charts side by side in one output (a flex row)
//
// Charts built with go-echarts (github.com/go-echarts/go-echarts/v2) become
// Charts with FromGoECharts (dl.ShowECharts in notebooks), so they travel
// the same way: no CDN, no CSS, the same renderer and fallback.
//
// A Chart is shown with Show (notebook output, or a standalone HTML file
// outside a notebook), redrawn in place with ShowIn or a throttled Live view
// (training curves), or rendered with HTML / Page / JSON.
//
// Each chart output is a MIME bundle (see MIMEType): the option JSON as
// application/vnd.dlfun.echarts.v1+json, drawn by the dlfun JupyterLab 4 /
// Notebook 7 extension (kernel/labextension) in trusted and untrusted
// notebooks alike, and as text/html a <div> plus a <script> of about 4 KB
// of loader and the option packed (gzip, base64: a third to a half of the
// JSON), for the classic Notebook and other front-ends (the rest of this
// documentation is about that fallback; the loader unpacks the option with
// the browser's DecompressionStream). Lines share a budget of 500 points
// per chart and are downsampled, scatters thinned, heatmap cells and image
// pixels quantized to one character each, coordinates written to 1/2000 of
// their range: a chart output stays under 20 KB in the saved notebook
// (OutputSize). The JSON escapes <, > and &, so user text (titles, labels,
// names) cannot end the script; HTML tooltips escape it too.
//
// # How a chart finds the ECharts library
//
// Every chart's <script> calls a small loader with the div's id, the packed
// option and a library URL (DLFUN_ECHARTS_URL). The loader:
//
//  1. uses window.echarts if it already exists (an earlier chart, a page
//     that inlined the library, the static export);
//  2. otherwise starts ONE shared download per browser page (a promise kept
//     in window.__dlfunECharts) of the URL, resolved against the Jupyter base
//     URL (classic Notebook: <body data-base-url>; JupyterLab: the
//     jupyter-config-data JSON), and evaluates the text with define, module
//     and exports shadowed, so that the UMD bundle sets window.echarts even
//     under the classic Notebook's RequireJS instead of calling define();
//  3. if there is no URL or the download fails, it waits up to 20 s for some
//     other output to define window.echarts (inline mode below), then writes
//     a short explanation into the div;
//  4. waits until the div is attached and has a width (JupyterLab may run
//     the script before the output is in the page), creates the chart and
//     keeps it sized to the cell with a ResizeObserver; charts whose div left
//     the page (outputs replaced by live updates) are disposed.
//
// No CSS is added to the page: the div has an inline width:100% and height.
//
// Served mode (the dlfun kernel): `dlfun install` copies echarts.min.js into
// the dlfun kernelspec directory (kernel/assets.InstallECharts) and sets
// DLFUN_ECHARTS_URL=kernelspecs/dlfun/echarts.min.js in the kernelspec env
// (kernel/assets.KernelspecEnv). Both the classic Notebook and jupyter_server
// (JupyterLab, JupyterHub) serve a kernelspec's resource directory at
// <base_url>kernelspecs/<name>/<file>, the route of the kernel logos, to any
// logged-in page. So the library costs nothing in the .ipynb, needs no
// network, and survives save and reopen whatever happens to individual
// cells: every chart output carries its own loader, so outputs re-rendered in
// any order, re-run, cleared or deleted each fetch (once per page) what they
// need.
//
// Inline mode (DLFUN_ECHARTS_URL unset, e.g. a plain GoNB kernel): the first
// chart of a kernel session also emits the library (1 MB, define shadowed)
// in front of itself, plotly's init_notebook_mode pattern; a marker file in
// the kernel's temp dir (GONB_TMP_DIR: one per kernel session, shared by its
// cells, which are separate processes) stops later cells from repeating it.
// Charts in later cells wait for window.echarts. After reopen the notebook
// is rendered top to bottom, the output carrying the library defines
// window.echarts and all charts draw. Weakness: if the cell that carried the
// library is re-run (or its output cleared) in the same kernel session, the
// saved notebook no longer holds a copy; InitNotebook in a notebook's first
// cell always emits it, or use served mode.
//
// Tested: kernel/export's browser test runs a notebook with every chart kind
// in the classic Notebook 6.4 (with RequireJS) in headless Chromium, offline,
// in both modes, live and after save, kernel shutdown and reopen, and the
// static export from a file:// URL. JupyterLab could not be installed on the
// test machine; the scheme relies only on what Lab shares with the classic
// Notebook: jupyter_server's /kernelspecs/<name>/<file> route, scripts run in
// trusted HTML outputs, and the base URL in jupyter-config-data.
package echarts

// Package browsertest checks, in headless Chromium driven by chromedp, that
// the course works where students work: JupyterLab 4 and Notebook 7, with
// charts drawn by the dlfun chart renderer extension (kernel/labextension).
//
// TestJupyterLabNotebook7 executes testdata/charts.ipynb (every chart kind,
// plus go-echarts charts through dl.ShowECharts) and the course notebooks
// 04-momentum and 10-lab-mnist with the dlfun runner, as `dlfun run` does,
// so none of them is trusted; it starts JupyterLab from the project's
// virtual environment (.venv, made by `make lab`; or $DLFUN_VENV) with a
// private Jupyter data folder holding the dlfun kernelspec and the
// extension, opens each notebook in Notebook 7 and in JupyterLab and waits
// until every chart has drawn a non-empty canvas inside its cell. In
// JupyterLab it then runs testdata/live.ipynb from the browser (the
// progress bar and the live chart change while a training cell runs; Tab
// completion after dl.Ad offers Adam; the toolbar's interrupt button stops
// a long training cell within 2 s; saving and reloading keeps every chart)
// and finally checks the charts again in JupyterLab's dark theme.
// Screenshots go to artifacts/browser/ at the repository root.
//
// The package's non-test code is the small chromedp toolkit these tests
// and the classic Notebook's (kernel/export) share: finding Chromium, tabs
// that collect page exceptions, evaluating JavaScript, polling, screenshots.
//
// figures_test.go opens the course figures (SVG data: images in Markdown
// cells) in Notebook 7 and in JupyterLab, light and dark, and checks that
// each loads.
//
// Without JupyterLab, Chromium or the built extension the tests are
// skipped with a note saying what is missing, except under CI=true, where
// they fail.
package browsertest

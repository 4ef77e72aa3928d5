// Package browsertest checks, in headless Chromium driven by chromedp, that
// the course's charts draw where students work: JupyterLab 4 and Notebook
// 7, through the dlfun chart renderer extension (kernel/labextension).
//
// The tests execute testdata/charts.ipynb (every chart kind, plus
// go-echarts charts through dl.ShowECharts) with the dlfun runner, as
// `dlfun run` does, so the notebook is not trusted; they start JupyterLab
// from the project's virtual environment (.venv, made by `make lab`; or
// $DLFUN_VENV) with a private Jupyter data folder holding the dlfun
// kernelspec and the extension, open the notebook and wait until every
// chart has drawn a non-empty canvas inside its cell, then switch to
// JupyterLab's dark theme and check again. Screenshots go to
// artifacts/browser/ at the repository root.
//
// figures_test.go opens the course figures (SVG data: images in Markdown
// cells) in Notebook 7 and in JupyterLab, light and dark, and checks that
// each loads.
//
// Without JupyterLab, Chromium or the built extension the tests are
// skipped with a note saying what is missing, except under CI=true, where
// they fail. This package holds only tests.
package browsertest

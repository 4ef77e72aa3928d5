package dl

import "github.com/dlfun/dlfun/dl/display"

// Package dl reaches the notebook only through package dl/display (which
// does nothing outside one), in three places:
//
//   - displayHTML below shows a finished HTML output: a tensor's Display;
//   - the progress bar (progress.go) shows an HTML output and replaces it
//     in place as training goes (display.UpdateHTML);
//   - charts (Figure.Show, SideBySide, ShowECharts and the live chart of
//     live.go) are rendered by package dl/echarts, which displays them.

// displayHTML shows html as a cell output and waits until the notebook has
// it. It reports whether the HTML was displayed; when it returns false
// (outside a notebook) the caller prints a text version instead.
func displayHTML(html string) bool {
	if display.InNotebook() {
		display.HTML(html)
		display.Sync() // the cell may end right after: make sure the output arrives
		return true
	}
	return false
}

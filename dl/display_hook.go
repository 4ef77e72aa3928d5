package dl

import "github.com/dlfun/dlfun/dl/display"

// displayHTML is the single point where package dl hands HTML to the
// notebook. It reports whether the HTML was displayed; when it returns
// false (outside a notebook) the caller prints a text version instead.
func displayHTML(html string) bool {
	if display.InNotebook() {
		display.HTML(html)
		display.Sync() // the cell may end right after: make sure the output arrives
		return true
	}
	return false
}

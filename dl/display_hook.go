package dl

// displayHTML is the single point where package dl hands HTML to the
// notebook. It reports whether the HTML was displayed; when it returns
// false (outside a notebook) the caller prints a text version instead.
//
// TODO(lead): wire to package dl/display once it is merged:
//
//	if display.InNotebook() { display.HTML(html); return true }
//	return false
//
// Until then nothing is ever displayed as HTML, so Display prints String().
func displayHTML(html string) bool {
	_ = html
	return false
}

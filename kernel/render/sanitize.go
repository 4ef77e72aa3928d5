package render

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the allowlist every piece of HTML passes through. It starts
// from bluemonday's policy for user-generated content (formatting, lists,
// tables, links, images, details; no script, style, iframe, object, embed,
// form, input, meta, base or link elements and no event handler attributes;
// URLs only http, https, mailto or relative, parsed after entity decoding)
// and adds what notebooks need:
//   - data:image/… URLs for <img> (plots embedded as PNG, the course's
//     figures as SVG: in an <img> an SVG's scripts never run);
//   - alt text of <img> with any punctuation except < > " (bluemonday's
//     default drops an alt holding ":" or "=", as figure descriptions do;
//     attribute values are escaped on output either way);
//   - class attributes of plain words (math spans, code languages);
//   - data-delim on math spans;
//   - style attributes with layout, text and colour properties whose value
//     holds no parenthesis (so no url(…) or expression(…)).
var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowDataURIImages()
	p.AllowAttrs("alt").Matching(regexp.MustCompile(`^[^<>"]*$`)).OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[A-Za-z0-9_ -]*$`)).Globally()
	p.AllowAttrs("data-delim").Matching(regexp.MustCompile(`^[0-2]$`)).OnElements("span")
	p.AllowStyles("text-align", "vertical-align", "color", "background-color", "font-weight", "font-style",
		"font-size", "font-family", "text-decoration", "white-space", "width", "height", "min-width", "max-width",
		"margin", "margin-left", "margin-right", "margin-top", "margin-bottom", "padding", "padding-left",
		"padding-right", "padding-top", "padding-bottom", "border", "border-collapse", "display", "flex",
		"flex-wrap", "flex-direction", "gap", "align-items", "justify-content").
		Matching(regexp.MustCompile(`^[-A-Za-z0-9 .,%#!"']*$`)).Globally()
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("td", "th", "div", "p")
	return p
}()

// Sanitize cleans HTML with the package's allowlist policy (see the package
// documentation): whatever the policy does not name is dropped, elements
// such as <script> and <style> with their content, unknown attributes and
// URLs of any other scheme.
func Sanitize(h string) string {
	return policy.Sanitize(h)
}

// stripANSI removes terminal colour escapes (ESC [ … letter).
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

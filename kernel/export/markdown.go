package export

import (
	"strconv"
	"strings"
)

// Markdown renders the subset of Markdown notebooks use: ATX headings,
// paragraphs, bullet and numbered lists, fenced code blocks, block quotes,
// and inline code, **bold**, *emphasis* (not _emphasis_), [links](url) and ![images](url).
// Raw HTML is escaped; $…$ formulas are kept as written.
func Markdown(src string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var para []string
	list := "" // "ul" or "ol" while inside a list
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, "\n")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "```"):
			flush()
			closeList()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			b.WriteString("<pre><code>" + esc(strings.Join(code, "\n")) + "</code></pre>\n")
		case trim == "":
			flush()
			closeList()
		case strings.HasPrefix(trim, "#"):
			flush()
			closeList()
			level := len(trim) - len(strings.TrimLeft(trim, "#"))
			if level > 6 || len(trim) > level && trim[level] != ' ' {
				para = append(para, trim)
				continue
			}
			h := strconv.Itoa(level)
			b.WriteString("<h" + h + ">" + inline(strings.TrimSpace(trim[level:])) + "</h" + h + ">\n")
		case strings.HasPrefix(trim, ">"):
			flush()
			closeList()
			b.WriteString("<blockquote>" + inline(strings.TrimSpace(strings.TrimPrefix(trim, ">"))) + "</blockquote>\n")
		case strings.HasPrefix(trim, "- ") || strings.HasPrefix(trim, "* ") || strings.HasPrefix(trim, "+ "):
			flush()
			if list != "ul" {
				closeList()
				b.WriteString("<ul>\n")
				list = "ul"
			}
			b.WriteString("<li>" + inline(trim[2:]) + "</li>\n")
		case numbered(trim) > 0:
			flush()
			if list != "ol" {
				closeList()
				b.WriteString("<ol>\n")
				list = "ol"
			}
			b.WriteString("<li>" + inline(strings.TrimSpace(trim[numbered(trim):])) + "</li>\n")
		default:
			if list != "" && strings.HasPrefix(line, " ") { // continuation of a list item
				b.WriteString(inline(trim) + "\n")
				continue
			}
			closeList()
			para = append(para, trim)
		}
	}
	flush()
	closeList()
	return b.String()
}

// numbered returns the length of a "12. " prefix, or 0.
func numbered(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return i + 2
	}
	return 0
}

// inline renders code spans, images, links, bold and emphasis in escaped
// text.
func inline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '`':
			if j := strings.IndexByte(s[i+1:], '`'); j >= 0 {
				b.WriteString("<code>" + esc(s[i+1:i+1+j]) + "</code>")
				i += j + 2
				continue
			}
		case s[i] == '!' && strings.HasPrefix(s[i+1:], "["), s[i] == '[':
			img := s[i] == '!'
			start := i
			if img {
				start++
			}
			if text, url, n, ok := link(s[start:]); ok {
				if img {
					b.WriteString(`<img alt="` + esc(text) + `" src="` + esc(url) + `">`)
				} else {
					b.WriteString(`<a href="` + esc(url) + `">` + inline(text) + "</a>")
				}
				i = start + n
				continue
			}
		case strings.HasPrefix(s[i:], "**"):
			if j := strings.Index(s[i+2:], "**"); j > 0 {
				b.WriteString("<strong>" + inline(s[i+2:i+2+j]) + "</strong>")
				i += j + 4
				continue
			}
		case s[i] == '*': // not _: subscripts in $w_1$ formulas are common
			if j := strings.IndexByte(s[i+1:], '*'); j > 0 && s[i+1] != ' ' {
				b.WriteString("<em>" + inline(s[i+1:i+1+j]) + "</em>")
				i += j + 2
				continue
			}
		}
		b.WriteString(esc(s[i : i+1]))
		i++
	}
	return b.String()
}

// link parses "[text](url)" at the start of s, returning its length.
func link(s string) (text, url string, n int, ok bool) {
	close := strings.Index(s, "](")
	if !strings.HasPrefix(s, "[") || close < 0 {
		return "", "", 0, false
	}
	end := strings.IndexByte(s[close+2:], ')')
	if end < 0 {
		return "", "", 0, false
	}
	url = s[close+2 : close+2+end]
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(url)), "javascript:") {
		url = "#"
	}
	return s[1:close], url, close + 3 + end, true
}

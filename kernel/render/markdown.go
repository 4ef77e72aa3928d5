package render

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// md is the Markdown converter: CommonMark plus GitHub's extensions. Raw
// HTML is kept by goldmark (html.WithUnsafe) because Jupyter shows it; the
// result always goes through Sanitize.
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// Markdown renders a notebook's Markdown as sanitized HTML, the way Jupyter
// shows it: GitHub-flavoured Markdown, raw HTML cleaned by Sanitize, and
// formulas ($…$, $$…$$, \(…\), \[…\], \begin{env}…\end{env}) as
// <span class="math inline"> or <span class="math display"> elements
// holding the formula's source with its delimiters (data-delim bytes on
// each side), which Page typesets with KaTeX. Formulas are taken out before
// the Markdown is parsed, so _, *, | and \ inside them stay as written.
// Inline $…$ needs a non-space after the opening $ and before the closing
// one, which may not be followed by a digit, so "costs $5 and $10" stays
// text.
func Markdown(src string) string {
	src = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(src)
	src = strings.ReplaceAll(src, string(mathMark), "") // our placeholder byte cannot come from the text
	var f formulas
	src = f.protect(src)
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil { // only fails when writing to b fails
		return "<pre>" + esc(src) + "</pre>\n"
	}
	return f.restore(Sanitize(b.String()))
}

// formulas holds the formulas taken out of one Markdown text.
type formulas []formula

// formula is one formula: its source with delimiters, and how many
// delimiter bytes to strip on each side to get the TeX.
type formula struct {
	src     string
	delim   int
	display bool
}

// mathMark delimits the placeholder "\x1aN\x1a" that stands for formula N
// while the Markdown is rendered and sanitized: no Markdown rule and no
// HTML policy touches it.
const mathMark = '\x1a'

// protect replaces every formula outside code (fenced blocks and code
// spans) by a placeholder and records it.
func (f *formulas) protect(src string) string {
	lines := strings.Split(src, "\n")
	var out, chunk []string
	fence := ""
	flush := func() {
		if len(chunk) > 0 {
			out = append(out, f.protectText(strings.Join(chunk, "\n")))
			chunk = nil
		}
	}
	for _, l := range lines {
		if fence != "" {
			out = append(out, l)
			if isFenceClose(l, fence) {
				fence = ""
			}
			continue
		}
		if fc := fenceOpen(l); fc != "" {
			flush()
			fence = fc
			out = append(out, l)
			continue
		}
		chunk = append(chunk, l)
	}
	flush()
	return strings.Join(out, "\n")
}

// protectText replaces the formulas in s (which holds no fenced code).
func (f *formulas) protectText(s string) string {
	var b strings.Builder
	add := func(src string, delim int, display bool) {
		b.WriteByte(mathMark)
		b.WriteString(strconv.Itoa(len(*f)))
		b.WriteByte(mathMark)
		*f = append(*f, formula{src, delim, display})
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '`':
			n := runLen(s, i, '`')
			if j := closingRun(s, i+n, '`', n); j >= 0 {
				b.WriteString(s[i : j+n])
				i = j + n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		case c == '\\' && i+1 < len(s):
			switch s[i+1] {
			case '(', '[':
				closer := `\)`
				if s[i+1] == '[' {
					closer = `\]`
				}
				if j := strings.Index(s[i+2:], closer); j >= 0 {
					add(s[i:i+2+j+2], 2, s[i+1] == '[')
					i += 2 + j + 2
					continue
				}
			case 'b':
				if env, ok := beginEnv(s[i:]); ok {
					end := `\end{` + env + `}`
					if j := strings.Index(s[i:], end); j >= 0 {
						add(s[i:i+j+len(end)], 0, true)
						i += j + len(end)
						continue
					}
				}
			}
			b.WriteString(s[i : i+2]) // an escape (\$, \\, \*) stays for goldmark
			i += 2
			continue
		case c == '$' && strings.HasPrefix(s[i:], "$$"):
			if j := strings.Index(s[i+2:], "$$"); j >= 0 {
				add(s[i:i+2+j+2], 2, true)
				i += 2 + j + 2
				continue
			}
		case c == '$':
			if j := inlineMathEnd(s, i); j > 0 {
				add(s[i:j+1], 1, false)
				i = j + 1
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// inlineMathEnd returns the index of the $ closing the inline formula that
// opens at s[i], or -1: the formula is not empty, does not cross a blank
// line, starts and ends with a non-space, and the closing $ is not followed
// by a digit.
func inlineMathEnd(s string, i int) int {
	if i+1 >= len(s) || isSpace(s[i+1]) || s[i+1] == '$' {
		return -1
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++ // \$ inside a formula is a dollar sign
		case '\n':
			if strings.HasPrefix(strings.TrimLeft(s[j+1:], " "), "\n") {
				return -1
			}
		case '$':
			if !isSpace(s[j-1]) && (j+1 >= len(s) || s[j+1] < '0' || s[j+1] > '9') {
				return j
			}
		}
	}
	return -1
}

// beginEnv returns NAME when s starts with \begin{NAME}.
func beginEnv(s string) (string, bool) {
	if !strings.HasPrefix(s, `\begin{`) {
		return "", false
	}
	j := strings.IndexByte(s, '}')
	if j < 0 || j == len(`\begin{`) {
		return "", false
	}
	return s[len(`\begin{`):j], true
}

// restore puts the formulas back into sanitized HTML: in text as a span
// with class math, inside a tag (a placeholder in an image's alt text) or
// inside <code> (an indented code block, which protect cannot tell from
// text) as the formula's escaped source.
func (f formulas) restore(h string) string {
	if len(f) == 0 {
		return h
	}
	var b strings.Builder
	inTag, code := false, 0
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch c {
		case '<':
			inTag = true
			switch {
			case strings.HasPrefix(h[i:], "<code"):
				code++
			case strings.HasPrefix(h[i:], "</code"):
				code = max(code-1, 0)
			}
		case '>':
			inTag = false
		case mathMark:
			j := strings.IndexByte(h[i+1:], mathMark)
			if j < 0 {
				continue // a lone mark: drop it
			}
			n, err := strconv.Atoi(h[i+1 : i+1+j])
			if err != nil || n < 0 || n >= len(f) {
				continue
			}
			m := f[n]
			kind := "inline"
			if m.display {
				kind = "display"
			}
			if inTag || code > 0 {
				b.WriteString(esc(m.src))
			} else {
				b.WriteString(`<span class="math ` + kind + `" data-delim="` + strconv.Itoa(m.delim) + `">` + esc(m.src) + "</span>")
			}
			i += j + 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// fenceOpen returns the fence (``` or ~~~, possibly longer) that opens a
// code block on line, or "".
func fenceOpen(line string) string {
	if indent(line) >= 4 {
		return ""
	}
	t := strings.TrimLeft(line, " ")
	for _, c := range []byte{'`', '~'} {
		n := runLen(t, 0, c)
		if n >= 3 && (c == '~' || !strings.Contains(t[n:], "`")) {
			return t[:n]
		}
	}
	return ""
}

// isFenceClose reports whether line closes a block opened by fence.
func isFenceClose(line, fence string) bool {
	t := strings.TrimSpace(line)
	return indent(line) < 4 && len(t) >= len(fence) && strings.Trim(t, fence[:1]) == ""
}

// runLen returns how many bytes equal to c start at s[i].
func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingRun returns the index of the next run of exactly n bytes c at or
// after from, or -1.
func closingRun(s string, from int, c byte, n int) int {
	for i := from; i < len(s); {
		if s[i] != c {
			i++
			continue
		}
		k := runLen(s, i, c)
		if k == n {
			return i
		}
		i += k
	}
	return -1
}

// indent returns the number of leading spaces of line.
func indent(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// esc escapes text for HTML (element content and quoted attribute values).
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

package export

import (
	"regexp"
	"strconv"
	"strings"
)

// Markdown renders a notebook's markdown as HTML, the way Jupyter shows it
// (GitHub-flavoured Markdown plus math):
//
//   - blocks: ATX (#) and setext (===, ---) headings, paragraphs, bullet and
//     numbered lists (nested by indentation; loose lists get <p>), fenced
//     code blocks (``` or ~~~, with a language-x class), indented code
//     blocks (4 spaces or a tab), block quotes, horizontal rules, GFM tables
//     (with :--: alignment), raw HTML blocks and link reference definitions
//     ([label]: url "title");
//   - inline: code spans, **strong**, *emphasis* and _emphasis_ (not inside
//     words, so snake_case stays), ~~strike~~, [links](url "title") and
//     reference links ([text][label], [text][], [label]), ![images](url),
//     <autolinks>, bare http(s) URLs, backslash escapes, entities, hard
//     breaks (two trailing spaces or a backslash) and raw inline HTML tags;
//   - math: $…$, $$…$$, \(…\), \[…\] and \begin{env}…\end{env} are taken out
//     before anything else (so _, *, | and \ inside a formula stay as
//     written, as in Jupyter) and come back as <span class="math inline">
//     or <span class="math display"> holding the formula's source text,
//     which the page typesets with KaTeX. Inline $…$ needs a non-space after
//     the opening $ and before the closing one, which may not be followed
//     by a digit, so "costs $5 and $10" stays text.
//
// Raw HTML passes through as in Jupyter, which sanitizes it: <script>,
// <style>, <iframe>, <object> and <embed> elements, on… event attributes
// and javascript: URLs are removed. All other text is escaped.
func Markdown(src string) string {
	src = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ").Replace(src)
	r := &mdRenderer{}
	src = r.protectMath(src)
	lines := r.takeReferences(strings.Split(src, "\n"))
	return r.restoreMath(r.blocks(lines, false))
}

// mdRenderer holds the formulas taken out of one markdown text and its
// link reference definitions.
type mdRenderer struct {
	math []mathSpan
	refs map[string]linkRef // by normalised label (see refKey)
}

// linkRef is the target of a link reference definition.
type linkRef struct{ url, title string }

// refDef matches a link reference definition line: up to 3 spaces,
// [label]:, the URL (optionally in angle brackets), and an optional title
// in double quotes, single quotes or parentheses.
var refDef = regexp.MustCompile(`^ {0,3}\[([^\]]+)\]:[ ]*<?([^\s>]+)>?(?:[ ]+(?:"([^"]*)"|'([^']*)'|\(([^)]*)\)))?[ ]*$`)

// takeReferences records the link reference definitions and returns the
// lines without them. As in CommonMark, a definition starts a block (at the
// start, after a blank line or after another definition; it cannot
// interrupt a paragraph), is not inside code or a raw HTML block, and the
// first definition of a label wins. (Definitions inside list items and
// block quotes, which CommonMark also allows, are not recognised.)
func (r *mdRenderer) takeReferences(lines []string) []string {
	out := lines[:0:0]
	fence := ""
	canStart, inHTML := true, false
	for _, l := range lines {
		blank := strings.TrimSpace(l) == ""
		switch {
		case fence != "":
			if isFenceClose(l, fence) {
				fence = ""
			}
		case fenceOpen(l) != "":
			fence = fenceOpen(l)
		case listMarker(l) != nil: // a fence may open on the marker's line: - ```
			if m := listMarker(l); m.content < len(l) {
				fence = fenceOpen(l[m.content:])
			}
		case inHTML || htmlBlockStart(l):
			inHTML = true
		case canStart:
			if m := refDef.FindStringSubmatch(l); m != nil {
				if r.refs == nil {
					r.refs = map[string]linkRef{}
				}
				if _, dup := r.refs[refKey(m[1])]; !dup {
					r.refs[refKey(m[1])] = linkRef{url: m[2], title: m[3] + m[4] + m[5]}
				}
				continue // the next line may be another definition
			}
		}
		if blank {
			inHTML = false
		}
		canStart = blank
		out = append(out, l)
	}
	return out
}

// refKey normalises a reference label: case-insensitive, runs of spaces as
// one.
func refKey(label string) string { return strings.ToLower(strings.Join(strings.Fields(label), " ")) }

// mathSpan is one formula: its source with delimiters, and how many
// delimiter bytes to strip on each side to get the TeX.
type mathSpan struct {
	src     string
	delim   int
	display bool
}

// mathMark delimits the placeholder "\x1aN\x1a" that stands for formula N
// while the markdown is rendered: no markdown rule touches it.
const mathMark = '\x1a'

// protectMath replaces every formula outside code (fences and code spans)
// by a placeholder and records it.
func (r *mdRenderer) protectMath(src string) string {
	lines := strings.Split(src, "\n")
	var out, chunk []string
	fence := ""
	flush := func() {
		if len(chunk) > 0 {
			out = append(out, r.protectText(strings.Join(chunk, "\n")))
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
		if f := fenceOpen(l); f != "" {
			flush()
			fence = f
			out = append(out, l)
			continue
		}
		chunk = append(chunk, l)
	}
	flush()
	return strings.Join(out, "\n")
}

// protectText replaces the formulas in s (which holds no fenced code).
func (r *mdRenderer) protectText(s string) string {
	var b strings.Builder
	add := func(src string, delim int, display bool) {
		b.WriteByte(mathMark)
		b.WriteString(strconv.Itoa(len(r.math)))
		b.WriteByte(mathMark)
		r.math = append(r.math, mathSpan{src, delim, display})
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
			b.WriteString(s[i : i+2]) // an escape (\$, \\, \*) stays for the inline pass
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

// restoreMath puts the formulas back as elements the page typesets: in
// text a span with class math, inside attribute values (placeholders that
// ended up in an image's alt text, say) the formula's plain source.
func (r *mdRenderer) restoreMath(html string) string {
	if len(r.math) == 0 {
		return html
	}
	var b strings.Builder
	inTag := false
	for i := 0; i < len(html); i++ {
		c := html[i]
		switch c {
		case '<':
			inTag = true
		case '>':
			inTag = false
		case mathMark:
			j := strings.IndexByte(html[i+1:], mathMark)
			n, err := strconv.Atoi(html[i+1 : i+1+max(j, 0)])
			if j < 0 || err != nil || n >= len(r.math) {
				break
			}
			m := r.math[n]
			switch {
			case inTag:
				b.WriteString(esc(m.src))
			case m.display:
				b.WriteString(`<span class="math display" data-delim="` + strconv.Itoa(m.delim) + `">` + esc(m.src) + "</span>")
			default:
				b.WriteString(`<span class="math inline" data-delim="` + strconv.Itoa(m.delim) + `">` + esc(m.src) + "</span>")
			}
			i += j + 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// plainMath replaces placeholders by their formula's source (for text that
// becomes an attribute value or code).
func (r *mdRenderer) plainMath(s string) string {
	if strings.IndexByte(s, mathMark) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == mathMark {
			if j := strings.IndexByte(s[i+1:], mathMark); j >= 0 {
				if n, err := strconv.Atoi(s[i+1 : i+1+j]); err == nil && n < len(r.math) {
					b.WriteString(r.math[n].src)
					i += j + 1
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ---- blocks ----

// blocks renders a sequence of lines as block elements. In a tight list
// item (tight), paragraphs are written without <p>.
func (r *mdRenderer) blocks(lines []string, tight bool) string {
	var b strings.Builder
	for i := 0; i < len(lines); {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			i++
		case fenceOpen(line) != "":
			fence := fenceOpen(line)
			info := strings.Fields(strings.TrimLeft(trim, fence[:1]))
			ind := indent(line)
			var code []string
			for i++; i < len(lines) && !isFenceClose(lines[i], fence); i++ {
				code = append(code, dedent(lines[i], ind))
			}
			i++ // the closing fence (or the end)
			cls := ""
			if len(info) > 0 {
				cls = ` class="language-` + esc(info[0]) + `"`
			}
			b.WriteString("<pre><code" + cls + ">" + esc(r.plainMath(strings.Join(code, "\n"))) + "</code></pre>\n")
		case indent(line) >= 4:
			// An indented code block: lines indented 4 or more (and blank
			// lines between them), without the 4 spaces.
			var code []string
			for ; i < len(lines) && (indent(lines[i]) >= 4 || strings.TrimSpace(lines[i]) == ""); i++ {
				code = append(code, dedent(lines[i], 4))
			}
			for len(code) > 0 && strings.TrimSpace(code[len(code)-1]) == "" {
				code = code[:len(code)-1]
			}
			b.WriteString("<pre><code>" + esc(r.plainMath(strings.Join(code, "\n"))) + "</code></pre>\n")
		case atxLevel(line) > 0:
			level := atxLevel(line)
			text := strings.TrimSpace(trim[level:])
			if k := strings.TrimRight(text, "#"); k != text && (k == "" || strings.HasSuffix(k, " ")) {
				text = strings.TrimSpace(k) // closing #s
			}
			h := strconv.Itoa(level)
			b.WriteString("<h" + h + ">" + r.inline(text) + "</h" + h + ">\n")
			i++
		case isRule(line):
			b.WriteString("<hr>\n")
			i++
		case strings.HasPrefix(trim, ">") && indent(line) < 4:
			var quote []string
			for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
				t := strings.TrimSpace(lines[i])
				if strings.HasPrefix(t, ">") {
					t = strings.TrimPrefix(strings.TrimPrefix(t, ">"), " ")
				}
				quote = append(quote, t)
			}
			b.WriteString("<blockquote>\n" + r.blocks(quote, false) + "</blockquote>\n")
		case listMarker(line) != nil:
			html, next := r.list(lines, i)
			b.WriteString(html)
			i = next
		case isTableStart(lines, i):
			html, next := r.table(lines, i)
			b.WriteString(html)
			i = next
		case htmlBlockStart(line):
			var raw []string
			for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
				raw = append(raw, lines[i])
			}
			b.WriteString(sanitizeHTML(strings.Join(raw, "\n")) + "\n")
		default:
			para := []string{strings.TrimLeft(line, " ")}
			level := 0
			for i++; i < len(lines); i++ {
				l := lines[i]
				if t := strings.TrimSpace(l); indent(l) < 4 && t != "" && strings.Trim(t, "=") == "" {
					level = 1
				} else if indent(l) < 4 && t != "" && strings.Trim(t, "-") == "" && len(para) > 0 {
					level = 2
				}
				if level > 0 {
					i++
					break
				}
				if interruptsParagraph(lines, i) {
					break
				}
				para = append(para, strings.TrimLeft(l, " "))
			}
			text := r.inline(strings.TrimRight(strings.Join(para, "\n"), " "))
			switch {
			case level > 0:
				h := strconv.Itoa(level)
				b.WriteString("<h" + h + ">" + text + "</h" + h + ">\n")
			case tight:
				b.WriteString(text + "\n")
			default:
				b.WriteString("<p>" + text + "</p>\n")
			}
		}
	}
	return b.String()
}

// interruptsParagraph reports whether lines[i] ends a paragraph: a blank
// line or the start of another block (a numbered list must start at 1).
func interruptsParagraph(lines []string, i int) bool {
	l := lines[i]
	if strings.TrimSpace(l) == "" || fenceOpen(l) != "" || atxLevel(l) > 0 || isRule(l) ||
		strings.HasPrefix(strings.TrimSpace(l), ">") || htmlBlockStart(l) || isTableStart(lines, i) {
		return true
	}
	if m := listMarker(l); m != nil {
		return !m.ordered || m.start == 1
	}
	return false
}

// marker is a list item's marker: "-", "*", "+" or a number followed by
// "." or ")".
type marker struct {
	ordered bool
	char    byte // bullet character, or the delimiter after the number
	start   int  // the number of an ordered item
	indent  int  // columns before the marker
	content int  // columns before the item's text
}

// listMarker parses the list marker at the start of line, or returns nil.
func listMarker(line string) *marker {
	ind := indent(line)
	if ind >= 4 {
		return nil
	}
	s := line[ind:]
	m := &marker{indent: ind}
	n := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '*' || s[0] == '+'):
		m.char, n = s[0], 1
		if isRule(line) {
			return nil
		}
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(s) || s[n] != '.' && s[n] != ')' {
			return nil
		}
		m.ordered, m.char = true, s[n]
		m.start, _ = strconv.Atoi(s[:n])
		n++
	}
	if n < len(s) && s[n] != ' ' {
		return nil
	}
	spaces := len(s[n:]) - len(strings.TrimLeft(s[n:], " "))
	if spaces == 0 || spaces > 4 || strings.TrimSpace(s[n:]) == "" {
		spaces = 1
	}
	m.content = ind + n + spaces
	return m
}

// sameList reports whether a and b mark items of the same list.
func sameList(a, b *marker) bool { return a.ordered == b.ordered && a.char == b.char }

// list renders the list starting at lines[i] and returns the index after it.
func (r *mdRenderer) list(lines []string, i int) (string, int) {
	first := listMarker(lines[i])
	var items [][]string
	loose := false
	for i < len(lines) {
		m := listMarker(lines[i])
		if m == nil || !sameList(first, m) || m.indent >= first.content {
			break
		}
		item := []string{lines[i][min(m.content, len(lines[i])):]}
		blank := false
		for i++; i < len(lines); i++ {
			l := lines[i]
			if strings.TrimSpace(l) == "" {
				blank = true
				item = append(item, "")
				continue
			}
			if indent(l) >= m.content {
				if blank {
					loose = true
				}
				blank = false
				item = append(item, l[m.content:])
				continue
			}
			if blank || listMarker(l) != nil || interruptsParagraph(lines, i) {
				break
			}
			item = append(item, strings.TrimLeft(l, " ")) // lazy continuation of the item's paragraph
		}
		for len(item) > 0 && strings.TrimSpace(item[len(item)-1]) == "" {
			item = item[:len(item)-1]
		}
		items = append(items, item)
		if blank && i < len(lines) {
			if next := listMarker(lines[i]); next != nil && sameList(first, next) && next.indent < first.content {
				loose = true
			}
		}
	}
	tag, attr := "ul", ""
	if first.ordered {
		tag = "ol"
		if first.start != 1 {
			attr = ` start="` + strconv.Itoa(first.start) + `"`
		}
	}
	var b strings.Builder
	b.WriteString("<" + tag + attr + ">\n")
	for _, it := range items {
		body := r.blocks(it, !loose)
		b.WriteString("<li>" + strings.TrimSuffix(body, "\n") + "</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
	return b.String(), i
}

// isTableStart reports whether lines[i] is a GFM table's header row: it
// has a pipe and the next line is a delimiter row with as many cells.
func isTableStart(lines []string, i int) bool {
	if i+1 >= len(lines) || !strings.Contains(lines[i], "|") || indent(lines[i]) >= 4 {
		return false
	}
	aligns := delimiterRow(lines[i+1])
	return aligns != nil && len(aligns) == len(splitRow(lines[i]))
}

// delimiterRow parses a table's delimiter row ("|:--|--:|") into the
// columns' text-align values ("" for the default), or returns nil.
func delimiterRow(line string) []string {
	t := strings.TrimSpace(line)
	if !strings.Contains(t, "-") || strings.Trim(t, "|:- ") != "" {
		return nil
	}
	if !strings.Contains(t, "|") && !strings.Contains(t, ":") {
		return nil // a plain "---" is a rule or a setext underline
	}
	cells := splitRow(line)
	aligns := make([]string, len(cells))
	for k, c := range cells {
		c = strings.TrimSpace(c)
		if strings.Trim(c, ":") == "" || strings.Trim(c, "-:") != "" {
			return nil
		}
		switch l, r := strings.HasPrefix(c, ":"), strings.HasSuffix(c, ":"); {
		case l && r:
			aligns[k] = "center"
		case r:
			aligns[k] = "right"
		case l:
			aligns[k] = "left"
		}
	}
	return aligns
}

// splitRow splits a table row into cells at unescaped pipes outside code
// spans (formulas are placeholders by now), dropping the outer pipes.
func splitRow(line string) []string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var cell strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			cell.WriteByte('|')
			i++
		case s[i] == '`':
			n := runLen(s, i, '`')
			if j := closingRun(s, i+n, '`', n); j >= 0 {
				cell.WriteString(s[i : j+n])
				i = j + n - 1
			} else {
				cell.WriteString(s[i : i+n])
				i += n - 1
			}
		case s[i] == '|':
			cells = append(cells, strings.TrimSpace(cell.String()))
			cell.Reset()
		default:
			cell.WriteByte(s[i])
		}
	}
	return append(cells, strings.TrimSpace(cell.String()))
}

// table renders the GFM table starting at lines[i].
func (r *mdRenderer) table(lines []string, i int) (string, int) {
	head := splitRow(lines[i])
	aligns := delimiterRow(lines[i+1])
	var b strings.Builder
	row := func(cells []string, tag string) {
		b.WriteString("<tr>")
		for k := range aligns {
			style := ""
			if aligns[k] != "" {
				style = ` style="text-align:` + aligns[k] + `"`
			}
			text := ""
			if k < len(cells) {
				text = r.inline(cells[k])
			}
			b.WriteString("<" + tag + style + ">" + text + "</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("<table>\n<thead>\n")
	row(head, "th")
	b.WriteString("</thead>\n")
	i += 2
	body := false
	for ; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || !strings.Contains(l, "|") && interruptsParagraph(lines, i) {
			break
		}
		if !body {
			b.WriteString("<tbody>\n")
			body = true
		}
		row(splitRow(l), "td")
	}
	if body {
		b.WriteString("</tbody>\n")
	}
	b.WriteString("</table>\n")
	return b.String(), i
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

// atxLevel returns the level of an ATX heading ("## Title"), or 0.
func atxLevel(line string) int {
	if indent(line) >= 4 {
		return 0
	}
	t := strings.TrimLeft(line, " ")
	n := runLen(t, 0, '#')
	if n == 0 || n > 6 || n < len(t) && t[n] != ' ' {
		return 0
	}
	return n
}

// isRule reports whether line is a thematic break (---, ***, ___).
func isRule(line string) bool {
	if indent(line) >= 4 {
		return false
	}
	t := strings.ReplaceAll(strings.TrimSpace(line), " ", "")
	return len(t) >= 3 && (strings.Trim(t, "-") == "" || strings.Trim(t, "*") == "" || strings.Trim(t, "_") == "")
}

// htmlBlockTags are the elements that start a raw HTML block (CommonMark's
// list, shortened to what notebooks use).
var htmlBlockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "center": true, "details": true,
	"dd": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "ol": true, "p": true, "pre": true, "section": true, "summary": true,
	"table": true, "tbody": true, "td": true, "tfoot": true, "th": true, "thead": true, "tr": true, "ul": true,
	"script": true, "style": true, "iframe": true,
}

// htmlBlockStart reports whether line starts a raw HTML block: a comment,
// a block-level tag, or any other complete tag alone on its line.
func htmlBlockStart(line string) bool {
	if indent(line) >= 4 {
		return false
	}
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "<!--") {
		return true
	}
	m := tagName.FindStringSubmatch(t)
	if m == nil {
		return false
	}
	if htmlBlockTags[strings.ToLower(m[1])] {
		return true
	}
	loc := inlineTag.FindStringIndex(t)
	return loc != nil && loc[0] == 0 && loc[1] == len(t)
}

var (
	tagName   = regexp.MustCompile(`^</?([A-Za-z][A-Za-z0-9-]*)(?:[\s/>]|$)`)
	inlineTag = regexp.MustCompile(`^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][-A-Za-z0-9_.:]*(?:\s*=\s*(?:[^\s"'=<>` + "`" + `]+|'[^']*'|"[^"]*"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>|<!--[\s\S]*?-->)`)
	dangerous = regexp.MustCompile(`(?is)<(script|style|iframe|object|embed)\b.*?(?:</(?:script|style|iframe|object|embed)\s*>|\z)`)
	// onAttr is an event-handler attribute, with its value.
	onAttr   = regexp.MustCompile(`(?i)\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)`)
	jsURL    = regexp.MustCompile(`(?i)((?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*javascript:`)
	entity   = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
	bareURL  = regexp.MustCompile(`^https?://[^\s<>"]*[^\s<>".,;:!?)\]'*_~]`)
	autoLink = regexp.MustCompile(`^<((?:https?|ftp|mailto):[^\s<>]*)>`)
)

// sanitizeHTML removes from raw HTML what Jupyter's sanitizer removes:
// script-like elements, event-handler attributes and javascript: URLs.
func sanitizeHTML(s string) string {
	s = dangerous.ReplaceAllString(s, "")
	s = onAttr.ReplaceAllString(s, "")
	return jsURL.ReplaceAllString(s, "${1}#")
}

// ---- inline ----

// inline renders the inline markdown of s as HTML.
func (r *mdRenderer) inline(s string) string {
	var b strings.Builder
	text := 0 // start of the pending plain text
	emit := func(i int, html string) {
		b.WriteString(escText(s[text:i]))
		b.WriteString(html)
	}
	for i := 0; i < len(s); {
		c := s[i]
		n, html := 0, ""
		switch c {
		case mathMark:
			if j := strings.IndexByte(s[i+1:], mathMark); j >= 0 {
				n, html = j+2, s[i:i+j+2]
			}
		case '\\':
			if i+1 < len(s) && s[i+1] == '\n' {
				n, html = 2, "<br>\n"
			} else if i+1 < len(s) && isPunct(s[i+1]) {
				n, html = 2, escText(s[i+1:i+2])
			}
		case '\n':
			if strings.HasSuffix(s[text:i], "  ") { // a hard line break
				b.WriteString(escText(strings.TrimRight(s[text:i], " ")))
				b.WriteString("<br>\n")
				i++
				text = i
				continue
			}
		case '`':
			k := runLen(s, i, '`')
			if j := closingRun(s, i+k, '`', k); j >= 0 {
				code := strings.ReplaceAll(s[i+k:j], "\n", " ")
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
					code = code[1 : len(code)-1]
				}
				n, html = j+k-i, "<code>"+esc(r.plainMath(code))+"</code>"
			} else {
				n, html = k, s[i:i+k]
			}
		case '!', '[':
			start := i
			if c == '!' {
				start++
			}
			if start < len(s) && s[start] == '[' {
				label, url, title, k, ok := parseLink(s[start:])
				if !ok {
					label, url, title, k, ok = r.refLink(s[start:])
				}
				if ok {
					n = start - i + k
					t := ""
					if title != "" {
						t = ` title="` + esc(r.plainMath(title)) + `"`
					}
					if c == '!' {
						html = `<img src="` + esc(safeURL(url)) + `" alt="` + esc(r.plainMath(stripMarkup(label))) + `"` + t + ">"
					} else {
						html = `<a href="` + esc(safeURL(url)) + `"` + t + ">" + r.inline(label) + "</a>"
					}
				}
			}
		case '<':
			if m := autoLink.FindStringSubmatch(s[i:]); m != nil {
				n, html = len(m[0]), `<a href="`+esc(m[1])+`">`+esc(m[1])+"</a>"
			} else if loc := inlineTag.FindStringIndex(s[i:]); loc != nil {
				tag := s[i : i+loc[1]]
				if m := tagName.FindStringSubmatch(tag); m != nil && htmlBlockTags[strings.ToLower(m[1])] &&
					(strings.EqualFold(m[1], "script") || strings.EqualFold(m[1], "style") || strings.EqualFold(m[1], "iframe")) {
					n, html = loc[1], "" // dropped, as Jupyter's sanitizer does
				} else {
					n, html = loc[1], sanitizeHTML(tag)
				}
			}
		case '&':
			if m := entity.FindString(s[i:]); m != "" {
				n, html = len(m), m
			}
		case '*', '_':
			n, html = r.emphasis(s, i)
		case '~':
			if strings.HasPrefix(s[i:], "~~") && i+2 < len(s) && !isSpace(s[i+2]) {
				if j := strings.Index(s[i+2:], "~~"); j > 0 && !isSpace(s[i+2+j-1]) {
					n, html = j+4, "<del>"+r.inline(s[i+2:i+2+j])+"</del>"
				}
			}
		case 'h':
			if (i == 0 || !isWordByte(s[i-1])) && strings.HasPrefix(s[i:], "http") {
				if m := bareURL.FindString(s[i:]); m != "" {
					n, html = len(m), `<a href="`+esc(m)+`">`+esc(m)+"</a>"
				}
			}
		}
		if n == 0 {
			i++
			continue
		}
		emit(i, html)
		i += n
		text = i
	}
	b.WriteString(escText(s[text:]))
	return b.String()
}

// emphasis renders *…*, **…**, ***…*** (or with _) starting at s[i], or
// returns 0 when the delimiters do not pair up. An opening run must be
// followed by a non-space and a closing run preceded by one; with _ neither
// may touch a letter or digit outside (snake_case stays as written).
func (r *mdRenderer) emphasis(s string, i int) (int, string) {
	c := s[i]
	k := min(runLen(s, i, c), 3)
	if runLen(s, i, c) > 3 || i+k >= len(s) || isSpace(s[i+k]) || c == '_' && i > 0 && isWordByte(s[i-1]) {
		return 0, ""
	}
	for ; k > 0; k-- {
		delim := s[i : i+k]
		for from := i + k; from < len(s); {
			j := strings.Index(s[from:], delim)
			if j < 0 {
				break
			}
			j += from
			ok := !isSpace(s[j-1]) && j > i+k && runLen(s, j, c) == k
			if c == '_' && j+k < len(s) && isWordByte(s[j+k]) {
				ok = false
			}
			if ok && !strings.Contains(s[i+k:j], "\n\n") {
				inner := r.inline(s[i+k : j])
				switch k {
				case 1:
					inner = "<em>" + inner + "</em>"
				case 2:
					inner = "<strong>" + inner + "</strong>"
				default:
					inner = "<em><strong>" + inner + "</strong></em>"
				}
				return j + k - i, inner
			}
			from = j + runLen(s, j, c)
		}
	}
	return 0, ""
}

// parseLink parses "[label](url "title")" at the start of s (brackets and
// parentheses may nest) and returns its length.
func parseLink(s string) (label, url, title string, n int, ok bool) {
	end := closingBracket(s)
	depth := 0
	if end < 0 || end+1 >= len(s) || s[end+1] != '(' {
		return "", "", "", 0, false
	}
	depth = 0
	close := -1
	for i := end + 1; i < len(s) && close < 0; i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				close = i
			}
		}
	}
	if close < 0 {
		return "", "", "", 0, false
	}
	dest := strings.TrimSpace(s[end+2 : close])
	if k := strings.IndexAny(dest, " \n"); k >= 0 {
		t := strings.TrimSpace(dest[k:])
		if len(t) >= 2 && (t[0] == '"' && t[len(t)-1] == '"' || t[0] == '\'' && t[len(t)-1] == '\'') {
			title = t[1 : len(t)-1]
			dest = dest[:k]
		}
	}
	dest = strings.TrimSuffix(strings.TrimPrefix(dest, "<"), ">")
	return s[1:end], dest, title, close + 1, true
}

// refLink parses a reference link at the start of s: "[text][label]",
// "[text][]" or "[label]", whose label has a definition, and returns its
// text, target and length.
func (r *mdRenderer) refLink(s string) (text, url, title string, n int, ok bool) {
	end := closingBracket(s)
	if end < 0 || len(r.refs) == 0 {
		return "", "", "", 0, false
	}
	text, label, n := s[1:end], s[1:end], end+1
	if rest := s[end+1:]; strings.HasPrefix(rest, "[") {
		if e := closingBracket(rest); e >= 0 {
			if e > 1 {
				label = rest[1:e]
			}
			n += e + 1
		}
	}
	ref, ok := r.refs[refKey(label)]
	if !ok {
		return "", "", "", 0, false
	}
	return text, ref.url, ref.title, n, true
}

// closingBracket returns the index of the "]" that closes the "[" at s[0]
// (brackets nest; backslash escapes and code spans are skipped), or −1.
func closingBracket(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '`':
			k := runLen(s, i, '`')
			if j := closingRun(s, i+k, '`', k); j >= 0 {
				i = j + k - 1
			}
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// safeURL neutralises javascript: (and vbscript:) URLs.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "javascript:") || strings.HasPrefix(l, "vbscript:") {
		return "#"
	}
	return u
}

// stripMarkup drops emphasis and code markers from an image label (its
// alt text is plain).
func stripMarkup(s string) string { return strings.NewReplacer("*", "", "`", "", "_", "").Replace(s) }

// escText escapes markdown text for HTML: <, >, " and the & that does not
// start an entity.
func escText(s string) string {
	if !strings.ContainsAny(s, `<>&"`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '&':
			if entity.MatchString(s[i:]) {
				b.WriteByte('&')
			} else {
				b.WriteString("&amp;")
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
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

// dedent removes up to n leading spaces from line.
func dedent(line string, n int) string { return line[min(n, indent(line)):] }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isPunct(c byte) bool { return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0 }

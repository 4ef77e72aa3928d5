package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// codeStyle is the colour scheme of highlighted code (chroma's "github").
var codeStyle = styles.Get("github")

// formatter writes tokens as spans with CSS classes (the stylesheet is
// CodeCSS) inside <pre class="chroma"><code>, escaping the text.
var formatter = chromahtml.New(chromahtml.WithClasses(true))

// Code returns src as a highlighted <pre> block when chroma knows lang
// ("go" for code cells), else as an escaped <pre>. GoNB's special lines
// (%…, !…) are Go syntax errors and come out unhighlighted.
func Code(src, lang string) string {
	lexer := lexers.Get(lang)
	if lexer == nil {
		return `<pre class="chroma"><code>` + esc(src) + "</code></pre>"
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, src)
	if err != nil {
		return `<pre class="chroma"><code>` + esc(src) + "</code></pre>"
	}
	var b strings.Builder
	if err := formatter.Format(&b, codeStyle, it); err != nil {
		return `<pre class="chroma"><code>` + esc(src) + "</code></pre>"
	}
	return b.String()
}

// CodeCSS returns the stylesheet of the classes Code writes.
func CodeCSS() string {
	var b strings.Builder
	if err := formatter.WriteCSS(&b, codeStyle); err != nil {
		return ""
	}
	return b.String()
}

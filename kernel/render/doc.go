// Package render turns a notebook into HTML: the one renderer behind the
// exported course pages (kernel/export) and the grader's feedback pages
// (kernel/grade).
//
// A page is built from four pieces, each done by a library made for it
// rather than by code of our own:
//
//   - Markdown cells and text/markdown outputs go through
//     github.com/yuin/goldmark with its GFM extension (tables,
//     strikethrough, autolinks; task lists lose their check boxes): a
//     CommonMark parser with a large conformance suite, where a
//     hand-written renderer only ever covers the cases someone thought of.
//   - Formulas ($…$, $$…$$, \(…\), \[…\], \begin{env}…\end{env}) are taken
//     out before goldmark sees the text, so that _, *, | and \ inside a
//     formula stay as written (as in Jupyter), and come back as
//     <span class="math inline|display" data-delim="N"> holding the
//     formula's source; the page typesets them with KaTeX (see Page).
//   - Everything that is HTML — rendered Markdown (which may hold raw HTML)
//     and text/html outputs — is cleaned by github.com/microcosm-cc/bluemonday
//     with an allowlist policy (see Sanitize): no <script>, <style>,
//     <iframe>, <object>, <embed>, <form>, <meta> or <base>; no event
//     handler attributes; only http, https and mailto links (and
//     data:image/… for images); style attributes only with a short list of
//     layout and colour properties. Parsing with an HTML tokenizer is what
//     makes entity tricks such as href="jav&#x61;script:…" fail: a regular
//     expression over the raw text cannot decode them the way a browser
//     does. Anything the policy does not know is dropped (fail closed).
//   - Go code cells are highlighted by github.com/alecthomas/chroma/v2 into
//     spans with CSS classes; the page carries the stylesheet (CodeCSS), so
//     highlighting needs no JavaScript.
//
// Outputs that are active content never reach the page: application/javascript
// is not rendered, image/svg+xml is shown through an <img> (where SVG
// scripts do not run), and a text/html output is sanitized like Markdown.
// The one exception is opt-in (Options.ChartLoader): a dlfun ECharts chart, whose
// snippet is recognised exactly (the loader dl/echarts writes, byte for
// byte, called with a JSON string id, a JSON object and a JSON string), is
// written back from its parsed, re-encoded JSON, so the page draws it while
// no script of the output's own survives. (The options themselves reach
// ECharts as they are: a JSON object cannot carry a function, but what
// ECharts does with its strings, tooltips included, is ECharts' own.)
package render

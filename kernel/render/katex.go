package render

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/dlfun/dlfun/kernel/assets"
)

// LoadKaTeX reads KaTeX's script and stylesheet (fonts inlined) for
// Options.KaTeX and Options.KaTeXCSS from $DLFUN_KATEX_DIR, or else from
// kernel/assets/katex of the dlfun source tree this package was compiled
// from; the error names the step that fetches it.
func LoadKaTeX() (js, css string, err error) {
	dir := os.Getenv("DLFUN_KATEX_DIR")
	if dir == "" {
		if _, file, _, ok := runtime.Caller(0); ok {
			dir = assets.KaTeXDir(filepath.Join(filepath.Dir(file), "..", ".."))
		}
	}
	return assets.KaTeX(dir)
}

// LoadReveal reads reveal.js's script and stylesheets for
// SlideOptions.Reveal and SlideOptions.RevealCSS from $DLFUN_REVEAL_DIR, or
// else from kernel/assets/reveal of the dlfun source tree this package was
// compiled from; the error names the step that fetches it.
func LoadReveal() (js, css string, err error) {
	dir := os.Getenv("DLFUN_REVEAL_DIR")
	if dir == "" {
		if _, file, _, ok := runtime.Caller(0); ok {
			dir = assets.RevealDir(filepath.Join(filepath.Dir(file), "..", ".."))
		}
	}
	return assets.Reveal(dir)
}

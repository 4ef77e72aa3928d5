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

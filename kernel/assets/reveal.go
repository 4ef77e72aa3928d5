package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// RevealVersion is the pinned version of the npm package reveal.js (MIT),
// which shows the slides `dlfun export --slides` writes.
const RevealVersion = "6.0.2"

// revealFiles lists the files taken from the reveal.js package (paths under
// package/dist/) with their SHA-256: the script (a UMD bundle), its
// stylesheet and the white theme (its fonts are data: URLs already, so a
// page that inlines it needs nothing from the network).
var revealFiles = map[string]string{
	"reveal.js":       "aa1bbbf2617b23a623b23612cb3c5bdb63de512e652bf20fcfa832b045d37844",
	"reveal.css":      "615ee850cbbb98a0f688b60ed37b21819a3f54c9f3e6f20e33e63693ab74a0c0",
	"theme/white.css": "41e9507d97eb13ce6804645a9ce9f16220ddc3bfd6e7888aa3a0b5f61777d8f3",
}

// RevealDir returns kernel/assets/reveal (git-ignored) under the repository
// root repoRoot, where FetchReveal puts the library.
func RevealDir(repoRoot string) string {
	return filepath.Join(repoRoot, "kernel", "assets", "reveal")
}

// FetchReveal downloads reveal.js@RevealVersion with `npm pack`, verifies
// the SHA-256 of every file it keeps and writes them into dir. The files
// are written only when all of them check out.
func FetchReveal(dir string) error {
	tgz, cleanup, err := npmPack("reveal.js", RevealVersion)
	if err != nil {
		return err
	}
	defer cleanup()
	files := map[string][]byte{}
	for name, want := range revealFiles {
		b, err := extract(tgz, "package/dist/"+name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			return fmt.Errorf("reveal.js %s from npm has SHA-256 %s, want %s", name, got, want)
		}
		files[name] = b
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// HaveReveal reports whether every reveal.js file is present in dir.
func HaveReveal(dir string) bool {
	for name := range revealFiles {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return false
		}
	}
	return true
}

// Reveal reads reveal.js from dir (see FetchReveal) and returns its script
// and its stylesheets (reveal.css, then the white theme).
func Reveal(dir string) (js, css string, err error) {
	if !HaveReveal(dir) {
		return "", "", fmt.Errorf("reveal.js not found in %s: run `go run ./kernel/assets/fetchecharts` (or `make echarts`) in the dlfun repository", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "reveal.js"))
	if err != nil {
		return "", "", err
	}
	var sheets []byte
	for _, name := range []string{"reveal.css", "theme/white.css"} {
		c, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return "", "", err
		}
		sheets = append(append(sheets, c...), '\n')
	}
	return string(b), string(sheets), nil
}

package assets

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// KaTeXVersion is the pinned version of the npm package katex (MIT), which
// typesets the $…$ formulas of markdown cells in exported pages.
const KaTeXVersion = "0.19.1"

// katexFiles lists the files taken from the katex package (paths under
// package/dist/) with their SHA-256: the script, the stylesheet and the
// WOFF2 fonts (every browser dlfun supports reads WOFF2; the WOFF and TTF
// copies are left out).
var katexFiles = map[string]string{
	"katex.min.js":                          "fa140498b8cfc8302cbe5e7cb1bdbc1f952bc38b3fa258ede09e73edbf9a74bc",
	"katex.min.css":                         "00e0b094171b07f58422075f469b4feac2b2f7bce1aeec943c08da4d697f4dcf",
	"fonts/KaTeX_AMS-Regular.woff2":         "0cdd387c9590a1a9f9794560022dbb59654a7d86f187aa0c81495ad42d3a7308",
	"fonts/KaTeX_Caligraphic-Bold.woff2":    "de7701e42cf1f4cf0b766c03fb27977207eee2f4fd5d76fa82188406da43ea4c",
	"fonts/KaTeX_Caligraphic-Regular.woff2": "5d53e70ad607c2352162dec9e0923fb54ecdafaccbf604cd8dcf7d00facb989b",
	"fonts/KaTeX_Fraktur-Bold.woff2":        "74444efd593c005e3f4573b44524704c0af0a937fe911cca9e94068d0d140d3f",
	"fonts/KaTeX_Fraktur-Regular.woff2":     "51814d270d06ff0255dba0799994fa4d8c84d11f09951d47595f4abb1f3602dc",
	"fonts/KaTeX_Main-Bold.woff2":           "0f60d1b897938ec918c8ce073092411baf9438f6739465693ff18b0f9d20b021",
	"fonts/KaTeX_Main-BoldItalic.woff2":     "99cd42a3c072d918f2f44984a807cf7aa16e13545fd0875fc07c6c65f99e715b",
	"fonts/KaTeX_Main-Italic.woff2":         "97479ca6cce906abc961ecac96faa5f9ca2e61b8e7670d475826bcdee9a7c267",
	"fonts/KaTeX_Main-Regular.woff2":        "c2342cd8b869e01752a9321dc17213fc40d4d04c79688c1d43f2cf316abd7866",
	"fonts/KaTeX_Math-BoldItalic.woff2":     "dc47344dbb6cb5b655c8460d561f4df5f501b90c804ad3c6cec65fe322351ab1",
	"fonts/KaTeX_Math-Italic.woff2":         "7af58c5ec8f132a2ddde9027c6d7814decce4d3b822a11192a42a20e2e973264",
	"fonts/KaTeX_SansSerif-Bold.woff2":      "e99ae51144bf1232efcc1bfe5add36262c6866b0faab24fa75740e1b98577a62",
	"fonts/KaTeX_SansSerif-Italic.woff2":    "00b26ac825e2095056396e0553b8ac26d3f8ad158c3826e28b4c45b385c4714a",
	"fonts/KaTeX_SansSerif-Regular.woff2":   "68e8c73ef42afd3ccec58bf0fba302cce448938e7fc020a5e31f8a952eee1342",
	"fonts/KaTeX_Script-Regular.woff2":      "036d4e95149b69ff9bcc0cd55771efeb25ffa3947293e69acd78d5ac328c684b",
	"fonts/KaTeX_Size1-Regular.woff2":       "6b47c40166b6dbe21a5dfca7718413f2147fd2399be1ba605d8ad39cedf25dfe",
	"fonts/KaTeX_Size2-Regular.woff2":       "d04c54219f9eaec6d4d4fd42dfb28785975a4794d6b2fc71e566b9cd6db842dd",
	"fonts/KaTeX_Size3-Regular.woff2":       "73d591271b1604960cb10bb90fee021670af7297017e0e98480b332d11f51995",
	"fonts/KaTeX_Size4-Regular.woff2":       "a4af7d414440a1c1790825cfb700cf9cf43b0f2c4b04f0ebc523011ad9853ec0",
	"fonts/KaTeX_Typewriter-Regular.woff2":  "71d517d67827787cfabdf186914cc3358eda539e37931941f2b2fd4a21f68c0b",
}

// KaTeXDir returns kernel/assets/katex (git-ignored) under the repository
// root repoRoot, where FetchKaTeX puts the library.
func KaTeXDir(repoRoot string) string {
	return filepath.Join(repoRoot, "kernel", "assets", "katex")
}

// FetchKaTeX downloads katex@KaTeXVersion with `npm pack`, verifies the
// SHA-256 of every file it keeps and writes them into dir (katex.min.js,
// katex.min.css, fonts/*.woff2). The files are written only when all of them
// check out.
func FetchKaTeX(dir string) error {
	tgz, cleanup, err := npmPack("katex", KaTeXVersion)
	if err != nil {
		return err
	}
	defer cleanup()
	files := map[string][]byte{}
	for name, want := range katexFiles {
		b, err := extract(tgz, "package/dist/"+name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			return fmt.Errorf("katex %s from npm has SHA-256 %s, want %s", name, got, want)
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

// EnsureKaTeX returns KaTeXDir(repoRoot), fetching the library first if any
// of its files is missing.
func EnsureKaTeX(repoRoot string) (string, error) {
	dir := KaTeXDir(repoRoot)
	if HaveKaTeX(dir) {
		return dir, nil
	}
	return dir, FetchKaTeX(dir)
}

// HaveKaTeX reports whether every KaTeX file is present in dir.
func HaveKaTeX(dir string) bool {
	for name := range katexFiles {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return false
		}
	}
	return true
}

// KaTeX reads the library from dir (see FetchKaTeX) and returns its script
// and its stylesheet with every font inlined as a data: URL (about 400 KB of
// base64), so that a page carrying both typesets formulas offline, from a
// single file.
func KaTeX(dir string) (js, css string, err error) {
	if !HaveKaTeX(dir) {
		return "", "", fmt.Errorf("KaTeX not found in %s: run `go run ./kernel/assets/fetchecharts` in the dlfun repository", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "katex.min.js"))
	if err != nil {
		return "", "", err
	}
	c, err := os.ReadFile(filepath.Join(dir, "katex.min.css"))
	if err != nil {
		return "", "", err
	}
	css, err = inlineFonts(string(c), func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, "fonts", name))
	})
	return string(b), css, err
}

// fontSrc matches the src list of one @font-face rule of katex.min.css:
// url(fonts/NAME.woff2) format("woff2") followed by the WOFF and TTF copies.
var fontSrc = regexp.MustCompile(`url\(fonts/([A-Za-z0-9_-]+\.woff2)\) format\("woff2"\)(,url\([^)]*\) format\("[a-z]+"\))*`)

// inlineFonts replaces every font list in css by the WOFF2 font as a data:
// URL, reading fonts by file name with read.
func inlineFonts(css string, read func(name string) ([]byte, error)) (string, error) {
	var firstErr error
	out := fontSrc.ReplaceAllStringFunc(css, func(m string) string {
		name := fontSrc.FindStringSubmatch(m)[1]
		b, err := read(name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return m
		}
		return `url(data:font/woff2;base64,` + base64.StdEncoding.EncodeToString(b) + `) format("woff2")`
	})
	if firstErr != nil {
		return "", firstErr
	}
	if strings.Contains(out, "url(fonts/") {
		return "", fmt.Errorf("katex.min.css: font references left after inlining (a different KaTeX version?)")
	}
	return out, nil
}

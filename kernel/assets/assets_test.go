package assets

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.tgz")
	f, _ := os.Create(path)
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for name, body := range map[string]string{"package/README.md": "readme", "package/dist/echarts.min.js": "lib"} {
		_ = tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))})
		_, _ = tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	f.Close()
	got, err := extract(path, "package/dist/echarts.min.js")
	if err != nil || string(got) != "lib" {
		t.Fatalf("extract = %q, %v", got, err)
	}
	if _, err := extract(path, "package/missing"); err == nil {
		t.Fatal("extract found a missing file")
	}
}

func TestKernelspecEnv(t *testing.T) {
	if got := KernelspecEnv("dlfun")["DLFUN_ECHARTS_URL"]; got != "kernelspecs/dlfun/echarts.min.js" {
		t.Fatalf("KernelspecEnv = %q", got)
	}
}

// TestFetchAndInstall fetches the library through npm (when npm is here)
// and installs it into a kernelspec directory.
func TestFetchAndInstall(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil || testing.Short() {
		t.Skip("needs npm (and not -short)")
	}
	root := t.TempDir()
	p, err := EnsureECharts(root)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != EChartsSHA256 {
		t.Fatal("fetched file has the wrong checksum")
	}
	spec := filepath.Join(root, "kernels", "dlfun")
	_ = os.MkdirAll(spec, 0o755)
	if err := InstallECharts(root, spec); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(spec, EChartsFile)); err != nil || st.Size() != int64(len(b)) {
		t.Fatalf("installed file: %v", err)
	}
}

func TestInlineFonts(t *testing.T) {
	fonts := map[string][]byte{"KaTeX_Main-Regular.woff2": []byte("font")}
	read := func(name string) ([]byte, error) {
		if b, ok := fonts[name]; ok {
			return b, nil
		}
		return nil, os.ErrNotExist
	}
	tests := []struct {
		css, want string
		err       bool
	}{
		{`@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2"),url(fonts/KaTeX_Main-Regular.woff) format("woff"),url(fonts/KaTeX_Main-Regular.ttf) format("truetype")}.katex{x:y}`,
			`@font-face{font-family:KaTeX_Main;src:url(data:font/woff2;base64,Zm9udA==) format("woff2")}.katex{x:y}`, false},
		{`.katex{x:y}`, `.katex{x:y}`, false},
		{`src:url(fonts/KaTeX_Missing.woff2) format("woff2")`, "", true},
		{`src:url(fonts/KaTeX_Main-Regular.ttf) format("truetype")`, "", true}, // unknown layout: never leave broken links silently
	}
	for _, tc := range tests {
		got, err := inlineFonts(tc.css, read)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("inlineFonts(%q) = %q, %v; want %q (error %v)", tc.css, got, err, tc.want, tc.err)
		}
	}
}

// TestFetchKaTeX fetches KaTeX through npm (when npm is here) and checks
// that the stylesheet KaTeX returns carries every font.
func TestFetchKaTeX(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil || testing.Short() {
		t.Skip("needs npm (and not -short)")
	}
	dir, err := EnsureKaTeX(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	js, css, err := KaTeX(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(css, "data:font/woff2;base64,"); n != len(katexFiles)-2 || !strings.Contains(js, "katex") {
		t.Errorf("KaTeX: %d inlined fonts, want %d; script %d bytes", n, len(katexFiles)-2, len(js))
	}
	if len(css) > 600_000 {
		t.Errorf("stylesheet with fonts is %d bytes: more than expected", len(css))
	}
}

// TestFetchReveal fetches reveal.js through npm (when npm is here) and
// reads it back; without the files, Reveal names the command that fetches
// them.
func TestFetchReveal(t *testing.T) {
	if _, _, err := Reveal(t.TempDir()); err == nil || !strings.Contains(err.Error(), "fetchecharts") {
		t.Errorf("Reveal on an empty folder: %v, want an error naming fetchecharts", err)
	}
	if _, err := exec.LookPath("npm"); err != nil || testing.Short() {
		t.Skip("needs npm (and not -short)")
	}
	dir := t.TempDir()
	if err := FetchReveal(dir); err != nil {
		t.Fatal(err)
	}
	js, css, err := Reveal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js, "reveal.js") || !strings.Contains(css, ".reveal .slides") || !strings.Contains(css, "data:font/woff") {
		t.Errorf("reveal.js: script %d bytes, stylesheets %d bytes: not the expected files", len(js), len(css))
	}
	if strings.Contains(css, "@import") {
		t.Error("the stylesheets import something from the network")
	}
}

package assets

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
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

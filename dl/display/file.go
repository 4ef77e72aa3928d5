package display

import (
	"os"
	"path/filepath"
)

// PlotDir returns the directory where charts are written outside a
// notebook: $DLFUN_PLOT_DIR if set, else <os.TempDir()>/dlfun-plots.
func PlotDir() string {
	if d := os.Getenv("DLFUN_PLOT_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "dlfun-plots")
}

// SavePage writes a standalone HTML page named name (a file name such as
// "loss-3f2a.html") into PlotDir, creating the directory, and returns the
// file's path.
func SavePage(name, page string) (string, error) {
	dir := PlotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		return "", err
	}
	return path, nil
}

package kernel

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPinnedPackages(t *testing.T) {
	req, err := os.ReadFile(filepath.Join("..", LabRequirements))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := pinnedPackages(req)
	if len(pkgs) < 50 {
		t.Fatalf("%d packages in %s, want the whole locked tree", len(pkgs), LabRequirements)
	}
	top := topLevel(pkgs)
	for _, want := range []string{"jupyterlab 4.6.6", "notebook 7.6.5"} {
		if !slices.Contains(top, want) {
			t.Errorf("front-ends %q lack %s", top, want)
		}
	}
	got := pinnedPackages([]byte("# comment\nanyio==4.16.0 \\\n    --hash=sha256:59bb\nappnope==1.0.0 ; sys_platform == 'darwin' \\\n    # via ipykernel\n"))
	if want := []string{"anyio 4.16.0", "appnope 1.0.0"}; !slices.Equal(got, want) {
		t.Errorf("pinnedPackages = %q, want %q", got, want)
	}
}

func TestPipHasPythonOption(t *testing.T) {
	tests := []struct {
		version string
		want    bool
	}{
		{"pip 23.2.1 from /usr/lib/python3/dist-packages/pip (python 3.11)", true},
		{"pip 22.3 from x", true},
		{"pip 22.2.2 from x", false},
		{"pip 9.0.1 from x", false},
		{"/usr/bin/python3: No module named pip", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := pipHasPythonOption(tc.version); got != tc.want {
			t.Errorf("pipHasPythonOption(%q) = %v, want %v", tc.version, got, tc.want)
		}
	}
}

// TestVenvJupyter checks that the venv's jupyter is used for JupyterLab only
// when it has Lab, and for --notebook when it has a Notebook.
func TestVenvJupyter(t *testing.T) {
	tests := []struct {
		name         string
		script       string // the fake .venv/bin/jupyter; "" for none
		lab, classic bool   // whether venvJupyter returns it without and with --notebook
	}{
		{"no venv", "", false, false},
		{"lab and notebook", "#!/bin/sh\nexit 0\n", true, true},
		{"notebook only", "#!/bin/sh\n[ \"$1\" = lab ] && exit 1\nexit 0\n", false, true},
		{"broken", "#!/bin/sh\nexit 1\n", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			repo := t.TempDir()
			if tc.script != "" {
				bin := filepath.Join(repo, VenvDir, "bin")
				if err := os.MkdirAll(bin, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte(tc.script), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			if got := venvJupyter(ctx, repo, false) != nil; got != tc.lab {
				t.Errorf("for JupyterLab: found %v, want %v", got, tc.lab)
			}
			if got := venvJupyter(ctx, repo, true) != nil; got != tc.classic {
				t.Errorf("for --notebook: found %v, want %v", got, tc.classic)
			}
		})
	}
}

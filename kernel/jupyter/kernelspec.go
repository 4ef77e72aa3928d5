package jupyter

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KernelSpec is a kernel.json file
// (https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs).
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`

	// Dir is the folder the spec was read from ({resource_dir} in Argv).
	Dir string `json:"-"`
}

// ReadKernelSpec reads dir/kernel.json.
func ReadKernelSpec(dir string) (*KernelSpec, error) {
	path := filepath.Join(dir, "kernel.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s KernelSpec
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(s.Argv) == 0 {
		return nil, fmt.Errorf("%s: empty argv", path)
	}
	s.Dir = dir
	return &s, nil
}

// DataDirs returns the Jupyter data folders in the order Jupyter searches
// them for kernelspecs: $JUPYTER_DATA_DIR (or the user's data dir), then
// each entry of $JUPYTER_PATH, then the system folders.
func DataDirs() []string {
	dirs := []string{UserDataDir()}
	if p := os.Getenv("JUPYTER_PATH"); p != "" {
		dirs = append(dirs, filepath.SplitList(p)...)
	}
	return append(dirs, "/usr/local/share/jupyter", "/usr/share/jupyter")
}

// UserDataDir is the user's Jupyter data folder: $JUPYTER_DATA_DIR if set,
// else ~/.local/share/jupyter (~/Library/Jupyter on macOS), as
// `jupyter --data-dir` reports it.
func UserDataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter")
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// FindKernelSpec finds the kernelspec called name in [DataDirs].
func FindKernelSpec(name string) (*KernelSpec, error) {
	var tried []string
	for _, d := range DataDirs() {
		dir := filepath.Join(d, "kernels", name)
		s, err := ReadKernelSpec(dir)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		tried = append(tried, dir)
	}
	return nil, fmt.Errorf("no kernelspec %q in %s (install it with `go run ./kernel/cmd/dlfun install`)",
		name, strings.Join(tried, ", "))
}

// command returns the kernel's argv with {connection_file} and
// {resource_dir} substituted.
func (s *KernelSpec) command(connectionFile string) []string {
	argv := make([]string, len(s.Argv))
	for i, a := range s.Argv {
		a = strings.ReplaceAll(a, "{connection_file}", connectionFile)
		argv[i] = strings.ReplaceAll(a, "{resource_dir}", s.Dir)
	}
	return argv
}

// Environ returns base with the spec's env applied: values may refer to
// variables of base as ${NAME} or $NAME, as in Jupyter.
func (s *KernelSpec) Environ(base []string) []string {
	env := envMap(base)
	out := append([]string{}, base...)
	for k, v := range s.Env {
		v = os.Expand(v, func(name string) string { return env[name] })
		out = append(out, k+"="+v)
	}
	return out
}

func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

// PathWithout returns a PATH like path in which every folder holding the
// program name is replaced by a folder (created under tmp) of symbolic links
// to everything else in it. Headless runs use it to hide gopls: GoNB starts
// gopls only when it finds one, a headless run needs no completions, and
// gopls type-checking the whole workspace would compete with the cells for
// the CPU.
func PathWithout(name, path, tmp string) (string, error) {
	dirs := filepath.SplitList(path)
	for i, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			continue
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			return "", err
		}
		shadow := filepath.Join(tmp, fmt.Sprintf("path%d", i))
		if err := os.MkdirAll(shadow, 0o755); err != nil {
			return "", err
		}
		for _, e := range entries {
			if e.Name() == name {
				continue
			}
			if err := os.Symlink(filepath.Join(d, e.Name()), filepath.Join(shadow, e.Name())); err != nil {
				return "", err
			}
		}
		dirs[i] = shadow
	}
	return strings.Join(dirs, string(os.PathListSeparator)), nil
}

// LookupEnv returns the last value of name in env ("NAME=value" entries).
func LookupEnv(env []string, name string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

package main

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// home says which notebook shows each figure.
var home = map[string]string{
	"neuron.svg":          "01-logistic-regression.ipynb",
	"batches-epochs.svg":  "02-gd-sgd-minibatch.ipynb",
	"backprop.svg":        "03-backpropagation.ipynb",
	"polyak-nesterov.svg": "04-momentum.ipynb",
	"residual-block.svg":  "06-vanishing-gradients.ipynb",
	"dropout.svg":         "08-overfitting.ipynb",
	"overview.svg":        "11-recap.ipynb",
}

// TestCommittedFiguresAreDrawn checks that every SVG file in this folder is
// exactly what the program draws now (a figure edited by hand, or code
// changed without `go run ./docs/figures`, fails here) and that no file is
// left over from a figure that is gone.
func TestCommittedFiguresAreDrawn(t *testing.T) {
	names := map[string]bool{}
	for _, f := range figures {
		names[f.name] = true
		got, err := os.ReadFile(f.name)
		if err != nil {
			t.Errorf("%s: %v (run go run ./docs/figures from the repository root)", f.name, err)
			continue
		}
		if string(got) != f.draw() {
			t.Errorf("%s differs from what figures.go draws: run go run ./docs/figures -notebooks", f.name)
		}
	}
	files, _ := filepath.Glob("*.svg")
	for _, f := range files {
		if !names[f] {
			t.Errorf("%s is in docs/figures but figures.go does not draw it: delete it or add it to figures", f)
		}
	}
}

// unsafeSVG matches what an SVG shown to students must not hold: scripts,
// event handlers, links to other documents, foreign objects.
var unsafeSVG = regexp.MustCompile(`(?i)<script|<foreignObject|\son[a-z]+\s*=|href\s*=|<iframe|<image|<use`)

// TestFiguresAreSafeWellFormedSVG parses every figure as XML and rejects
// active or external content.
func TestFiguresAreSafeWellFormedSVG(t *testing.T) {
	for _, f := range figures {
		svg := f.draw()
		if m := unsafeSVG.FindString(svg); m != "" {
			t.Errorf("%s contains %q: figures must be plain drawings", f.name, m)
		}
		if !strings.HasPrefix(svg, `<svg xmlns="http://www.w3.org/2000/svg" width="`) {
			t.Errorf("%s does not start with an <svg> element with a size: %.60q", f.name, svg)
		}
		if name, err := embeddedFigure([]byte(base64.StdEncoding.EncodeToString([]byte(svg)))); err != nil || name != f.name {
			t.Errorf("%s names itself %q (%v): the dlfun figure comment is missing or wrong", f.name, name, err)
		}
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed XML: %v", f.name, err)
				break
			}
		}
	}
}

// TestNotebooksEmbedCurrentFigures checks the copies in the notebooks: each
// figure appears in its notebook, and every embedded figure is the one
// drawn now.
func TestNotebooksEmbedCurrentFigures(t *testing.T) {
	drawn := map[string]string{}
	for _, f := range figures {
		drawn[f.name] = f.draw()
	}
	if len(home) != len(figures) {
		t.Errorf("home names %d notebooks for %d figures: every figure needs a notebook", len(home), len(figures))
	}
	paths, err := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks found: %v", err)
	}
	shown := map[string]string{} // figure → notebook
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range embedded.FindAllSubmatch(b, -1) {
			name, err := embeddedFigure(m[1])
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			if name == "" {
				continue
			}
			shown[name] = filepath.Base(p)
			svg, _ := base64.StdEncoding.DecodeString(string(m[1]))
			if want, ok := drawn[name]; !ok {
				t.Errorf("%s embeds %s, which figures.go does not draw", p, name)
			} else if !bytes.Equal(svg, []byte(want)) {
				t.Errorf("%s embeds an old %s: run go run ./docs/figures -notebooks", p, name)
			}
		}
	}
	for name, nb := range home {
		if shown[name] != nb {
			t.Errorf("%s should be shown in %s, found in %q", name, nb, shown[name])
		}
	}
}

// TestRefreshReplacesOnlyFigures checks the -notebooks rewrite on a small
// notebook: an old copy of a figure is replaced, other data and text stay
// byte for byte, and a figure that no longer exists is an error.
func TestRefreshReplacesOnlyFigures(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	old := "<svg>\n<!-- dlfun figure neuron.svg: old -->\n</svg>"
	other := "<svg><!-- someone else's picture --></svg>"
	drawn := map[string]string{"neuron.svg": "<svg>\n<!-- dlfun figure neuron.svg: new -->\n</svg>"}
	tests := []struct {
		name, in, want string
		changed, fails bool
	}{
		{"old copy", `{"source": ["![n](data:image/svg+xml;base64,` + enc(old) + `)\n", "text"]}`,
			`{"source": ["![n](data:image/svg+xml;base64,` + enc(drawn["neuron.svg"]) + `)\n", "text"]}`, true, false},
		{"current copy", `["![n](data:image/svg+xml;base64,` + enc(drawn["neuron.svg"]) + `)"]`,
			`["![n](data:image/svg+xml;base64,` + enc(drawn["neuron.svg"]) + `)"]`, false, false},
		{"not ours", `["![x](data:image/svg+xml;base64,` + enc(other) + `)"]`,
			`["![x](data:image/svg+xml;base64,` + enc(other) + `)"]`, false, false},
		{"gone", `["![x](data:image/svg+xml;base64,` + enc("<!-- dlfun figure gone.svg: x -->") + `)"]`, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed, err := refresh([]byte(tt.in), drawn)
			if tt.fails {
				if err == nil {
					t.Fatal("no error for a figure that figures.go does not draw")
				}
				return
			}
			if err != nil || string(got) != tt.want || changed != tt.changed {
				t.Errorf("refresh = %q, %v, %v; want %q, %v", got, changed, err, tt.want, tt.changed)
			}
		})
	}
}

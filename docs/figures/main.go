// Command figures draws the course's pictures as SVG files and keeps the
// copies the notebooks embed up to date.
//
//	go run ./docs/figures             # writes docs/figures/*.svg
//	go run ./docs/figures -notebooks  # also refreshes the notebooks' copies
//
// Every figure is drawn from code (figures.go), so it is the same on every
// machine; figures_test.go checks that the committed files and the
// notebooks' copies are what this program draws.
//
// A notebook shows a figure as a Markdown image with a data: URL,
//
//	![A neuron …](data:image/svg+xml;base64,…)
//
// because that is the one way that works everywhere the course is read:
// JupyterLab 4 and Notebook 7 render data: images in Markdown (they do not
// render SVG cell attachments), the classic Notebook too, the notebook
// carries its pictures when a student downloads or submits it alone, and
// the exported HTML pages (kernel/render) keep data:image/svg+xml URLs of
// an <img>, where an SVG's scripts never run. The SVG opens with the
// comment "dlfun figure NAME", by which the test and -notebooks find it.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

func main() {
	dir := flag.String("dir", filepath.Join("docs", "figures"), "folder for the SVG files")
	nbs := flag.Bool("notebooks", false, "also refresh the figures embedded in notebooks/*.ipynb")
	flag.Parse()
	if err := run(*dir, *nbs); err != nil {
		fmt.Fprintln(os.Stderr, "figures:", err)
		os.Exit(1)
	}
}

// run writes every figure into dir and, with notebooks set, refreshes the
// copies embedded in the notebooks next to dir/../../notebooks.
func run(dir string, notebooks bool) error {
	drawn := map[string]string{}
	for _, f := range figures {
		svg := f.draw()
		drawn[f.name] = svg
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(svg), 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(dir, f.name))
	}
	if !notebooks {
		return nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "..", "..", "notebooks", "*.ipynb"))
	if err != nil {
		return err
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		nb, changed, err := refresh(b, drawn)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if changed {
			if err := os.WriteFile(p, nb, 0o644); err != nil {
				return err
			}
			fmt.Println("refreshed", p)
		}
	}
	return nil
}

// embedded matches a data: URL of an SVG image as the notebooks write it.
var embedded = regexp.MustCompile(`data:image/svg\+xml;base64,([A-Za-z0-9+/]+=*)`)

// figureName matches the comment every figure opens with.
var figureName = regexp.MustCompile(`<!-- dlfun figure ([a-z0-9-]+\.svg):`)

// embeddedFigure decodes the base64 text of an embedded SVG and returns
// the figure's name ("" for an SVG that is not one of ours).
func embeddedFigure(b64 []byte) (name string, err error) {
	svg, err := base64.StdEncoding.DecodeString(string(b64))
	if err != nil {
		return "", fmt.Errorf("an embedded SVG is not valid base64: %w", err)
	}
	if m := figureName.FindSubmatch(svg); m != nil {
		return string(m[1]), nil
	}
	return "", nil
}

// refresh replaces, in a notebook's bytes, every embedded figure by the
// one drawn now; the rest of the file stays byte for byte.
func refresh(nb []byte, drawn map[string]string) ([]byte, bool, error) {
	var firstErr error
	out := embedded.ReplaceAllFunc(nb, func(m []byte) []byte {
		sub := embedded.FindSubmatch(m)
		name, err := embeddedFigure(sub[1])
		if err != nil || name == "" {
			if firstErr == nil {
				firstErr = err
			}
			return m
		}
		svg, ok := drawn[name]
		if !ok {
			if firstErr == nil {
				firstErr = fmt.Errorf("embeds figure %s, which figures.go no longer draws", name)
			}
			return m
		}
		return []byte("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(svg)))
	})
	return out, !bytes.Equal(out, nb), firstErr
}

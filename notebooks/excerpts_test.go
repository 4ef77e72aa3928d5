package notebooks

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// sourceFile is a file of this repository named in a Markdown cell.
	sourceFile = regexp.MustCompile(`\b(?:dl|datasets|kernel)/[A-Za-z0-9_/]+\.go\b`)
	// goBlock is a fenced Go block in Markdown.
	goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")
	// tableCode is a <code> span in an HTML table's data cell.
	tdCell    = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	codeSpan  = regexp.MustCompile(`(?s)<code>(.*?)</code>`)
	looksCode = regexp.MustCompile(`:=|=|\+\+|\bfunc\b|: `)
)

// TestExcerptsMatchSource checks every code excerpt a notebook attributes to
// a source file: in a Markdown cell that names files such as `dl/adam.go`,
// each line of a fenced Go block, and each statement in a <code> span of an
// HTML table, must appear in one of the files the cell names (spaces
// compared loosely). A quote that drifted from the code fails here, so a
// student who follows it into the source finds the same lines.
func TestExcerptsMatchSource(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	excerpts := 0
	for _, path := range paths {
		var nb struct {
			Cells []struct {
				CellType string          `json:"cell_type"`
				Source   json.RawMessage `json:"source"`
			} `json:"cells"`
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &nb); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, c := range nb.Cells {
			if c.CellType != "markdown" {
				continue
			}
			text := sourceText(t, c.Source)
			files := sourceFile.FindAllString(text, -1)
			if len(files) == 0 {
				continue
			}
			var sources []string
			for _, f := range files {
				src, err := os.ReadFile(filepath.Join("..", f))
				if err != nil {
					t.Errorf("%s cell %d names %s, which does not exist", path, i+1, f)
					continue
				}
				sources = append(sources, squash(string(src)))
			}
			for _, line := range excerptLines(text) {
				excerpts++
				found := false
				for _, s := range sources {
					if strings.Contains(s, squash(line)) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s cell %d quotes a line that is in none of %v:\n\t%s", path, i+1, files, line)
				}
			}
		}
	}
	t.Logf("%d excerpts checked", excerpts)
	if excerpts < 10 {
		t.Errorf("only %d excerpts found: has the notation of excerpts changed?", excerpts)
	}
}

// excerptLines returns the lines of the fenced Go blocks and the code
// spans in HTML table cells of a Markdown text.
func excerptLines(md string) []string {
	var lines []string
	for _, m := range goBlock.FindAllStringSubmatch(md, -1) {
		for _, l := range strings.Split(m[1], "\n") {
			if l = strings.TrimSpace(l); l != "" && l != "}" && l != "{" {
				lines = append(lines, l)
			}
		}
	}
	for _, td := range tdCell.FindAllStringSubmatch(md, -1) {
		for _, m := range codeSpan.FindAllStringSubmatch(td[1], -1) {
			if code := html.UnescapeString(m[1]); looksCode.MatchString(code) {
				lines = append(lines, code)
			}
		}
	}
	return lines
}

// squash collapses every run of white space to one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func sourceText(t *testing.T, raw json.RawMessage) string {
	var lines []string
	if err := json.Unmarshal(raw, &lines); err == nil {
		return strings.Join(lines, "")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("cell source: %v", err)
	}
	return s
}

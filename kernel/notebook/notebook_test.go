package notebook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `{
 "cells": [
  {"cell_type": "markdown", "id": "m1", "metadata": {"tags": ["intro"]}, "source": "# Title\nText"},
  {"cell_type": "code", "id": "c1", "metadata": {"nbgrader": {"grade": true, "grade_id": "q1", "points": 2}},
   "source": ["%%\n", "fmt.Println(1)"], "execution_count": 3,
   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]},
               {"output_type": "display_data", "data": {"text/html": ["<b>x</b>"], "application/json": {"a": 1}}, "metadata": {}},
               {"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "3"}, "metadata": {}},
               {"output_type": "error", "ename": "E", "evalue": "boom", "traceback": ["t1"]}],
   "x_unknown_cell_key": 7},
  {"cell_type": "raw", "id": "r1", "metadata": {}, "source": ""}
 ],
 "metadata": {"kernelspec": {"name": "dlfun", "display_name": "Go (dlfun)", "language": "go"}, "custom": {"keep": [1, 2, 3]}},
 "nbformat": 4,
 "nbformat_minor": 5,
 "x_unknown_top": "kept"
}`

func TestRoundTripKeepsEverything(t *testing.T) {
	nb, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 3 || nb.Cells[1].Source != "%%\nfmt.Println(1)" || *nb.Cells[1].ExecutionCount != 3 {
		t.Fatalf("parsed %+v", nb.Cells[1])
	}
	b, err := nb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(sample), &want)
	// Normalise the one thing that changes: text is written as lines.
	norm := func(v any) string {
		s, _ := json.Marshal(v)
		return string(s)
	}
	w := want.(map[string]any)
	cells := w["cells"].([]any)
	cells[0].(map[string]any)["source"] = []any{"# Title\n", "Text"}
	cells[1].(map[string]any)["outputs"].([]any)[2].(map[string]any)["data"] = map[string]any{"text/plain": []any{"3"}}
	cells[2].(map[string]any)["source"] = []any{}
	if norm(got) != norm(want) {
		t.Errorf("round trip changed the notebook:\n got %s\nwant %s", norm(got), norm(want))
	}
	if !strings.Contains(string(b), "<b>x</b>") {
		t.Error("HTML was escaped in the file")
	}
	if !strings.HasSuffix(string(b), "}\n") || !strings.HasPrefix(string(b), "{\n \"cells\"") {
		t.Errorf("not Jupyter's layout (one-space indent, sorted keys, final newline):\n%.80s", b)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"not json", "hello", "invalid JSON"},
		{"nbformat 3", `{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}`, "only nbformat 4"},
		{"bad cell type", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "weird", "source": ""}]}`, "cell 1: unknown cell_type"},
		{"bad source", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": 5}]}`, "cell 1: field \"source\""},
		{"bad output", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "nope"}]}]}`, "unknown output_type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
	}
	for _, tc := range tests {
		got := SplitLines(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("SplitLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	nb, _ := Parse([]byte(sample))
	for i := 0; i < 2; i++ { // second write replaces the first
		if err := nb.Write(path); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files after writing, want only the notebook (no temporary files)", len(entries))
	}
	back, err := Read(path)
	if err != nil || len(back.Cells) != 3 {
		t.Errorf("reading back: %v", err)
	}
	if err := nb.Write(filepath.Join(dir, "missing", "x.ipynb")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func TestOutputString(t *testing.T) {
	tests := []struct {
		o    Output
		want string
	}{
		{Output{OutputType: Stream, Name: "stdout", Text: "hi\n"}, "hi\n"},
		{Output{OutputType: Error, Ename: "E", Evalue: "v"}, "E: v"},
		{Output{OutputType: DisplayData, Data: map[string]any{"text/html": "<p>", "text/plain": "p"}}, "p"},
		{Output{OutputType: DisplayData, Data: map[string]any{"text/html": []any{"<p>", "x"}}}, "<p>x"},
		{Output{OutputType: DisplayData, Data: map[string]any{"image/png": "AAAA"}}, ""},
	}
	for _, tc := range tests {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.o, got, tc.want)
		}
	}
}

package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Cell types of nbformat 4.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Notebook is an nbformat 4 notebook. Metadata and Extra hold, as raw JSON,
// everything this package does not interpret, so it is written back as read.
type Notebook struct {
	Cells         []*Cell
	Metadata      map[string]json.RawMessage
	Nbformat      int
	NbformatMinor int
	// Extra holds unknown top-level keys.
	Extra map[string]json.RawMessage
}

// Cell is one notebook cell. Outputs and ExecutionCount are used by code
// cells only. Metadata and Extra keep unknown content as raw JSON.
type Cell struct {
	CellType       string
	ID             string
	Source         Text
	Metadata       map[string]json.RawMessage
	Outputs        []Output
	ExecutionCount *int
	Attachments    json.RawMessage
	// Extra holds unknown keys of the cell.
	Extra map[string]json.RawMessage
}

// Read reads and parses the notebook file at path.
func Read(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Parse parses an nbformat 4 notebook. It fails, naming the problem, on
// anything that is not JSON, not nbformat 4, or has a cell of unknown type.
func Parse(b []byte) (*Notebook, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a notebook: invalid JSON: %w", err)
	}
	nb := &Notebook{Metadata: map[string]json.RawMessage{}}
	if err := take(raw, "nbformat", &nb.Nbformat); err != nil {
		return nil, err
	}
	if nb.Nbformat != 4 {
		return nil, fmt.Errorf("nbformat is %d, only nbformat 4 is supported (convert with `jupyter nbconvert --to notebook`)", nb.Nbformat)
	}
	if err := take(raw, "nbformat_minor", &nb.NbformatMinor); err != nil {
		return nil, err
	}
	if err := take(raw, "metadata", &nb.Metadata); err != nil {
		return nil, err
	}
	var cells []json.RawMessage
	if err := take(raw, "cells", &cells); err != nil {
		return nil, err
	}
	for i, c := range cells {
		cell, err := parseCell(c)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, cell)
	}
	if len(raw) > 0 {
		nb.Extra = raw
	}
	return nb, nil
}

func parseCell(b []byte) (*Cell, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	c := &Cell{}
	if err := take(raw, "cell_type", &c.CellType); err != nil {
		return nil, err
	}
	switch c.CellType {
	case Code, Markdown, Raw:
	default:
		return nil, fmt.Errorf("unknown cell_type %q (want code, markdown or raw)", c.CellType)
	}
	fields := []struct {
		key string
		dst any
	}{
		{"id", &c.ID}, {"source", &c.Source}, {"metadata", &c.Metadata},
		{"outputs", &c.Outputs}, {"execution_count", &c.ExecutionCount},
	}
	for _, f := range fields {
		if err := take(raw, f.key, f.dst); err != nil {
			return nil, err
		}
	}
	if a, ok := raw["attachments"]; ok {
		c.Attachments = a
		delete(raw, "attachments")
	}
	if len(raw) > 0 {
		c.Extra = raw
	}
	return c, nil
}

// take decodes raw[key] into dst (if present) and removes it from raw.
func take(raw map[string]json.RawMessage, key string, dst any) error {
	v, ok := raw[key]
	if !ok {
		return nil
	}
	delete(raw, key)
	if err := json.Unmarshal(v, dst); err != nil {
		return fmt.Errorf("field %q: %w", key, err)
	}
	return nil
}

// MarshalJSON writes the notebook as nbformat 4.
func (nb *Notebook) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range nb.Extra {
		m[k] = v
	}
	md := nb.Metadata
	if md == nil {
		md = map[string]json.RawMessage{}
	}
	cells := nb.Cells
	if cells == nil {
		cells = []*Cell{}
	}
	m["metadata"], m["nbformat"], m["nbformat_minor"], m["cells"] = md, nb.Nbformat, nb.NbformatMinor, cells
	return marshal(m)
}

// MarshalJSON writes the cell with the keys nbformat 4 requires for its type.
func (c *Cell) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for k, v := range c.Extra {
		m[k] = v
	}
	md := c.Metadata
	if md == nil {
		md = map[string]json.RawMessage{}
	}
	m["cell_type"], m["metadata"], m["source"] = c.CellType, md, c.Source
	if c.ID != "" {
		m["id"] = c.ID
	}
	if len(c.Attachments) > 0 {
		m["attachments"] = c.Attachments
	}
	if c.CellType == Code {
		outs := c.Outputs
		if outs == nil {
			outs = []Output{}
		}
		m["outputs"], m["execution_count"] = outs, c.ExecutionCount
	}
	return marshal(m)
}

// Clone returns a deep copy of the notebook (via its JSON form).
func (nb *Notebook) Clone() *Notebook {
	b, err := nb.MarshalJSON()
	if err != nil {
		panic(fmt.Sprintf("notebook.Clone: %v", err))
	}
	c, err := Parse(b)
	if err != nil {
		panic(fmt.Sprintf("notebook.Clone: %v", err))
	}
	return c
}

// Encode returns the notebook as Jupyter writes it: JSON indented by one
// space, keys sorted, HTML characters not escaped, a final newline.
func (nb *Notebook) Encode() ([]byte, error) {
	flat, err := nb.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, flat, "", " "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// Write writes the notebook to path atomically (temporary file + rename).
func (nb *Notebook) Write(path string) error {
	b, err := nb.Encode()
	if err != nil {
		return fmt.Errorf("encoding notebook for %s: %w", path, err)
	}
	return WriteFileAtomic(path, b, 0o644)
}

// WriteFileAtomic writes data to a temporary file in path's folder, syncs
// it and renames it to path, so path holds either the old or the new
// content, never a part.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// marshal is json.Marshal without HTML escaping (Jupyter writes "<" as is).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

package dl

import (
	"bufio"
	binenc "encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"
)

// The dlfun file format (extension .dlfun) holds a model's parameters and
// buffers and/or a training History. It is stable and simple enough to read
// from any language:
//
//	line 1:  dlfun 1\n                     magic word and format version
//	line 2:  {JSON header}\n               one line of JSON, see fileHeader
//	rest:    float64 values, little-endian, of every tensor listed in the
//	         header, in order, each in row-major order
//
// The header lists the tensors (kind "param" or "buffer", and shape: Params()
// in order, then Buffers()), the History as JSON (NaN and ±Inf written as
// strings), the model's description, the time of saving and, for memoized
// runs, the configuration key. Files are written atomically (to a temporary
// file that is renamed), so a cell interrupted while saving never leaves a
// half-written file behind.

const fileMagic = "dlfun 1\n"

// fileHeader is line 2 of a .dlfun file.
type fileHeader struct {
	Format  string        `json:"format"`  // "dlfun"
	Version int           `json:"version"` // 1
	Saved   string        `json:"saved"`   // RFC 3339 time
	Model   string        `json:"model,omitempty"`
	Key     string        `json:"key,omitempty"` // configuration hash of a memoized run
	Tensors []tensorEntry `json:"tensors"`
	History *History      `json:"history,omitempty"`
}

type tensorEntry struct {
	Kind  string `json:"kind"` // "param" or "buffer"
	Shape []int  `json:"shape"`
}

// stateTensors returns a model's parameters and buffers with their kinds.
func stateTensors(m Module) ([]*Tensor, []string) {
	if m == nil {
		return nil, nil
	}
	var ts []*Tensor
	var kinds []string
	for _, p := range m.Params() {
		ts, kinds = append(ts, p), append(kinds, "param")
	}
	for _, b := range buffersOf(m) {
		ts, kinds = append(ts, b), append(kinds, "buffer")
	}
	return ts, kinds
}

// Save writes the parameters (and buffers) of model and the history h to
// path in the dlfun format. Either may be nil: Save(path, model, nil) saves
// a model, Save(path, nil, h) a history.
func Save(path string, model Module, h *History) error {
	return saveFile(path, model, h, "")
}

func saveFile(path string, model Module, h *History, key string) error {
	ts, kinds := stateTensors(model)
	hdr := fileHeader{Format: "dlfun", Version: 1, Saved: time.Now().Format(time.RFC3339), Key: key, History: h}
	if model != nil {
		hdr.Model = model.String()
	}
	for i, t := range ts {
		hdr.Tensors = append(hdr.Tensors, tensorEntry{Kind: kinds[i], Shape: t.Shape()})
	}
	js, err := json.Marshal(&hdr)
	if err != nil {
		return fmt.Errorf("dl.Save: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dl.Save: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("dl.Save: %w", err)
	}
	tmp := f.Name()
	w := bufio.NewWriter(f)
	w.WriteString(fileMagic)
	w.Write(js)
	w.WriteByte('\n')
	var buf [8]byte
	for _, t := range ts {
		for _, v := range t.Data() {
			binenc.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			w.Write(buf[:])
		}
	}
	err = w.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("dl.Save: %w", err)
	}
	return nil
}

// Load reads a file written by Save: it copies the saved parameters and
// buffers into model (which must have the same architecture: the same
// tensors with the same shapes) and returns the saved History (nil if none
// was saved). With a nil model only the History is read.
func Load(path string, model Module) (*History, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dl.Load: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	hdr, err := readHeader(r, path)
	if err != nil {
		return nil, err
	}
	if model == nil {
		return hdr.History, nil
	}
	ts, kinds := stateTensors(model)
	if len(ts) != len(hdr.Tensors) {
		return nil, fmt.Errorf("dl.Load: %s holds %d tensors but the model has %d (parameters and buffers): it was saved from a different architecture:\n%s",
			path, len(hdr.Tensors), len(ts), hdr.Model)
	}
	for i, e := range hdr.Tensors {
		if fmt.Sprint(e.Shape) != fmt.Sprint(ts[i].Shape()) || e.Kind != kinds[i] {
			return nil, fmt.Errorf("dl.Load: tensor %d of %s is a %s %s but the model's is a %s %s: it was saved from a different architecture:\n%s",
				i, path, shapeStr(e.Shape), e.Kind, shapeStr(ts[i].Shape()), kinds[i], hdr.Model)
		}
	}
	// Read everything before touching the model, so a truncated file
	// leaves it unchanged.
	vals := make([][]float64, len(ts))
	var buf [8]byte
	for i, t := range ts {
		vals[i] = make([]float64, t.Size())
		for j := range vals[i] {
			if _, err := io.ReadFull(r, buf[:]); err != nil {
				return nil, fmt.Errorf("dl.Load: %s is truncated: %w", path, err)
			}
			vals[i][j] = math.Float64frombits(binenc.LittleEndian.Uint64(buf[:]))
		}
	}
	for i, t := range ts {
		copy(t.Data(), vals[i])
	}
	return hdr.History, nil
}

// readHeader reads and checks lines 1 and 2 of a dlfun file.
func readHeader(r *bufio.Reader, path string) (*fileHeader, error) {
	magic := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != fileMagic {
		return nil, fmt.Errorf("dl.Load: %s is not a dlfun file (it does not start with %q)", path, fileMagic[:len(fileMagic)-1])
	}
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("dl.Load: %s: reading the header: %w", path, err)
	}
	var hdr fileHeader
	if err := json.Unmarshal(line, &hdr); err != nil {
		return nil, fmt.Errorf("dl.Load: %s: bad header: %w", path, err)
	}
	if hdr.Format != "dlfun" || hdr.Version != 1 {
		return nil, errors.New("dl.Load: " + path + ": unsupported format or version")
	}
	return &hdr, nil
}

// readHeaderFile reads only the header of the file at path.
func readHeaderFile(path string) (*fileHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readHeader(bufio.NewReader(f), path)
}

package dl

import (
	"crypto/sha256"
	binenc "encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Memoization: in GoNB every cell runs as a fresh process, so a model
// trained in one cell is gone in the next. Memo (or Train(...).Memo(name))
// saves the trained parameters and the History on disk the first time and
// loads them on later runs whose configuration is the same:
//
//	hist := dl.Train(model).Loss(dl.CrossEntropy()).Optimizer(dl.Adam(1e-3)).
//		Data(train, val).Epochs(5).Memo("mlp").Run()   // trains once, then loads
//
// The cache is the folder MemoDir (".dlfun-cache" in the notebook's folder,
// i.e. the working directory, unless changed with SetMemoDir or the
// environment variable DLFUN_MEMO_DIR); a run named "mlp" is the file
// mlp.dlfun there (format: see Save). Every use prints what happened and
// where. A cached run is used only if its key, a hash of the whole
// configuration, matches; change anything (architecture, initial weights,
// loss, optimizer, hyper-parameters, seed, data) and it trains again.
// ForgetMemo(name) deletes a run; DLFUN_NO_MEMO=1 in the environment
// ignores the cache (every run trains, and overwrites the cache).

var memoDir struct {
	sync.Mutex
	dir string
}

// MemoDir returns the cache folder of Memo: the one set with SetMemoDir,
// else $DLFUN_MEMO_DIR, else ".dlfun-cache" in the working directory (the
// notebook's folder).
func MemoDir() string {
	memoDir.Lock()
	defer memoDir.Unlock()
	switch {
	case memoDir.dir != "":
		return memoDir.dir
	case os.Getenv("DLFUN_MEMO_DIR") != "":
		return os.Getenv("DLFUN_MEMO_DIR")
	}
	return ".dlfun-cache"
}

// SetMemoDir sets the cache folder of Memo ("" restores the default).
func SetMemoDir(dir string) {
	memoDir.Lock()
	memoDir.dir = dir
	memoDir.Unlock()
}

// memoPath is the file of the memoized run name; a name "sweep/run" is the
// file run.dlfun in the sub-folder sweep.
func memoPath(name string) string {
	if name == "" {
		panic(errorf("Memo: the name is empty; give each memoized run a name, e.g. \"mlp-moons\""))
	}
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = safeFileName(p)
	}
	return filepath.Join(append([]string{MemoDir()}, parts...)...) + ".dlfun"
}

// safeFileName turns a name into one path element.
func safeFileName(name string) string {
	s := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if s == "" || s == "." || s == ".." {
		s = "_" + s
	}
	return s
}

// ForgetMemo deletes the cached run name, so that the next Memo with that
// name trains again. Forgetting a run that is not cached is not an error.
func ForgetMemo(name string) error {
	err := os.Remove(memoPath(name))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

// Memo returns the History of train(), computed once: the first time (or
// when config or the model changed) it calls train, which trains model and
// returns its History, and saves model's parameters and the History under
// name; later calls load them into model and return the History without
// calling train. config is anything that describes the run and can be
// written as JSON (a struct of hyper-parameters, a string); together with
// the model's architecture and initial parameters it forms the cache key.
// The trainer's Memo method is the same with the key made for you.
func Memo(name string, model Module, config any, train func() *History) *History {
	cfg, err := json.Marshal(config)
	if err != nil {
		panic(errorf("Memo(%q): the config cannot be written as JSON (%v); use a struct of numbers and strings", name, err))
	}
	key := hashStrings("memo", string(cfg), modelFingerprint(model))
	return memoRun(name, model, key, os.Stdout, train)
}

// memoRun loads the run name if its key matches, else trains and saves it.
func memoRun(name string, model Module, key string, out io.Writer, train func() *History) *History {
	defer catchInterrupt()() // an interrupt while saving waits for the file to be complete
	path := memoPath(name)
	abs := shortPath(path)
	if os.Getenv("DLFUN_NO_MEMO") == "" {
		hdr, err := readHeaderFile(path)
		switch {
		case err == nil && hdr.Key == key:
			h, err := Load(path, model)
			if err == nil {
				secs := 0.0
				if h != nil {
					secs = h.Seconds
				}
				fmt.Fprintf(out, "dl.Memo %q: loaded from %s (trained %s in %.1f s); dl.ForgetMemo(%q) retrains\n",
					name, abs, shortTime(hdr.Saved), secs, name)
				return h
			}
			fmt.Fprintf(out, "dl.Memo %q: cannot use %s (%v); training again\n", name, abs, err)
		case err == nil:
			fmt.Fprintf(out, "dl.Memo %q: the configuration changed since %s was saved; training again\n", name, abs)
		case !os.IsNotExist(err):
			fmt.Fprintf(out, "dl.Memo %q: cannot use %s (%v); training again\n", name, abs, err)
		}
	}
	h := train()
	if interrupted() || h != nil && h.Interrupted {
		fmt.Fprintf(out, "dl.Memo %q: not saved, training was interrupted (run the cell again to train it fully)\n", name)
		return h
	}
	if err := saveFile(path, model, h, key); err != nil {
		fmt.Fprintf(out, "dl.Memo %q: could not save the result: %v\n", name, err)
	} else {
		fmt.Fprintf(out, "dl.Memo %q: saved to %s\n", name, abs)
	}
	return h
}

// shortPath is how messages show a cache file: relative to the working
// folder when it is inside it (".dlfun-cache/mlp.dlfun", what a notebook
// user sees next to the notebook), else absolute.
func shortPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return abs
}

// shortTime shows an RFC 3339 time as "2026-11-28 03:48 UTC" in UTC (or
// as it is if it does not parse).
func shortTime(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// hashStrings returns a hex SHA-256 of the strings (length-prefixed).
func hashStrings(parts ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binenc.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// hashFloats appends the values' bits to a hash.
func hashFloats(h io.Writer, x []float64) {
	var b [4096]byte // 512 values per Write: one call per value is 10× slower
	for len(x) > 0 {
		n := min(len(x), len(b)/8)
		for i, v := range x[:n] {
			binenc.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
		}
		h.Write(b[:8*n])
		x = x[n:]
	}
}

// modelFingerprint describes a model's architecture and current values
// (not its mode, which does not change what training computes).
func modelFingerprint(m Module) string {
	if m == nil {
		return "no model"
	}
	mode := m.Training()
	m.SetTraining(true)
	desc := m.String()
	m.SetTraining(mode)
	h := sha256.New()
	ts, kinds := stateTensors(m)
	for i, t := range ts {
		fmt.Fprintf(h, "%s %v;", kinds[i], t.Shape())
		hashFloats(h, t.Data())
	}
	return fmt.Sprintf("%T %s %x", m, desc, h.Sum(nil))
}

// A Fingerprinter is a Dataset that describes itself for memo keys instead
// of being sampled: a dataset whose Gather has side effects (random
// augmentation draws new random numbers on every call) implements it, so
// that computing a memo key never changes the training run it stands for.
type Fingerprinter interface {
	Fingerprint() string
}

// DatasetFingerprint describes a dataset for memo keys: its own Fingerprint
// if it is a Fingerprinter (datasets.MNIST is), else its size, shapes and
// the values of every sample, or, for a dataset of more than
// fingerprintAll values, of 4096 evenly spaced samples.
func DatasetFingerprint(ds Dataset) string { return datasetFingerprint(ds) }

// fingerprintAll is the largest dataset (in values) that datasetFingerprint
// reads in full: 4 Mi values, about 0.1 s of hashing. Larger ones are
// sampled, so a change to samples between the sampled ones goes unnoticed;
// such datasets should implement Fingerprinter.
const fingerprintAll = 1 << 22

func datasetFingerprint(ds Dataset) string {
	if ds == nil {
		return "none"
	}
	if f, ok := ds.(Fingerprinter); ok {
		return "fingerprint " + f.Fingerprint()
	}
	n := ds.Len()
	xs, ys := shapeSize(ds.SampleShape()), shapeSize(ds.TargetShape())
	k := n
	if n*(xs+ys) > fingerprintAll {
		k = min(n, 4096)
	}
	h := sha256.New()
	const rows = 256 // samples gathered at a time
	idx := make([]int, 0, rows)
	x, y := make([]float64, rows*xs), make([]float64, rows*ys)
	for start := 0; start < k; start += rows {
		idx = idx[:0]
		for i := start; i < min(start+rows, k); i++ {
			idx = append(idx, int(int64(i)*int64(n)/int64(k))) // i when k = n
		}
		m := len(idx)
		ds.Gather(idx, x[:m*xs], y[:m*ys])
		hashFloats(h, x[:m*xs])
		hashFloats(h, y[:m*ys])
	}
	return fmt.Sprintf("%d %v %v %d %x", n, ds.SampleShape(), ds.TargetShape(), k, h.Sum(nil))
}

// fingerprint is the memo key of a training run: everything that
// determines its result.
func (t *Trainer) fingerprint() string {
	sched := ""
	if t.sched != nil {
		sched = t.sched.String()
	}
	return hashStrings("train v1",
		modelFingerprint(t.model), t.loss.String(), t.opt.String(), sched,
		fmt.Sprintf("batch=%d epochs=%d seed=%d shuffle=%v patience=%d clip=%g",
			t.batch, t.epochs, t.seed, !t.noShuffle, t.patience, t.clip),
		datasetFingerprint(t.train), datasetFingerprint(t.val))
}

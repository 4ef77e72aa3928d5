package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/dlfun/dlfun/dl"
)

// Data augmentation ("make the problem more difficult"): every time the
// network sees an image it sees a slightly different one — flipped, shifted,
// rotated, noisy — so it cannot memorise the training pixels and has to
// learn what stays the same. Transforms work on batches of images of shape
// C×H×W (channels, rows, columns) or H×W, draw their random choices per
// image from the generator they are given, and chain with Compose. Augment
// wraps a dataset so a Loader or the trainer gets augmented batches without
// knowing; AugmentBatch transforms one batch tensor, e.g. to look at it.

// Transform changes a batch of images. Write your own by implementing it.
type Transform interface {
	// OutShape returns the shape of one output image for an input image
	// of shape in ([C H W] or [H W]).
	OutShape(in []int) []int
	// Apply transforms the n images in src (each of shape in) into dst
	// (each of shape OutShape(in)); dst and src do not overlap. All
	// randomness comes from r.
	Apply(dst, src []float64, n int, in []int, r *rand.Rand)
}

// imageDims returns channels, rows and columns of an image shape.
func imageDims(who string, in []int) (c, h, w int) {
	switch len(in) {
	case 2:
		return 1, in[0], in[1]
	case 3:
		return in[0], in[1], in[2]
	}
	panic(fmt.Sprintf("datasets.%s: images must be C×H×W or H×W, got samples of shape %s "+
		"(for MNIST use .Images(), and end the chain with datasets.Flatten() for an MLP)", who, shapeString(in)))
}

// withSize returns the image shape in with rows and columns replaced.
func withSize(in []int, h, w int) []int {
	out := append([]int(nil), in...)
	out[len(out)-2], out[len(out)-1] = h, w
	return out
}

// RandomHorizontalFlip mirrors each image left–right with probability p.
func RandomHorizontalFlip(p float64) Transform { return flip{p} }

type flip struct{ p float64 }

func (f flip) OutShape(in []int) []int { imageDims("RandomHorizontalFlip", in); return in }

func (f flip) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	c, h, w := imageDims("RandomHorizontalFlip", in)
	size := c * h * w
	for k := 0; k < n; k++ {
		s, d := src[k*size:(k+1)*size], dst[k*size:(k+1)*size]
		if uniform(r) >= f.p {
			copy(d, s)
			continue
		}
		for row := 0; row < c*h; row++ {
			for j := 0; j < w; j++ {
				d[row*w+j] = s[row*w+w-1-j]
			}
		}
	}
}

// RandomCrop pads each image with padding zero pixels on every side and cuts
// out a size×size window at a random position. RandomCrop(28, 2) on MNIST
// shifts digits by up to 2 pixels and keeps the 28×28 size.
func RandomCrop(size, padding int) Transform {
	if size < 1 || padding < 0 {
		panic(fmt.Sprintf("datasets.RandomCrop: size %d, padding %d: want size ≥ 1 and padding ≥ 0", size, padding))
	}
	return crop{size: size, padding: padding}
}

// CenterCrop cuts the central size×size window out of each image (padding
// with zeros if the image is smaller). It is not random.
func CenterCrop(size int) Transform {
	if size < 1 {
		panic(fmt.Sprintf("datasets.CenterCrop: size %d, want ≥ 1", size))
	}
	return crop{size: size, center: true}
}

type crop struct {
	size, padding int
	center        bool
}

func (t crop) name() string {
	if t.center {
		return "CenterCrop"
	}
	return "RandomCrop"
}

func (t crop) OutShape(in []int) []int {
	t.dims(in)
	return withSize(in, t.size, t.size)
}

// dims returns the image dimensions, checking that the window fits.
func (t crop) dims(in []int) (c, h, w int) {
	c, h, w = imageDims(t.name(), in)
	if !t.center && (t.size > h+2*t.padding || t.size > w+2*t.padding) {
		panic(fmt.Sprintf("datasets.RandomCrop: a %d×%d window does not fit in a %d×%d image padded by %d", t.size, t.size, h, w, t.padding))
	}
	return c, h, w
}

func (t crop) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	c, h, w := t.dims(in)
	s := t.size
	for k := 0; k < n; k++ {
		var top, left int // position of the window in the unpadded image
		if t.center {
			top, left = int(math.RoundToEven(float64(h-s)/2)), int(math.RoundToEven(float64(w-s)/2)) // as torchvision
		} else {
			top = intN(r, h+2*t.padding-s+1) - t.padding
			left = intN(r, w+2*t.padding-s+1) - t.padding
		}
		translate(dst[k*c*s*s:(k+1)*c*s*s], src[k*c*h*w:(k+1)*c*h*w], c, h, w, s, s, top, left)
	}
}

// translate copies the window of an image starting at (top, left) — which
// may lie partly outside — into dst (c×oh×ow), with zeros outside the image.
func translate(dst, src []float64, c, h, w, oh, ow, top, left int) {
	for ch := 0; ch < c; ch++ {
		for i := 0; i < oh; i++ {
			d := dst[(ch*oh+i)*ow : (ch*oh+i+1)*ow]
			si := i + top
			if si < 0 || si >= h {
				clear(d)
				continue
			}
			row := src[(ch*h+si)*w : (ch*h+si+1)*w]
			for j := range d {
				if sj := j + left; sj >= 0 && sj < w {
					d[j] = row[sj]
				} else {
					d[j] = 0
				}
			}
		}
	}
}

// RandomShift moves each image by a whole number of pixels, up to maxPixels
// in each direction (drawn independently for rows and columns), filling the
// uncovered border with zeros.
func RandomShift(maxPixels int) Transform {
	if maxPixels < 0 {
		panic(fmt.Sprintf("datasets.RandomShift: maxPixels %d, want ≥ 0", maxPixels))
	}
	return shift{maxPixels}
}

type shift struct{ max int }

func (t shift) OutShape(in []int) []int { imageDims("RandomShift", in); return in }

func (t shift) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	c, h, w := imageDims("RandomShift", in)
	size := c * h * w
	for k := 0; k < n; k++ {
		dy := intN(r, 2*t.max+1) - t.max
		dx := intN(r, 2*t.max+1) - t.max
		// Moving the content by (dy, dx) reads the source window at (−dy, −dx).
		translate(dst[k*size:(k+1)*size], src[k*size:(k+1)*size], c, h, w, h, w, -dy, -dx)
	}
}

// RandomRotation turns each image about its centre by an angle drawn
// uniformly from [−maxDegrees, maxDegrees] (positive = counter-clockwise),
// with bilinear interpolation: an output pixel takes the weighted average of
// the four source pixels around the point it comes from, zeros outside.
func RandomRotation(maxDegrees float64) Transform {
	if !(maxDegrees >= 0) {
		panic(fmt.Sprintf("datasets.RandomRotation: maxDegrees %v, want ≥ 0", maxDegrees))
	}
	return rotation{maxDegrees}
}

type rotation struct{ max float64 }

func (t rotation) OutShape(in []int) []int { imageDims("RandomRotation", in); return in }

func (t rotation) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	c, h, w := imageDims("RandomRotation", in)
	size := c * h * w
	for k := 0; k < n; k++ {
		deg := uniformIn(r, -t.max, t.max)
		rotate(dst[k*size:(k+1)*size], src[k*size:(k+1)*size], c, h, w, mul(deg, math.Pi/180))
	}
}

// rotate turns an image counter-clockwise by theta radians. Rows grow
// downwards, so the output pixel at offset (dx, dy) from the centre comes
// from the source point (cos θ·dx − sin θ·dy, sin θ·dx + cos θ·dy).
func rotate(dst, src []float64, c, h, w int, theta float64) {
	sin, cos := sinCos(theta)
	cy, cx := mul(float64(h-1), 0.5), mul(float64(w-1), 0.5)
	at := func(ch, i, j int) float64 {
		if i < 0 || i >= h || j < 0 || j >= w {
			return 0
		}
		return src[(ch*h+i)*w+j]
	}
	for i := 0; i < h; i++ {
		dy := float64(i) - cy
		for j := 0; j < w; j++ {
			dx := float64(j) - cx
			sx := mul(cos, dx) - mul(sin, dy) + cx
			sy := mul(sin, dx) + mul(cos, dy) + cy
			x0, y0 := math.Floor(sx), math.Floor(sy)
			fx, fy := sx-x0, sy-y0
			j0, i0 := int(x0), int(y0)
			for ch := 0; ch < c; ch++ {
				top := mul(1-fx, at(ch, i0, j0)) + mul(fx, at(ch, i0, j0+1))
				bottom := mul(1-fx, at(ch, i0+1, j0)) + mul(fx, at(ch, i0+1, j0+1))
				dst[(ch*h+i)*w+j] = mul(1-fy, top) + mul(fy, bottom)
			}
		}
	}
}

// GaussianNoise adds independent Normal(0, std²) noise to every pixel.
func GaussianNoise(std float64) Transform {
	if !(std >= 0) {
		panic(fmt.Sprintf("datasets.GaussianNoise: std %v, want ≥ 0", std))
	}
	return noise{std}
}

type noise struct{ std float64 }

func (t noise) OutShape(in []int) []int { return in }

func (t noise) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	size := prod(in)
	for i, v := range src[:n*size] {
		dst[i] = v + mul(t.std, normal(r))
	}
}

// Flatten turns each image into a row of C·H·W values (no randomness). Put
// it last in a Compose to feed augmented images to an MLP.
func Flatten() Transform { return flatten{} }

type flatten struct{}

func (flatten) OutShape(in []int) []int { return []int{prod(in)} }

func (flatten) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	copy(dst[:n*prod(in)], src)
}

// Compose chains transforms: the output of each is the input of the next.
func Compose(transforms ...Transform) Transform {
	return &compose{ts: transforms}
}

// compose keeps two scratch buffers and the shapes between the transforms
// for the last input shape, so one compose must not be applied from two
// goroutines at once; at steady state it allocates nothing.
type compose struct {
	ts         []Transform
	bufA, bufB []float64
	in         []int   // input shape the shapes below are for
	shapes     [][]int // shapes[i] is the output shape of ts[i]
}

func (t *compose) OutShape(in []int) []int {
	for _, tr := range t.ts {
		in = tr.OutShape(in)
	}
	return in
}

func (t *compose) Apply(dst, src []float64, n int, in []int, r *rand.Rand) {
	if len(t.ts) == 0 {
		copy(dst[:n*prod(in)], src)
		return
	}
	if !slices.Equal(t.in, in) {
		t.in, t.shapes = slices.Clone(in), make([][]int, len(t.ts))
		shape := in
		for i, tr := range t.ts {
			shape = tr.OutShape(shape)
			t.shapes[i] = shape
		}
	}
	cur := src
	for i, tr := range t.ts {
		out := t.shapes[i]
		var next []float64
		if i == len(t.ts)-1 {
			next = dst
		} else {
			// Alternate between the two scratch buffers.
			buf := &t.bufA
			if i%2 == 1 {
				buf = &t.bufB
			}
			if cap(*buf) < n*prod(out) {
				*buf = make([]float64, n*prod(out))
			}
			next = (*buf)[:n*prod(out)]
		}
		tr.Apply(next, cur, n, in, r)
		cur, in = next, out
	}
}

// Augmented is a dataset whose samples pass through a Transform each time
// they are gathered: wrap the training set with Augment and give it to a
// Loader or the trainer. Its SampleShape is the transform's output shape.
//
// Randomness: the k-th call to Gather draws the k-th stretch of random
// numbers of the seed, so the same sequence of batches (a Loader with a
// fixed seed) gets the same augmentations on every run and every machine,
// while each epoch sees new variations of every image. Because of that
// state, call Gather from one goroutine at a time.
type Augmented struct {
	ds        dl.Dataset
	transform Transform
	rng       *rand.Rand
	in, out   []int
	buf       []float64
}

var _ dl.Dataset = (*Augmented)(nil)

// Augment returns ds with the transforms applied (in order) to every batch,
// with randomness from seed. The samples of ds must be images (C×H×W or H×W):
//
//	train := datasets.Augment(datasets.MNISTTrain().Images(), 1,
//		datasets.RandomRotation(10), datasets.RandomShift(2), datasets.Flatten())
func Augment(ds dl.Dataset, seed uint64, transforms ...Transform) *Augmented {
	t := Compose(transforms...)
	in := ds.SampleShape()
	return &Augmented{ds: ds, transform: t, rng: newRNG(seed), in: in, out: t.OutShape(in)}
}

// Len returns the number of samples of the wrapped dataset.
func (a *Augmented) Len() int { return a.ds.Len() }

// SampleShape returns the shape of one augmented sample.
func (a *Augmented) SampleShape() []int { return append([]int(nil), a.out...) }

// TargetShape returns the wrapped dataset's target shape: labels are not changed.
func (a *Augmented) TargetShape() []int { return a.ds.TargetShape() }

// Gather gathers the samples idx from the wrapped dataset and writes their
// augmented versions into x, and their unchanged targets into y.
func (a *Augmented) Gather(idx []int, x, y []float64) {
	n := len(idx) * prod(a.in)
	if cap(a.buf) < n {
		a.buf = make([]float64, n)
	}
	a.ds.Gather(idx, a.buf[:n], y)
	a.transform.Apply(x, a.buf[:n], len(idx), a.in, a.rng)
}

// AugmentBatch returns the transformed copy of a batch of images x (shape
// N×C×H×W or N×H×W), with randomness from seed — e.g. to look at what the
// network will see.
func AugmentBatch(x *dl.Tensor, seed uint64, transforms ...Transform) *dl.Tensor {
	shape := x.Shape()
	if len(shape) != 3 && len(shape) != 4 {
		panic(fmt.Sprintf("datasets.AugmentBatch: x is %s, want a batch of images N×C×H×W or N×H×W", shapeString(shape)))
	}
	t := Compose(transforms...)
	out := t.OutShape(shape[1:])
	dst := make([]float64, shape[0]*prod(out))
	t.Apply(dst, x.Data(), shape[0], shape[1:], newRNG(seed))
	return dl.New(dst, append([]int{shape[0]}, out...)...)
}

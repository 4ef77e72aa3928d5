package dl

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/internal/conv"
)

// Convolution: a layer that looks at an image through small windows and
// applies the same filter at every position.

// Conv2d returns the 2-D convolution of a batch of images x (N×C×H×W:
// samples, channels, rows, columns) with F filters w (F×C×k×k) and an
// optional bias b (F values, or nil), moving the filters by stride pixels
// and padding the images with padding zeros on every side:
//
//	y[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v w[f, c, u, v] · x[n, c, i·s − p + u, j·s − p + v]
//
// The result is N×F×OH×OW with OH = ⌊(H + 2p − k)/s⌋ + 1 (and OW alike).
// Like every deep-learning library, it computes a cross-correlation: the
// filter is not flipped.
//
// Backward, with G = ∂L/∂y: each weight saw every pixel under it, so
//
//	∂L/∂w[f, c, u, v] = Σ_{n,i,j} G[n, f, i, j] · x[n, c, i·s − p + u, j·s − p + v]
//	∂L/∂x[n, c, h, w] = Σ over the outputs (f, i, j) whose window covers (h, w) of G[n, f, i, j] · w[f, c, u, v]
//	∂L/∂b[f]          = Σ_{n,i,j} G[n, f, i, j]
//
// Both passes are matrix products on copies of the windows (im2col, see
// dl/internal/conv), computed by the same GEMM as MatMul.
//
// PyTorch: torch.nn.functional.conv2d(x, w, b, stride=s, padding=p).
func (x *Tensor) Conv2d(w, b *Tensor, stride, padding int) *Tensor {
	g := conv2dGeometry(x, w, b, stride, padding)
	shape := []int{g.N, g.F, g.OH, g.OW}
	var y *Tensor
	if b != nil {
		y = newOp("Conv2d", shape, x, w, b)
		conv.Forward(g, x.data, w.data, b.data, y.data) // y = w ⋆ x + b
	} else {
		y = newOp("Conv2d", shape, x, w)
		conv.Forward(g, x.data, w.data, nil, y.data) // y = w ⋆ x
	}
	return y.withBackward(func() {
		var dx, dw, db []float64
		if x.requiresGrad {
			dx = x.gradData()
		}
		if w.requiresGrad {
			dw = w.gradData()
		}
		if b != nil && b.requiresGrad {
			db = b.gradData()
		}
		conv.Backward(g, x.data, w.data, y.grad.data, dx, dw, db)
	})
}

// conv2dGeometry checks the arguments of Conv2d and returns the sizes.
func conv2dGeometry(x, w, b *Tensor, stride, padding int) conv.Geometry {
	xs, ws := x.shape, w.shape
	if len(xs) != 4 {
		panic(errorf("Conv2d: x is %s; it needs 4 dimensions N×C×H×W (samples, channels, rows, columns), e.g. a batch of grey 28×28 images is N×1×28×28 (x.Reshape(-1, 1, 28, 28))",
			shapeStr(xs)))
	}
	if len(ws) != 4 || ws[2] != ws[3] {
		panic(errorf("Conv2d: w is %s; it needs 4 dimensions F×C×k×k (filters, input channels, a square k×k window)", shapeStr(ws)))
	}
	if ws[1] != xs[1] {
		panic(errorf("Conv2d: x is %s with %d channels but w is %s, filters of %d channels; the second dimensions must agree",
			shapeStr(xs), xs[1], shapeStr(ws), ws[1]))
	}
	if b != nil && (len(b.shape) != 1 || b.shape[0] != ws[0]) {
		panic(errorf("Conv2d: b is %s; it needs one value per filter, shape %d (or nil for no bias)", shapeStr(b.shape), ws[0]))
	}
	if stride < 1 || padding < 0 {
		panic(errorf("Conv2d: stride %d and padding %d; the stride must be ≥ 1 and the padding ≥ 0", stride, padding))
	}
	k := ws[2]
	if xs[2]+2*padding < k || xs[3]+2*padding < k {
		panic(errorf("Conv2d: x is %s, smaller than the %d×%d window even with padding %d; use a smaller kernel, more padding, or larger images",
			shapeStr(xs), k, k, padding))
	}
	return conv.Geometry{N: xs[0], C: xs[1], H: xs[2], W: xs[3], F: ws[0], K: k,
		Stride: stride, Pad: padding,
		OH: conv.OutSize(xs[2], k, stride, padding), OW: conv.OutSize(xs[3], k, stride, padding)}
}

// Conv2dLayer is a convolutional layer; make one with Conv2d.
type Conv2dLayer struct {
	Weight, Bias    *Tensor // filters out×in×k×k and bias out (nil after NoBias)
	in, out, kernel int
	stride, padding int
	initName        string                 // "" for PyTorch's default
	init            func(rng *RNG) *Tensor // weight initialiser (nil: default)
	seed            uint64
	explicitSeed    bool
	training        bool
}

// Conv2d returns a convolutional layer with out filters of in channels
// and size kernel×kernel, stride 1 and no padding (change them with Stride
// and Padding): it maps images N×in×H×W to N×out×OH×OW, see
// (*Tensor).Conv2d for the formula. Each filter has in·kernel² weights and
// one bias, shared by every position of the image, so the layer has
// out·(in·kernel² + 1) parameters whatever the image size.
//
// Initialised like PyTorch's nn.Conv2d: weights and bias uniform in
// [−1/√fan_in, 1/√fan_in], fan_in = in·kernel², from the layer's seed (see
// Linear for how seeds work).
//
//	dl.Conv2d(1, 6, 5)             // 6 filters 5×5 on grey images
//	dl.Conv2d(6, 16, 3).Padding(1) // "same" size output
//
// PyTorch: nn.Conv2d(in, out, kernel, stride=1, padding=0).
func Conv2d(in, out, kernel int) *Conv2dLayer {
	if in < 1 || out < 1 || kernel < 1 {
		panic(errorf("Conv2d(%d, %d, %d): the numbers of input and output channels and the kernel size must be ≥ 1", in, out, kernel))
	}
	l := &Conv2dLayer{in: in, out: out, kernel: kernel, stride: 1, seed: DefaultSeed, training: true}
	l.Weight = Zeros(out, in, kernel, kernel).Named("weight").RequiresGrad()
	l.Bias = Zeros(out).Named("bias").RequiresGrad()
	l.initialize()
	return l
}

// Stride sets the step between two windows (default 1) and returns the
// layer.
func (l *Conv2dLayer) Stride(s int) *Conv2dLayer {
	if s < 1 {
		panic(errorf("%s.Stride(%d): the stride must be ≥ 1", l, s))
	}
	l.stride = s
	return l
}

// Padding sets the number of zero rows and columns added on every side of
// the images (default 0) and returns the layer. Padding (kernel−1)/2 with
// stride 1 keeps the image size.
func (l *Conv2dLayer) Padding(p int) *Conv2dLayer {
	if p < 0 {
		panic(errorf("%s.Padding(%d): the padding must be ≥ 0", l, p))
	}
	l.padding = p
	return l
}

// Init chooses the weight initialisation, as Linear's Init does, with
// PyTorch's fans for a convolution: fan_in = in·kernel² (the values one
// output sees), fan_out = out·kernel². One of dl.XavierUniform,
// dl.XavierNormal, dl.KaimingUniform, dl.KaimingNormal (for ReLU
// networks), or a fixed spread such as dl.NormalInit(0.01). It
// re-initialises the layer, with the bias at zero, and returns it.
func (l *Conv2dLayer) Init(scheme any) *Conv2dLayer {
	k2 := l.kernel * l.kernel
	fanIn, fanOut, shape := l.in*k2, l.out*k2, l.Weight.shape
	switch f := scheme.(type) {
	case func(*RNG, int, int, ...int) *Tensor: // XavierUniform, XavierNormal
		l.init = func(rng *RNG) *Tensor { return f(rng, fanIn, fanOut, shape...) }
		l.initName = funcName(scheme)
	case func(*RNG, int, ...int) *Tensor: // KaimingUniform, KaimingNormal
		l.init = func(rng *RNG) *Tensor { return f(rng, fanIn, shape...) }
		l.initName = funcName(scheme)
	case InitScheme: // NormalInit, UniformInit
		if f.draw == nil {
			panic(errorf("%s.Init: an empty dl.InitScheme; make one with dl.NormalInit(std) or dl.UniformInit(a)", l))
		}
		l.init = func(rng *RNG) *Tensor { return f.draw(rng, shape...) }
		l.initName = f.name
	default:
		panic(errorf("%s.Init: %T is not an initialiser; use dl.XavierUniform, dl.XavierNormal, dl.KaimingUniform, dl.KaimingNormal, dl.NormalInit(std) or dl.UniformInit(a)", l, scheme))
	}
	l.initialize()
	return l
}

// NoBias removes the bias and returns the layer (useful before
// BatchNorm2d, whose β plays its role).
func (l *Conv2dLayer) NoBias() *Conv2dLayer {
	l.Bias = nil
	return l
}

// Seed sets the seed of the layer's initial values, re-initialises it and
// returns it.
func (l *Conv2dLayer) Seed(seed uint64) *Conv2dLayer {
	l.seed, l.explicitSeed = seed, true
	l.initialize()
	return l
}

// initialize fills Weight and Bias in place from the layer's seed.
func (l *Conv2dLayer) initialize() {
	rng := NewRNG(l.seed)
	if l.init != nil {
		copy(l.Weight.Data(), l.init(rng).Data())
		if l.Bias != nil {
			clear(l.Bias.Data())
		}
		return
	}
	bound := 1 / math.Sqrt(float64(l.in*l.kernel*l.kernel))
	copy(l.Weight.Data(), rng.Uniform(-bound, bound, l.Weight.shape...).Data())
	if l.Bias != nil {
		copy(l.Bias.Data(), rng.Uniform(-bound, bound, l.out).Data())
	}
}

func (l *Conv2dLayer) reseed(seed uint64) {
	if !l.explicitSeed {
		l.seed = seed
		l.initialize()
	}
}

// Forward convolves a batch of images x (N×in×H×W) with the layer's
// filters.
func (l *Conv2dLayer) Forward(x *Tensor) *Tensor {
	s := x.shape
	if len(s) != 4 || s[1] != l.in || s[2]+2*l.padding < l.kernel || s[3]+2*l.padding < l.kernel {
		hint := ""
		switch {
		case len(s) == 2 && s[1] == l.in*28*28:
			hint = fmt.Sprintf("; these look like flat 28×28 images: use datasets.MNISTTrain().Images(), or x.Reshape(-1, %d, 28, 28)", l.in)
		case len(s) == 4 && s[1] != l.in:
			hint = fmt.Sprintf("; the previous layer gives %d channels", s[1])
		}
		panic(errorf("%s: input is %s; it needs N×%d×H×W images (samples, channels, rows, columns) with H, W ≥ %d%s",
			l, shapeStr(s), l.in, l.kernel-2*l.padding, hint))
	}
	return x.Conv2d(l.Weight, l.Bias, l.stride, l.padding)
}

// Params returns [Weight, Bias] (or [Weight] without bias).
func (l *Conv2dLayer) Params() []*Tensor {
	if l.Bias == nil {
		return []*Tensor{l.Weight}
	}
	return []*Tensor{l.Weight, l.Bias}
}

// SetTraining sets the mode (a Conv2d layer behaves the same in both).
func (l *Conv2dLayer) SetTraining(training bool) { l.training = training }

// Training reports the mode.
func (l *Conv2dLayer) Training() bool { return l.training }

// String describes the layer, e.g. "Conv2d(1 → 6, 5×5, padding=2)".
func (l *Conv2dLayer) String() string {
	s := fmt.Sprintf("Conv2d(%d → %d, %d×%d", l.in, l.out, l.kernel, l.kernel)
	if l.stride != 1 {
		s += fmt.Sprintf(", stride=%d", l.stride)
	}
	if l.padding != 0 {
		s += fmt.Sprintf(", padding=%d", l.padding)
	}
	if l.Bias == nil {
		s += ", no bias"
	}
	if l.initName != "" {
		s += ", init=" + l.initName
	}
	return s + ")"
}

package dl

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/internal/conv"
	"github.com/dlfun/dlfun/dl/internal/workers"
)

// Pooling: shrink each channel of an image by summarising every k×k window
// with one number, its maximum or its mean.

// MaxPool2d returns, for a batch of images x (N×C×H×W), the maximum of
// every kernel×kernel window, windows stride pixels apart, each channel
// on its own:
//
//	y[n, c, i, j] = max_{u,v < k} x[n, c, i·s − p + u, j·s − p + v]
//
// with padding p (padded positions count as −∞, so they are never the
// maximum). The result is N×C×OH×OW, OH = ⌊(H + 2p − k)/s⌋ + 1. Usually
// stride = kernel (windows side by side) and padding 0: MaxPool2d(2, 2, 0)
// halves the height and width.
//
// Backward: the gradient of a maximum goes to the input that was the
// maximum (the first one, for ties), the others get 0:
//
//	∂L/∂x[n, c, h, w] = Σ over the windows whose maximum is at (h, w) of G[n, c, i, j]
//
// PyTorch: torch.nn.functional.max_pool2d(x, kernel, stride, padding).
func (x *Tensor) MaxPool2d(kernel, stride, padding int) *Tensor {
	g := poolGeometry("MaxPool2d", x, kernel, stride, padding)
	y := newOp("MaxPool2d", []int{g.N, g.C, g.OH, g.OW}, x)
	in, out := g.H*g.W, g.OH*g.OW
	forPlanes(g, func(p int) {
		maxPoolPlane(g, x.data[p*in:(p+1)*in], y.data[p*out:(p+1)*out], nil, nil)
	})
	return y.withBackward(func() {
		gx, gy := x.gradData(), y.grad.data
		forPlanes(g, func(p int) { // the argmax is found again
			maxPoolPlane(g, x.data[p*in:(p+1)*in], nil, gx[p*in:(p+1)*in], gy[p*out:(p+1)*out])
		})
	})
}

// maxPoolPlane pools one plane x (H×W): forward (gx == nil) it writes the
// maxima into y; backward it adds each output's gradient gy to gx at the
// position of the window's maximum. The first maximum wins a tie, a NaN
// wins over numbers (the last NaN over earlier ones), as in PyTorch.
func maxPoolPlane(g *conv.Geometry, x, y, gx, gy []float64) {
	if g.K == 2 && g.Stride == 2 && g.Pad == 0 {
		maxPool2x2Plane(g, x, y, gx, gy)
		return
	}
	o := 0
	for i := range g.OH {
		h0, h1 := window(i, g.Stride, g.Pad, g.K, g.H)
		for j := range g.OW {
			w0, w1 := window(j, g.Stride, g.Pad, g.K, g.W)
			at, best := h0*g.W+w0, math.Inf(-1)
			for h := h0; h < h1; h++ {
				for w, v := range x[h*g.W+w0 : h*g.W+w1] {
					if v > best || v != v { // v != v: NaN
						at, best = h*g.W+w0+w, v
					}
				}
			}
			if gx == nil {
				y[o] = best // max over the window
			} else {
				gx[at] += gy[o] // the gradient goes to the maximum
			}
			o++
		}
	}
}

// maxPool2x2Plane is maxPoolPlane for the most common pooling, 2×2 windows
// side by side, reading the four values of a window in the same order.
func maxPool2x2Plane(g *conv.Geometry, x, y, gx, gy []float64) {
	w, o := g.W, 0
	if gx == nil { // forward: the builtin max has no branch to mispredict, and a NaN wins
		for i := range g.OH {
			r0, r1 := x[2*i*w:2*i*w+2*g.OW], x[(2*i+1)*w:(2*i+1)*w+2*g.OW]
			out := y[i*g.OW : (i+1)*g.OW]
			for j := range out {
				out[j] = max(r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1])
			}
		}
		return
	}
	for i := range g.OH { // backward: the same maximum, found by position
		r0, r1 := x[2*i*w:2*i*w+2*g.OW], x[(2*i+1)*w:(2*i+1)*w+2*g.OW]
		for j := range g.OW {
			a, b, c, d := r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1]
			best := max(a, b, c, d)
			// The first of a, b, c, d equal to the maximum: conditional
			// moves, checked in reverse order so that the first one wins.
			off := w + 1
			if c == best {
				off = w
			}
			if b == best {
				off = 1
			}
			if a == best {
				off = 0
			}
			if best != best { // a NaN
				off = nanOffset(b, c, d, w)
			}
			gx[2*i*w+2*j+off] += gy[o]
			o++
		}
	}
}

// nanOffset returns the offset of the last NaN of a window a, b, c, d
// (0, 1, w or w+1), given that there is one: the general path's rule
// "v > best || v is NaN" lets each NaN replace the one before, as PyTorch's
// kernel does.
func nanOffset(b, c, d float64, w int) int {
	switch {
	case d != d:
		return w + 1
	case c != c:
		return w
	case b != b:
		return 1
	}
	return 0
}

// AvgPool2d returns, for a batch of images x (N×C×H×W), the mean of every
// kernel×kernel window, windows stride pixels apart, each channel on its
// own:
//
//	y[n, c, i, j] = 1/k² · Σ_{u,v < k} x[n, c, i·s − p + u, j·s − p + v]
//
// Padded positions count as zeros and the divisor is always k² (PyTorch's
// default count_include_pad=True). The result is N×C×OH×OW, OH =
// ⌊(H + 2p − k)/s⌋ + 1.
//
// Backward: every input of a window gets 1/k² of the window's gradient:
//
//	∂L/∂x[n, c, h, w] = 1/k² · Σ over the windows covering (h, w) of G[n, c, i, j]
//
// PyTorch: torch.nn.functional.avg_pool2d(x, kernel, stride, padding).
func (x *Tensor) AvgPool2d(kernel, stride, padding int) *Tensor {
	g := poolGeometry("AvgPool2d", x, kernel, stride, padding)
	y := newOp("AvgPool2d", []int{g.N, g.C, g.OH, g.OW}, x)
	in, out := g.H*g.W, g.OH*g.OW
	forPlanes(g, func(p int) {
		avgPoolPlane(g, x.data[p*in:(p+1)*in], y.data[p*out:(p+1)*out], nil, nil)
	})
	return y.withBackward(func() {
		gx, gy := x.gradData(), y.grad.data
		forPlanes(g, func(p int) {
			avgPoolPlane(g, nil, nil, gx[p*in:(p+1)*in], gy[p*out:(p+1)*out])
		})
	})
}

// avgPoolPlane pools one plane x (H×W): forward (gx == nil) it writes the
// means into y; backward it adds 1/k² of each output's gradient gy to the
// inputs of its window in gx.
func avgPoolPlane(g *conv.Geometry, x, y, gx, gy []float64) {
	inv := 1 / float64(g.K*g.K)
	o := 0
	for i := range g.OH {
		h0, h1 := window(i, g.Stride, g.Pad, g.K, g.H)
		for j := range g.OW {
			w0, w1 := window(j, g.Stride, g.Pad, g.K, g.W)
			if gx == nil {
				sum := 0.0
				for h := h0; h < h1; h++ {
					for _, v := range x[h*g.W+w0 : h*g.W+w1] {
						sum += v
					}
				}
				y[o] = sum * inv // 1/k² Σ x
			} else {
				d := gy[o] * inv // 1/k² of the window's gradient to each input
				for h := h0; h < h1; h++ {
					row := gx[h*g.W+w0 : h*g.W+w1]
					for w := range row {
						row[w] += d
					}
				}
			}
			o++
		}
	}
}

// window returns the input rows (or columns) [from, to) of output row i,
// clipped to the image of size n: the padding is left out.
func window(i, stride, pad, k, n int) (from, to int) {
	from = i*stride - pad
	return max(from, 0), min(from+k, n)
}

// forPlanes calls f for each plane (n·C + c) of a pooling. Planes are
// independent, so they are shared among the worker goroutines; f must write
// only to its plane.
func forPlanes(g *conv.Geometry, f func(plane int)) {
	grain := max(1, (1<<14)/(g.H*g.W)) // planes per chunk: about 16 K input values
	workers.For(g.N*g.C, grain, func(p0, p1 int) {
		for p := p0; p < p1; p++ {
			f(p)
		}
	})
}

// poolGeometry checks the arguments of a pooling and returns the sizes.
func poolGeometry(op string, x *Tensor, kernel, stride, padding int) *conv.Geometry {
	s := x.shape
	if len(s) != 4 {
		panic(errorf("%s: x is %s; it needs 4 dimensions N×C×H×W (samples, channels, rows, columns)", op, shapeStr(s)))
	}
	if kernel < 1 || stride < 1 || padding < 0 {
		panic(errorf("%s: kernel %d, stride %d, padding %d; the kernel and stride must be ≥ 1 and the padding ≥ 0", op, kernel, stride, padding))
	}
	if 2*padding > kernel {
		panic(errorf("%s: padding %d is more than half the kernel %d, so a window could lie entirely in the padding; use padding ≤ %d", op, padding, kernel, kernel/2))
	}
	if s[2]+2*padding < kernel || s[3]+2*padding < kernel {
		panic(errorf("%s: x is %s, smaller than the %d×%d window even with padding %d; use a smaller kernel or pool fewer times",
			op, shapeStr(s), kernel, kernel, padding))
	}
	return &conv.Geometry{N: s[0], C: s[1], H: s[2], W: s[3], F: s[1], K: kernel, Stride: stride, Pad: padding,
		OH: conv.OutSize(s[2], kernel, stride, padding), OW: conv.OutSize(s[3], kernel, stride, padding)}
}

// Pool2dLayer is a pooling layer; make one with MaxPool2d or AvgPool2d.
type Pool2dLayer struct {
	avg                     bool // mean instead of maximum
	kernel, stride, padding int
	training                bool
}

// MaxPool2d returns the layer that keeps the maximum of every kernel×kernel
// window of each channel, windows side by side (stride = kernel, change it
// with Stride): MaxPool2d(2) halves the height and width of the images.
// See (*Tensor).MaxPool2d for the formula. It has no parameters.
//
// PyTorch: nn.MaxPool2d(kernel).
func MaxPool2d(kernel int) *Pool2dLayer { return newPool2d("MaxPool2d", false, kernel) }

// AvgPool2d returns the layer that keeps the mean of every kernel×kernel
// window of each channel, windows side by side (stride = kernel, change it
// with Stride). See (*Tensor).AvgPool2d for the formula. It has no
// parameters.
//
// PyTorch: nn.AvgPool2d(kernel).
func AvgPool2d(kernel int) *Pool2dLayer { return newPool2d("AvgPool2d", true, kernel) }

func newPool2d(name string, avg bool, kernel int) *Pool2dLayer {
	if kernel < 1 {
		panic(errorf("%s(%d): the kernel size must be ≥ 1", name, kernel))
	}
	return &Pool2dLayer{avg: avg, kernel: kernel, stride: kernel, training: true}
}

// Stride sets the step between two windows (default: the kernel size) and
// returns the layer.
func (l *Pool2dLayer) Stride(s int) *Pool2dLayer {
	if s < 1 {
		panic(errorf("%s.Stride(%d): the stride must be ≥ 1", l, s))
	}
	l.stride = s
	return l
}

// Padding sets the padding on every side (default 0, at most kernel/2) and
// returns the layer.
func (l *Pool2dLayer) Padding(p int) *Pool2dLayer {
	if p < 0 || 2*p > l.kernel {
		panic(errorf("%s.Padding(%d): the padding must be between 0 and half the kernel, %d", l, p, l.kernel/2))
	}
	l.padding = p
	return l
}

func (l *Pool2dLayer) name() string {
	if l.avg {
		return "AvgPool2d"
	}
	return "MaxPool2d"
}

// Forward pools a batch of images x (N×C×H×W).
func (l *Pool2dLayer) Forward(x *Tensor) *Tensor {
	s := x.shape
	if len(s) != 4 || s[2]+2*l.padding < l.kernel || s[3]+2*l.padding < l.kernel {
		panic(errorf("%s: input is %s; it needs N×C×H×W images (samples, channels, rows, columns) with H, W ≥ %d",
			l, shapeStr(s), l.kernel-2*l.padding))
	}
	if l.avg {
		return x.AvgPool2d(l.kernel, l.stride, l.padding)
	}
	return x.MaxPool2d(l.kernel, l.stride, l.padding)
}

// Params returns nil: pooling learns nothing.
func (l *Pool2dLayer) Params() []*Tensor { return nil }

// SetTraining sets the mode (pooling behaves the same in both).
func (l *Pool2dLayer) SetTraining(training bool) { l.training = training }

// Training reports the mode.
func (l *Pool2dLayer) Training() bool { return l.training }

// String describes the layer, e.g. "MaxPool2d(2)" or "AvgPool2d(3, stride=1, padding=1)".
func (l *Pool2dLayer) String() string {
	s := fmt.Sprintf("%s(%d", l.name(), l.kernel)
	if l.stride != l.kernel {
		s += fmt.Sprintf(", stride=%d", l.stride)
	}
	if l.padding != 0 {
		s += fmt.Sprintf(", padding=%d", l.padding)
	}
	return s + ")"
}

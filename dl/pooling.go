package dl

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/internal/conv"
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
	forWindows(g, func(plane, out int, rows, cols [2]int) {
		_, v := windowMax(g, x.data[plane*g.H*g.W:], rows, cols)
		y.data[out] = v
	})
	return y.withBackward(func() {
		gx, gy := x.gradData(), y.grad.data
		forWindows(g, func(plane, out int, rows, cols [2]int) {
			at, _ := windowMax(g, x.data[plane*g.H*g.W:], rows, cols) // the argmax, found again
			gx[plane*g.H*g.W+at] += gy[out]
		})
	})
}

// windowMax returns the position (h·W + w within the plane) and value of
// the maximum of x over rows×cols; the first one wins a tie, as in PyTorch.
func windowMax(g conv.Geometry, x []float64, rows, cols [2]int) (int, float64) {
	at, best := -1, math.Inf(-1)
	for h := rows[0]; h < rows[1]; h++ {
		for w := cols[0]; w < cols[1]; w++ {
			if v := x[h*g.W+w]; v > best || at < 0 || math.IsNaN(v) {
				at, best = h*g.W+w, v
				if math.IsNaN(v) {
					return at, v
				}
			}
		}
	}
	return at, best
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
	inv := 1 / float64(kernel*kernel)
	forWindows(g, func(plane, out int, rows, cols [2]int) {
		xp, sum := x.data[plane*g.H*g.W:], 0.0
		for h := rows[0]; h < rows[1]; h++ {
			for _, v := range xp[h*g.W+cols[0] : h*g.W+cols[1]] {
				sum += v
			}
		}
		y.data[out] = sum * inv // 1/k² Σ x
	})
	return y.withBackward(func() {
		gx, gy := x.gradData(), y.grad.data
		forWindows(g, func(plane, out int, rows, cols [2]int) {
			gp, d := gx[plane*g.H*g.W:], gy[out]*inv // 1/k² of the window's gradient
			for h := rows[0]; h < rows[1]; h++ {
				row := gp[h*g.W+cols[0] : h*g.W+cols[1]]
				for w := range row {
					row[w] += d
				}
			}
		})
	})
}

// forWindows calls f for every output position of a pooling: the plane
// (n·C + c), the flat index of the output, and the window's rows and
// columns [from, to) clipped to the image (the padding left out).
func forWindows(g conv.Geometry, f func(plane, out int, rows, cols [2]int)) {
	out := 0
	for plane := range g.N * g.C {
		for i := range g.OH {
			h0 := i*g.Stride - g.Pad
			rows := [2]int{max(h0, 0), min(h0+g.K, g.H)}
			for j := range g.OW {
				w0 := j*g.Stride - g.Pad
				f(plane, out, rows, [2]int{max(w0, 0), min(w0+g.K, g.W)})
				out++
			}
		}
	}
}

// poolGeometry checks the arguments of a pooling and returns the sizes.
func poolGeometry(op string, x *Tensor, kernel, stride, padding int) conv.Geometry {
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
	return conv.Geometry{N: s[0], C: s[1], H: s[2], W: s[3], F: s[1], K: kernel, Stride: stride, Pad: padding,
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
		panic(fmt.Sprintf("%s(%d): the kernel size must be ≥ 1", name, kernel))
	}
	return &Pool2dLayer{avg: avg, kernel: kernel, stride: kernel, training: true}
}

// Stride sets the step between two windows (default: the kernel size) and
// returns the layer.
func (l *Pool2dLayer) Stride(s int) *Pool2dLayer {
	if s < 1 {
		panic(fmt.Sprintf("%s.Stride(%d): the stride must be ≥ 1", l, s))
	}
	l.stride = s
	return l
}

// Padding sets the padding on every side (default 0, at most kernel/2) and
// returns the layer.
func (l *Pool2dLayer) Padding(p int) *Pool2dLayer {
	if p < 0 || 2*p > l.kernel {
		panic(fmt.Sprintf("%s.Padding(%d): the padding must be between 0 and half the kernel, %d", l, p, l.kernel/2))
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
		panic(fmt.Sprintf("%s: input is %s; it needs N×C×H×W images (samples, channels, rows, columns) with H, W ≥ %d",
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

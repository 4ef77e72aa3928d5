package dl

import (
	"fmt"
	"math"
	"strconv"

	"github.com/dlfun/dlfun/dl/echarts"
)

// Image grids (digits, augmentation, predictions), confusion matrices and
// autograd graphs.

// maxImages is the number of images a grid shows at most (20 digits of
// 28×28 take about 19 KB in the saved notebook).
const maxImages = 20

// imageShape reads the image layout of t: N×H×W, N×1×H×W, N×D with D a
// perfect square (flattened MNIST, 784 = 28×28) or a single H×W image.
func imageShape(t *Tensor) (n, h, w int, err error) {
	s := t.Shape()
	switch {
	case len(s) == 4 && s[1] == 1:
		return s[0], s[2], s[3], nil
	case len(s) == 3:
		return s[0], s[1], s[2], nil
	case len(s) == 2:
		if r := int(math.Sqrt(float64(s[1]))); r*r == s[1] && r > 1 {
			return s[0], r, r, nil
		}
		return 1, s[0], s[1], nil
	case len(s) == 1:
		if r := int(math.Sqrt(float64(s[0]))); r*r == s[0] && r > 1 {
			return 1, r, r, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("PlotImages: images are %s: want N×H×W, N×1×H×W or N×(H·W) with a square H·W such as 784", shapeText(s))
}

// shapeText formats a shape as "2×3".
func shapeText(s []int) string {
	if len(s) == 0 {
		return "a scalar"
	}
	out := ""
	for i, d := range s {
		if i > 0 {
			out += "×"
		}
		out += strconv.Itoa(d)
	}
	return out
}

// PlotImages draws grey-scale images in a grid of cols columns (cols ≤ 0
// means 8) with a caption under each (captions may be nil or shorter).
// images is N×H×W, N×1×H×W or N×784 (flattened 28×28 digits); each image
// is scaled from its own minimum (white) to maximum (black). At most 20
// images are drawn (about 19 KB of 28×28 digits).
//
//	x, _ := datasets.MNISTTrain().Take(16).Tensors()
//	dl.PlotImages(x, nil, 8).Show()
func PlotImages(images *Tensor, captions []string, cols int) *Figure {
	return plotImages(images, cols, func(i int) echarts.Image {
		im := echarts.Image{}
		if i < len(captions) {
			im.Caption = captions[i]
		}
		return im
	}, "")
}

func plotImages(images *Tensor, cols int, meta func(i int) echarts.Image, title string) *Figure {
	f := &Figure{}
	f.opts.Title = title
	n, h, w, err := imageShape(images)
	if err != nil {
		f.opts.Subtitle = err.Error()
		return f.Scatter("", nil, nil)
	}
	shown := min(n, maxImages)
	if shown < n {
		f.opts.Subtitle = fmt.Sprintf("first %d of %d images", shown, n)
	}
	data := images.Data()
	ims := make([]echarts.Image, shown)
	for i := range ims {
		ims[i] = meta(i)
		ims[i].Pixels = data[i*h*w : (i+1)*h*w]
	}
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.ImageGrid(o, w, h, cols, ims...) }
	return f
}

// gatherImages reads samples idx of an image data set as an N×… tensor
// and their class labels (nil if the targets are not classes).
func gatherImages(ds Dataset, idx []int) (*Tensor, []int) {
	d, t := shapeSize(ds.SampleShape()), shapeSize(ds.TargetShape())
	x, y := make([]float64, len(idx)*d), make([]float64, len(idx)*t)
	ds.Gather(idx, x, y)
	return New(x, append([]int{len(idx)}, ds.SampleShape()...)...), classesOf(y, t)
}

// firstN returns 0, 1, …, min(n, len)−1.
func firstN(n, length int) []int {
	idx := make([]int, max(min(n, length), 0))
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// PlotSamples draws the first n samples of an image data set (at most 20)
// with their labels as captions: MNIST digits, say.
//
//	dl.PlotSamples(datasets.MNISTTrain(), 20).Show()
func PlotSamples(ds Dataset, n int) *Figure {
	x, labels := gatherImages(ds, firstN(min(n, maxImages), ds.Len()))
	captions := make([]string, len(labels))
	for i, l := range labels {
		captions[i] = strconv.Itoa(l)
	}
	return PlotImages(x, captions, 10).Title(fmt.Sprintf("%d of %d samples", x.Shape()[0], ds.Len()))
}

// PlotAugmentation draws the first n images (at most 10) of original in a
// row and, underneath, the same images as augmented serves them (a data set
// made from original by datasets.Augment), so that the effect of the
// transforms can be seen. Both must have the same number of pixels per
// image (Flatten after a crop changes it).
//
//	aug := datasets.Augment(mnist.Images(), 1, datasets.RandomRotation(15))
//	dl.PlotAugmentation(mnist.Images(), aug, 10).Show()
func PlotAugmentation(original, augmented Dataset, n int) *Figure {
	idx := firstN(min(n, maxImages/2), min(original.Len(), augmented.Len()))
	a, la := gatherImages(original, idx)
	b, _ := gatherImages(augmented, idx)
	if a.Size() != b.Size() || len(idx) == 0 {
		f := Plot().Title("Augmentation")
		f.opts.Subtitle = fmt.Sprintf("cannot compare: original samples are %s, augmented %s",
			shapeText(original.SampleShape()), shapeText(augmented.SampleShape()))
		return f
	}
	_, h, w, err := imageShape(a)
	if err != nil {
		return PlotImages(a, nil, len(idx))
	}
	px := append(append([]float64(nil), a.Data()...), b.Data()...)
	captions := make([]string, 2*len(idx))
	for i := range idx {
		captions[i] = "original"
		if i < len(la) {
			captions[i] = strconv.Itoa(la[i])
		}
		captions[len(idx)+i] = "augmented"
	}
	return PlotImages(New(px, 2*len(idx), h, w), captions, len(idx)).Title("Original (top) and augmented (bottom)")
}

// PlotPredictions draws images captioned with the predicted label; where
// the prediction is wrong the caption also gives the true label ("3 ≠ 5")
// and the image is framed in red. pred and truth are class indices, one
// per image; the title gives the accuracy over all of them.
//
//	dl.PlotPredictions(x, pred, truth).Show()
func PlotPredictions(images *Tensor, pred, truth []int) *Figure {
	wrong := 0
	n := min(len(pred), len(truth))
	for i := range n {
		if pred[i] != truth[i] {
			wrong++
		}
	}
	title := fmt.Sprintf("Predictions: %d of %d correct", n-wrong, n)
	return plotImages(images, 10, func(i int) echarts.Image { return predictionImage(pred, truth, i) }, title)
}

// PlotMistakes draws only the images whose prediction is wrong, captioned
// "predicted ≠ true": what the model confuses.
func PlotMistakes(images *Tensor, pred, truth []int) *Figure {
	n, h, w, err := imageShape(images)
	if err != nil {
		return PlotImages(images, nil, 8)
	}
	var idx []int
	for i := 0; i < n && i < len(pred) && i < len(truth); i++ {
		if pred[i] != truth[i] {
			idx = append(idx, i)
		}
	}
	sub := make([]float64, 0, len(idx)*h*w)
	d := images.Data()
	p, t := make([]int, len(idx)), make([]int, len(idx))
	for k, i := range idx {
		sub = append(sub, d[i*h*w:(i+1)*h*w]...)
		p[k], t[k] = pred[i], truth[i]
	}
	title := fmt.Sprintf("Mistakes: %d of %d", len(idx), min(n, len(pred), len(truth)))
	if len(idx) == 0 {
		return Plot().Title(title).Subtitle("no mistakes")
	}
	return plotImages(New(sub, len(idx), h, w), 10, func(i int) echarts.Image { return predictionImage(p, t, i) }, title)
}

// predictionImage captions image i with its prediction.
func predictionImage(pred, truth []int, i int) echarts.Image {
	if i >= len(pred) {
		return echarts.Image{}
	}
	if i < len(truth) && pred[i] != truth[i] {
		return echarts.Image{Caption: fmt.Sprintf("%d ≠ %d", pred[i], truth[i]), Highlight: true}
	}
	return echarts.Image{Caption: strconv.Itoa(pred[i])}
}

// PlotConfusion draws the confusion matrix of a classifier over classes
// classes: the cell in row i, column j counts the samples of true class i
// that were predicted as j, so the diagonal holds the correct ones. The
// title gives the accuracy. Labels outside 0 … classes−1 are ignored.
//
//	dl.PlotConfusion(pred, truth, 10).Show()
func PlotConfusion(pred, truth []int, classes int) *Figure {
	counts := ConfusionMatrix(pred, truth, classes)
	names := make([]string, classes)
	total, correct := 0.0, 0.0
	for i := range names {
		names[i] = strconv.Itoa(i)
		for j := range classes {
			total += counts[i][j]
			if i == j {
				correct += counts[i][j]
			}
		}
	}
	f := &Figure{}
	f.opts.Title = fmt.Sprintf("Confusion matrix: accuracy %.1f %% of %.0f", 100*correct/math.Max(total, 1), total)
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.ConfusionMatrix(o, names, counts) }
	return f
}

// ConfusionMatrix counts, for class labels 0 … classes−1, how many samples
// of true class i were predicted as class j: m[i][j]. Pairs with a label
// out of range are skipped.
func ConfusionMatrix(pred, truth []int, classes int) [][]float64 {
	classes = max(classes, 0)
	m := make([][]float64, classes)
	for i := range m {
		m[i] = make([]float64, classes)
	}
	for k := 0; k < len(pred) && k < len(truth); k++ {
		p, t := pred[k], truth[k]
		if p >= 0 && p < classes && t >= 0 && t < classes {
			m[t][p]++
		}
	}
	return m
}

// PlotGraph draws the computation graph that produced t, from the inputs
// on the left to t on the right: every box is a tensor with the op that
// made it (or its name, for inputs and parameters), its shape, its value
// and — after t.Backward() — its gradient. Name tensors with Named to label
// them. It is Tensor.Graph drawn: the backprop lesson.
//
//	w := dl.Scalar(2).RequiresGrad().Named("w")
//	loss := w.Mul(dl.Scalar(3)).Sigmoid().Named("loss")
//	loss.Backward()
//	loss.PlotGraph().Show()
func (t *Tensor) PlotGraph() *Figure {
	g := t.Graph()
	nodes := make([]echarts.Node, len(g.Nodes))
	for i, n := range g.Nodes {
		nodes[i] = echarts.Node{ID: n.ID, Op: n.Op, Name: n.Name, Shape: n.Shape, Value: n.Value, Grad: n.Grad}
	}
	f := &Figure{}
	f.opts.Title = "Computation graph"
	if len(nodes) > 60 {
		f.opts.Subtitle = fmt.Sprintf("%d tensors: large graphs are hard to read; try a smaller computation", len(nodes))
	}
	f.kind = func(o echarts.Options) *echarts.Chart { return echarts.Graph(o, nodes, g.Edges) }
	return f
}

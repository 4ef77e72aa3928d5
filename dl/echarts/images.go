package echarts

// Image is one grey-scale picture for ImageGrid: width×height pixel
// intensities in row-major order (any range: each image is scaled from its
// own minimum, drawn white, to its maximum, drawn black). Highlight draws
// the frame and caption in red, e.g. for a wrong prediction.
type Image struct {
	Pixels    []float64
	Caption   string // e.g. "7" or "pred 3 / true 5"
	Highlight bool
}

// ImageGrid draws images of width×height pixels in rows of cols (default
// 8; fewer when the cell is too narrow, the chart then grows taller), with
// captions underneath: MNIST digits, a digit before and after
// augmentation, predicted versus true labels. Pixels travel as one character
// each (62 grey levels), so 32 digits of 28×28 take about 25 KB. Small
// images are enlarged to about 56 pixels with sharp pixel edges.
func ImageGrid(o Options, width, height, cols int, images ...Image) *Chart {
	if cols <= 0 {
		cols = 8
	}
	scale := max(1, 56/max(width, height, 1))
	const gap = 10
	cell := width * scale // caption text (about 6.5 px per character at 11 px) may widen the cells
	for _, im := range images {
		cell = max(cell, (len([]rune(im.Caption))*13+1)/2)
	}
	rows := (len(images) + cols - 1) / cols
	top := o.top(0)
	if o.Height <= 0 {
		o.Height = top + rows*(height*scale+gap+16) + 4
	}
	c := newChart(o, 0)
	imgs := make([]any, len(images))
	for i, im := range images {
		px := im.Pixels
		if len(px) > width*height {
			px = px[:width*height]
		}
		lo, hi := minMax(px)
		q := quantize(px, lo, hi)
		for len(q) < width*height { // short images: missing pixels are blank
			q += "0"
		}
		imgs[i] = obj{"p": q, "c": label(im.Caption), "r": im.Highlight}
	}
	c.opt["dlfunImages"] = obj{"w": width, "h": height, "scale": scale, "cols": cols, "gap": gap, "cw": cell,
		"top": top, "imgs": imgs}
	delete(c.opt, "tooltip")
	return c
}

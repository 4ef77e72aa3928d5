package echarts

import "math"

// pairLevels is the number of grey levels of quantizePairs: 7×7 pairs fit
// the 62 characters of the alphabet.
const pairLevels = 7

// quantizePairs encodes two pixels per character: pixel values are scaled
// from lo (level 0, white) to hi (level 6, black), and pixels 2k and 2k+1
// become alphabet[7·level(2k) + level(2k+1)] (NaN counts as lo). The
// browser decodes pixel p from character p/2: level ⌊c/7⌋ for even p,
// c mod 7 for odd p.
func quantizePairs(v []float64, lo, hi float64) string {
	level := func(i int) int {
		if i >= len(v) || !finite(v[i]) || hi <= lo {
			return 0
		}
		return int(math.Max(0, math.Min(pairLevels-1, math.Round((v[i]-lo)/(hi-lo)*(pairLevels-1)))))
	}
	b := make([]byte, 0, (len(v)+1)/2)
	for i := 0; i < len(v); i += 2 {
		b = append(b, alphabet[pairLevels*level(i)+level(i+1)])
	}
	return string(b)
}

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
// augmentation, predicted versus true labels. Pixels travel two to a
// character (7 grey levels each, "pk": 2; see quantizePairs), so 20 digits
// of 28×28 take about 8 KB. Small
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
		full := make([]float64, width*height) // short images: missing pixels are blank
		copy(full, px)
		lo, hi := minMax(px)
		imgs[i] = obj{"p": quantizePairs(full, lo, hi), "c": label(im.Caption), "r": im.Highlight}
	}
	c.opt["dlfunImages"] = obj{"w": width, "h": height, "scale": scale, "cols": cols, "gap": gap, "cw": cell,
		"top": top, "imgs": imgs, "pk": 2}
	delete(c.opt, "tooltip")
	return c
}

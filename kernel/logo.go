package kernel

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo returns the kernel logo as a size×size PNG: a gopher-blue disc with
// three white nodes joined like a tiny neural network.
func Logo(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	blue := color.NRGBA{0x00, 0xad, 0xd8, 0xff} // Go's "gopher blue"
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	nodes := [][2]float64{{0.3, 0.35}, {0.3, 0.65}, {0.72, 0.5}}
	segDist := func(px, py, ax, ay, bx, by float64) float64 {
		dx, dy := bx-ax, by-ay
		t := math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/(dx*dx+dy*dy)))
		return math.Hypot(px-ax-t*dx, py-ay-t*dy)
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			px, py := (float64(x)+0.5)/s, (float64(y)+0.5)/s
			if math.Hypot(px-0.5, py-0.5) > 0.48 {
				continue // transparent outside the disc
			}
			c := blue
			for _, n := range nodes {
				if math.Hypot(px-n[0], py-n[1]) < 0.09 {
					c = white
				}
			}
			for _, a := range nodes[:2] {
				if segDist(px, py, a[0], a[1], nodes[2][0], nodes[2][1]) < 0.03 {
					c = white
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return b.Bytes()
}

package main

import (
	"fmt"
	"math"
)

// figure is one picture of the course: its file name and how it is drawn.
type figure struct {
	name string
	draw func() string
}

// figures lists every figure, in the order of the notebooks that show them.
var figures = []figure{
	{"neuron.svg", neuron},
	{"batches-epochs.svg", batchesEpochs},
	{"backprop.svg", backprop},
	{"polyak-nesterov.svg", polyakNesterov},
	{"residual-block.svg", residualBlock},
	{"dropout.svg", dropout},
	{"overview.svg", overview},
}

// neuron draws notebook 01's neuron: three inputs and a bias, weighted,
// summed, squeezed by the sigmoid.
func neuron() string {
	c := newCanvas(700, 330, "An artificial neuron: inputs x1, x2, x3 and 1, weights w1, w2, w3 and b, the sum h, the sigmoid, the output y-hat")
	ins := []struct {
		label string
		y     float64
		w     string
	}{{"x₁", 70, "w₁"}, {"x₂", 135, "w₂"}, {"x₃", 200, "w₃"}, {"1", 265, "b"}}
	const sx, sy, sr = 330.0, 165.0, 36.0
	c.text(70, 32, "inputs", 14, muted, middle, "")
	c.text(161, 32, "weights", 14, muted, middle, "")
	c.text(sx, 32, "sum", 14, muted, middle, "")
	c.text(485, 32, "activation", 14, muted, middle, "")
	c.text(630, 32, "output", 14, muted, middle, "")
	for _, in := range ins {
		fill, stroke := fillB, blue
		if in.label == "1" {
			fill, stroke = fillN, muted
		}
		// the edge, ending on the sum's circle
		dx, dy := sx-70, sy-in.y
		d := math.Hypot(dx, dy)
		c.arrow(70+22*dx/d, in.y+22*dy/d, sx-(sr+3)*dx/d, sy-(sr+3)*dy/d, stroke, 1.8, "")
		c.circle(70, in.y, 22, fill, stroke, 1.5)
		c.italic(70, in.y+6, in.label, 18, ink, middle)
		// the weight's label, on the edge at 35 % of its length
		lx, ly := 70+0.35*dx, in.y+0.35*dy
		c.rect(lx-18, ly-14, 36, 24, 6, "#ffffff", stroke, 1)
		c.italic(lx, ly+4, in.w, 16, stroke, middle)
	}
	c.text(70, 300, "bias input", 12, muted, middle, "")
	c.circle(sx, sy, sr, fillN, ink, 1.8)
	c.text(sx, sy+10, "Σ", 30, ink, middle, "")
	c.arrow(sx+sr, sy, 440, sy, ink, 1.8, "")
	c.italic(403, sy-10, "h", 18, ink, middle)
	c.rect(442, sy-30, 86, 60, 10, fillO, orange, 1.8)
	c.italic(485, sy+7, "f = σ", 20, ink, middle)
	c.arrow(528, sy, 603, sy, ink, 1.8, "")
	c.circle(630, sy, 26, fillG, green, 1.8)
	c.italic(630, sy+6, "ŷ", 20, ink, middle)
	c.text(sx, sy+sr+24, "dl.Linear(3, 1)", 13, muted, middle, "")
	c.text(485, sy+54, "dl.Sigmoid()", 13, muted, middle, "")
	c.text(630, sy+48, "in (0, 1)", 13, muted, middle, "")
	c.italic(470, 290, "h = w₁x₁ + w₂x₂ + w₃x₃ + b", 17, ink, middle)
	c.italic(470, 314, "ŷ = f(h) = 1 / (1 + e⁻ʰ)", 17, ink, middle)
	return c.svg("neuron.svg")
}

// lcg is a tiny deterministic random number generator (SplitMix64), so
// the shuffles drawn never change with the Go version.
type lcg uint64

func (r *lcg) intn(n int) int {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return int(z % uint64(n))
}

// perm returns a Fisher–Yates shuffle of 0 … n−1.
func (r *lcg) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// sampleColour is sample i's colour of n: a hue wheel, so that a shuffle
// shows as a mix of colours.
func sampleColour(i, n int) string {
	h := 300 * float64(i) / float64(n) // degrees, red to violet
	s, l := 0.65, 0.55
	cc := (1 - math.Abs(2*l-1)) * s
	x := cc * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - cc/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = cc, x, 0
	case h < 120:
		r, g, b = x, cc, 0
	case h < 180:
		r, g, b = 0, cc, x
	case h < 240:
		r, g, b = 0, x, cc
	default:
		r, g, b = x, 0, cc
	}
	to := func(v float64) int { return int(math.Round((v + m) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", to(r), to(g), to(b))
}

// batchesEpochs draws notebook 02's data loader: 50 samples, shuffled each
// epoch and cut into 5 mini-batches of 10, one update per batch.
func batchesEpochs() string {
	const n, bs, sq, step, gap, x0 = 50, 10, 11.0, 13.0, 12.0, 100.0
	c := newCanvas(830, 370, "Mini-batches and epochs: each epoch shuffles the 50 samples and cuts them into 5 batches of 10; each batch gives one update")
	row := func(y float64, order []int, batched bool) {
		x := x0
		for k, i := range order {
			if batched && k > 0 && k%bs == 0 {
				x += gap
			}
			c.rect(x, y, sq, sq+8, 2, sampleColour(i, n), "none", 0)
			x += step
		}
	}
	c.text(20, 40, "data set", 14, ink, start, "bold")
	c.text(20, 58, "50 samples", 12, muted, start, "")
	ident := make([]int, n)
	for i := range ident {
		ident[i] = i
	}
	row(36, ident, false)
	c.text(x0, 76, "one colour per sample: a shuffle mixes the colours", 12, muted, start, "")
	r := lcg(2)
	update := 1
	for e, y := range []float64{120, 225} {
		c.text(20, y+12, fmt.Sprintf("epoch %d", e+1), 14, ink, start, "bold")
		c.text(20, y+30, "shuffle", 12, muted, start, "")
		row(y, r.perm(n), true)
		for b := range n / bs {
			bx := x0 + float64(b)*(bs*step+gap)
			w := bs*step - 2
			// a bracket under the batch
			c.path(fmt.Sprintf("M%s,%s v6 h%s v-6", num(bx), num(y+24), num(w)), blue, 1.5, "", false)
			c.text(bx+w/2, y+44, fmt.Sprintf("batch %d", b+1), 13, blue, middle, "")
			c.text(bx+w/2, y+62, fmt.Sprintf("→ update %d", update), 13, green, middle, "")
			update++
		}
	}
	c.text(20, 318, "⋮", 16, ink, start, "")
	c.text(x0, 318, "epoch 3, 4, …: a new shuffle each time; every sample is used exactly once per epoch", 13, ink, start, "")
	c.text(x0, 346, "batch size 50 = GD: 1 update per epoch  ·  10 = mini-batch: 5  ·  1 = SGD: 50", 13, muted, start, "")
	return c.svg("batches-epochs.svg")
}

// backprop draws notebook 03's tiny network (2 inputs, 2 hidden sigmoid
// units, 1 sigmoid output) with the forward pass and, under it, the
// backward pass with the paper's equation numbers.
func backprop() string {
	c := newCanvas(780, 440, "The tiny network of notebook 03: forward pass left to right, backward pass right to left with the equations (4) to (7)")
	const r = 24.0
	in := [][2]float64{{90, 100}, {90, 220}}
	hid := [][2]float64{{310, 100}, {310, 220}}
	out := [2]float64{520, 160}
	edge := func(a, b [2]float64) {
		dx, dy := b[0]-a[0], b[1]-a[1]
		d := math.Hypot(dx, dy)
		c.arrow(a[0]+r*dx/d, a[1]+r*dy/d, b[0]-(r+3)*dx/d, b[1]-(r+3)*dy/d, blue, 1.6, "")
	}
	for _, a := range in {
		for _, b := range hid {
			edge(a, b)
		}
	}
	for _, a := range hid {
		edge(a, out)
	}
	c.text(200, 90, "w1, b1", 14, blue, middle, "bold")
	c.text(415, 100, "w2, b2", 14, blue, middle, "bold")
	for i, p := range in {
		c.circle(p[0], p[1], r, fillB, blue, 1.5)
		c.italic(p[0], p[1]+6, []string{"y₁", "y₂"}[i], 17, ink, middle)
	}
	for _, p := range hid {
		c.circle(p[0], p[1], r, fillN, ink, 1.5)
		c.text(p[0], p[1]+6, "σ", 18, ink, middle, "")
	}
	c.circle(out[0], out[1], r, fillN, ink, 1.5)
	c.text(out[0], out[1]+6, "σ", 18, ink, middle, "")
	c.text(90, 60, "inputs", 13, muted, middle, "")
	c.text(310, 60, "hidden units", 13, muted, middle, "")
	c.text(520, 118, "output", 13, muted, middle, "")
	c.arrow(out[0]+r, out[1], 618, out[1], blue, 1.6, "")
	c.italic(583, out[1]-8, "y", 16, ink, middle)
	c.rect(620, 130, 140, 60, 8, fillO, orange, 1.5)
	c.italic(690, 156, "E = ½ Σ (y − d)²", 15, ink, middle)
	c.text(690, 178, "(3), d desired", 12, muted, middle, "")
	c.text(30, 32, "forward pass →  (1) xⱼ = Σᵢ yᵢ wⱼᵢ   (2) yⱼ = σ(xⱼ)", 15, blue, start, "bold")

	// the backward lane
	const ly = 290.0
	for _, x := range []float64{90, 310, 520, 690} {
		c.line(x, 250, x, ly-8, faint, 1.2, "4 3")
	}
	c.line(520, 184, 520, 250, faint, 1.2, "4 3")
	c.line(690, 190, 690, 250, faint, 1.2, "4 3")
	c.arrow(686, ly, 526, ly, orange, 2.2, "")
	c.arrow(514, ly, 316, ly, orange, 2.2, "")
	c.arrow(304, ly, 96, ly, orange, 2.2, "")
	c.text(605, ly+24, "(4) ∂E/∂y = y − d", 13, orange, middle, "")
	c.text(415, ly+24, "(5) ∂E/∂x = ∂E/∂y · y(1 − y)", 13, orange, middle, "")
	c.text(415, ly+44, "(6) ∂E/∂w2 = ∂E/∂x · yᵢ", 13, orange, middle, "")
	c.text(200, ly+24, "(7) ∂E/∂yᵢ = Σⱼ ∂E/∂xⱼ · wⱼᵢ", 13, orange, middle, "")
	c.text(200, ly+44, "then (5), (6) for w1, b1", 13, orange, middle, "")
	c.text(30, 392, "← backward pass (E.Backward() in dl): one sweep from E back to the inputs,", 14, orange, start, "bold")
	c.text(30, 414, "reusing every value of the forward pass", 14, orange, start, "bold")
	return c.svg("backprop.svg")
}

// polyakNesterov draws one step of each momentum method of notebook 04 in
// a narrow valley L(u, v) = (a u² + b v²)/2 with λa = 0.1, λb = 1 (in
// pixels): Polyak adds −λ∇L(x_t) to the momentum step, Nesterov adds
// −λ∇L(x_temp) at the look-ahead point x_temp = x_t − η m_{t−1}.
func polyakNesterov() string {
	c := newCanvas(780, 430, "Polyak versus Nesterov momentum: the momentum step, the gradient step and the resulting step, with Nesterov's look-ahead point")
	const pw, ph = 360.0, 270.0
	grad := func(u, v float64) (float64, float64) { return -0.1 * u, -1.2 * v } // −λ∇L
	mu, mv := 130.0, -100.0                                                     // −η m_{t−1}
	xu, xv := -250.0, 70.0                                                      // x_t
	for k, name := range []string{"(a) Polyak momentum (1964)", "(b) Nesterov momentum (1983)"} {
		px, py := 15+float64(k)*(pw+20), 45.0
		cx, cy := px+320, py+115 // the minimum
		at := func(u, v float64) (float64, float64) { return cx + u, cy - v }
		id := fmt.Sprintf("panel%d", k)
		c.clip(id, px, py, pw, ph)
		c.rect(px, py, pw, ph, 8, fillN, faint, 1)
		for _, ry := range []float64{25, 50, 75, 100, 125, 150} {
			c.ellipse(cx, cy, ry*math.Sqrt(12), ry, faint, id)
		}
		c.text(px+10, py-12, name, 15, ink, start, "bold")
		c.line(cx-6, cy-6, cx+6, cy+6, ink, 2, "")
		c.line(cx-6, cy+6, cx+6, cy-6, ink, 2, "")
		c.text(cx, cy+22, "minimum", 12, muted, middle, "")
		x0, y0 := at(xu, xv)
		tu, tv := xu+mu, xv+mv // the momentum step's end: x_temp
		tx, ty := at(tu, tv)
		var gu, gv float64
		if k == 0 {
			gu, gv = grad(xu, xv)
		} else {
			gu, gv = grad(tu, tv)
		}
		nx, ny := at(xu+mu+gu, xv+mv+gv) // x_{t+1}
		c.arrow(x0, y0, tx, ty, blue, 2.4, "")
		if k == 0 {
			gx, gy := at(xu+gu, xv+gv)
			c.line(gx, gy, nx, ny, muted, 1, "4 3")
			c.line(tx, ty, nx, ny, muted, 1, "4 3")
			c.arrow(x0, y0, gx, gy, orange, 2.4, "")
			c.text(gx-12, gy-6, "−λ∇L(xₜ)", 14, orange, end, "")
			c.text((x0+tx)/2+10, (y0+ty)/2-8, "−η mₜ₋₁", 14, blue, start, "")
		} else {
			c.arrow(tx, ty, nx, ny, orange, 2.4, "")
			c.text(tx+10, ty+14, "−λ∇L(x_temp)", 14, orange, start, "")
			c.text((x0+tx)/2-8, (y0+ty)/2+16, "−η mₜ₋₁", 14, blue, end, "")
			c.circle(tx, ty, 5, "#ffffff", blue, 2)
			c.text(tx-8, ty+24, "look-ahead x_temp", 13, blue, end, "")
		}
		c.arrow(x0, y0, nx, ny, green, 2.6, "")
		c.circle(x0, y0, 5, ink, ink, 1)
		c.italic(x0-8, y0-8, "xₜ", 16, ink, end)
		c.circle(nx, ny, 5, green, green, 1)
		c.italic(nx+10, ny-8, "xₜ₊₁", 16, green, start)
	}
	const ly = 350.0
	legend := []struct{ col, text string }{
		{blue, "momentum step −η mₜ₋₁ (the same in both)"},
		{orange, "gradient step −λ∇L, taken at xₜ (Polyak) or at x_temp = xₜ − η mₜ₋₁ (Nesterov)"},
		{green, "resulting step −mₜ: xₜ₊₁ = xₜ − mₜ with mₜ = η mₜ₋₁ + λ∇L"},
	}
	for i, l := range legend {
		y := ly + float64(i)*24
		c.arrow(20, y, 58, y, l.col, 2.4, "")
		c.text(68, y+5, l.text, 14, ink, start, "")
	}
	return c.svg("polyak-nesterov.svg")
}

// residualBlock draws the residual block of He et al.: two weight layers
// F(x), the skip connection adding x, and the ReLU after the sum.
func residualBlock() string {
	c := newCanvas(780, 270, "A residual block: x goes through weight layer, ReLU, weight layer to F(x); the skip connection adds x; a ReLU follows")
	const y, bh = 160.0, 44.0
	boxes := []struct {
		x, w  float64
		label string
		fill  string
		col   string
	}{{95, 120, "weight layer", fillB, blue}, {245, 80, "ReLU", fillO, orange}, {355, 120, "weight layer", fillB, blue}, {585, 80, "ReLU", fillO, orange}}
	c.italic(45, y+7, "x", 22, ink, middle)
	c.arrow(58, y, 93, y, ink, 1.8, "")
	for i, b := range boxes {
		c.rect(b.x, y-bh/2, b.w, bh, 8, b.fill, b.col, 1.6)
		c.text(b.x+b.w/2, y+5, b.label, 14, ink, middle, "")
		if i < 2 {
			c.arrow(b.x+b.w, y, boxes[i+1].x-2, y, ink, 1.8, "")
		}
	}
	// the sum
	const sx = 530.0
	c.arrow(475, y, sx-18, y, ink, 1.8, "")
	c.circle(sx, y, 16, "#ffffff", ink, 1.8)
	c.text(sx, y+8, "+", 24, ink, middle, "bold")
	c.arrow(sx+16, y, 583, y, ink, 1.8, "")
	c.arrow(665, y, 700, y, ink, 1.8, "")
	c.italic(740, y+6, "out", 18, ink, middle)
	// the skip connection
	c.path(fmt.Sprintf("M45,%s V75 H%s V%s", num(y-16), num(sx), num(y-19)), green, 2.4, "", true)
	c.text(290, 68, "identity: x", 15, green, middle, "bold")
	// the gradient highway, backwards above it
	c.path(fmt.Sprintf("M%s,50 H70", num(sx-20)), orange, 1.8, "6 4", true)
	c.text(290, 40, "backward: ∂L/∂out reaches x through the skip unchanged", 13, orange, middle, "")
	// the bracket for F(x)
	c.path(fmt.Sprintf("M95,%s v8 H475 v-8", num(y+bh/2+8)), muted, 1.4, "", false)
	c.italic(285, y+bh/2+34, "F(x)", 16, ink, middle)
	c.italic(sx, y+44, "F(x) + x", 15, ink, middle)
	c.text(20, 256, "He et al. 2016. dl.Residual(inner) computes x + inner(x); notebook 06 uses inner = σ then Linear.", 13, muted, start, "")
	return c.svg("residual-block.svg")
}

// dropout draws notebook 08's idea: the full network next to one thinned
// network of a training step, with the dropped units crossed out.
func dropout() string {
	c := newCanvas(780, 350, "Dropout: the full network and one thinned network of a training step, with p = 0.4 of the hidden units dropped")
	sizes := []int{2, 5, 5, 2}
	dropped := map[[2]int]bool{{1, 1}: true, {1, 3}: true, {2, 0}: true, {2, 4}: true}
	const r = 14.0
	for k, title := range []string{"Full network (evaluation: nothing dropped)", "One thinned network (a training step, p = 0.4)"} {
		ox := 20 + float64(k)*390
		c.text(ox+175, 34, title, 14, ink, middle, "bold")
		pos := func(l, i int) (float64, float64) {
			x := ox + 45 + float64(l)*95
			y := 175 + (float64(i)-float64(sizes[l]-1)/2)*48
			return x, y
		}
		gone := func(l, i int) bool { return k == 1 && dropped[[2]int{l, i}] }
		for l := 0; l+1 < len(sizes); l++ {
			for i := range sizes[l] {
				for j := range sizes[l+1] {
					x1, y1 := pos(l, i)
					x2, y2 := pos(l+1, j)
					if gone(l, i) || gone(l+1, j) {
						continue
					}
					c.line(x1+r, y1, x2-r, y2, "#8c959f", 1, "")
				}
			}
		}
		for l, n := range sizes {
			for i := range n {
				x, y := pos(l, i)
				fill, stroke := fillN, ink
				switch {
				case l == 0:
					fill, stroke = fillB, blue
				case l == len(sizes)-1:
					fill, stroke = fillG, green
				}
				if gone(l, i) {
					c.circle(x, y, r, "#ffffff", "#8c959f", 1.2)
					c.line(x-10, y-10, x+10, y+10, red, 2.4, "")
					c.line(x-10, y+10, x+10, y-10, red, 2.4, "")
					continue
				}
				c.circle(x, y, r, fill, stroke, 1.5)
			}
		}
		labels := []string{"input", "hidden 1", "hidden 2", "output"}
		for l := range sizes {
			x, _ := pos(l, 0)
			c.text(x, 318, labels[l], 12, muted, middle, "")
		}
	}
	c.line(390, 50, 390, 300, faint, 1, "")
	c.text(600, 340, "survivors scaled by 1/(1 − p); a new mask every step", 13, red, middle, "")
	c.text(195, 340, "dl.Dropout(0.4) after each hidden layer", 13, muted, middle, "")
	return c.svg("dropout.svg")
}

// overview draws the lecture's "general overview" (the training loop) with
// the items of its checklist where they act, and the notebooks that teach
// each part.
func overview() string {
	c := newCanvas(900, 520, "Overview of the course: the training loop from data to optimizer step, with the checklist items of the lecture and the notebook of each part")
	type item struct {
		text string
		kind byte // 's' setting, 'd' design, 0 plain
	}
	const bw, bh = 200.0, 172.0
	box := func(x, y float64, title, nbs string, items ...item) {
		c.rect(x, y, bw, bh, 10, "#ffffff", ink, 1.5)
		c.text(x+12, y+24, title, 15, ink, start, "bold")
		c.text(x+12, y+44, "notebooks "+nbs, 12, muted, start, "")
		c.line(x+12, y+52, x+bw-12, y+52, faint, 1, "")
		for i, it := range items {
			col, weight := muted, ""
			switch it.kind {
			case 's':
				col, weight = blue, "bold"
			case 'd':
				col, weight = orange, "bold"
			}
			c.text(x+12, y+72+float64(i)*21, it.text, 13, col, start, weight)
		}
	}
	const top, bot = 20.0, 282.0
	box(20, top, "Data", "01, 08", item{"standardise (Scaler)", 0}, item{"data augmentation", 'd'}, item{"datasets.Moons, MNIST", 0})
	box(240, top, "Mini-batches", "02", item{"batch size ✓", 's'}, item{"epochs", 0}, item{"datasets.NewLoader", 0}, item{".BatchSize(64).Epochs(n)", 0})
	box(460, top, "Forward: model", "01, 03, 06, 07, 09", item{"layers / channels", 'd'}, item{"activations", 'd'}, item{"batch normalization ✓", 'd'}, item{"dropouts", 's'}, item{"initialisation", 0})
	box(680, top, "Loss", "01, 09", item{"loss functions", 'd'}, item{"softmax", 'd'}, item{"dl.CrossEntropy()", 0}, item{"dl.BCE()", 0})
	box(680, bot, "Backward", "03", item{"backpropagation", 0}, item{"the chain rule", 0}, item{"loss.Backward()", 0}, item{"dl.GradCheck", 0})
	box(460, bot, "Optimizer step", "04, 05, 08", item{"optimizers ✓", 's'}, item{"learning rate ✓", 's'}, item{"weight decay", 's'}, item{"dl.Momentum, dl.Adam, …", 0})
	box(240, bot, "Validate", "08, 10", item{"after each epoch:", 0}, item{"train vs validation loss", 0}, item{"overfitting?", 0}, item{"→ hyperparameters", 's'}, item{"History.Plot()", 0})
	box(20, bot, "Lab and beyond", "10, 12", item{"MNIST: loss and accuracy", 0}, item{"vs learning rate, batch", 0}, item{"size and optimizer;", 0}, item{"next: convolutions", 0})
	mid := top + bh/2
	c.arrow(220, mid, 238, mid, ink, 2, "")
	c.arrow(440, mid, 458, mid, ink, 2, "")
	c.arrow(660, mid, 678, mid, ink, 2, "")
	c.arrow(780, top+bh, 780, bot-2, ink, 2, "")
	mb := bot + bh/2
	c.arrow(680, mb, 662, mb, ink, 2, "")
	c.arrow(560, bot, 560, top+bh+2, ink, 2, "")
	c.text(568, (top+bh+bot)/2+5, "next batch", 13, ink, start, "bold")
	c.text(788, (top+bh+bot)/2+5, "loss", 13, ink, start, "")
	c.arrow(460, mb, 442, mb, muted, 1.6, "5 4")
	c.arrow(340, bot, 340, top+bh+2, muted, 1.6, "5 4")
	c.text(348, (top+bh+bot)/2+5, "next epoch", 13, muted, start, "")
	const ly = 482.0
	c.spans(20, ly, 13, span{"The lecture's checklist: ", ink, "bold"}, span{"settings", blue, "bold"}, span{" and ", ink, ""},
		span{"design", orange, "bold"}, span{" (✓ ticked on the slide), each in the box where it acts.", ink, ""})
	c.text(20, ly+22, "For each epoch, for each mini-batch: forward, loss, backward, step: dl.Train(model).Loss(…).Optimizer(…).Run()", 13, muted, start, "")
	return c.svg("overview.svg")
}

package dl

import (
	"math"
	"strings"
	"testing"
)

func TestGradientAccumulationAndZeroGrad(t *testing.T) {
	w := From([]float64{1, 2, 3}).RequiresGrad()
	loss := func() *Tensor { return w.Square().Sum() } // ∂/∂w = 2w
	l := loss()
	l.Backward()
	want := []float64{2, 4, 6}
	if !closeTo(w.Grad(), []int{3}, want) {
		t.Fatalf("grad after one Backward = %v, want %v", w.Grad(), want)
	}
	// Backward again through the same graph: leaf gradients add up, the
	// intermediate ones describe the latest pass only.
	l.Backward()
	if !closeTo(w.Grad(), []int{3}, []float64{4, 8, 12}) {
		t.Fatalf("grad after two Backward = %v, want doubled", w.Grad())
	}
	sq := l.Inputs()[0]
	if !closeTo(sq.Grad(), []int{3}, []float64{1, 1, 1}) {
		t.Errorf("intermediate grad = %v, want ones (not accumulated)", sq.Grad())
	}
	// A new graph also accumulates into the same leaf.
	loss().Backward()
	if !closeTo(w.Grad(), []int{3}, []float64{6, 12, 18}) {
		t.Fatalf("grad after a new graph = %v", w.Grad())
	}
	g := w.Grad()
	w.ZeroGrad()
	if !closeTo(g, []int{3}, []float64{0, 0, 0}) || w.Grad() != g {
		t.Fatalf("ZeroGrad must zero the gradient in place, got %v", w.Grad())
	}
	loss().Backward()
	if !closeTo(w.Grad(), []int{3}, want) {
		t.Fatalf("grad after ZeroGrad + Backward = %v", w.Grad())
	}
	// ZeroGrad on a tensor that never had a gradient is fine.
	Zeros(2).ZeroGrad()
}

func TestBackwardWithSeed(t *testing.T) {
	x := From([][]float64{{1, 2}, {3, 4}}).RequiresGrad()
	y := x.Mul(Scalar(3))
	y.BackwardWith(From([][]float64{{1, 0}, {0, 2}}))
	if !closeTo(x.Grad(), []int{2, 2}, []float64{3, 0, 0, 6}) {
		t.Fatalf("grad = %v", x.Grad())
	}
	x.ZeroGrad()
	x.Mul(Scalar(3)).BackwardWith(Scalar(2)) // a scalar seed broadcasts
	if !closeTo(x.Grad(), []int{2, 2}, []float64{6, 6, 6, 6}) {
		t.Fatalf("grad with scalar seed = %v", x.Grad())
	}
	// Backward on a leaf that requires a gradient: ∂x/∂x = 1.
	s := Scalar(5).RequiresGrad()
	s.Backward()
	if s.Grad().Item() != 1 {
		t.Errorf("leaf Backward grad = %v", s.Grad())
	}
}

func TestDetachAndNoGrad(t *testing.T) {
	w := From([]float64{1, 2}).RequiresGrad()
	d := w.Mul(Scalar(2)).Detach()
	if d.GradRequired() || !d.IsLeaf() || d.Op() != "" {
		t.Fatalf("Detach result: requires %v leaf %v op %q", d.GradRequired(), d.IsLeaf(), d.Op())
	}
	d.Data()[0] = 100 // a copy: must not change the graph
	y := w.Mul(d).Sum()
	y.Backward()
	if !closeTo(w.Grad(), []int{2}, []float64{100, 4}) {
		t.Fatalf("grad through detached factor = %v", w.Grad())
	}
	var inside *Tensor
	NoGrad(func() {
		NoGrad(func() {}) // nesting keeps it off
		inside = w.Mul(w).Add(Scalar(1))
	})
	if inside.GradRequired() || !inside.IsLeaf() || inside.Inputs() != nil {
		t.Fatalf("op inside NoGrad recorded a graph: %v", inside)
	}
	if !closeTo(inside, []int{2}, []float64{2, 5}) {
		t.Errorf("NoGrad changed the values: %v", inside)
	}
	after := w.Mul(w)
	if !after.GradRequired() || after.Op() != "Mul" {
		t.Errorf("recording did not resume after NoGrad")
	}
	// Comparisons and ArgMax never require gradients.
	if w.Gt(Scalar(1)).GradRequired() || w.Reshape(1, 2).ArgMax(1).GradRequired() {
		t.Errorf("masks must not require gradients")
	}
}

func TestGraphInspection(t *testing.T) {
	x := From([][]float64{{1, 2}}).Named("x")
	w := From([][]float64{{3}, {4}}).RequiresGrad().Named("w")
	b := Scalar(0.5).RequiresGrad().Named("b")
	y := x.MatMul(w).Add(b).Sigmoid().Named("y")
	if y.Op() != "Sigmoid" || y.IsLeaf() || !w.IsLeaf() || w.Op() != "" {
		t.Fatalf("Op/IsLeaf wrong: y %q %v, w %q %v", y.Op(), y.IsLeaf(), w.Op(), w.IsLeaf())
	}
	in := y.Inputs()
	if len(in) != 1 || in[0].Op() != "Add" || in[0].Inputs()[1] != b {
		t.Fatalf("Inputs() = %v", in)
	}
	g := y.Graph()
	ops := []string{}
	for _, n := range g.Nodes {
		ops = append(ops, n.Op+":"+n.Name)
	}
	wantOps := "[:x :w MatMul: :b Add: Sigmoid:y]"
	if got := strings.Join(strings.Fields(strings.Trim(strings.Join(ops, " "), " ")), " "); "["+got+"]" != wantOps {
		t.Errorf("nodes = %v, want %v", ops, wantOps)
	}
	wantEdges := [][2]int{{0, 2}, {1, 2}, {2, 4}, {3, 4}, {4, 5}}
	if len(g.Edges) != len(wantEdges) {
		t.Fatalf("edges = %v, want %v", g.Edges, wantEdges)
	}
	for i, e := range wantEdges {
		if g.Edges[i] != e {
			t.Errorf("edge %d = %v, want %v", i, g.Edges[i], e)
		}
	}
	if g.Nodes[2].Value[0] != 11 || !sameShape(g.Nodes[2].Shape, []int{1, 1}) || g.Nodes[5].Grad != nil {
		t.Errorf("node values before Backward: %+v", g.Nodes[2])
	}
	y.Sum().Backward()
	g = y.Graph()
	if g.Nodes[1].Grad == nil || g.Nodes[0].Grad != nil || g.Nodes[5].Grad[0] != 1 {
		t.Errorf("grads after Backward: w %v x %v y %v", g.Nodes[1].Grad, g.Nodes[0].Grad, g.Nodes[5].Grad)
	}
	s := g.String()
	for _, frag := range []string{"#0 leaf x 1×2", "#2 MatMul 1×1 ← #0, #1", "#5 Sigmoid y 1×1 ← #4 (grad)"} {
		if !strings.Contains(s, frag) {
			t.Errorf("Graph.String() = %q lacks %q", s, frag)
		}
	}
}

func TestRelease(t *testing.T) {
	rng := NewRNG(3)
	x := rng.Randn(32, 20)
	w := rng.Randn(20, 16).RequiresGrad()
	step := func() (float64, []float64) {
		w.ZeroGrad()
		h := x.MatMul(w).Tanh()
		loss := h.Square().Mean()
		loss.Backward()
		v := loss.Item()
		grad := append([]float64(nil), w.Grad().Data()...)
		loss.Release()
		if loss.Item() != v {
			t.Fatalf("Release changed the result's value")
		}
		if msg := panicMessage(func() { h.At(0, 0) }); !strings.Contains(msg, "freed by Release()") {
			t.Fatalf("reading a released intermediate: %q", msg)
		}
		if msg := panicMessage(func() { h.Add(h) }); !strings.Contains(msg, "Add: this tensor") {
			t.Fatalf("using a released intermediate in an op: %q", msg)
		}
		if msg := panicMessage(loss.Backward); !strings.Contains(msg, "freed by Release()") {
			t.Fatalf("Backward after Release: %q", msg)
		}
		return v, grad
	}
	v1, g1 := step()
	v2, g2 := step() // reuses pooled buffers: must give identical results
	if v1 != v2 || !closeTo(New(g2, len(g2)), []int{len(g1)}, g1) {
		t.Fatalf("results differ after buffer reuse: %v vs %v", v1, v2)
	}
	if x.At(0, 0) == 0 || w.Grad() == nil {
		t.Fatalf("leaves must survive Release")
	}
	// A graph that shares an intermediate with a released one explains itself.
	h := x.MatMul(w)
	l1, l2 := h.Sum(), h.Mean()
	l1.Release()
	if msg := panicMessage(l2.Backward); !strings.Contains(msg, "freed by Release()") {
		t.Fatalf("Backward through a shared released node: %q", msg)
	}
	// The kept result of a released graph, used in a new graph, survives
	// the release of that graph too.
	first := x.MatMul(w).Mean()
	first.Release()
	second := first.Mul(Scalar(2))
	second.Release()
	if first.Item() == 0 || second.Item() != 2*first.Item() {
		t.Fatalf("released results lost their values: %v %v", first, second)
	}
	// Release on a leaf or twice is harmless.
	w.Release()
	l1.Release()
	if w.IsLeaf() != true || w.At(0, 0) == 0 {
		t.Fatalf("Release on a leaf changed it")
	}
}

func TestString(t *testing.T) {
	w := From([][]float64{{1, 2}, {3, 4}}).RequiresGrad().Named("w")
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"scalar", Scalar(3.14159).String(), "tensor(3.1416)"},
		{"ints", From([]float64{1, 2, 3}).String(), "tensor([1., 2., 3.], shape=3)"},
		{"matrix", From([][]float64{{1.5, -2}, {3, 4}}).String(), "tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.0000]], shape=2×2)"},
		{"leaf", w.String(), "tensor([[1., 2.],\n        [3., 4.]], shape=2×2, name=w, requires_grad=true)"},
		{"grad_fn", w.Sum().String(), "tensor(10., grad_fn=Sum)"},
		{"sci", From([]float64{1e-6, 1}).String(), "tensor([1.0000e-06, 1.0000e+00], shape=2)"},
		{"nan", From([]float64{math.NaN(), 1}).String(), "tensor([nan,  1.], shape=2)"},
		{"3D", Arange(0, 4, 1).Reshape(2, 1, 2).String(), "tensor([[[0., 1.]],\n\n        [[2., 3.]]], shape=2×1×2)"},
		{"summary", Arange(0, 2000, 1).String(), "tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape=2000)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got\n%s\nwant\n%s", c.got, c.want)
			}
		})
	}
	big := Zeros(100, 100).String()
	if strings.Count(big, "\n") > 10 || !strings.Contains(big, "...") {
		t.Errorf("large matrix not summarised:\n%s", big)
	}
}

func TestHTML(t *testing.T) {
	w := From([][]float64{{1, 2}, {3, 4}}).RequiresGrad().Named("<w>")
	w.Sum().Backward()
	h := w.HTML()
	for _, frag := range []string{"&lt;w&gt;: tensor 2×2", "requires_grad", "<table", ">4.</td>", "grad"} {
		if !strings.Contains(h, frag) {
			t.Errorf("HTML lacks %q:\n%s", frag, h)
		}
	}
	big := Zeros(100, 100).HTML()
	if strings.Count(big, "<tr>") != 7 || !strings.Contains(big, "⋮") || !strings.Contains(big, "…") {
		t.Errorf("a 100×100 table should show 3+3 rows and columns around ⋮ and …")
	}
	if strings.Count(Zeros(2, 2, 3).HTML(), "<table") != 2 {
		t.Errorf("a 3-D tensor should render one table per matrix")
	}
}

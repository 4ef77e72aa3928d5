package dl

import (
	"testing"

	"github.com/dlfun/dlfun/dl/echarts"
)

// mlpLoss builds the backprop lesson's graph: a 2-layer MLP and its MSE
// loss, after a backward pass.
func mlpLoss() *Tensor {
	rng := NewRNG(1)
	x := rng.Randn(4, 3).Named("x")
	w1 := rng.Randn(3, 5).Named("w1").RequiresGrad()
	b1 := Zeros(5).Named("b1").RequiresGrad()
	w2 := rng.Randn(5, 1).Named("w2").RequiresGrad()
	b2 := Zeros(1).Named("b2").RequiresGrad()
	y := Ones(4, 1).Named("y")
	loss := x.MatMul(w1).Add(b1).Sigmoid().MatMul(w2).Add(b2).Sub(y).Square().Mean().Named("loss")
	loss.Backward()
	return loss
}

// graphNodes converts a tensor's graph as PlotGraph does.
func graphNodes(t *Tensor) ([]echarts.Node, [][2]int) {
	g := t.Graph()
	nodes := make([]echarts.Node, len(g.Nodes))
	for i, n := range g.Nodes {
		nodes[i] = echarts.Node{ID: n.ID, Op: n.Op, Name: n.Name, Shape: n.Shape, Value: n.Value, Grad: n.Grad}
	}
	return nodes, g.Edges
}

// chain builds a computation n ops deep: ((x·w)+b) then n−2 alternating
// Sigmoid/Tanh.
func chain(n int) *Tensor {
	x := Full(0.5, 2, 2).Named("x")
	h := x.MatMul(Eye(2).RequiresGrad()).Add(Ones(2).RequiresGrad())
	for i := 0; i < n-2; i++ {
		if i%2 == 0 {
			h = h.Sigmoid()
		} else {
			h = h.Tanh()
		}
	}
	return h.Sum()
}

func TestPlotGraphLayout(t *testing.T) {
	tests := []struct {
		name       string
		loss       *Tensor
		minDetail  int // label detail the layout must keep
		wantColumn map[string]int
	}{
		{"2-layer MLP", mlpLoss(), 1, nil},
		{"one neuron", func() *Tensor {
			w := Scalar(2).RequiresGrad().Named("w")
			return w.Mul(Scalar(3).Named("x")).Sigmoid().Named("loss")
		}(), 2, map[string]int{"w": 0, "x": 0, "Mul": 1, "Sigmoid loss": 2}},
		{"20 ops deep", chain(20), 0, nil},
		{"60 ops deep, wrapped into bands", chain(60), 0, nil},
		{"12-layer sigmoid MLP and its loss", deepMLPLoss(12), 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nodes, edges := graphNodes(tc.loss)
			l := echarts.LayoutGraph(nodes, edges)
			if l.Detail < tc.minDetail {
				t.Errorf("label detail %d, want at least %d", l.Detail, tc.minDetail)
			}
			if l.Width+l.BoxW > echarts.DesignWidth+1e-9 {
				t.Errorf("layout is %.0f px wide, more than the %d px it plans for", l.Width+l.BoxW, echarts.DesignWidth)
			}
			// No two boxes overlap (nor come closer than the gaps).
			for i, a := range l.Boxes {
				for _, b := range l.Boxes[i+1:] {
					dx, dy := abs(a.X-b.X), abs(a.Y-b.Y)
					if dx < l.BoxW+l.GapX-1e-9 && dy < l.BoxH+l.GapY-1e-9 {
						t.Errorf("boxes of nodes %d and %d overlap: centres (%.0f,%.0f) and (%.0f,%.0f), boxes %.0f×%.0f",
							a.ID, b.ID, a.X, a.Y, b.X, b.Y, l.BoxW, l.BoxH)
					}
				}
			}
			// Data flows left to right; a leaf sits one column left of its first consumer.
			col := map[int]int{}
			for _, b := range l.Boxes {
				col[b.ID] = b.Column
			}
			first := map[int]int{}
			for _, e := range edges {
				if col[e[0]] >= col[e[1]] {
					t.Errorf("edge %d→%d goes from column %d to %d", e[0], e[1], col[e[0]], col[e[1]])
				}
				if c, ok := first[e[0]]; !ok || col[e[1]] < c {
					first[e[0]] = col[e[1]]
				}
			}
			for _, n := range nodes {
				if n.Op == "" && col[n.ID] != first[n.ID]-1 {
					t.Errorf("leaf %q in column %d, its first consumer in %d", n.Name, col[n.ID], first[n.ID])
				}
				title := n.Op
				if title == "" {
					title = n.Name
				} else if n.Name != "" {
					title += " " + n.Name
				}
				if want, ok := tc.wantColumn[title]; ok && col[n.ID] != want {
					t.Errorf("%s in column %d, want %d", title, col[n.ID], want)
				}
			}
			// Deep graphs are wrapped into bands of readable boxes, each
			// band's columns in order from the left.
			columns, bands := 0, 0
			for _, b := range l.Boxes {
				columns, bands = max(columns, b.Column+1), max(bands, b.Band+1)
			}
			if columns > 25 && (bands < 2 || l.BoxW < 48) {
				t.Errorf("%d columns: %d bands, boxes %.0f px wide; want several bands of boxes at least 48 px wide", columns, bands, l.BoxW)
			}
			for _, a := range l.Boxes {
				for _, b := range l.Boxes {
					if a.Band == b.Band && a.Column < b.Column && a.X >= b.X {
						t.Fatalf("in band %d, column %d is drawn at x = %.0f, right of column %d at %.0f", a.Band, a.Column, a.X, b.Column, b.X)
					}
					if a.Band < b.Band && a.Y >= b.Y {
						t.Fatalf("band %d (a box at y = %.0f) is not above band %d (a box at y = %.0f)", a.Band, a.Y, b.Band, b.Y)
					}
				}
			}
			// The chart uses the layout and is tall enough for it.
			c := tc.loss.PlotGraph().Chart()
			s := c.Option()["series"].([]any)[0].(map[string]any)
			if c.Height() < int(l.Height+l.BoxH) {
				t.Errorf("chart height %d < layout height %.0f + box %.0f", c.Height(), l.Height, l.BoxH)
			}
			for i, d := range s["data"].([]any) {
				d := d.(map[string]any)
				if d["x"] != l.Boxes[i].X || d["y"] != l.Boxes[i].Y {
					t.Fatalf("node %v drawn at (%v,%v), layout says (%v,%v)", d["id"], d["x"], d["y"], l.Boxes[i].X, l.Boxes[i].Y)
				}
			}
		})
	}
}

// deepMLPLoss is notebook 06's deep sigmoid network: Linear(2, 8), then
// depth−1 × (Sigmoid, Linear(8, 8)), then the cross-entropy of a batch.
func deepMLPLoss(depth int) *Tensor {
	layers := []Module{Linear(2, 8)}
	for range depth - 1 {
		layers = append(layers, Sigmoid(), Linear(8, 8))
	}
	m := Sequential(layers...).Seed(1)
	x := NewRNG(2).Randn(4, 2)
	loss := CrossEntropy().Forward(m.Forward(x), New([]float64{0, 1, 2, 3}, 4))
	loss.Backward()
	return loss
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

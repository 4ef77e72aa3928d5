package dl

import (
	"fmt"
	"strings"
)

// Graph is a snapshot of the computation that produced a tensor: its nodes
// (tensors) in topological order (every node after its inputs, the root
// last) and the edges from each input to the op result that used it. It is
// what the backprop lesson draws.
type Graph struct {
	Nodes []GraphNode
	Edges [][2]int // {from, to}: node from is an input of the op that made node to
}

// GraphNode is one tensor of a Graph. Value and Grad are copies taken when
// Graph was called; Grad is nil if no backward pass reached the tensor.
type GraphNode struct {
	ID    int    // index in Graph.Nodes
	Op    string // op that made the tensor, "" for a leaf
	Name  string // the tensor's Name()
	Shape []int
	Value []float64
	Grad  []float64
}

// Graph returns the graph below t: every tensor that t was computed from,
// through recorded ops (see the package doc), including inputs that do not
// require a gradient such as data.
func (t *Tensor) Graph() *Graph {
	g := &Graph{}
	ids := map[*Tensor]int{}
	var visit func(n *Tensor) int
	visit = func(n *Tensor) int {
		if id, ok := ids[n]; ok {
			return id
		}
		in := make([]int, len(n.inputs))
		for i, x := range n.inputs {
			in[i] = visit(x)
		}
		id := len(g.Nodes)
		ids[n] = id
		node := GraphNode{ID: id, Op: n.Op(), Name: n.name, Shape: n.Shape()}
		if !n.released {
			node.Value = append([]float64(nil), n.data...)
		}
		if n.grad != nil {
			node.Grad = append([]float64(nil), n.grad.data...)
		}
		g.Nodes = append(g.Nodes, node)
		for _, from := range in {
			g.Edges = append(g.Edges, [2]int{from, id})
		}
		return id
	}
	visit(t)
	return g
}

// String lists the nodes, one per line, with their inputs:
//
//	#3 Add 2×1 ← #1, #2
func (g *Graph) String() string {
	inputs := make([][]string, len(g.Nodes))
	for _, e := range g.Edges {
		inputs[e[1]] = append(inputs[e[1]], fmt.Sprintf("#%d", e[0]))
	}
	var b strings.Builder
	for _, n := range g.Nodes {
		label := n.Op
		if label == "" {
			label = "leaf"
		}
		if n.Name != "" {
			label += " " + n.Name
		}
		fmt.Fprintf(&b, "#%d %s %s", n.ID, label, shapeStr(n.Shape))
		if len(inputs[n.ID]) > 0 {
			fmt.Fprintf(&b, " ← %s", strings.Join(inputs[n.ID], ", "))
		}
		if n.Grad != nil {
			b.WriteString(" (grad)")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

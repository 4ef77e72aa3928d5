package dl

import (
	"math"
	"sync/atomic"
)

// This file is the tape: how an op records itself (newOp, withBackward) and
// how Backward replays the records in reverse.

// noGradDepth counts the NoGrad calls currently running (process-wide).
var noGradDepth atomic.Int32

// checkNaN is the switch of SetCheckNaN.
var checkNaN atomic.Bool

// NoGrad runs f without recording any op: results made inside f do not
// require gradients, whatever their inputs. Use it for evaluation and for
// updates you do not want differentiated.
//
// NoGrad is process-wide (a depth counter, so calls nest): while f runs, no
// goroutine records ops. Library code (layers, losses, the trainer) never
// calls it; it is for notebook cells.
func NoGrad(f func()) {
	noGradDepth.Add(1)
	defer noGradDepth.Add(-1)
	f()
}

// SetCheckNaN switches NaN/Inf detection on or off (off by default). When
// on, every op checks its result and every backward step checks the
// gradients it produced, and the first op that produced a NaN or ±Inf
// panics with its name, e.g. "NaN check: Log produced -Inf ...". It costs
// one pass over every result, so switch it on while debugging.
func SetCheckNaN(on bool) { checkNaN.Store(on) }

// CheckNaN reports whether NaN/Inf detection is on (see SetCheckNaN).
func CheckNaN() bool { return checkNaN.Load() }

// newOp makes the output tensor of an op with a fresh (uninitialised)
// buffer. If recording is on and any input requires a gradient, the output
// requires one too and remembers op and inputs; the op then attaches its
// backward closure with withBackward.
func newOp(op string, shape []int, inputs ...*Tensor) *Tensor {
	requiresGrad := false
	for _, in := range inputs {
		in.mustBeLive(op)
		requiresGrad = requiresGrad || in.requiresGrad
	}
	if requiresGrad && noGradDepth.Load() > 0 {
		requiresGrad = false
	}
	out := newResult(requiresGrad, shape, inputs)
	out.op = op
	return out
}

// withBackward attaches backward to out if out is part of a graph (it is
// dropped otherwise) and returns out. With SetCheckNaN(true) it also checks
// the forward result.
func (out *Tensor) withBackward(backward func()) *Tensor {
	if out.requiresGrad {
		out.backward = backward
	}
	if checkNaN.Load() {
		if i := firstNonFinite(out.data); i >= 0 {
			panic(numericErrorf(out.op, "Look at", "NaN check: %s produced %v at flat index %d of its %s result (inputs: %s). Look at this op's inputs: e.g. Log of 0, Div by 0, Exp of a large number, or a learning rate that is too high",
				out.op, out.data[i], i, shapeStr(out.shape), inputShapes(out)))
		}
	}
	return out
}

// firstNonFinite returns the index of the first NaN or ±Inf in x, or -1.
func firstNonFinite(x []float64) int {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return i
		}
	}
	return -1
}

func inputShapes(t *Tensor) string {
	s := ""
	for i, in := range t.inputs {
		if i > 0 {
			s += ", "
		}
		s += shapeStr(in.shape)
	}
	if s == "" {
		return "not recorded"
	}
	return s
}

// gradData returns t's gradient buffer, creating a zero one on first use.
// Backward closures add into it (+=): that is how gradients from several
// uses of a tensor, and from several Backward calls, accumulate.
func (t *Tensor) gradData() []float64 {
	if t.grad == nil {
		t.grad = t.newGrad()
	}
	return t.grad.data
}

// RequiresGrad marks t as a leaf whose gradient Backward should compute
// (a parameter, or an input you want ∂L/∂x for) and returns t, so that it
// chains: w := dl.Randn(3, 1).RequiresGrad().
func (t *Tensor) RequiresGrad() *Tensor {
	t.requiresGrad = true
	return t
}

// GradRequired reports whether a gradient flows to t (PyTorch's
// t.requires_grad; RequiresGrad is the setter): t is a leaf marked
// with RequiresGrad, or the result of an op with such an input.
func (t *Tensor) GradRequired() bool { return t.requiresGrad }

// IsLeaf reports whether t was not made by a recorded op: tensors built by
// constructors, RequiresGrad leaves, and op results made without gradients
// (like in PyTorch, a tensor that does not require a gradient is a leaf).
func (t *Tensor) IsLeaf() bool {
	return !t.requiresGrad || (t.inputs == nil && !t.freed && !t.released)
}

// Op returns the name of the op that made t ("MatMul", "Add", ...), or ""
// for a leaf.
func (t *Tensor) Op() string {
	if t.IsLeaf() {
		return ""
	}
	return t.op
}

// Inputs returns the inputs of the op that made t (nil for a leaf), so the
// graph can be walked by hand: loss.Inputs()[0].Op().
func (t *Tensor) Inputs() []*Tensor { return append([]*Tensor(nil), t.inputs...) }

// ZeroGrad sets t's gradient to zero (in place, if there is one). Call it on
// every parameter between training steps, since Backward accumulates.
func (t *Tensor) ZeroGrad() {
	if t.grad != nil {
		clear(t.grad.data)
	}
}

// Detach returns a copy of t's values as a new leaf that does not require a
// gradient: gradients do not flow through it. (It copies because tensors in
// dl never share storage.)
func (t *Tensor) Detach() *Tensor {
	t.mustBeLive("Detach")
	return &Tensor{data: append([]float64(nil), t.data...), shape: append([]int{}, t.shape...), name: t.name}
}

// Backward computes the gradient of the scalar t with respect to every
// tensor in its graph that requires one, and adds it to their Grad():
//
//	leaf.Grad() += ∂t/∂leaf
//
// It is BackwardWith(dl.Scalar(1)) for a tensor with one element (a loss).
// Leaf gradients accumulate across calls (call ZeroGrad between steps);
// the gradients of intermediate results show the latest pass.
func (t *Tensor) Backward() {
	if len(t.data) != 1 {
		panic(errorf("Backward: called on a tensor of shape %s (%d elements); Backward() needs a scalar such as a loss. Reduce first (e.g. y.Sum().Backward() or y.Mean().Backward()), or pass the output gradient explicitly with BackwardWith(seed) where seed has shape %s",
			shapeStr(t.shape), len(t.data), shapeStr(t.shape)))
	}
	t.backwardWith("Backward", nil)
}

// BackwardWith runs the backward pass from t with an explicit output
// gradient seed = ∂L/∂t, which must have t's shape (a 1-element seed is
// also accepted and broadcast). Then every tensor x of the graph that
// requires a gradient receives x.Grad() += ∂L/∂x by the chain rule.
func (t *Tensor) BackwardWith(seed *Tensor) {
	if seed == nil {
		panic(errorf("BackwardWith: seed is nil; pass the gradient of the loss with respect to this %s tensor, e.g. dl.Ones(%s)", shapeStr(t.shape), shapeArgs(t.shape)))
	}
	if !sameShape(seed.shape, t.shape) && len(seed.data) != 1 {
		panic(errorf("BackwardWith: seed has shape %s but the tensor has shape %s; the seed is ∂L/∂t and must have the tensor's shape (or be a scalar)",
			shapeStr(seed.shape), shapeStr(t.shape)))
	}
	t.backwardWith("BackwardWith", seed)
}

func shapeArgs(shape []int) string {
	s := ""
	for i, d := range shape {
		if i > 0 {
			s += ", "
		}
		s += itoa(d)
	}
	return s
}

// backwardWith is the backward pass: a topological sort of the graph below
// t, then one loop in reverse order calling each op's backward closure.
func (t *Tensor) backwardWith(op string, seed *Tensor) {
	t.mustBeLive(op)
	if t.freed {
		panic(usageErrorf("%s: the graph below this tensor (made by %s) was freed by Release(); its intermediate results are gone, so there is nothing to go backward through. Recompute the forward pass (e.g. loss := model.Forward(x)...) and call %s on the new result",
			op, t.op, op))
	}
	if !t.requiresGrad {
		panic(usageErrorf("%s: this tensor (shape %s) does not require a gradient: no input of the ops that made it was marked with RequiresGrad() (or it was computed inside dl.NoGrad). Mark the parameters first, e.g. w := dl.Randn(3, 1).RequiresGrad(), then recompute the result",
			op, shapeStr(t.shape)))
	}
	order, buf := sortGraph(t)
	defer returnOrder(buf, order)
	for _, n := range order {
		if n.released || n.freed {
			panic(usageErrorf("%s: the graph reaches a tensor (%s, made by %s) whose graph was freed by Release(); recompute the forward pass before calling %s",
				op, shapeStr(n.shape), n.op, op))
		}
		// Intermediate gradients describe this pass only; leaves accumulate.
		if !n.IsLeaf() && n.grad != nil {
			clear(n.grad.data)
		}
	}
	g := t.gradData()
	switch {
	case seed == nil:
		g[0]++
	case len(seed.data) == 1:
		for i := range g {
			g[i] += seed.data[0]
		}
	default:
		for i, v := range seed.data {
			g[i] += v
		}
	}
	check := checkNaN.Load()
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if n.backward == nil || n.grad == nil {
			continue
		}
		n.backward()
		if check {
			for _, in := range n.inputs {
				if in.grad == nil {
					continue
				}
				if j := firstNonFinite(in.grad.data); j >= 0 {
					panic(numericErrorf(n.op, "The forward", "NaN check: the backward step of %s produced %v in the gradient of its %s input at flat index %d. The forward values were finite, so look for a derivative that blows up (e.g. Sqrt or Log near 0, Pow with a negative power, Div by a tiny number)",
						n.op, in.grad.data[j], shapeStr(in.shape), j))
				}
			}
		}
	}
}

// topoSort appends to order the op results of the graph below t that
// require a gradient, each after all of its inputs (t comes last), and
// returns it. Leaves are left out: they have no backward step and nothing
// of theirs is released.
//
// Each call takes a new number from visits and stamps it on the tensors it
// reaches (mark), so "already visited?" is one comparison, with no set to
// allocate; the caller lends a slice to append to (see sortGraph), so a
// training step sorts its graph without allocating.
func topoSort(t *Tensor, order []*Tensor) []*Tensor {
	return visit(t, visits.Add(1), order)
}

// visits numbers the calls of topoSort.
var visits atomic.Uint64

// visit is the depth-first walk of topoSort: inputs first, then n.
func visit(n *Tensor, mark uint64, order []*Tensor) []*Tensor {
	if n.mark == mark {
		return order
	}
	n.mark = mark
	for _, in := range n.inputs {
		if !in.IsLeaf() {
			order = visit(in, mark, order)
		}
	}
	return append(order, n)
}

// Release frees the graph below t for reuse: the storage (values and
// gradients) of every intermediate result is returned to an internal pool,
// keyed by size, where the next forward pass finds it. t itself keeps its
// value (so loss.Item() still works) but forgets its graph, and leaves
// (parameters, inputs, anything made by a constructor or with
// RequiresGrad) are never touched. The trainer calls it after each step.
//
// After Release, an intermediate tensor of that graph cannot be read any
// more (it panics with an explanation), slices obtained from its Data() or
// Grad() must not be used, and Backward through the graph panics; Clone what
// you want to keep first.
func (t *Tensor) Release() {
	if t.IsLeaf() || t.freed {
		return
	}
	order, buf := sortGraph(t)
	defer returnOrder(buf, order)
	for _, n := range order {
		if n == t || n.IsLeaf() || n.freed { // a freed root is a result someone holds
			continue
		}
		putBuf(n.data)
		if n.grad != nil {
			putBuf(n.grad.data)
			n.grad.data, n.grad.released = nil, true
		}
		n.data, n.grad, n.released = nil, nil, true
		n.inputs, n.backward = nil, nil
	}
	t.inputs, t.backward, t.freed = nil, nil, true
}

package dl

// Broadcasting follows NumPy's rules. Two shapes are aligned at their last
// dimension; walking left, each pair of dimensions must be equal or one of
// them must be 1 (a missing dimension counts as 1). The result takes the
// larger of each pair, and a size-1 dimension is repeated to fill it:
//
//	(3, 1) + (1, 4) → (3, 4)      (2, 3) + (3) → (2, 3)      () + (2, 2) → (2, 2)
//
// In the backward pass the rule runs in reverse: a gradient of the
// broadcast shape is summed over the repeated dimensions to get back to the
// input's shape (sumTo). Repeating a value k times means it influenced k
// outputs, so its gradient is the sum of theirs.

// broadcastShapes returns the broadcast shape of a and b, or panics with
// a message naming op and both shapes.
func broadcastShapes(op string, a, b []int) []int {
	if sameShape(a, b) {
		return a
	}
	n := max(len(a), len(b))
	var buf [8]int // most results fit here, and are one of a or b anyway
	out := buf[:0]
	if n > len(buf) {
		out = make([]int, n)
	}
	out = out[:n]
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db || db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			panic(errorf("%s: a is %s, b is %s: dimension %d (counting from the end) is %d in a and %d in b; shapes broadcast only where the sizes are equal or one is 1 (e.g. 3×4 with 4, 3×1 or 1×4). Reshape one of them, or check that you used the right tensor",
				op, shapeStr(a), shapeStr(b), i, da, db))
		}
	}
	switch { // return an existing shape when possible: no allocation
	case sameShape(out, a):
		return a
	case sameShape(out, b):
		return b
	}
	return append([]int(nil), out...)
}

// bcastKind classifies how a small shape broadcasts into a big one, to pick a
// fast loop.
type bcastKind int

const (
	bcSame    bcastKind = iota // same number of elements: element i ↔ i
	bcScalar                   // one element repeated everywhere
	bcSuffix                   // small = trailing dims of big: small repeats every len(small) elements (a bias row)
	bcPrefix                   // small = leading dims of big, 1s after: each small element repeats `inner` times (a column)
	bcGeneral                  // anything else: an offset per element
)

// classify returns how small (already broadcast-compatible with big)
// repeats inside big, and for bcPrefix the repeat count.
func classify(small, big []int) (bcastKind, int) {
	ns, nb := numel(small), numel(big)
	switch {
	case ns == nb:
		return bcSame, 0
	case ns == 1:
		return bcScalar, 0
	}
	off := len(big) - len(small)
	// Suffix: after dropping leading 1s, small equals the tail of big.
	i := 0
	for i < len(small) && small[i] == 1 {
		i++
	}
	suffix := true
	for j := i; j < len(small); j++ {
		if small[j] != big[off+j] {
			suffix = false
			break
		}
	}
	if suffix {
		return bcSuffix, 0
	}
	// Prefix: small's dims equal big's up to some k (after alignment), then 1s.
	k := 0
	for k < len(small) && small[k] == big[off+k] {
		k++
	}
	prefix := true
	for j := k; j < len(small); j++ {
		if small[j] != 1 {
			prefix = false
			break
		}
	}
	if prefix && allOnes(big[:off]) {
		return bcPrefix, nb / ns
	}
	return bcGeneral, 0
}

func allOnes(s []int) bool {
	for _, d := range s {
		if d != 1 {
			return false
		}
	}
	return true
}

// bcastOffsets returns, for every element of big (row-major), the offset of
// the element of small that broadcasting maps onto it.
func bcastOffsets(small, big []int) []int {
	nd := len(big)
	strides := make([]int, nd) // stride in small for each dim of big; 0 where repeated
	s := 1
	for i := 1; i <= len(small); i++ {
		d := small[len(small)-i]
		if d != 1 {
			strides[nd-i] = s
		}
		s *= d
	}
	return stridedOffsets(big, strides)
}

// stridedOffsets walks the elements of shape in row-major order, like an
// odometer, and returns for each the offset sum(idx[d]·strides[d]) in
// another tensor's storage.
func stridedOffsets(shape, strides []int) []int {
	nd := len(shape)
	offs := make([]int, numel(shape))
	idx := make([]int, nd)
	off := 0
	for i := range offs {
		offs[i] = off
		for d := nd - 1; d >= 0; d-- {
			idx[d]++
			off += strides[d]
			if idx[d] < shape[d] {
				break
			}
			off -= strides[d] * idx[d]
			idx[d] = 0
		}
	}
	return offs
}

// expandInto writes src (shape small) broadcast to shape big into dst.
func expandInto(dst, src []float64, small, big []int) {
	kind, inner := classify(small, big)
	switch kind {
	case bcSame:
		copy(dst, src)
	case bcScalar:
		v := src[0]
		for i := range dst {
			dst[i] = v
		}
	case bcSuffix:
		for r := 0; r < len(dst); r += len(src) {
			copy(dst[r:r+len(src)], src)
		}
	case bcPrefix:
		for i, v := range src {
			row := dst[i*inner : (i+1)*inner]
			for j := range row {
				row[j] = v
			}
		}
	default:
		for i, o := range bcastOffsets(small, big) {
			dst[i] = src[o]
		}
	}
}

// expanded returns t's values broadcast to shape big: t's own storage when
// no broadcasting is needed, otherwise a temporary buffer (release it with
// dropTemp(buf, t)).
func expanded(t *Tensor, big []int) []float64 {
	if len(t.data) == numel(big) {
		return t.data
	}
	buf := newBuf(numel(big))
	expandInto(buf, t.data, t.shape, big)
	return buf
}

// dropTemp recycles buf if it is a temporary made by expanded for t.
func dropTemp(buf []float64, t *Tensor) {
	if len(buf) > 0 && len(t.data) > 0 && &buf[0] != &t.data[0] {
		putBuf(buf)
	}
}

// sumInto adds src (shape big) into dst (shape small), summing over the
// broadcast dimensions: dst[j] += Σ_{i ↦ j} src[i]. It is the adjoint of
// expandInto, used by every backward pass that broadcasts.
func sumInto(dst, src []float64, small, big []int) {
	kind, inner := classify(small, big)
	switch kind {
	case bcSame:
		for i, v := range src {
			dst[i] += v
		}
	case bcScalar:
		s := 0.0
		for _, v := range src {
			s += v
		}
		dst[0] += s
	case bcSuffix:
		for r := 0; r < len(src); r += len(dst) {
			row := src[r : r+len(dst)]
			for j, v := range row {
				dst[j] += v
			}
		}
	case bcPrefix:
		for i := range dst {
			s := 0.0
			for _, v := range src[i*inner : (i+1)*inner] {
				s += v
			}
			dst[i] += s
		}
	default:
		for i, o := range bcastOffsets(small, big) {
			dst[o] += src[i]
		}
	}
}

// binary is the forward of an elementwise op with two inputs: it broadcasts
// a and b to a common shape and runs kernel over slices of equal length
// (out[i] = f(x[i], y[i])), so the kernel is a plain tight loop.
//
// Fast paths avoid materialising the broadcast input: a scalar is fed to the
// kernel as chunks of a small constant buffer, and a repeated row (a bias)
// is fed row by row. Anything else is expanded into a temporary first.
func binary(op string, a, b *Tensor, kernel func(out, x, y []float64)) *Tensor {
	shape := broadcastShapes(op, a.shape, b.shape)
	out := newOp(op, shape, a, b)
	n, na, nb := len(out.data), len(a.data), len(b.data)
	switch {
	case na == n && nb == n:
		kernel(out.data, a.data, b.data)
	case na == n && nb == 1:
		c := constant(b.data[0], n)
		for lo := 0; lo < n; lo += len(c) {
			hi := min(lo+len(c), n)
			kernel(out.data[lo:hi], a.data[lo:hi], c[:hi-lo])
		}
		putBuf(c)
	case na == 1 && nb == n:
		c := constant(a.data[0], n)
		for lo := 0; lo < n; lo += len(c) {
			hi := min(lo+len(c), n)
			kernel(out.data[lo:hi], c[:hi-lo], b.data[lo:hi])
		}
		putBuf(c)
	case na == n && nb >= minRow && isSuffix(b.shape, shape):
		for r := 0; r < n; r += nb {
			kernel(out.data[r:r+nb], a.data[r:r+nb], b.data)
		}
	case nb == n && na >= minRow && isSuffix(a.shape, shape):
		for r := 0; r < n; r += na {
			kernel(out.data[r:r+na], a.data, b.data[r:r+na])
		}
	default:
		x, y := expanded(a, shape), expanded(b, shape)
		kernel(out.data, x, y)
		dropTemp(x, a)
		dropTemp(y, b)
	}
	return out
}

// minRow is the shortest repeated row worth a kernel call per row.
const minRow = 16

// constChunk is the longest buffer constant makes.
const constChunk = 64

// constant returns a pooled buffer of min(n, constChunk) copies of v (give
// it back with putBuf): a broadcast scalar is fed to a kernel chunk by
// chunk, without an n-sized temporary.
func constant(v float64, n int) []float64 {
	c := newBuf(min(n, constChunk))
	for i := range c {
		c[i] = v
	}
	return c
}

func isSuffix(small, big []int) bool {
	k, _ := classify(small, big)
	return k == bcSuffix
}

// backpropTo adds the gradient of input t (which was broadcast to out's
// shape) into t.grad. local receives an out-shaped buffer dst and must add
// into it: dst[i] += g[i]·∂out[i]/∂t[i]. When t was broadcast, dst is a
// zeroed temporary that is then summed over the repeated dimensions.
func backpropTo(t, out *Tensor, local func(dst []float64)) {
	if !t.requiresGrad {
		return
	}
	g := t.gradData()
	if len(g) == len(out.data) {
		local(g)
		return
	}
	tmp := newZeroBuf(len(out.data))
	local(tmp)
	sumInto(g, tmp, t.shape, out.shape)
	putBuf(tmp)
}

// addExpanded adds src (shape small) broadcast to shape big into dst:
// dst[i] += src[j] for every i that j repeats onto. Reductions use it in
// their backward pass (the gradient of a sum is copied to every term).
func addExpanded(dst, src []float64, small, big []int) {
	kind, inner := classify(small, big)
	switch kind {
	case bcSame:
		addTo(dst, src)
	case bcScalar:
		v := src[0]
		for i := range dst {
			dst[i] += v
		}
	case bcSuffix:
		for r := 0; r < len(dst); r += len(src) {
			addTo(dst[r:r+len(src)], src)
		}
	case bcPrefix:
		for i, v := range src {
			row := dst[i*inner : (i+1)*inner]
			for j := range row {
				row[j] += v
			}
		}
	default:
		for i, o := range bcastOffsets(small, big) {
			dst[i] += src[o]
		}
	}
}

// backpropSum adds g (out-shaped) into t.grad, summed over the dimensions
// along which t was broadcast: the backward of an op whose local derivative
// is 1, like Add.
func backpropSum(t, out *Tensor, g []float64) {
	if t.requiresGrad {
		sumInto(t.gradData(), g, t.shape, out.shape)
	}
}

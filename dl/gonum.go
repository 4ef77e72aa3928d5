package dl

import "gonum.org/v1/gonum/mat"

// Tensors and gonum. gonum (gonum.org/v1/gonum/mat) is Go's library for
// linear algebra: decompositions, solvers, eigenvalues. A tensor moves to
// gonum and back in one call, so that a notebook can use both:
//
//	var w mat.VecDense
//	err := w.SolveVec(X.Dense(), y.VecDense()) // least squares with gonum
//	fmt.Println(dl.FromVecDense(&w))           // the solution as a tensor
//
// Every conversion copies the numbers: a tensor owns its storage (see
// Tensor), and so does a gonum matrix, so changing one never changes the
// other. The copy is a single pass, cheap next to anything gonum computes.

// FromDense returns a new r×c tensor holding the values of the r×c matrix
// m. PyTorch: torch.from_numpy(a.copy()).
func FromDense(m *mat.Dense) *Tensor {
	r, c := m.Dims()
	t := Zeros(r, c)
	for i := range r {
		mat.Row(t.data[i*c:(i+1)*c], i, m)
	}
	return t
}

// Dense returns a new gonum matrix holding the values of the 2-D tensor t
// (a vector: reshape it first, v.Reshape(-1, 1) for a column).
func (t *Tensor) Dense() *mat.Dense {
	t.mustBeLive("Dense")
	if len(t.shape) != 2 {
		panic(errorf("Dense: t is %s; a gonum matrix needs 2 dimensions (make a vector a column with v.Reshape(-1, 1), or use VecDense)", shapeStr(t.shape)))
	}
	if len(t.data) == 0 {
		panic(errorf("Dense: t is %s; gonum has no empty matrices", shapeStr(t.shape)))
	}
	return mat.NewDense(t.shape[0], t.shape[1], append([]float64(nil), t.data...))
}

// FromVecDense returns a new vector (a 1-D tensor) holding the values of
// the gonum vector v.
func FromVecDense(v *mat.VecDense) *Tensor {
	t := Zeros(v.Len())
	for i := range t.data {
		t.data[i] = v.AtVec(i)
	}
	return t
}

// VecDense returns a new gonum vector holding the values of the vector t
// (a 1-D tensor; flatten others first with Flatten()).
func (t *Tensor) VecDense() *mat.VecDense {
	t.mustBeLive("VecDense")
	if len(t.shape) != 1 {
		panic(errorf("VecDense: t is %s; a gonum vector needs 1 dimension (call Flatten() first, or use Dense for a matrix)", shapeStr(t.shape)))
	}
	if len(t.data) == 0 {
		panic(errorf("VecDense: t is %s; gonum has no empty vectors", shapeStr(t.shape)))
	}
	return mat.NewVecDense(len(t.data), append([]float64(nil), t.data...))
}

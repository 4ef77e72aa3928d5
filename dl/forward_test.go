package dl

import (
	"math"
	"strings"
	"testing"
)

// close reports whether got has the wanted shape and values (within 1e-12
// relative, or exactly for non-finite values).
func closeTo(got *Tensor, shape []int, want []float64) bool {
	if !sameShape(got.shape, shape) || len(got.data) != len(want) {
		return false
	}
	for i, w := range want {
		g := got.data[i]
		if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && math.Abs(g-w) > 1e-12*max(1, math.Abs(w))) {
			return false
		}
	}
	return true
}

func TestForwardValues(t *testing.T) {
	a := From([][]float64{{1, 2, 3}, {4, 5, 6}})
	col := From([][]float64{{10}, {20}})
	row := From([]float64{1, 0, -1})
	e := math.E
	s1 := 1 / (1 + math.Exp(-1))
	cases := []struct {
		name  string
		got   *Tensor
		shape []int
		want  []float64
	}{
		{"Add same", a.Add(a), []int{2, 3}, []float64{2, 4, 6, 8, 10, 12}},
		{"Add column", a.Add(col), []int{2, 3}, []float64{11, 12, 13, 24, 25, 26}},
		{"Add row", a.Add(row), []int{2, 3}, []float64{2, 2, 2, 5, 5, 5}},
		{"Add outer", col.Add(row), []int{2, 3}, []float64{11, 10, 9, 21, 20, 19}},
		{"Add scalar", a.Add(Scalar(1)), []int{2, 3}, []float64{2, 3, 4, 5, 6, 7}},
		{"Sub scalar first", Scalar(1).Sub(a), []int{2, 3}, []float64{0, -1, -2, -3, -4, -5}},
		{"Mul row", a.Mul(row), []int{2, 3}, []float64{1, 0, -3, 4, 0, -6}},
		{"Div", a.Div(Scalar(2)), []int{2, 3}, []float64{0.5, 1, 1.5, 2, 2.5, 3}},
		{"Add 3D general", Ones(2, 1, 3).Add(From([][]float64{{0}, {1}})), []int{2, 2, 3}, []float64{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}},
		{"Neg", row.Neg(), []int{3}, []float64{-1, 0, 1}},
		{"Pow", row.Pow(2), []int{3}, []float64{1, 0, 1}},
		{"Square", a.Square().Slice(0, 1, 2), []int{1, 3}, []float64{16, 25, 36}},
		{"Sqrt", From([]float64{4, 9}).Sqrt(), []int{2}, []float64{2, 3}},
		{"Exp", From([]float64{0, 1}).Exp(), []int{2}, []float64{1, e}},
		{"Log", From([]float64{1, e, 0}).Log(), []int{3}, []float64{0, 1, math.Inf(-1)}},
		{"Abs", row.Abs(), []int{3}, []float64{1, 0, 1}},
		{"Clamp", a.Clamp(2, 4), []int{2, 3}, []float64{2, 2, 3, 4, 4, 4}},
		{"Gt", a.Gt(Scalar(3)), []int{2, 3}, []float64{0, 0, 0, 1, 1, 1}},
		{"Ge", a.Ge(Scalar(3)), []int{2, 3}, []float64{0, 0, 1, 1, 1, 1}},
		{"Lt", row.Lt(Scalar(0)), []int{3}, []float64{0, 0, 1}},
		{"Le", row.Le(Scalar(0)), []int{3}, []float64{0, 1, 1}},
		{"Eq", row.Eq(From([]float64{1, 1, 1})), []int{3}, []float64{1, 0, 0}},
		{"Where", Where(row.Gt(Scalar(0)), row, Scalar(7)), []int{3}, []float64{1, 7, 7}},
		{"MatMul", a.MatMul(From([][]float64{{1}, {0}, {2}})), []int{2, 1}, []float64{7, 16}},
		{"MatMul batched", Ones(2, 1, 3).MatMul(a.T()), []int{2, 1, 2}, []float64{6, 15, 6, 15}},
		{"T", a.T(), []int{3, 2}, []float64{1, 4, 2, 5, 3, 6}},
		{"Transpose 3D", Arange(0, 6, 1).Reshape(1, 2, 3).Transpose(0, 2), []int{3, 2, 1}, []float64{0, 3, 1, 4, 2, 5}},
		{"Reshape -1", a.Reshape(-1, 2), []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}},
		{"Flatten", a.Flatten(), []int{6}, []float64{1, 2, 3, 4, 5, 6}},
		{"Slice", a.Slice(1, 1, 3), []int{2, 2}, []float64{2, 3, 5, 6}},
		{"Rows", a.Rows([]int{1, 1, 0}), []int{3, 3}, []float64{4, 5, 6, 4, 5, 6, 1, 2, 3}},
		{"Concat 0", Concat(0, a, row.Reshape(1, 3)), []int{3, 3}, []float64{1, 2, 3, 4, 5, 6, 1, 0, -1}},
		{"Concat 1", Concat(1, a, col), []int{2, 4}, []float64{1, 2, 3, 10, 4, 5, 6, 20}},
		{"Sum all", a.Sum(), []int{}, []float64{21}},
		{"Sum 0", a.Sum(0), []int{3}, []float64{5, 7, 9}},
		{"Sum 1", a.Sum(1), []int{2}, []float64{6, 15}},
		{"SumKeep 1", a.SumKeep(1), []int{2, 1}, []float64{6, 15}},
		{"SumKeep all", a.SumKeep(), []int{1, 1}, []float64{21}},
		{"Sum 3D axes", Arange(0, 8, 1).Reshape(2, 2, 2).Sum(0, 2), []int{2}, []float64{0 + 1 + 4 + 5, 2 + 3 + 6 + 7}},
		{"Mean", a.Mean(0), []int{3}, []float64{2.5, 3.5, 4.5}},
		{"MeanKeep -1", a.MeanKeep(-1), []int{2, 1}, []float64{2, 5}},
		{"Var", a.Var(1), []int{2}, []float64{2.0 / 3, 2.0 / 3}},
		{"VarKeep 0", a.VarKeep(0), []int{1, 3}, []float64{2.25, 2.25, 2.25}},
		{"Max", a.Max(), []int{}, []float64{6}},
		{"Max 0", From([][]float64{{1, 9}, {5, 2}}).Max(0), []int{2}, []float64{5, 9}},
		{"MinKeep 1", From([][]float64{{1, 9}, {5, 2}}).MinKeep(1), []int{2, 1}, []float64{1, 2}},
		{"ArgMax 1", From([][]float64{{1, 9, 3}, {7, 2, 7}}).ArgMax(1), []int{2}, []float64{1, 0}},
		{"ArgMax 0", From([][]float64{{1, 9, 3}, {7, 2, 7}}).ArgMax(0), []int{3}, []float64{1, 0, 1}},
		{"Sigmoid", From([]float64{0, 1, -1}).Sigmoid(), []int{3}, []float64{0.5, s1, 1 - s1}},
		{"Sigmoid extreme", From([]float64{-1000, 1000}).Sigmoid(), []int{2}, []float64{0, 1}},
		{"Tanh", From([]float64{0, 1}).Tanh(), []int{2}, []float64{0, math.Tanh(1)}},
		{"ReLU", row.ReLU(), []int{3}, []float64{1, 0, 0}},
		{"LeakyReLU", row.LeakyReLU(0.1), []int{3}, []float64{1, 0, -0.1}},
		{"ELU", row.ELU(2), []int{3}, []float64{1, 0, 2 * (math.Exp(-1) - 1)}},
		{"Softmax", From([]float64{0, math.Log(3)}).Softmax(0), []int{2}, []float64{0.25, 0.75}},
		{"Softmax stable", From([][]float64{{1000, 1000}, {0, 0}}).Softmax(1), []int{2, 2}, []float64{0.5, 0.5, 0.5, 0.5}},
		{"Softmax axis 0", From([][]float64{{0, 5}, {0, 5}}).Softmax(0), []int{2, 2}, []float64{0.5, 0.5, 0.5, 0.5}},
		{"LogSoftmax stable", From([]float64{1000, 1000}).LogSoftmax(-1), []int{2}, []float64{-math.Ln2, -math.Ln2}},
		{"Maxout", From([]float64{1, 5, 3, 2, 4, 6}).Maxout(2), []int{3}, []float64{2, 5, 6}},
		{"Maxout 3 pieces", From([][]float64{{1, 2, 9, 0, 3, 1}}).Maxout(3), []int{1, 2}, []float64{9, 2}},
	}
	// Fast paths of binary (long rows, chunked scalars) against the general
	// expand-then-loop path, which the 3-D case above checks by hand.
	long := Arange(0, 150, 1)
	row30 := Arange(0, 30, 1)
	m := long.Reshape(5, 30)
	for i, v := range m.Sub(row30).Data() {
		if want := float64(i - i%30); v != want {
			t.Fatalf("Sub with a 30-long row: element %d = %v, want %v", i, v, want)
		}
	}
	for i, v := range Scalar(1).Sub(long).Data() {
		if want := 1 - float64(i); v != want {
			t.Fatalf("scalar − 150 values: element %d = %v, want %v", i, v, want)
		}
	}
	for i, v := range long.Div(Scalar(2)).Data() {
		if want := float64(i) / 2; v != want {
			t.Fatalf("150 values / scalar: element %d = %v, want %v", i, v, want)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !closeTo(c.got, c.shape, c.want) {
				t.Errorf("got %v (shape %v), want shape %v values %v", c.got, c.got.shape, c.shape, c.want)
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	cases := []struct {
		name  string
		got   *Tensor
		shape []int
		want  []float64
	}{
		{"New", New([]float64{1, 2, 3, 4, 5, 6}, 3, 2), []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}},
		{"New scalar", New([]float64{7}), []int{}, []float64{7}},
		{"From scalar", From(2.5), []int{}, []float64{2.5}},
		{"From 1D", From([]float64{1, 2}), []int{2}, []float64{1, 2}},
		{"From 2D", From([][]float64{{1, 2}, {3, 4}, {5, 6}}), []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}},
		{"From 3D", From([][][]float64{{{1}, {2}}, {{3}, {4}}}), []int{2, 2, 1}, []float64{1, 2, 3, 4}},
		{"From 4D", From([][][][]float64{{{{1, 2}}}, {{{3, 4}}}}), []int{2, 1, 1, 2}, []float64{1, 2, 3, 4}},
		{"From empty", From([][]float64{}), []int{0, 0}, []float64{}},
		{"Scalar", Scalar(3), []int{}, []float64{3}},
		{"Zeros", Zeros(2, 2), []int{2, 2}, []float64{0, 0, 0, 0}},
		{"Ones", Ones(3), []int{3}, []float64{1, 1, 1}},
		{"Full", Full(4, 1, 2), []int{1, 2}, []float64{4, 4}},
		{"Arange", Arange(0, 1, 0.25), []int{4}, []float64{0, 0.25, 0.5, 0.75}},
		{"Arange down", Arange(3, 0, -1), []int{3}, []float64{3, 2, 1}},
		{"Arange empty", Arange(3, 0, 1), []int{0}, []float64{}},
		{"Linspace", Linspace(0, 1, 5), []int{5}, []float64{0, 0.25, 0.5, 0.75, 1}},
		{"Linspace 1", Linspace(2, 3, 1), []int{1}, []float64{2}},
		{"Eye", Eye(2), []int{2, 2}, []float64{1, 0, 0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !closeTo(c.got, c.shape, c.want) {
				t.Errorf("got %v shape %v, want shape %v values %v", c.got, c.got.shape, c.shape, c.want)
			}
		})
	}
	// From copies; New takes ownership.
	src := []float64{1, 2}
	f, n := From(src), New(src, 2)
	src[0] = 9
	if f.At(0) != 1 || n.At(0) != 9 {
		t.Errorf("From must copy (got %v) and New must share (got %v)", f.At(0), n.At(0))
	}
}

func TestAccessors(t *testing.T) {
	a := From([][][]float64{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}})
	if a.NDim() != 3 || a.Size() != 8 || !sameShape(a.Shape(), []int{2, 2, 2}) {
		t.Fatalf("NDim/Size/Shape = %d/%d/%v", a.NDim(), a.Size(), a.Shape())
	}
	a.Shape()[0] = 99 // Shape returns a copy
	if a.shape[0] != 2 {
		t.Errorf("Shape() returned the live slice")
	}
	if got := a.At(1, 0, 1); got != 6 {
		t.Errorf("At(1,0,1) = %v, want 6", got)
	}
	a.Set(-1, 0, 1, 1)
	if a.Data()[3] != -1 {
		t.Errorf("Set did not write row-major offset 3: %v", a.Data())
	}
	if got := Scalar(4).Item(); got != 4 {
		t.Errorf("Item = %v", got)
	}
	if got := Scalar(4).At(); got != 4 {
		t.Errorf("At() on scalar = %v", got)
	}
	c := a.Named("a").Clone()
	c.Data()[0] = 100
	if a.At(0, 0, 0) != 1 || c.Name() != "a" {
		t.Errorf("Clone must copy values and keep the name")
	}
}

func TestRNGAndInit(t *testing.T) {
	a, b := NewRNG(5).Randn(3, 4), NewRNG(5).Randn(3, 4)
	if !closeTo(a, b.shape, b.data) {
		t.Fatalf("same seed gave different values")
	}
	if c := NewRNG(6).Randn(3, 4); closeTo(c, a.shape, a.data) {
		t.Fatalf("different seeds gave the same values")
	}
	d1, d2 := NewRNG(DefaultSeed).Rand(4), NewRNG(DefaultSeed).Rand(4)
	if !closeTo(d1, d2.shape, d2.data) {
		t.Fatalf("DefaultSeed is not reproducible")
	}
	// Statistics of large draws: mean and spread match the formulas.
	const n = 20000
	stat := func(x *Tensor) (mean, std, lo, hi float64) {
		mean = x.Mean().Item()
		std = math.Sqrt(x.Var().Item())
		return mean, std, x.Min().Item(), x.Max().Item()
	}
	cases := []struct {
		name              string
		x                 *Tensor
		mean, std, bound  float64 // bound > 0: values must lie in [-bound, bound] (or [0,1) for Rand)
		uniformLo, unifHi float64
	}{
		{"Rand", NewRNG(1).Rand(n), 0.5, math.Sqrt(1.0 / 12), 0, 0, 1},
		{"Uniform", NewRNG(2).Uniform(-2, 4, n), 1, 6 / math.Sqrt(12), 0, -2, 4},
		{"Normal", NewRNG(3).Normal(3, 2, n), 3, 2, 0, 0, 0},
		{"XavierUniform", XavierUniform(NewRNG(4), 100, 50, n), 0, math.Sqrt(6.0/150) / math.Sqrt(3), 0, -math.Sqrt(6.0 / 150), math.Sqrt(6.0 / 150)},
		{"XavierNormal", XavierNormal(NewRNG(5), 100, 50, n), 0, math.Sqrt(2.0 / 150), 0, 0, 0},
		{"KaimingUniform", KaimingUniform(NewRNG(6), 64, n), 0, math.Sqrt(2.0 / 64), 0, -math.Sqrt(6.0 / 64), math.Sqrt(6.0 / 64)},
		{"KaimingNormal", KaimingNormal(NewRNG(7), 64, n), 0, math.Sqrt(2.0 / 64), 0, 0, 0},
		{"NormalInit", Linear(100, n/100).Init(NormalInit(0.01)).Weight, 0, 0.01, 0, 0, 0},
		{"UniformInit", Linear(100, n/100).Init(UniformInit(0.5)).Weight, 0, 1 / math.Sqrt(12), 0, -0.5, 0.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mean, std, lo, hi := stat(c.x)
			if math.Abs(mean-c.mean) > 0.05*max(c.std, 0.1) || math.Abs(std-c.std) > 0.03*c.std {
				t.Errorf("mean %.4f std %.4f, want %.4f and %.4f", mean, std, c.mean, c.std)
			}
			if c.uniformLo != 0 || c.unifHi != 0 {
				if lo < c.uniformLo || hi >= c.unifHi {
					t.Errorf("range [%v, %v] outside [%v, %v)", lo, hi, c.uniformLo, c.unifHi)
				}
			}
		})
	}
	if DefaultRNG() != DefaultRNG() || DefaultRNG() == nil {
		t.Errorf("DefaultRNG must return the one default generator")
	}
	p := NewRNG(1).Perm(5)
	seen := map[int]bool{}
	for _, v := range p {
		seen[v] = true
	}
	if len(seen) != 5 {
		t.Errorf("Perm(5) = %v is not a permutation", p)
	}
}

func TestTensorDataset(t *testing.T) {
	x := From([][]float64{{1, 2}, {3, 4}, {5, 6}})
	y := From([]float64{0, 1, 2})
	d := TensorDataset(x, y)
	if d.Len() != 3 || !sameShape(d.SampleShape(), []int{2}) || len(d.TargetShape()) != 0 {
		t.Fatalf("Len %d SampleShape %v TargetShape %v", d.Len(), d.SampleShape(), d.TargetShape())
	}
	bx, by := make([]float64, 4), make([]float64, 2)
	d.Gather([]int{2, 0}, bx, by)
	if !closeTo(New(bx, 4), []int{4}, []float64{5, 6, 1, 2}) || !closeTo(New(by, 2), []int{2}, []float64{2, 0}) {
		t.Errorf("Gather got x %v y %v", bx, by)
	}
}

// TestInitSchemes checks the fixed-spread schemes' names, that the bias
// starts at zero and that bad spreads are refused with a message.
func TestInitSchemes(t *testing.T) {
	l := Linear(3, 2).Init(NormalInit(0.01))
	if got, want := l.String(), "Linear(3 → 2, init=N(0, 0.01²))"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := Linear(3, 2).Init(UniformInit(0.05)).String(), "Linear(3 → 2, init=U[−0.05, 0.05])"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, b := range l.Bias.Data() {
		if b != 0 {
			t.Fatalf("bias %v after Init, want zeros", l.Bias.Data())
		}
	}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"negative std", func() { NormalInit(-1) }, "finite number ≥ 0"},
		{"NaN half-width", func() { UniformInit(math.NaN()) }, "finite number ≥ 0"},
		{"empty scheme", func() { Linear(2, 2).Init(InitScheme{}) }, "dl.NormalInit(std)"},
		{"not a scheme", func() { Linear(2, 2).Init(3.0) }, "dl.NormalInit(std)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := panicMessage(tc.f)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("panic %q, want it to mention %q", msg, tc.want)
			}
		})
	}
}

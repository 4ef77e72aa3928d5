package check

import (
	"strings"
	"testing"

	"github.com/dlfun/dlfun/dl"
)

func TestGrad(t *testing.T) {
	x := dl.From([]float64{-1.5, 0.3, 2})
	tests := []struct {
		name    string
		f       func(in ...*dl.Tensor) *dl.Tensor
		errPart string
	}{
		{"sigmoid via autograd", func(in ...*dl.Tensor) *dl.Tensor { return in[0].Sigmoid().Sum() }, ""},
		{"product", func(in ...*dl.Tensor) *dl.Tensor { return in[0].Mul(in[0]).Mean() }, ""},
		{"gradient cut by Detach", func(in ...*dl.Tensor) *dl.Tensor { return in[0].Detach().Square().Sum().Add(in[0].Sum()) }, "gradients differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, Grad(tt.f, x), tt.errPart) })
	}
}

func TestCheckerGradCatchesPanic(t *testing.T) {
	_, _, res := run(t, testKey, func(c *Checker) {
		c.Grad("shapes", func(in ...*dl.Tensor) *dl.Tensor { return in[0].MatMul(in[0]) }, dl.Ones(2, 3))
	})
	if len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Msg, "shape error: MatMul: ") {
		t.Fatalf("want one failure from the panic, got %+v", res)
	}
}

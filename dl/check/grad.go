package check

import (
	"fmt"

	"github.com/dlfun/dlfun/dl"
)

// GradTolerance is the worst relative error Grad accepts between autograd's
// gradients and central differences (see dl.GradCheck).
const GradTolerance = 1e-6

// Grad checks the gradients that autograd computes for f at inputs against
// numerical ones (dl.GradCheck) and returns an error with the comparison
// table when the worst error exceeds GradTolerance.
func Grad(f func(inputs ...*dl.Tensor) *dl.Tensor, inputs ...*dl.Tensor) error {
	res := dl.GradCheck(f, inputs...)
	if res.OK(GradTolerance) {
		return nil
	}
	return fmt.Errorf("gradients differ from central differences (worst error %.3g > %g):\n%s", res.MaxError(), GradTolerance, res)
}

// Grad records under name the check Grad(f, inputs...). A panic inside f
// fails this check only.
func (c *Checker) Grad(name string, f func(inputs ...*dl.Tensor) *dl.Tensor, inputs ...*dl.Tensor) bool {
	return c.Run(name, func() error { return Grad(f, inputs...) })
}

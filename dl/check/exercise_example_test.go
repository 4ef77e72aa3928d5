package check_test

import (
	"errors"
	"fmt"

	"github.com/dlfun/dlfun/dl/check"
)

// An exercise's check cell: the answer cell above it declares lrMax with a
// placeholder (0), and the check answers back with a hint until it is right.
func ExampleExercise() {
	converges := func(lr float64) bool { return lr < 0.038 } // the experiment the student ran
	check1 := func(lrMax float64) bool {
		return check.Exercise(1, "the largest stable learning rate", func() error {
			if lrMax == 0 {
				return errors.New("set lrMax to the learning rate you found")
			}
			if !converges(lrMax) {
				return fmt.Errorf("with λ = %g it diverges: look lower", lrMax)
			}
			if converges(1.1 * lrMax) {
				return fmt.Errorf("λ = %g still converges 10 %% higher: look higher", lrMax)
			}
			return nil
		})
	}
	check1(0)
	check1(0.01)
	check1(0.037)
	// Output:
	// … Exercise 1, not yet: set lrMax to the learning rate you found
	// … Exercise 1, not yet: λ = 0.01 still converges 10 % higher: look higher
	// ✓ Exercise 1: the largest stable learning rate
}

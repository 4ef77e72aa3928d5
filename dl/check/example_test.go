package check_test

import (
	"fmt"
	"math"

	"github.com/dlfun/dlfun/dl/check"
)

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// A graded test cell: two checks worth 2 points in total.
func Example() {
	c := check.New("sigmoid", 2)
	defer c.Done()
	c.Close("σ(0) = 0.5", sigmoid(0), 0.5, 1e-12)
	c.Run("σ(x) + σ(-x) = 1", func() error {
		for _, x := range []float64{-3, -1, 2, 10} {
			if err := check.Close(sigmoid(x)+sigmoid(-x), 1.0, 1e-12); err != nil {
				return fmt.Errorf("x = %v: %v", x, err)
			}
		}
		return nil
	})
	// Output:
	// ✓ sigmoid: 2/2 points
	//   ✓ σ(0) = 0.5
	//   ✓ σ(x) + σ(-x) = 1
}

// The plain functions return nil or an error that says what differs.
func ExampleClose() {
	fmt.Println(check.Close([]float64{0.5, 0.73}, []float64{0.5, 0.7310585786}, 1e-6))
	fmt.Println(check.Close(0.5, 0.5, 0))
	// Output:
	// at [1]: got 0.73, want 0.731059 (|difference| 0.00106 > tolerance 1e-06)
	// <nil>
}

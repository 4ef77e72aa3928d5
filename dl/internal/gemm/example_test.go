package gemm_test

import (
	"fmt"

	"github.com/dlfun/dlfun/dl/internal/gemm"
)

// A Linear layer's forward pass y = x·Wᵀ + b for a batch of 2 inputs with 3
// features and a layer of 2 units: W is stored out×in (2×3), so the product
// reads it transposed, without copying it. The bias is put in C first and
// kept with beta = 1.
func ExampleGemm() {
	x := []float64{ // 2×3
		1, 2, 3,
		4, 5, 6,
	}
	w := []float64{ // 2×3 (out×in)
		1, 0, -1,
		0.5, 0.5, 0.5,
	}
	y := []float64{ // 2×2, starts as the bias broadcast over the batch
		10, 20,
		10, 20,
	}
	gemm.Gemm(false, true, 2, 2, 3, 1, x, 3, w, 3, 1, y, 2)
	fmt.Println(y[:2])
	fmt.Println(y[2:])
	// Output:
	// [8 23]
	// [8 27.5]
}

package datasets_test

import (
	"fmt"

	"github.com/dlfun/dlfun/datasets"
)

// A table plots itself: the first two features, coloured by class.
func ExampleTable_Plot() {
	fig := datasets.Moons(200, 0.1, 1).Plot() // .Show() in a notebook
	fmt.Println(fig)
	// Output:
	// moons
	// x: value "x1"
	// y: value "x2"
	// scatter "class = 0": 100 points
	// scatter "class = 1": 100 points
}

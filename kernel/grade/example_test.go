package grade_test

import (
	"encoding/json"
	"fmt"

	"github.com/dlfun/dlfun/kernel/grade"
	"github.com/dlfun/dlfun/kernel/notebook"
)

// Release turns a teacher's solution into a stub named after its function,
// and drops the hidden tests.
func ExampleAssignment_Release() {
	src := &notebook.Notebook{Nbformat: 4, NbformatMinor: 5, Cells: []*notebook.Cell{
		{CellType: notebook.Code, Metadata: map[string]json.RawMessage{
			"nbgrader": json.RawMessage(`{"solution": true, "grade_id": "double", "schema_version": 3}`)},
			Source: "func double(x int) int {\n\t// BEGIN SOLUTION\n\treturn 2 * x\n\t// END SOLUTION\n}"},
		{CellType: notebook.Code, Metadata: map[string]json.RawMessage{
			"nbgrader": json.RawMessage(`{"grade": true, "grade_id": "test_double", "points": 1, "schema_version": 3}`)},
			Source: "%%\nc := check.New(\"test_double\", 1)\ndefer c.Done()\nc.Equal(\"double(2)\", double(2), 4)\n" +
				"// BEGIN HIDDEN TESTS\nc.Equal(\"double(-1)\", double(-1), -2)\n// END HIDDEN TESTS"},
	}}
	a, err := grade.New("double", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	student, err := a.Release()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range student.Cells {
		fmt.Printf("%s\n---\n", c.Source)
	}
	// Output:
	// func double(x int) int {
	// 	// YOUR CODE HERE
	// 	panic("not implemented: double")
	// }
	// ---
	// %%
	// c := check.New("test_double", 1)
	// defer c.Done()
	// c.Equal("double(2)", double(2), 4)
	// ---
}

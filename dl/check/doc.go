// Package check is the assertion library for graded notebook test cells.
//
// A test cell creates a Checker for one graded cell (its nbgrader grade_id
// and the points it is worth), runs checks, and defers Done:
//
//	%%
//	c := check.New("sigmoid", 3)
//	defer c.Done()
//	c.Close("σ(0) = 0.5", sigmoid(dl.Scalar(0)), 0.5, 1e-12)
//	c.Run("σ is symmetric", func() error {
//		x := dl.From([]float64{-2, -1, 1, 2})
//		return check.Close(sigmoid(x).Add(sigmoid(x.Neg())), dl.Ones(4), 1e-12)
//	})
//
// Each check earns an equal share of the points. Done prints one readable
// line per check (✓ or ✗ with the reason) and, when the notebook is being
// graded by `dlfun grade`, one machine-readable line
//
//	DLFUN-CHECK <signature> {"grade_id":"sigmoid","points":2,"max":3,"passed":[...],"failed":[...],"seq":1}
//
// on standard output, which the grader reads; whatever the cell writes to
// standard error does not change the grade. The signature is the
// HMAC-SHA256 of the JSON under a key that the grader makes for each run
// and passes in the file named by KeyFileEnv; New reads it, and seq
// numbers the Checkers of the cell's program. Student code cannot compute
// a valid line: it may not import this package, os, unsafe or reflect (the
// grader checks solution cells before running them), so it can print but
// neither read the key nor create a Checker. See package kernel/grade,
// which reads the line; its format is written once, in package
// internal/checkline, which both import. When a check fails, Done exits
// the cell with status 1 so that the cell shows as failed in the notebook
// (and so that nbgrader, which only sees pass or fail, still grades it).
//
// # Panics
//
// Code that panics inside Run (or inside the function given to Grad) fails
// only that check, with the panic message as the reason: "shape error: …",
// "value error: …" or "usage error: …" when dl refused an operation (a
// *dl.Error), "panic: …" for anything else. Arguments to Close,
// Equal, True and Shape are evaluated before the check starts: if the
// student's code panics there, the deferred Done catches the panic, records
// it as a failed check and reports the points of the checks that passed
// before it. Wrap calls that may panic in Run to grade each one separately.
//
// # The plain functions
//
// Equal, Close, True and Shape are also plain functions that return nil or
// an error with a readable message, for use inside Run or on their own. They
// accept float64 values, slices of them, and tensors (any value with
// Shape() []int and Data() []float64 methods, such as *dl.Tensor), so the
// package has no dependency on the tensor engine except for Grad.
package check

// Package fast is where package dl goes for speed: the loops that are
// worth running on all cores and, on amd64, in AVX2 assembly. Nothing here
// is needed to understand a result: each function is the fast version of a
// plain loop in package dl, which stays the reference it is tested
// against (dl's adamUpdate for Adam).
//
// A student reading dl never needs to open this package: dl calls it in one
// line (AdamOptimizer.Step ends with q.Run), and everything behind that
// line, the splitting of the work into chunks for the cores and the
// assembly, lives here:
//
//   - For: a parallel loop over 0..n in chunks, on the workers that the
//     matrix products use too (dl/internal/workers).
//   - AdamQueue: the parameters of one Adam step laid end to end as one
//     parallel loop, so that tensors of all sizes share the cores evenly.
//   - Adam: Adam's update of one parameter, in AVX2 assembly on amd64
//     (adam_amd64.s) with results equal to the Go loop bit for bit.
package fast

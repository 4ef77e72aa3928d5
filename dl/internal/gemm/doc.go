// Package gemm is dlfun's fast float64 matrix multiply: the one routine every
// MatMul, Linear forward and Linear backward in package dl goes through.
//
// It computes, for row-major matrices,
//
//	C = α·op(A)·op(B) + β·C        op(X) = X or Xᵀ
//
// with the same argument conventions as BLAS dgemm (see [Gemm]). This file
// explains how it is fast; the code follows the same names.
//
// # Why a naive triple loop is slow
//
// A product of two n×n matrices performs 2n³ floating-point operations but
// touches only 3n² numbers, so each number could be reused n times. The naive
// loop does not exploit that: for every multiply-add it loads operands from
// memory, and for n = 1024 the matrices (8 MiB each) do not fit in any cache
// close to the core. A core can do 16 float64 flops per cycle (two FMA units
// on 4-wide AVX2 vectors; 32 with 8-wide AVX-512), but main memory delivers
// roughly one float64 per cycle. A fast GEMM is therefore an exercise in
// data reuse: arrange the
// computation so that each number loaded from slow memory is used many times
// from fast memory (registers, L1, L2 cache).
//
// # The three layers (Goto / BLIS algorithm)
//
// The whole algorithm is five loops around a tiny kernel (blockedTile and
// macroKernel in blocked.go):
//
//	for jc := 0; jc < n; jc += nc            // panel of columns of C
//	    for pc := 0; pc < k; pc += kc        // slab of the k dimension
//	        pack op(B)[pc:pc+kc, jc:jc+nc]   // → Bp, reused by all of A
//	        for ic := 0; ic < m; ic += mc    // block of rows of C
//	            pack op(A)[ic:ic+mc, pc:pc+kc]  // → Ap, stays in L2
//	            for jr := 0; jr < nc; jr += nr      // sliver of Bp, in L1
//	                for ir := 0; ir < mc; ir += mr  // sliver of Ap
//	                    C[ic+ir:+mr, jc+jr:+nr] += Ap sliver · Bp sliver
//	                    // the micro-kernel: an mr×nr tile in registers
//
// 1. Blocking for the caches. The k dimension is cut into slabs of kcBlock
// columns of op(A) / rows of op(B); the n dimension into panels of at most
// ncBlock columns; the m dimension into blocks of at most mcBlock rows. A
// kc×nc slab of op(B) is reused by every row block of A, and an mc×kc block
// of op(A) (≈ 300 KB) stays in the L2 cache while it is multiplied by the
// whole slab of B.
//
// 2. Packing. Before use, each block is copied ("packed") into a contiguous
// buffer in exactly the order the micro-kernel will read it: A in slivers of
// mr rows stored column by column, B in slivers of nr columns stored row by
// row. Packing costs O(mk + kn) copies against O(mnk) flops, and it buys
// three things: the kernel reads memory strictly sequentially (perfect for
// hardware prefetchers and the TLB); edge blocks are padded with zeros so the
// kernel never needs bounds checks; and transposed inputs cost nothing extra,
// because reading Aᵀ instead of A only changes the loop that does the
// copying. No transpose is ever materialised.
//
// 3. The micro-kernel. The innermost routine multiplies one mr×kc sliver of
// packed A by one kc×nr sliver of packed B and adds the mr×nr result into C.
// The mr×nr accumulator tile (here 6×8 float64 = twelve 256-bit YMM
// registers) lives in registers for the whole k loop. Each step of the loop
// loads 8 numbers of B (two registers), broadcasts 6 numbers of A one at a
// time, and issues 12 fused multiply-adds (VFMADD231PD): 96 flops for 8
// loads. The B sliver (kc×8 float64 = 16 KiB) stays in L1 while the A
// slivers stream from L2.
//
// Why FMA: a fused multiply-add computes a·b+c in one instruction with one
// rounding, so it doubles the flops per instruction compared with a
// separate multiply and add, and is slightly more accurate. An FMA has a
// latency of about 4 cycles and two can start every cycle, so at least 8
// independent accumulators are needed to keep both units busy; the 6×8 tile
// gives 12.
//
// The micro-kernels are written in amd64 assembly (kernel_amd64.s) and
// chosen at run time from what the CPU reports (golang.org/x/sys/cpu):
//
//   - AVX2+FMA: the 6×8 kernel above (kernelAVX2).
//   - AVX-512: a 12×8 kernel (kernelAVX512) over two stacked A slivers; a
//     row of 8 float64 fills one 512-bit ZMM register, so the tile is 12
//     ZMM accumulators, and the A values are broadcast straight from
//     memory by the FMA itself. Twice the flops per instruction of AVX2.
//     Leftover slivers use the 6×8 kernel.
//   - anything else (or another architecture): a portable pure-Go kernel
//     with the same packed layout; correct, several times slower.
//
// Edge tiles (when m or n is not a multiple of the tile) are computed into a
// small buffer from the zero-padded slivers and only the existing part is
// stored, so the kernels never branch on sizes.
//
// # Parallelism
//
// Large products are split over the one process-wide pool of worker
// goroutines, dl/internal/workers (GOMAXPROCS of them, started on first use;
// they sleep on a channel when idle, nothing spins), which dl's parallel
// loops share. C is cut into a grid of about two tasks per
// goroutine; each task runs the serial blocked algorithm above on its own
// rectangle of C with its own packing buffers, and the goroutines take
// tasks from an atomic counter, so one slowed down by another process
// simply takes fewer. There is one hand-off and one wait per call. Tasks
// that share rows of C pack the same rows of A (and tasks that share
// columns the same columns of B), so the grid is shaped to pack as little
// as possible: a 64×256 result (a batch of 64 through a 256-unit layer) is
// cut into 4 column strips, a 1024×1024 one into 2×2 blocks. Every element
// of C is summed in the same order whatever the split, so results do not
// depend on the number of goroutines.
//
// Products below about 10⁶ multiply-adds (some 20–30 µs of one core's
// work) run on the calling goroutine alone: waking a worker costs
// microseconds, more on a busy machine. Tiny products, matrix-vector
// products and outer products (k ≤ 2) skip packing entirely (small.go): a
// row of C is accumulated from rows of B (axpy) or each element is a dot
// product, with AVX2+FMA loops where available. Packing buffers are kept
// from call to call, so a steady stream of calls allocates nothing.
package gemm

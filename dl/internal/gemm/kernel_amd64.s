//go:build amd64

#include "textflag.h"

// One step l of the k loop: load the 8 values of row l of the packed B
// sliver into Y12:Y13, broadcast each of the 6 values of column l of the
// packed A sliver, and accumulate the outer product into the 6×8 tile held
// in Y0..Y11 (row r in Y(2r), Y(2r+1)). ao and bo are byte offsets.
#define STEP(ao, bo) \
	VMOVUPD      (bo)(BX), Y12; \
	VMOVUPD      (bo+32)(BX), Y13; \
	VBROADCASTSD (ao)(AX), Y14; \
	VFMADD231PD  Y12, Y14, Y0; \
	VFMADD231PD  Y13, Y14, Y1; \
	VBROADCASTSD (ao+8)(AX), Y15; \
	VFMADD231PD  Y12, Y15, Y2; \
	VFMADD231PD  Y13, Y15, Y3; \
	VBROADCASTSD (ao+16)(AX), Y14; \
	VFMADD231PD  Y12, Y14, Y4; \
	VFMADD231PD  Y13, Y14, Y5; \
	VBROADCASTSD (ao+24)(AX), Y15; \
	VFMADD231PD  Y12, Y15, Y6; \
	VFMADD231PD  Y13, Y15, Y7; \
	VBROADCASTSD (ao+32)(AX), Y14; \
	VFMADD231PD  Y12, Y14, Y8; \
	VFMADD231PD  Y13, Y14, Y9; \
	VBROADCASTSD (ao+40)(AX), Y15; \
	VFMADD231PD  Y12, Y15, Y10; \
	VFMADD231PD  Y13, Y15, Y11

// Store row pair (lo, hi) of the tile to (R8): C = alpha·acc + beta·C with
// alpha in Y14 and beta in Y15, then advance R8 by one row of C.
#define STOREBETA(lo, hi) \
	VMULPD      Y14, lo, lo; \
	VMULPD      Y14, hi, hi; \
	VFMADD231PD (R8), Y15, lo; \
	VFMADD231PD 32(R8), Y15, hi; \
	VMOVUPD     lo, (R8); \
	VMOVUPD     hi, 32(R8); \
	ADDQ        SI, R8

// Same with beta = 0: C is overwritten without being read.
#define STOREZERO(lo, hi) \
	VMULPD  Y14, lo, lo; \
	VMULPD  Y14, hi, hi; \
	VMOVUPD lo, (R8); \
	VMOVUPD hi, 32(R8); \
	ADDQ    SI, R8

// func kernelAVX2(kc int, a, b, c *float64, ldc int, alpha, beta float64)
TEXT ·kernelAVX2(SB), NOSPLIT, $0-56
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), AX
	MOVQ b+16(FP), BX
	MOVQ c+24(FP), DI
	MOVQ ldc+32(FP), SI
	SHLQ $3, SI

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11

	// Touch the C tile early so its lines arrive while we compute.
	MOVQ DI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)
	ADDQ SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)
	ADDQ SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)
	ADDQ SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)
	ADDQ SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)
	ADDQ SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 63(R8)

	// Main loop, unrolled four times.
	MOVQ CX, DX
	SHRQ $2, DX
	JZ   tail

loop4:
	STEP(0, 0)
	STEP(48, 64)
	STEP(96, 128)
	STEP(144, 192)
	ADDQ $192, AX
	ADDQ $256, BX
	DECQ DX
	JNZ  loop4

tail:
	ANDQ $3, CX
	JZ   store

loop1:
	STEP(0, 0)
	ADDQ $48, AX
	ADDQ $64, BX
	DECQ CX
	JNZ  loop1

store:
	VBROADCASTSD alpha+40(FP), Y14
	MOVQ         DI, R8
	MOVQ         beta+48(FP), DX
	SHLQ         $1, DX             // drop the sign: +0 and -0 both mean "overwrite"
	JZ           storezero
	VBROADCASTSD beta+48(FP), Y15
	STOREBETA(Y0, Y1)
	STOREBETA(Y2, Y3)
	STOREBETA(Y4, Y5)
	STOREBETA(Y6, Y7)
	STOREBETA(Y8, Y9)
	STOREBETA(Y10, Y11)
	VZEROUPPER
	RET

storezero:
	STOREZERO(Y0, Y1)
	STOREZERO(Y2, Y3)
	STOREZERO(Y4, Y5)
	STOREZERO(Y6, Y7)
	STOREZERO(Y8, Y9)
	STOREZERO(Y10, Y11)
	VZEROUPPER
	RET

// One step of the 12×8 AVX-512 kernel: load row l of the packed B sliver
// into one ZMM register (breg) and accumulate it times each of the 12 A
// values, broadcast straight from memory (the .BCST form of the FMA), into
// Z0..Z11. AX and R9 point to the two stacked 6-row A slivers.
#define STEP512(ao, bo, breg) \
	VMOVUPD              (bo)(BX), breg; \
	VFMADD231PD.BCST     (ao)(AX), breg, Z0; \
	VFMADD231PD.BCST     (ao+8)(AX), breg, Z1; \
	VFMADD231PD.BCST     (ao+16)(AX), breg, Z2; \
	VFMADD231PD.BCST     (ao+24)(AX), breg, Z3; \
	VFMADD231PD.BCST     (ao+32)(AX), breg, Z4; \
	VFMADD231PD.BCST     (ao+40)(AX), breg, Z5; \
	VFMADD231PD.BCST     (ao)(R9), breg, Z6; \
	VFMADD231PD.BCST     (ao+8)(R9), breg, Z7; \
	VFMADD231PD.BCST     (ao+16)(R9), breg, Z8; \
	VFMADD231PD.BCST     (ao+24)(R9), breg, Z9; \
	VFMADD231PD.BCST     (ao+32)(R9), breg, Z10; \
	VFMADD231PD.BCST     (ao+40)(R9), breg, Z11

#define STORE512BETA(z) \
	VMULPD      Z14, z, z; \
	VFMADD231PD (R8), Z15, z; \
	VMOVUPD     z, (R8); \
	ADDQ        SI, R8

#define STORE512ZERO(z) \
	VMULPD  Z14, z, z; \
	VMOVUPD z, (R8); \
	ADDQ    SI, R8

// func kernelAVX512(kc int, a, b, c *float64, ldc int, alpha, beta float64)
TEXT ·kernelAVX512(SB), NOSPLIT, $0-56
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), AX
	MOVQ b+16(FP), BX
	MOVQ c+24(FP), DI
	MOVQ ldc+32(FP), SI
	SHLQ $3, SI

	// R9 = second sliver = a + 6·kc values.
	MOVQ CX, R9
	IMULQ $48, R9
	ADDQ AX, R9

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11

	MOVQ CX, DX
	SHRQ $2, DX
	JZ   tail512

loop512:
	STEP512(0, 0, Z12)
	STEP512(48, 64, Z13)
	STEP512(96, 128, Z12)
	STEP512(144, 192, Z13)
	ADDQ $192, AX
	ADDQ $192, R9
	ADDQ $256, BX
	DECQ DX
	JNZ  loop512

tail512:
	ANDQ $3, CX
	JZ   store512

loop512one:
	STEP512(0, 0, Z12)
	ADDQ $48, AX
	ADDQ $48, R9
	ADDQ $64, BX
	DECQ CX
	JNZ  loop512one

store512:
	VBROADCASTSD alpha+40(FP), Z14
	MOVQ         DI, R8
	MOVQ         beta+48(FP), DX
	SHLQ         $1, DX
	JZ           store512zero
	VBROADCASTSD beta+48(FP), Z15
	STORE512BETA(Z0)
	STORE512BETA(Z1)
	STORE512BETA(Z2)
	STORE512BETA(Z3)
	STORE512BETA(Z4)
	STORE512BETA(Z5)
	STORE512BETA(Z6)
	STORE512BETA(Z7)
	STORE512BETA(Z8)
	STORE512BETA(Z9)
	STORE512BETA(Z10)
	STORE512BETA(Z11)
	VZEROUPPER
	RET

store512zero:
	STORE512ZERO(Z0)
	STORE512ZERO(Z1)
	STORE512ZERO(Z2)
	STORE512ZERO(Z3)
	STORE512ZERO(Z4)
	STORE512ZERO(Z5)
	STORE512ZERO(Z6)
	STORE512ZERO(Z7)
	STORE512ZERO(Z8)
	STORE512ZERO(Z9)
	STORE512ZERO(Z10)
	STORE512ZERO(Z11)
	VZEROUPPER
	RET

// func copyRows8(n int, src *float64, ld int, dst *float64)
// Copies 8 values from each of n rows of src (row stride ld) to dst,
// back to back: one row of a packed B sliver per source row.
TEXT ·copyRows8(SB), NOSPLIT, $0-32
	MOVQ  n+0(FP), CX
	MOVQ  src+8(FP), SI
	MOVQ  ld+16(FP), DX
	SHLQ  $3, DX
	MOVQ  dst+24(FP), DI
	TESTQ CX, CX
	JZ    done8

loop8:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    DX, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     loop8

done8:
	VZEROUPPER
	RET

// func copyRows6(n int, src *float64, ld int, dst *float64)
// Copies 6 values from each of n rows of src (row stride ld) to dst,
// back to back: one column of a packed A sliver per source row.
TEXT ·copyRows6(SB), NOSPLIT, $0-32
	MOVQ  n+0(FP), CX
	MOVQ  src+8(FP), SI
	MOVQ  ld+16(FP), DX
	SHLQ  $3, DX
	MOVQ  dst+24(FP), DI
	TESTQ CX, CX
	JZ    done6

loop6:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), X1
	VMOVUPD Y0, (DI)
	VMOVUPD X1, 32(DI)
	ADDQ    DX, SI
	ADDQ    $48, DI
	DECQ    CX
	JNZ     loop6

done6:
	VZEROUPPER
	RET

// func axpyAVX2(n int, s float64, x, y *float64)
// y[i] += s·x[i] for i < n; n is a multiple of 16.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	MOVQ         n+0(FP), CX
	VBROADCASTSD s+8(FP), Y0
	MOVQ         x+16(FP), SI
	MOVQ         y+24(FP), DI
	SHRQ         $4, CX
	JZ           axpydone

axpyloop:
	VMOVUPD     (SI), Y1
	VMOVUPD     32(SI), Y2
	VMOVUPD     64(SI), Y3
	VMOVUPD     96(SI), Y4
	VFMADD213PD (DI), Y0, Y1
	VFMADD213PD 32(DI), Y0, Y2
	VFMADD213PD 64(DI), Y0, Y3
	VFMADD213PD 96(DI), Y0, Y4
	VMOVUPD     Y1, (DI)
	VMOVUPD     Y2, 32(DI)
	VMOVUPD     Y3, 64(DI)
	VMOVUPD     Y4, 96(DI)
	ADDQ        $128, SI
	ADDQ        $128, DI
	DECQ        CX
	JNZ         axpyloop

axpydone:
	VZEROUPPER
	RET

// func dotAVX2(n int, x, y *float64) float64
// Returns Σ x[i]·y[i] over i < n, with 16 partial sums; n is a multiple of 16.
TEXT ·dotAVX2(SB), NOSPLIT, $0-32
	MOVQ   n+0(FP), CX
	MOVQ   x+8(FP), SI
	MOVQ   y+16(FP), DI
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	SHRQ   $4, CX
	JZ     dotreduce

dotloop:
	VMOVUPD     (SI), Y4
	VMOVUPD     32(SI), Y5
	VMOVUPD     64(SI), Y6
	VMOVUPD     96(SI), Y7
	VFMADD231PD (DI), Y4, Y0
	VFMADD231PD 32(DI), Y5, Y1
	VFMADD231PD 64(DI), Y6, Y2
	VFMADD231PD 96(DI), Y7, Y3
	ADDQ        $128, SI
	ADDQ        $128, DI
	DECQ        CX
	JNZ         dotloop

dotreduce:
	VADDPD       Y1, Y0, Y0
	VADDPD       Y3, Y2, Y2
	VADDPD       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0
	VMOVSD       X0, ret+24(FP)
	VZEROUPPER
	RET

//go:build amd64 && !amd64.v3

#include "textflag.h"

// func adamAVX2(n int, x, grad, m, v *float64, k *adamConsts)
//
// adamLoop (dl's adamUpdate) over n values (n a multiple of 4), four at a time. k holds,
// 32 bytes each: l2, b1, 1−b1, b2, 1−b2, c1, c2, lr, eps, beta, the mask
// of |·| and 0x1p-1022 (flush's threshold). Every step is the Go loop's,
// in its order and without FMA.
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ n+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ m+24(FP), BX
	MOVQ v+32(FP), DI
	MOVQ k+40(FP), R8
	SHRQ $2, CX
	JZ   adamdone

adamloop:
	VMOVUPD (SI), Y0       // x
	VMULPD  0(R8), Y0, Y1  // l2·x
	VMOVUPD (DX), Y5
	VADDPD  Y1, Y5, Y1     // g = grad + l2·x

	VMOVUPD (BX), Y2
	VMULPD  32(R8), Y2, Y2 // b1·m
	VMULPD  64(R8), Y1, Y3 // (1−b1)·g
	VADDPD  Y3, Y2, Y2     // m = b1·m + (1−b1)·g
	VANDPD  320(R8), Y2, Y3       // |m|
	VCMPPD  $0x11, 352(R8), Y3, Y3 // |m| < 0x1p-1022 (false for NaN)
	VANDNPD Y2, Y3, Y2             // flush: those become 0
	VMOVUPD Y2, (BX)

	VMOVUPD (DI), Y3
	VMULPD  96(R8), Y3, Y3  // b2·v
	VMULPD  128(R8), Y1, Y4 // (1−b2)·g
	VMULPD  Y1, Y4, Y4      // (1−b2)·g·g
	VADDPD  Y4, Y3, Y3      // v = b2·v + (1−b2)·g·g
	VMOVUPD Y3, (DI)

	VMULPD  160(R8), Y2, Y2 // m̂ = m·c1
	VMULPD  192(R8), Y3, Y3 // v̂ = v·c2
	VMULPD  224(R8), Y2, Y2 // lr·m̂
	VSQRTPD Y3, Y3          // √v̂
	VADDPD  256(R8), Y3, Y3 // √v̂ + eps
	VDIVPD  Y3, Y2, Y2      // lr·m̂/(√v̂ + eps)
	VSUBPD  Y2, Y0, Y4      // x − lr·m̂/(√v̂ + eps)
	VMULPD  288(R8), Y0, Y0 // beta·x
	VSUBPD  Y0, Y4, Y4      // … − beta·x
	VMOVUPD Y4, (SI)

	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, BX
	ADDQ $32, DI
	DECQ CX
	JNZ  adamloop

adamdone:
	VZEROUPPER
	RET

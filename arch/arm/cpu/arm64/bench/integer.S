// Integer workload for the arm64 interpreter bench: the shapes compiled C
// code runs most (loads/stores with immediate offsets, pairs for frames,
// ALU with flags, compare-and-branch, calls, multiplies, an occasional
// divide, byte copies). Runs x0 (at entry) outer iterations, then PSCI SYSTEM_OFF
// over HVC with the checksum in x1.
	.text
	.global _start
_start:
	adr	x20, buf
	mov	x19, #0			// checksum
	ldr	x21, =0x2545F4914F6CDD1D	// xorshift multiplier
	mov	x22, #1			// rng state
	mov	w23, w0			// iterations from the boot registers
	mov	sp, x20
	add	sp, sp, #0x4000
outer:
	// fill 64 words with a xorshift64* stream
	mov	x0, x20
	mov	w1, #64
fill:
	eor	x22, x22, x22, lsr #12
	eor	x22, x22, x22, lsl #25
	eor	x22, x22, x22, lsr #27
	mul	x2, x22, x21
	str	x2, [x0], #8
	subs	w1, w1, #1
	b.ne	fill
	// sum with a call per element
	mov	x0, x20
	mov	w1, #64
sum:
	ldr	x2, [x0], #8
	bl	mix
	add	x19, x19, x2
	subs	w1, w1, #1
	b.ne	sum
	// byte copy of 128 bytes
	mov	x0, x20
	add	x3, x20, #1024
	mov	w1, #128
copy:
	ldrb	w4, [x0], #1
	strb	w4, [x3], #1
	sub	w1, w1, #1
	cbnz	w1, copy
	// one division per outer iteration
	orr	x5, x22, #1
	udiv	x6, x19, x5
	msub	x7, x6, x5, x19
	add	x19, x19, x7
	subs	w23, w23, #1
	b.ne	outer
	movz	x0, #0x0008
	movk	x0, #0x8400, lsl #16
	mov	x1, x19
	hvc	#0
1:	b	1b

mix:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	and	x9, x2, #0xffff
	cmp	x9, #0x8000
	csel	x2, x2, x9, hi
	add	w10, w2, w2, lsl #3
	eor	x2, x2, x10
	ldp	x29, x30, [sp], #16
	ret

	.ltorg
	.balign	64
buf:
	.space	0x5000

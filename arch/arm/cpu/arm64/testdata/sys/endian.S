// Big-endian data: SCTLR_EL1.EE for a few EL1 accesses (no literal loads or
// exceptions while it is set: those would read little-endian data as
// big-endian), then SCTLR_EL1.E0E for EL0, including pairs and an exclusive
// word pair; the results are printed back at EL1 in little-endian mode.
	.include "common.inc"

	.macro	show, reg
	mov	x0, \reg
	adr	x1, s_val
	bl	putfield
	.endm

main:
	stp	x29, x30, [sp, #-16]!
	adr	x2, buf
	ldr	x5, =0x1122334455667788
	mrs	x0, sctlr_el1
	orr	x1, x0, #(1 << 25)	// EE
	msr	sctlr_el1, x1
	isb
	str	x5, [x2]
	ldrb	w6, [x2]
	ldrh	w7, [x2]
	ldr	w8, [x2, #4]
	ldr	x9, [x2]
	stp	w8, w6, [x2, #16]
	ldrsh	x11, [x2, #2]
	msr	sctlr_el1, x0
	isb
	ldr	x10, [x2, #16]
	print	"el1 big-endian"
	show	x6
	show	x7
	show	x8
	show	x9
	show	x10
	show	x11
	mov	x0, #'\n'
	bl	putc

	print	"to el0 with E0E\n"
	mrs	x0, sctlr_el1
	orr	x0, x0, #(1 << 24)	// E0E
	msr	sctlr_el1, x0
	isb
	ldr	x0, =stack_top
	sub	x0, x0, #0x8000
	msr	sp_el0, x0
	adr	x0, el0_code
	msr	elr_el1, x0
	mov	x0, #0x3c0
	msr	spsr_el1, x0
	adr	x0, back
	msr	tpidr_el1, x0
	adr	x2, buf
	ldr	x5, =0xa1a2a3a4b1b2b3b4
	eret
back:
	mrs	x0, sctlr_el1
	bic	x0, x0, #(1 << 24)
	msr	sctlr_el1, x0
	isb
	print	"el0 big-endian"
	show	x6
	show	x7
	show	x8
	show	x9
	show	x10
	mov	x0, #'\n'
	bl	putc
	ldp	x29, x30, [sp], #16
	ret

el0_code:
	str	x5, [x2, #32]
	ldrh	w6, [x2, #32]
	ldr	w7, [x2, #36]
	add	x3, x2, #32
	ldxp	w8, w9, [x3]
	stxp	w10, w9, w8, [x3]
	ldr	x10, [x2, #32]
	svc	#0xfff

s_val:	.asciz	"v"
	.balign	16
buf:	.space	64
	.ltorg

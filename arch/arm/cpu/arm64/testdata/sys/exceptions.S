// Exception levels, vectors and syndromes: SVC/BRK/HVC-at-EL0, an EL0 read
// of MIDR_EL1 (UNDEFINED, EC 0), EL0 WFI and CTR_EL0 reads trapped by
// SCTLR_EL1, external aborts on an unmapped address, a PC alignment fault,
// SPSR/ELR round trips through ERET to EL0 and back. (SP alignment and the
// EL0 DAIF trap syndrome are unit-tested instead: QEMU 7.2 does not check
// SP alignment and swaps Op1/Op2 in the MSR DAIFSet trap syndrome.)
	.include "common.inc"

main:
	stp	x29, x30, [sp, #-16]!
	mrs	x0, CurrentEL
	adr	x1, s_el
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	print	"svc from el1\n"
	svc	#0x123
	print	"brk from el1\n"
	brk	#7
	print	"external abort from el1\n"
	mov	x20, #0x0a000000
	add	x20, x20, #0x800000
	ldr	x1, [x20, #8]
	print	"store abort from el1\n"
	str	x1, [x20, #16]
	print	"pc alignment\n"
	adr	x30, 1f
	adr	x1, 1f
	add	x1, x1, #2
	br	x1
1:	print	"undefined\n"
	.inst	0x00000000
	print	"sysreg undefined (s3_0_c11_c0_0)\n"
	mrs	x0, s3_0_c11_c0_0
	print	"id space reads as zero"
	mrs	x0, s3_0_c0_c7_7
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	// Drop to EL0t at el0_code with SP_EL0 set.
	print	"to el0\n"
	mrs	x0, sctlr_el1
	bic	x0, x0, #(1 << 16)	// nTWI = 0: EL0 WFI traps
	bic	x0, x0, #(1 << 15)	// UCT = 0: EL0 CTR_EL0 reads trap
	msr	sctlr_el1, x0
	isb
	ldr	x0, =stack_top
	sub	x0, x0, #0x8000
	msr	sp_el0, x0
	adr	x0, el0_code
	msr	elr_el1, x0
	mov	x0, #0x3c0		// EL0t, DAIF masked
	msr	spsr_el1, x0
	adr	x0, el0_back
	msr	tpidr_el1, x0
	eret
el0_back:
	print	"back at el1"
	mrs	x0, CurrentEL
	adr	x1, s_el
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	ldp	x29, x30, [sp], #16
	ret

el0_code:
	mov	x20, #0x1234
	svc	#0x42
	mrs	x0, midr_el1		// UNDEFINED at EL0
	mrs	x0, ctr_el0		// SCTLR_EL1.UCT = 0: EC 0x18
	brk	#1
	hvc	#0			// UNDEFINED at EL0
	wfi				// SCTLR_EL1.nTWI = 0: EC 0x01
	mov	x0, #0x0a000000
	add	x0, x0, #0x800000
	ldr	w1, [x0]
	mrs	x0, tpidr_el0
	svc	#0xfff			// back to EL1 through the handler below
el0_never:
	b	el0_never

s_el:	.asciz	"currentel"
s_val:	.asciz	"value"
	.balign	4

@ The ARMv6 backwards-compatible translation format (SCTLR.XP = 0, the
@ ARM11 MPCore reset state; ARM DDI 0406C.d AppxH / ARM DDI 0360F 6.11):
@ coarse tables with per-1 KiB subpage permissions, extended small pages,
@ no XN (section bit 4 is the ARMv5 "should be one" bit), no fine tables.
	.include "common.inc"
	.text
	.arm
	.global _start
_start:
	b reset
	b .
	b .
	b pabt_handler
	b dabt_handler
	b .
	b .
	b .

	.equ L1, 0x4000
	.equ COARSE, 0x8000
	.equ FULL, (3 << 10) | (1 << 4) | 2

	.macro dabort insn, fsr, far
	mov r5, #0
	\insn
	bic r5, r5, #0xf000
	expect r5, \fsr
	expect r6, \far
	.endm

reset:
	ldr sp, =0x80000
	msr cpsr_c, #0xd7
	ldr sp, =0x7f000
	msr cpsr_c, #0xd3
	ldr r0, =L1
	ldr r1, =0x10000
	mov r2, #0
1:	str r2, [r0], #4
	cmp r0, r1
	blo 1b
	ldr r0, =L1
	ldr r1, =FULL
	str r1, [r0]
	str r1, [r0, #0x300 * 4]        @ alias of the first MiB with bit 4 set: executable
	ldr r1, =0x1c000000 | FULL
	str r1, [r0, #0x1c0 * 4]
	@ 0x200: coarse table. Page 0: small page onto 0x9000 with subpage APs 3,1,2,0;
	@ page 1: extended small page onto 0x9000, AP=3.
	ldr r1, =COARSE | (1 << 5) | (1 << 4) | 1
	str r1, [r0, #0x200 * 4]
	ldr r2, =COARSE
	ldr r1, =0x9000 | (0 << 10) | (2 << 8) | (1 << 6) | (3 << 4) | 2
	str r1, [r2]
	ldr r1, =0x9000 | (3 << 4) | 3
	str r1, [r2, #4]
	@ 0x210: a fine table descriptor, reserved on ARMv6.
	ldr r1, =0xa000 | (1 << 4) | 3
	str r1, [r0, #0x210 * 4]
	ldr r2, =0x9004
	ldr r1, =0x11223344
	str r1, [r2]
	ldr r0, =L1
	mcr p15, 0, r0, c2, c0, 0
	ldr r0, =0x55555555
	mcr p15, 0, r0, c3, c0, 0
	mrc p15, 0, r0, c1, c0, 0
	bic r0, r0, #(1 << 23)          @ XP = 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0
	pool

	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20001004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldrt r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20000c04
	dabort "ldr r0, [r1]", 0x1f, 0x20000c04
	ldr r1, =0x20000404
	dabort "ldrt r0, [r1]", 0x1f, 0x20000404
	ldr r1, =0x21000000
	dabort "ldr r0, [r1]", 0x05, 0x21000000
	@ Code runs from the alias section (bit 4 set is not XN here).
	ldr r1, =0x30000000 + alias_code
	mov r7, #0
	blx r1
	expect r7, 0x77
	pass
	.ltorg

alias_code:
	mov r7, #0x77
	bx lr

dabt_handler:
	mrc p15, 0, r5, c5, c0, 0
	mrc p15, 0, r6, c6, c0, 0
	subs pc, lr, #4

pabt_handler:
	b .
	.ltorg

@ Thumb state at the system level (ARMv7): SVC and Undefined Instruction
@ from Thumb (LR values, SPSR.T, the IT state saved in SPSR and restored by
@ the return), exception entry in Thumb state (SCTLR.TE), SRS/RFE, CPS and
@ SETEND. ARM DDI 0406C.d B1.8, A8.8.
	.include "common.inc"
	.text
	.arm
	.global _start
_start:
	b reset
	b und_handler
	b svc_handler
	b .
	b .
	b .
	b .
	b .

reset:
	ldr sp, =0x80000
	msr cpsr_c, #0xdb
	ldr sp, =0x7e000
	msr cpsr_c, #0xd3
	adr r0, thumb_code + 1
	bx r0

	.thumb
	.thumb_func
thumb_code:
	svc #5
svc_ret:
	adr r0, svc_ret
	expectr r5, r0
	and r6, r6, #0x20
	expect r6, 0x20
	@ Undefined (cp7) from Thumb: LR = instruction + 2, SPSR.T set.
	mov r6, #0
und_site:
	mrc p7, 0, r1, c0, c0, 0
	adr r0, und_site + 2
	expectr r5, r0
	and r6, r6, #0x20
	expect r6, 0x20
	@ SVC inside an IT block: SPSR holds the IT state of the rest of the block.
	movs r2, #0
	movs r3, #0
	movs r4, #0
	cmp r0, r0
	itete eq
	svceq #7
	addne r3, r3, #1
	addeq r2, r2, #1
	addne r4, r4, #1
	expect r2, 1
	expect r3, 0
	expect r4, 0
	ldr r0, =0x0600fc00
	ands r6, r6, r0
	bne 1f
	expect r6, 1
1:	pool

	@ SCTLR.TE: the SVC vector runs in Thumb state (VBAR-relocated table).
	ldr r0, =0x10000
	mcr p15, 0, r0, c12, c0, 0
	ldr r1, =0x10008
	ldr r0, =0xf004f8df             @ ldr.w pc, [pc, #4]
	str r0, [r1]
	ldr r0, =te_svc + 1
	str r0, [r1, #8]
	mrc p15, 0, r3, c1, c0, 0
	orr r0, r3, #(1 << 30)
	mcr p15, 0, r0, c1, c0, 0
	movs r5, #0
	svc #6
	expect r5, 0x7e
	mcr p15, 0, r3, c1, c0, 0
	movs r0, #0
	mcr p15, 0, r0, c12, c0, 0
	pool

	@ SRS / RFE.
	ldr lr, =rfe_target + 1
	ldr r0, =0x800001f3             @ N set, SVC, Thumb
	msr spsr_fsxc, r0
	mov r7, sp
	srsdb sp!, #0x13
	sub r0, r7, #8
	expectr sp, r0
	ldr r0, [sp]
	ldr r1, =rfe_target + 1
	expectr r0, r1
	ldr r0, [sp, #4]
	expect r0, 0x800001f3
	movs r0, #0                     @ clears N
	rfeia sp!
	b .
	.thumb_func
rfe_target:
	bpl 2f                          @ N must have come back from the frame
	expectr sp, r7
	b 3f
2:	expect r0, 1
3:	pool

	@ CPS.
	cpsie i
	mrs r0, cpsr
	and r0, r0, #0x80
	expect r0, 0
	cpsid if
	mrs r0, cpsr
	and r0, r0, #0xc0
	expect r0, 0xc0
	@ SETEND: big-endian data accesses.
	ldr r1, =0x9000
	ldr r0, =0x11223344
	str r0, [r1]
	setend be
	ldr r2, [r1]
	ldrh r3, [r1]
	setend le
	expect r2, 0x44332211
	expect r3, 0x4433
	pass
	.ltorg

	.thumb_func
te_svc:
	movs r5, #0x7e
	subs pc, lr, #0

	.arm
svc_handler:
	mov r5, lr
	mrs r6, spsr
	movs pc, lr

und_handler:
	mov r5, lr
	mrs r6, spsr
	add lr, lr, #2                  @ the undefined instruction was 32-bit
	movs pc, lr
	.ltorg

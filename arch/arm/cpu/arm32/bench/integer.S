@ Integer benchmark loops for the AArch32 interpreter: an A32 loop (ARMv5TE
@ instructions only, so it runs on every model) at 0x0 and a Thumb-2 loop at
@ 0x1000, each a mix of ALU with shifts, flag-setting compares, loads and
@ stores, a call, a multiply-accumulate and conditional branches. Entry:
@ r0 = iterations; at the end the checksum is in r1 and 0 is written to the
@ exit register (0x1c090004).
	.syntax unified
	.text
	.arm
	.global _start
_start:
	ldr sp, =0x80000
	ldr r4, =0x40000            @ data buffer
	mov r1, #0
	mov r2, #1
	mov r3, #0
1:	add r5, r2, r2, lsl #3
	eor r1, r1, r5, ror #7
	and r6, r0, #63
	ldr r7, [r4, r6, lsl #2]
	add r7, r7, r1
	str r7, [r4, r6, lsl #2]
	mla r3, r7, r2, r3
	bl leaf
	cmp r6, #17
	addne r2, r2, #3
	subeq r2, r2, #1
	orr r1, r1, r3, lsr #3
	ldrb r8, [r4, r6]
	strb r8, [r4, #512]
	subs r0, r0, #1
	bne 1b
	b finish
leaf:
	add r1, r1, r2
	bic r1, r1, #0xf000
	bx lr
finish:
	ldr r12, =0x1c090004
	mov r0, #0
	str r0, [r12]
	b .
	.ltorg

	.org 0x1000
	.thumb
	.thumb_func
thumb_start:
	ldr sp, =0x80000
	ldr r4, =0x40000
	movs r1, #0
	movs r2, #1
	movs r3, #0
2:	add.w r5, r2, r2, lsl #3
	eor.w r1, r1, r5, ror #7
	and r6, r0, #63
	ldr.w r7, [r4, r6, lsl #2]
	adds r7, r7, r1
	str.w r7, [r4, r6, lsl #2]
	mla r3, r7, r2, r3
	bl tleaf
	cmp r6, #17
	ite ne
	addne r2, r2, #3
	subeq r2, r2, #1
	orr.w r1, r1, r3, lsr #3
	ldrb r5, [r4, r6]
	strb.w r5, [r4, #512]
	subs r0, r0, #1
	bne 2b
	ldr r12, =0x1c090004
	movs r0, #0
	str r0, [r12]
	b .
	.thumb_func
tleaf:
	add r1, r1, r2
	bic r1, r1, #0xf000
	bx lr
	.ltorg

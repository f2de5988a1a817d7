@ ARMv6/v7 short-descriptor translation (ARM DDI 0406C.d B3.5): sections,
@ coarse tables with small and large pages, supersections, domains
@ (client, manager, no access), AP/APX permissions, LDRT, XN, the access
@ flag (v7), TTBCR.N with TTBR1, VA-to-PA operations and PAR (v7),
@ alignment faults, and the fault status/address values (B3.13.3).
@ r0 at entry: feature bits (bit1 = ARMv7).
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
	.equ L1B, 0xc000
	.equ L2, 0x8000
	.equ FULL, (3 << 10) | 2

	@ Performs \insn expecting a data abort with status \fsr (masked with 0xc0f | domain).
	.macro dabort insn, fsr, far
	mov r5, #0
	\insn
	ldr r1, =0xdff
	and r5, r5, r1
	expect r5, \fsr
	expect r6, \far
	.endm

reset:
	mov r7, r0
	mov r4, r0                      @ keep the feature bits in r4 throughout
	ldr sp, =0x80000
	msr cpsr_c, #0xd7
	ldr sp, =0x7f000
	msr cpsr_c, #0xd3
	@ Clear both L1 tables and the L2 table.
	ldr r0, =L1
	ldr r1, =0x10000
	mov r2, #0
1:	str r2, [r0], #4
	cmp r0, r1
	blo 1b
	@ Flat mapping of the first MiB (code, tables) and the test devices.
	ldr r0, =L1
	ldr r1, =FULL
	str r1, [r0]
	ldr r1, =0x1c000000 | FULL | 0x10
	str r1, [r0, #0x1c0 * 4]
	@ 0x200xxxxx: coarse table, domain 1.
	ldr r1, =L2 | (1 << 5) | 1
	str r1, [r0, #0x200 * 4]
	ldr r2, =L2
	ldr r1, =0x9000 | 0x30 | 2      @ small page VA 0x20000000 -> PA 0x9000
	str r1, [r2]
	ldr r1, =0x10000 | 0x30 | 1     @ large page VA 0x20010000 -> PA 0x10000
	mov r3, #16
2:	str r1, [r2, #64]
	add r2, r2, #4
	subs r3, r3, #1
	bne 2b
	@ 0x310: section in domain 3 (no access); 0x320: domain 2 (manager) with AP=00.
	ldr r1, =(3 << 5) | FULL
	str r1, [r0, #0x310 * 4]
	ldr r1, =(2 << 5) | 2
	str r1, [r0, #0x320 * 4]
	@ 0x330: privileged read-only (APX=1 AP=01); 0x340: privileged only (AP=01).
	ldr r1, =(1 << 15) | (1 << 10) | 2
	str r1, [r0, #0x330 * 4]
	ldr r1, =(1 << 10) | 2
	str r1, [r0, #0x340 * 4]
	@ 0x350: execute-never; 0x360: AP[0] = 0 (access flag clear under AFE).
	ldr r1, =FULL | 0x10
	str r1, [r0, #0x350 * 4]
	ldr r1, =(2 << 10) | 2
	str r1, [r0, #0x360 * 4]
	@ 0x370: section onto PA 0x30000000, where there is no memory.
	ldr r1, =0x30000000 | FULL
	str r1, [r0, #0x370 * 4]
	@ 0x400-0x40f: supersection onto PA 0.
	ldr r1, =(1 << 18) | FULL
	add r2, r0, #0x400 * 4
	mov r3, #16
3:	str r1, [r2], #4
	subs r3, r3, #1
	bne 3b
	pool
	@ TTBR1's table: VA 0x90000000 -> PA 0.
	ldr r2, =L1B + 0x900 * 4
	ldr r1, =FULL
	str r1, [r2]
	@ Test data at PA 0x9004, 0x11234.
	ldr r2, =0x9004
	ldr r1, =0x11223344
	str r1, [r2]
	ldr r2, =0x11234
	ldr r1, =0x55667788
	str r1, [r2]

	@ MMU on: TTBR0, TTBCR = 0, DACR (d0,d1 client, d2 manager, d3 none), SCTLR.XP|M.
	ldr r0, =L1
	mcr p15, 0, r0, c2, c0, 0
	mov r0, #0
	mcr p15, 0, r0, c2, c0, 2
	ldr r0, =0x55555535
	mcr p15, 0, r0, c3, c0, 0
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #(1 << 23)
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0
	mcr p15, 0, r0, c8, c7, 0
	pool

	@ Small and large pages.
	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20011234
	ldr r0, [r1]
	expect r0, 0x55667788
	@ Supersection.
	ldr r1, =0x40009004
	ldr r0, [r1]
	expect r0, 0x11223344
	@ Manager domain ignores AP=00.
	ldr r1, =0x32009004
	ldr r0, [r1]
	expect r0, 0x11223344
	pool

	@ Faults.
	ldr r1, =0x30000000
	dabort "ldr r0, [r1]", 0x005, 0x30000000
	ldr r1, =0x20002008
	dabort "ldr r0, [r1]", 0x017, 0x20002008
	ldr r1, =0x31000010
	dabort "ldr r0, [r1]", 0x039, 0x31000010
	ldr r1, =0x33009004
	ldr r0, [r1]
	expect r0, 0x11223344
	dabort "str r0, [r1]", 0x80d, 0x33009004
	ldr r1, =0x34009004
	ldr r0, [r1]
	expect r0, 0x11223344
	dabort "ldrt r0, [r1]", 0x00d, 0x34009004
	ldr r1, =0x37000040
	dabort "ldr r0, [r1]", 0x008, 0x37000040
	pool

	@ Execute-never: prefetch abort with IFSR 0xd and IFAR.
	ldr r1, =0x35000000 + xn_target
	ldr r8, =xn_back
	mov r5, #0
	bx r1
xn_back:
	ldr r1, =0x40f
	and r5, r5, r1
	expect r5, 0x00d
	ldr r0, =0x35000000 + xn_target
	expectr r6, r0
	b xn_done
xn_target:
	b .
xn_done:
	pool

	@ TTBCR.N = 1: VA >= 2 GiB go through TTBR1.
	ldr r0, =L1B
	mcr p15, 0, r0, c2, c0, 1
	mov r0, #1
	mcr p15, 0, r0, c2, c0, 2
	ldr r1, =0x90009004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x91000000
	dabort "ldr r0, [r1]", 0x005, 0x91000000
	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	mov r0, #0
	mcr p15, 0, r0, c2, c0, 2
	pool

	@ Alignment: unaligned LDR works (U=1), faults with SCTLR.A.
	tst r4, #2
	mrceq p15, 0, r0, c1, c0, 0
	orreq r0, r0, #(1 << 22)
	mcreq p15, 0, r0, c1, c0, 0
	ldr r1, =0x20000005
	ldr r0, [r1]
	ldr r2, =0x11223344
	lsr r2, r2, #8
	bic r0, r0, #0xff000000
	expectr r0, r2
	mrc p15, 0, r3, c1, c0, 0
	orr r0, r3, #2
	mcr p15, 0, r0, c1, c0, 0
	dabort "ldr r0, [r1]", 0x001, 0x20000005
	mcr p15, 0, r3, c1, c0, 0
	pool

	tst r4, #2
	beq done
	@ ARMv7: VA to PA (ATS1CPR) and PAR.
	ldr r1, =0x20000004
	mcr p15, 0, r1, c7, c8, 0
	mrc p15, 0, r0, c7, c4, 0
	ldr r2, =0xfffff001
	and r0, r0, r2
	expect r0, 0x9000
	ldr r1, =0x30000000
	mcr p15, 0, r1, c7, c8, 0
	mrc p15, 0, r0, c7, c4, 0
	and r0, r0, #0x7f
	expect r0, 0x0b
	@ ARMv7: access flag (SCTLR.AFE) and TEX remap on.
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #(3 << 28)
	mcr p15, 0, r0, c1, c0, 0
	ldr r1, =0x36000000
	dabort "ldr r0, [r1]", 0x003, 0x36000000
	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
done:
	pass
	.ltorg

dabt_handler:
	mrc p15, 0, r5, c5, c0, 0
	mrc p15, 0, r6, c6, c0, 0
	subs pc, lr, #4

pabt_handler:
	mrc p15, 0, r5, c5, c0, 1
	mrc p15, 0, r6, c6, c0, 2
	movs pc, r8
	.ltorg

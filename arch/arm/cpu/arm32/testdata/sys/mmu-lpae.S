@ LPAE long-descriptor translation (ARM DDI 0406C.d B3.6): TTBCR.EAE,
@ 64-bit TTBR0/TTBR1 through MCRR, level-1 (1 GiB) and level-2 (2 MiB)
@ blocks, level-3 pages, AP[2:1], XN, APTable, the access flag, T0SZ/T1SZ
@ region split, PAR in the long format, and the long-format fault status
@ values (DFSR.LPAE = 1, STATUS = type | level).
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

	.equ L1T, 0x4000            @ level 1: 4 entries
	.equ L2T, 0x5000            @ level 2 for VA 0-1 GiB
	.equ L3T, 0x6000            @ level 3 for VA 0x20000000-0x201fffff
	.equ L2B, 0x7000            @ TTBR1 level 2 (T1SZ = 2: 1 GiB at 0xc0000000)
	.equ BLK, (1 << 10) | 1     @ AF | block
	.equ PAGE, (1 << 10) | 3    @ AF | page

	.macro dabort insn, fsr, far
	mov r5, #0
	\insn
	ldr r1, =0xa3f
	and r5, r5, r1
	expect r5, \fsr
	expect r6, \far
	.endm

	@ Writes the 64-bit descriptor \lo:\hi at address \addr (uses r1-r3).
	.macro desc addr, lo, hi
	ldr r1, =\addr
	ldr r2, =\lo
	ldr r3, =\hi
	strd r2, r3, [r1]
	.endm

reset:
	ldr sp, =0x80000
	msr cpsr_c, #0xd7
	ldr sp, =0x7f000
	msr cpsr_c, #0xd3
	ldr r0, =0x4000
	ldr r1, =0x8000
	mov r2, #0
1:	str r2, [r0], #4
	cmp r0, r1
	blo 1b
	@ Level 1: VA 0-1G -> table L2T; VA 0x40000000-0x7fffffff: 1 GiB block onto PA 0.
	desc L1T, L2T | 3, 0
	desc L1T + 8, BLK, 0
	@ Level 2 (VA 0-1G): 2 MiB block at VA 0 onto PA 0; at 0x1c000000 onto the devices (XN);
	@ VA 0x20000000 -> L3T; VA 0x20200000: read-only block (AP[2]=1); VA 0x20400000: AF=0;
	@ VA 0x20600000: XN block onto PA 0; VA 0x20800000: PL1-only block onto PA 0 (AP=00);
	@ VA 0x20a00000: block onto PA 0x30000000 (no memory).
	desc L2T, BLK, 0
	desc L2T + 0xe0 * 8, 0x1c000000 | BLK, 1 << 22
	desc L2T + 0x100 * 8, L3T | 3, 0
	desc L2T + 0x101 * 8, BLK | (2 << 6), 0
	desc L2T + 0x102 * 8, 1, 0
	desc L2T + 0x103 * 8, BLK | (1 << 6), 1 << 22
	desc L2T + 0x104 * 8, BLK, 0
	desc L2T + 0x105 * 8, 0x30000000 | BLK, 0
	@ Level 3: page 0 -> PA 0x9000, page 1 invalid, page 2 -> PA 0x9000 user RW.
	desc L3T, 0x9000 | PAGE | (1 << 6), 0
	desc L3T + 16, 0x9000 | PAGE | (1 << 6), 0
	@ TTBR1 level 2: VA 0xc0000000 -> 2 MiB block onto PA 0.
	desc L2B, BLK, 0
	.ltorg
	ldr r2, =0x9004
	ldr r1, =0x11223344
	str r1, [r2]

	@ TTBCR: EAE, T0SZ = 0 for now; TTBR0 64-bit.
	ldr r0, =L1T
	mov r1, #0
	mcrr p15, 0, r0, r1, c2
	mrrc p15, 0, r2, r3, c2
	expectr r2, r0
	ldr r0, =0x80000000
	mcr p15, 0, r0, c2, c0, 2
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0
	pool

	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x40009004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20209004
	ldr r0, [r1]
	expect r0, 0x11223344
	@ Faults: translation L3 (0x207), L1 (region beyond the table's entries: none here),
	@ permission L2 (0x20e | WnR), access flag L2 (0x20a), user access to a PL1-only block (0x20e).
	ldr r1, =0x20001000
	dabort "ldr r0, [r1]", 0x207, 0x20001000
	ldr r1, =0x20209004
	dabort "str r0, [r1]", 0xa0e, 0x20209004
	ldr r1, =0x20400000
	dabort "ldr r0, [r1]", 0x20a, 0x20400000
	ldr r1, =0x20809004
	ldr r0, [r1]
	dabort "ldrt r0, [r1]", 0x20e, 0x20809004
	ldr r1, =0x20002004
	ldrt r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20a00000
	dabort "ldr r0, [r1]", 0x210, 0x20a00000
	ldr r1, =0xc0000000
	dabort "ldr r0, [r1]", 0x205, 0xc0000000
	pool

	@ XN: prefetch abort, IFSR long format, permission level 2.
	ldr r1, =0x20600000 + xn_target
	ldr r8, =xn_back
	mov r5, #0
	bx r1
xn_back:
	ldr r1, =0x23f
	and r5, r5, r1
	expect r5, 0x20e
	b xn_done
xn_target:
	b .
xn_done:

	@ PAR (long format) through ATS1CPR.
	ldr r1, =0x20000004
	mcr p15, 0, r1, c7, c8, 0
	mrrc p15, 0, r2, r3, c7
	ldr r0, =0xfffff801
	and r2, r2, r0
	expect r2, 0x9800
	ldr r1, =0x20001000
	mcr p15, 0, r1, c7, c8, 0
	mrrc p15, 0, r2, r3, c7
	ldr r0, =0x87f
	and r2, r2, r0
	expect r2, 0x80f
	pool

	@ T1SZ = 2: VA 0xc0000000 and up through TTBR1 (starting at level 2); T0SZ = 1.
	ldr r0, =L2B
	mov r1, #0
	mcrr p15, 1, r0, r1, c2
	ldr r0, =0x80020001
	mcr p15, 0, r0, c2, c0, 2
	ldr r1, =0xc0009004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	@ VA 0x80000000 is in neither region: translation fault level 1.
	ldr r1, =0x80000000
	dabort "ldr r0, [r1]", 0x205, 0x80000000
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

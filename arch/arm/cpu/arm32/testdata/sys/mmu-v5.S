@ ARMv5 VMSA (ARM DDI 0100I B3/B4, ARM926EJ-S TRM 3): sections, coarse
@ tables with small pages (per-1 KiB subpage permissions) and large pages,
@ fine tables with tiny pages, domains, AP with the S and R bits, and the
@ fault status (domain in FSR[7:4]) and FAR values.
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
	.equ FINE, 0xa000
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
	ldr r1, =0x1c000000 | FULL
	str r1, [r0, #0x1c0 * 4]
	@ 0x200: coarse table in domain 1. Page 0: small page onto PA 0x9000 with
	@ subpage APs 3,1,2,0 (full, priv, priv+user RO, none); pages 16-31: large page onto 0x10000.
	ldr r1, =COARSE | (1 << 5) | (1 << 4) | 1
	str r1, [r0, #0x200 * 4]
	ldr r2, =COARSE
	ldr r1, =0x9000 | (0 << 10) | (2 << 8) | (1 << 6) | (3 << 4) | 2
	str r1, [r2]
	ldr r1, =0x10000 | 0xff0 | 1
	mov r3, #16
2:	str r1, [r2, #64]
	add r2, r2, #4
	subs r3, r3, #1
	bne 2b
	@ 0x210: fine table in domain 2. Tiny page 0 (VA 0x21000000) -> PA 0x9400, AP=3;
	@ tiny page 1 -> fault; small page at VA 0x21001000 (entries 4-7) -> PA 0x9000.
	ldr r1, =FINE | (2 << 5) | (1 << 4) | 3
	str r1, [r0, #0x210 * 4]
	ldr r2, =FINE
	ldr r1, =0x9400 | (3 << 4) | 3
	str r1, [r2]
	ldr r1, =0x9000 | 0xff0 | 2
	str r1, [r2, #16]
	str r1, [r2, #20]
	str r1, [r2, #24]
	str r1, [r2, #28]
	@ 0x220: section AP=00 (S/R decide); 0x230: section in domain 3 (no access);
	@ 0x240: section domain 4 (manager) AP=00; 0x250: AP=01 (privileged only).
	ldr r1, =(1 << 4) | 2
	str r1, [r0, #0x220 * 4]
	ldr r1, =(3 << 5) | FULL
	str r1, [r0, #0x230 * 4]
	ldr r1, =(4 << 5) | (1 << 4) | 2
	str r1, [r0, #0x240 * 4]
	ldr r1, =(1 << 10) | (1 << 4) | 2
	str r1, [r0, #0x250 * 4]
	pool
	@ Data.
	ldr r2, =0x9004
	ldr r1, =0x11223344
	str r1, [r2]
	ldr r2, =0x9404
	ldr r1, =0x99aabbcc
	str r1, [r2]
	ldr r2, =0x11234
	ldr r1, =0x55667788
	str r1, [r2]
	@ MMU on: DACR d0-d2 client, d3 none, d4 manager.
	ldr r0, =L1
	mcr p15, 0, r0, c2, c0, 0
	ldr r0, =0x00000315
	mcr p15, 0, r0, c3, c0, 0
	mrc p15, 0, r0, c1, c0, 0
	orr r0, r0, #1
	mcr p15, 0, r0, c1, c0, 0
	pool

	ldr r1, =0x20000004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x20011234
	ldr r0, [r1]
	expect r0, 0x55667788
	@ Subpages: 1 (priv RW) ok, 2 (user RO) write ok privileged, 3 (none) faults.
	ldr r1, =0x20000400
	str r0, [r1]
	ldr r1, =0x20000800
	ldr r0, [r1]
	ldr r1, =0x20000c04
	dabort "ldr r0, [r1]", 0x1f, 0x20000c04
	@ Subpage 2 is read-only for user accesses.
	ldr r1, =0x20000804
	ldrt r0, [r1]
	dabort "strt r0, [r1]", 0x1f, 0x20000804
	@ Subpage 1: no user access.
	ldr r1, =0x20000404
	dabort "ldrt r0, [r1]", 0x1f, 0x20000404
	pool
	@ Tiny page and small page through a fine table; tiny page fault.
	ldr r1, =0x21000004
	ldr r0, [r1]
	expect r0, 0x99aabbcc
	ldr r1, =0x21001004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x21000404
	dabort "ldr r0, [r1]", 0x27, 0x21000404
	@ Section translation fault, domain fault, manager, privileged-only.
	ldr r1, =0x26000000
	dabort "ldr r0, [r1]", 0x05, 0x26000000
	ldr r1, =0x23009004
	dabort "ldr r0, [r1]", 0x39, 0x23009004
	ldr r1, =0x24009004
	ldr r0, [r1]
	expect r0, 0x11223344
	ldr r1, =0x25009004
	ldr r0, [r1]
	dabort "ldrt r0, [r1]", 0x0d, 0x25009004
	pool
	@ AP=00: no access with S=R=0; privileged read with S=1; all read with R=1.
	ldr r1, =0x22009004
	dabort "ldr r0, [r1]", 0x0d, 0x22009004
	mrc p15, 0, r3, c1, c0, 0
	orr r0, r3, #(1 << 8)
	mcr p15, 0, r0, c1, c0, 0
	mcr p15, 0, r0, c8, c7, 0
	ldr r0, [r1]
	expect r0, 0x11223344
	dabort "ldrt r0, [r1]", 0x0d, 0x22009004
	dabort "str r0, [r1]", 0x0d, 0x22009004
	orr r0, r3, #(1 << 9)
	mcr p15, 0, r0, c1, c0, 0
	ldrt r0, [r1]
	expect r0, 0x11223344
	mcr p15, 0, r3, c1, c0, 0
	@ Unaligned LDR rotates on ARMv5 (no alignment checking).
	ldr r1, =0x20000005
	ldr r0, [r1]
	expect r0, 0x44112233
	@ ... and faults with SCTLR.A.
	orr r0, r3, #2
	mcr p15, 0, r0, c1, c0, 0
	dabort "ldr r0, [r1]", 0x01, 0x20000005
	mcr p15, 0, r3, c1, c0, 0
	pass
	.ltorg

dabt_handler:
	mrc p15, 0, r5, c5, c0, 0
	mrc p15, 0, r6, c6, c0, 0
	subs pc, lr, #4

pabt_handler:
	b .

@ Processor modes, banked registers, SPSRs, exception entry and return with
@ the right LR values and vector offsets (low, high, VBAR), on every model.
@ ARM DDI 0406C.d B1.3 (modes), B1.8 (exceptions); ARM DDI 0100I A2.
@ r0 at entry holds feature bits from the harness: bit1 = VBAR present.
	.include "common.inc"
	.text
	.arm
	.global _start
_start:
	b reset
	b und_handler
	b svc_handler
	b pabt_handler
	b dabt_handler
	b .
	b irq_handler
	b fiq_handler

reset:
	mov r7, r0                      @ feature bits
	mrs r0, cpsr
	and r1, r0, #0x1f
	expect r1, MODE_SVC
	and r1, r0, #0xc0
	expect r1, 0xc0
	ldr sp, =0x8000

	@ ---- banked r13/r14 and FIQ r8-r12
	setmode MODE_IRQ
	ldr sp, =0x7000
	ldr lr, =0x1111
	setmode MODE_FIQ
	ldr sp, =0x6000
	ldr lr, =0x2222
	mov r8, #0x80
	mov r9, #0x90
	mov r10, #0xa0
	mov r11, #0xb0
	mov r12, #0xc0
	setmode MODE_ABT
	ldr sp, =0x5000
	ldr lr, =0x3333
	setmode MODE_UND
	ldr sp, =0x4800
	ldr lr, =0x4444
	setmode MODE_SYS
	ldr sp, =0x4000
	ldr lr, =0x5555
	mov r8, #8
	setmode MODE_SVC
	ldr lr, =0x6666
	expect r8, 8
	expect sp, 0x8000
	expect lr, 0x6666
	setmode MODE_IRQ
	expect sp, 0x7000
	expect lr, 0x1111
	expect r8, 8
	setmode MODE_FIQ
	mov r0, r12
	mov r1, r11
	mov r2, r10
	mov r3, r9
	mov r4, r8
	expect r0, 0xc0
	expect r1, 0xb0
	expect r2, 0xa0
	expect r3, 0x90
	expect r4, 0x80
	expect sp, 0x6000
	expect lr, 0x2222
	setmode MODE_ABT
	expect sp, 0x5000
	expect lr, 0x3333
	setmode MODE_UND
	expect sp, 0x4800
	expect lr, 0x4444
	setmode MODE_SYS
	expect sp, 0x4000
	expect lr, 0x5555
	setmode MODE_SVC
	pool

	@ ---- SPSR banking
	setmode MODE_IRQ
	ldr r0, =0x200000d2
	msr spsr_fsxc, r0
	setmode MODE_ABT
	ldr r0, =0x800000d7
	msr spsr_fsxc, r0
	setmode MODE_IRQ
	mrs r1, spsr
	expect r1, 0x200000d2
	setmode MODE_ABT
	mrs r1, spsr
	expect r1, 0x800000d7
	setmode MODE_SVC

	@ ---- undefined instruction: LR, SPSR, return with LDM ^
	msr cpsr_f, #0xf0000000
udf_site:
	.word 0xe7f000f0
	mrs r0, cpsr
	ldr r1, =0xf000001f
	and r0, r0, r1
	expect r0, 0xf0000013
	ldr r0, =udf_site + 4
	expectr r5, r0
	ldr r1, =0xf000001f
	and r6, r6, r1
	expect r6, 0xf0000013
	pool

	@ ---- SVC: LR, immediate, return with MOVS PC, LR
	msr cpsr_f, #0x40000000
svc_site:
	svc #0x42
	mrs r4, cpsr
	ldr r0, =svc_site + 4
	expectr r5, r0
	expect r7, 0x42
	and r0, r4, #0xf0000000
	expect r0, 0x40000000

	@ ---- data abort on an address with no region: synchronous external abort
	mov r5, #0
	ldr r1, =0x30000000
dabt_site:
	ldr r0, [r1]
	ldr r0, =dabt_site + 8
	expectr r7, r0
	ldr r0, =0x40f
	and r5, r5, r0
	expect r5, 0x8
	expect r6, 0x30000000
	pool

	@ ---- prefetch abort: branch to an address with no region
	ldr r1, =0x30000010
	mov lr, #0
	blx_site:
	mov pc, r1
pabt_back:
	ldr r0, =0x30000014
	expectr r7, r0
	mrs r0, cpsr
	and r0, r0, #0x1f
	expect r0, MODE_SVC

	@ ---- user mode: MSR cannot change mode; SVC from user
	setmode MODE_USR
	msr cpsr_c, #0xd3
	mrs r0, cpsr
	and r0, r0, #0x1f
	expect r0, MODE_USR
	svc #1                          @ handler returns to SVC mode
	mrs r0, cpsr
	and r0, r0, #0x1f
	expect r0, MODE_SVC
	pool

	@ ---- IRQ and FIQ: masked until I/F clear, LR = next + 4
	mov r5, #0
	ldr r1, =IRQREQ
	mov r0, #1
	str r0, [r1]
	nop
	expect r5, 0
	msr cpsr_c, #0x53               @ unmask IRQ
irq_after:
	nop
	ldr r0, =irq_after + 4
	expectr r5, r0
	mrs r0, cpsr
	and r0, r0, #0xff
	expect r0, 0x53
	msr cpsr_c, #0xd3
	mov r5, #0
	ldr r1, =IRQREQ
	mov r0, #2
	str r0, [r1]
	msr cpsr_c, #0x93               @ unmask FIQ
fiq_after:
	nop
	ldr r0, =fiq_after + 4
	expectr r5, r0
	msr cpsr_c, #0xd3
	pool

	@ ---- high vectors (SCTLR.V): ldr pc at 0xffff0008
	ldr r1, =0xffff0008
	ldr r0, =0xe51ff004             @ ldr pc, [pc, #-4]
	str r0, [r1]
	ldr r0, =hv_svc
	str r0, [r1, #4]
	mrc p15, 0, r2, c1, c0, 0
	orr r3, r2, #0x2000
	mcr p15, 0, r3, c1, c0, 0
	mov r5, #0
	svc #2
	expect r5, 0x5a
	mcr p15, 0, r2, c1, c0, 0

	@ ---- VBAR (ARMv7)
	tst r7, #2
	beq no_vbar
	ldr r0, =0x10000
	mcr p15, 0, r0, c12, c0, 0
	mrc p15, 0, r1, c12, c0, 0
	expect r1, 0x10000
	ldr r1, =0x10008
	ldr r0, =0xe51ff004
	str r0, [r1]
	ldr r0, =vbar_svc
	str r0, [r1, #4]
	mov r5, #0
	svc #3
	expect r5, 0xb0
	mov r0, #0
	mcr p15, 0, r0, c12, c0, 0
no_vbar:
	pass
	.ltorg

und_handler:
	stmfd sp!, {r0-r3, lr}
	mov r5, lr
	mrs r6, spsr
	mrs r0, cpsr
	and r0, r0, #0x1f
	cmp r0, #MODE_UND
	bne .
	ldmfd sp!, {r0-r3, pc}^

svc_handler:
	mov r5, lr
	ldr r7, [lr, #-4]
	bic r7, r7, #0xff000000
	cmp r7, #1
	bne 1f
	mrs r0, spsr                    @ svc #1 from user: return in SVC mode
	bic r0, r0, #0x1f
	orr r0, r0, #MODE_SVC
	msr spsr_c, r0
1:	movs pc, lr

pabt_handler:
	mov r7, lr
	ldr lr, =pabt_back
	movs pc, lr

dabt_handler:
	mrc p15, 0, r5, c5, c0, 0
	mrc p15, 0, r6, c6, c0, 0
	mov r7, lr
	subs pc, lr, #4

irq_handler:
	mov r5, lr
	ldr r0, =IRQREQ
	mov r1, #0
	str r1, [r0]
	subs pc, lr, #4

fiq_handler:
	mov r5, lr
	ldr r8, =IRQREQ
	mov r9, #0
	str r9, [r8]
	subs pc, lr, #4

hv_svc:
	mov r5, #0x5a
	movs pc, lr

vbar_svc:
	mov r5, #0xb0
	movs pc, lr
	.ltorg

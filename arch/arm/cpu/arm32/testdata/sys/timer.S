@ The generic timer of the VE models (ARM DDI 0406C.d B8): CNTFRQ, the
@ counters through MRRC, the virtual and physical timers (TVAL, CVAL via
@ MCRR, CTL.ISTATUS/IMASK) raising IRQ, WFI until the interrupt, and the
@ PL0 access control of CNTKCTL (UNDEFINED when disabled).
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
	b irq_handler
	b .

reset:
	ldr sp, =0x80000
	msr cpsr_c, #0xd2
	ldr sp, =0x7f000
	msr cpsr_c, #0xdb
	ldr sp, =0x7e000
	msr cpsr_c, #0xd3
	mrc p15, 0, r0, c14, c0, 0
	expect r0, 62500000
	mrrc p15, 1, r2, r3, c14
	mov r0, #1000
1:	subs r0, r0, #1
	bne 1b
	mrrc p15, 1, r4, r5, c14
	subs r0, r4, r2
	cmp r0, #0
	bgt 2f
	expect r0, 1
2:
	@ Virtual timer through TVAL: fires after 1000 ticks, WFI waits for it.
	mov r6, #0
	mov r0, #1000
	mcr p15, 0, r0, c14, c3, 0
	mov r0, #1
	mcr p15, 0, r0, c14, c3, 1
	mrc p15, 0, r0, c14, c3, 1
	expect r0, 1
	msr cpsr_c, #0x53
	wfi
	nop
	msr cpsr_c, #0xd3
	expect r6, 1
	and r7, r7, #7
	expect r7, 5                    @ ENABLE | ISTATUS as read by the handler
	mrrc p15, 1, r4, r5, c14
	subs r0, r4, r2
	cmp r0, #1000
	bge 3f
	expect r0, 1000
3:	pool

	@ Physical timer through CVAL (64-bit), masked then unmasked.
	mrrc p15, 0, r2, r3, c14
	adds r2, r2, #500
	adc r3, r3, #0
	mcrr p15, 2, r2, r3, c14
	mrrc p15, 2, r4, r5, c14
	expectr r4, r2
	mov r0, #3                      @ enabled, masked
	mcr p15, 0, r0, c14, c2, 1
	mov r6, #0
	msr cpsr_c, #0x53
	mov r0, #10000
4:	subs r0, r0, #1
	bne 4b
	mrc p15, 0, r0, c14, c2, 1
	expect r0, 7                    @ ISTATUS set, masked: no interrupt
	expect r6, 0
	mov r0, #1
	mcr p15, 0, r0, c14, c2, 1      @ unmask: the interrupt is taken
	nop
	nop
	msr cpsr_c, #0xd3
	expect r6, 2
	pool

	@ PL0: CNTVCT is UNDEFINED unless CNTKCTL.PL0VCTEN.
	mov r6, #0
	msr cpsr_c, #0xd0
	mrrc p15, 1, r2, r3, c14
	svc #0
	expect r6, 0x10
	mov r0, #2
	mcr p15, 0, r0, c14, c1, 0
	mov r6, #0
	msr cpsr_c, #0xd0
	mrrc p15, 1, r2, r3, c14
	svc #0
	expect r6, 0
	pass
	.ltorg

irq_handler:
	mrc p15, 0, r0, c14, c3, 1
	tst r0, #4
	beq 1f
	mov r7, r0
	mov r0, #0
	mcr p15, 0, r0, c14, c3, 1      @ virtual timer off
	mov r6, #1
	subs pc, lr, #4
1:	mrc p15, 0, r0, c14, c2, 1
	tst r0, #4
	beq .
	mov r0, #0
	mcr p15, 0, r0, c14, c2, 1
	mov r6, #2
	subs pc, lr, #4

und_handler:
	mov r6, #0x10
	movs pc, lr

svc_handler:
	mrs r0, spsr
	bic r0, r0, #0x1f
	orr r0, r0, #0x13
	msr spsr_c, r0
	movs pc, lr
	.ltorg

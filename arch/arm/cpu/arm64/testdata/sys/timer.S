// Generic timer: CNTFRQ, the virtual timer (PPI 27) and the physical timer
// (PPI 30) raising interrupts through a GICv2 while the CPU sits in WFI,
// ISTATUS/IMASK behaviour, TVAL counting down, and interrupt latency in
// counter ticks (checked against a bound, so the transcript is stable).
// Intervals derive from CNTFRQ_EL0 (QEMU's differs between versions).
	.include "common.inc"

main:
	stp	x29, x30, [sp, #-16]!
	print	"cntfrq_set"
	mrs	x0, cntfrq_el0
	mov	x1, #1000
	udiv	x1, x0, x1
	ldr	x2, =ticks
	str	x1, [x2]		// 1 ms
	cmp	x0, #0
	cset	x0, ne
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	bl	gic_init
	mov	w0, #27
	bl	gic_enable_ppi
	mov	w0, #30
	bl	gic_enable_ppi

	// IMASK: condition met, ISTATUS set, no interrupt
	print	"masked timer"
	mov	x0, #1
	msr	cntv_tval_el0, x0
	mov	x0, #3
	msr	cntv_ctl_el0, x0
	isb
	mov	x2, #2000
1:	subs	x2, x2, #1
	b.ne	1b
	mrs	x0, cntv_ctl_el0
	adr	x1, s_ctl
	bl	putfield
	mrs	x0, cntv_tval_el0
	lsr	x0, x0, #31		// TVAL negative once CVAL passed
	adr	x1, s_neg
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	msr	cntv_ctl_el0, xzr

	// three virtual timer interrupts, 1 ms apart, taken out of WFI
	ldr	x19, =irq_count
	str	xzr, [x19]
	mrs	x20, cntvct_el0
	ldr	x0, =ticks
	ldr	x0, [x0]
	msr	cntv_tval_el0, x0
	mov	x0, #1
	msr	cntv_ctl_el0, x0
	mov	x1, #3
	bl	wait_irqs
	mrs	x21, cntvct_el0
	sub	x0, x21, x20
	ldr	x1, =ticks
	ldr	x1, [x1]
	add	x1, x1, x1, lsl #1
	cmp	x0, x1
	cset	x0, hs
	adr	x1, s_elapsed
	bl	putfield
	ldr	x0, =max_late
	ldr	x0, [x0]
	ldr	x1, =ticks
	ldr	x1, [x1]
	mov	x2, #10
	mul	x1, x1, x2		// 10 ms
	cmp	x0, x1
	cset	x0, lo
	adr	x1, s_prompt
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	// one physical timer interrupt
	print	"physical timer\n"
	ldr	x0, =ticks
	ldr	x0, [x0]
	msr	cntp_tval_el0, x0
	mov	x0, #1
	msr	cntp_ctl_el0, x0
	mov	x1, #4
	bl	wait_irqs
	ldp	x29, x30, [sp], #16
	ret

// wait_irqs(x1): sleeps until irq_count reaches x1. The count is checked with
// IRQs masked (WFI still wakes on a masked pending interrupt), so an
// interrupt between the check and the WFI cannot be slept through.
wait_irqs:
	ldr	x2, =irq_count
1:	ldr	x0, [x2]
	cmp	x0, x1
	b.hs	2f
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	1b
2:	ret

// Called from irq_entry with the interrupt id in w19 (saved by the caller).
	.global	irq_handler
irq_handler:
	stp	x29, x30, [sp, #-16]!
	cmp	w19, #27
	b.ne	1f
	mrs	x0, cntv_ctl_el0
	mrs	x1, cntvct_el0
	mrs	x2, cntv_cval_el0
	sub	x1, x1, x2
	ldr	x3, =max_late
	ldr	x4, [x3]
	cmp	x1, x4
	csel	x4, x1, x4, hi
	str	x4, [x3]
	ldr	x3, =irq_count
	ldr	x4, [x3]
	add	x4, x4, #1
	str	x4, [x3]
	cmp	x4, #3
	b.hs	2f
	ldr	x0, =ticks		// re-arm relative to the last deadline
	ldr	x0, [x0]
	add	x2, x2, x0
	msr	cntv_cval_el0, x2
	b	9f
2:	msr	cntv_ctl_el0, xzr
	b	9f
1:	cmp	w19, #30
	b.ne	9f
	mrs	x0, cntp_ctl_el0
	adr	x1, s_ctl
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	msr	cntp_ctl_el0, xzr
	ldr	x3, =irq_count
	ldr	x4, [x3]
	add	x4, x4, #1
	str	x4, [x3]
9:	ldp	x29, x30, [sp], #16
	ret

s_val:	.asciz	"value"
s_ctl:	.asciz	"ctl"
s_neg:	.asciz	"tval_negative"
s_elapsed:	.asciz	"elapsed_ok"
s_prompt:	.asciz	"prompt"
	.balign	8
irq_count:	.quad	0
ticks:	.quad	0
max_late:	.quad	0
	.ltorg

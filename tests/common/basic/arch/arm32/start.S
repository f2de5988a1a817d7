/*
 * Basic firmware, AArch32 start code (ARM ARM v7-A/R, DDI 0406C: B1.8
 * exception vectors, B1.3 processor modes; ARMv5TE and ARMv6K subsets).
 * Every core enters at _start in SVC (or HYP on a VE core, which we leave
 * for SVC) with the MMU off. The boot core copies the image to its RAM
 * link address, clears .bss, sets up the mode stacks and vectors (VBAR on
 * v7, the table copied to 0x0 on v5/v6, whose boards have RAM there) and
 * calls basic_main(r2 = DTB as handed over). Other cores park as
 * board-config.h says: WFI until an SGI with SYS_FLAGS holding the entry
 * address (Versatile Express, RealView), or WFI forever (PSCI boards,
 * where they come to secondary_entry through CPU_ON).
 */
#include "board-config.h"

#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define NOINT 0xc0

#ifdef ARCH_VE
	.arch_extension virt
#endif
#ifdef ARCH_V7
	.arch_extension sec
#endif

	.section .text.start, "ax"
	.arm
	.global _start
_start:
	/*
	 * Leave the first 64 bytes at once: on boards whose image runs from
	 * RAM at 0 the boot CPU later copies the vector table there, and a
	 * secondary that is still starting must not be executing it.
	 */
	b	reset
	.balign	64
reset:
#ifdef ARCH_VE
	mrs	r9, cpsr
	and	r9, r9, #0x1f
	cmp	r9, #MODE_HYP
	bne	1f
	/* HYP: open the counters to PL1, then enter SVC. */
	mov	r9, #3
	mcr	p15, 4, r9, c14, c1, 0	/* CNTHCTL */
	mov	r9, #0
	mcrr	p15, 4, r9, r9, c14	/* CNTVOFF */
	mov	r9, #(MODE_SVC | NOINT)
	msr	spsr_hyp, r9
	adr	r9, 1f
	msr	elr_hyp, r9
	eret
1:
#endif
	msr	cpsr_c, #(MODE_SVC | NOINT)
	mrc	p15, 0, r9, c1, c0, 0
	bic	r9, r9, #(1 << 0) | (1 << 2)
	bic	r9, r9, #(1 << 12) | (1 << 13)	/* I-cache off, low vectors */
	mcr	p15, 0, r9, c1, c0, 0
#ifndef ARCH_V5
	mrc	p15, 0, r9, c0, c0, 5		/* MPIDR / ARM11 MPCore CPU ID */
	ands	r9, r9, #0xff
	bne	park
#endif
	mov	r11, r2
	adr	r0, _start
	ldr	r1, =_start
	cmp	r0, r1
	beq	3f
	ldr	r2, =_image_end
	sub	r2, r2, r1
2:	ldmia	r0!, {r3 - r6}
	stmia	r1!, {r3 - r6}
	subs	r2, r2, #16
	bgt	2b
	mov	r0, #0
	mcr	p15, 0, r0, c7, c10, 4		/* drain write buffer / DSB */
	mcr	p15, 0, r0, c7, c5, 0		/* invalidate I-cache */
	ldr	pc, =3f
3:	ldr	r0, =_bss_start
	ldr	r1, =_bss_end
	mov	r2, #0
4:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	4b
	mov	r0, #0
	bl	setup_stacks
	bl	install_vectors
	mov	r0, r11
	bl	basic_main
	b	.

	.global secondary_entry
secondary_entry:
	msr	cpsr_c, #(MODE_SVC | NOINT)
#ifndef ARCH_V5
	mrc	p15, 0, r0, c0, c0, 5
	and	r0, r0, #0xff
#else
	mov	r0, #0
#endif
	mov	r11, r0
	bl	setup_stacks
#ifdef ARCH_V7
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		/* VBAR */
#endif
	mov	r0, r11
	bl	secondary_main
	b	.

/*
 * Per-CPU stacks of 16 KiB below _stacks_end: SVC 8 KiB at the top,
 * then IRQ 4 KiB, then ABT and UND sharing 4 KiB. r0 = cpu; returns in SVC.
 */
setup_stacks:
	ldr	r1, =_stacks_end
	sub	r1, r1, r0, lsl #14
	mov	r2, lr
	msr	cpsr_c, #(MODE_IRQ | NOINT)
	sub	sp, r1, #0x2000
	msr	cpsr_c, #(MODE_ABT | NOINT)
	sub	sp, r1, #0x3000
	msr	cpsr_c, #(MODE_UND | NOINT)
	sub	sp, r1, #0x3800
	msr	cpsr_c, #(MODE_SVC | NOINT)
	mov	sp, r1
	bx	r2

install_vectors:
	ldr	r0, =vectors
#ifdef ARCH_V7
	mcr	p15, 0, r0, c12, c0, 0		/* VBAR */
#else
	mov	r1, #0
	ldmia	r0!, {r2 - r9}
	stmia	r1!, {r2 - r9}
	ldmia	r0!, {r2 - r9}
	stmia	r1!, {r2 - r9}
	mov	r0, #0
	mcr	p15, 0, r0, c7, c10, 4
	mcr	p15, 0, r0, c7, c5, 0
#endif
	bx	lr

park:
#if BOARD_PARK_SYSFLAGS
	/* Let an SGI through the GIC CPU interface so that WFI wakes up. */
	ldr	r4, =BOARD_GICC
	ldr	r5, =BOARD_GICD
	mov	r6, #0xf0
	str	r6, [r4, #0x4]			/* GICC_PMR */
	mov	r6, #1
	str	r6, [r4, #0x0]			/* GICC_CTLR */
	str	r6, [r5, #0x100]		/* GICD_ISENABLER0: SGI 0 */
	ldr	r7, =BOARD_SYS_FLAGS
5:	wfi
	ldr	r8, [r7]
	cmp	r8, #0
	beq	5b
	bx	r8
#else
#ifdef ARCH_V5
5:	mcr	p15, 0, r0, c7, c0, 4		/* wait for interrupt */
#else
5:	wfi
#endif
	b	5b
#endif

	.text
	.balign	32
vectors:
	ldr	pc, v_reset
	ldr	pc, v_undef
	ldr	pc, v_swi
	ldr	pc, v_pabt
	ldr	pc, v_dabt
	nop
	ldr	pc, v_irq
	ldr	pc, v_fiq
v_reset:	.word	_start
v_undef:	.word	undef_exception
v_swi:		.word	bad_exception
v_pabt:		.word	bad_exception
v_dabt:		.word	dabt_exception
v_unused:	.word	bad_exception
v_irq:		.word	irq_exception
v_fiq:		.word	bad_exception

irq_exception:
	sub	lr, lr, #4
	stmfd	sp!, {r0 - r3, r12, lr}
	bl	irq_dispatch
	ldmfd	sp!, {r0 - r3, r12, pc}^

/* Returns to the instruction after the faulting one (probes) or stops. */
dabt_exception:
	sub	lr, lr, #4
	stmfd	sp!, {r0 - r3, r12, lr}
	mov	r0, sp
	bl	arch_data_abort
	ldmfd	sp!, {r0 - r3, r12, pc}^

undef_exception:
	stmfd	sp!, {r0 - r3, r12, lr}
	mov	r0, sp
	bl	arch_undef
	b	.

bad_exception:
	stmfd	sp!, {r0 - r3, r12, lr}
	mov	r0, sp
	bl	arch_bad_exception
	b	.

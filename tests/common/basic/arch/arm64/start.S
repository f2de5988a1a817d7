/*
 * Basic firmware, AArch64 start code (ARM ARM for A-profile, DDI 0487:
 * D1.10 exception vectors, D13 system registers). Every core enters at
 * _start with the MMU off. The boot core (MPIDR affinity 0) drops from EL2
 * to EL1 when needed, copies the image to its RAM link address, clears
 * .bss, installs the vectors and calls basic_main(x0 = DTB as handed over).
 * Other cores started at reset stay parked: they come to secondary_entry
 * through PSCI CPU_ON.
 */
	.section .text.start, "ax"
	.global _start
_start:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	1f
	/* EL2: run EL1 in AArch64 with the counters open to it. */
	mov	x10, #(1 << 31)
	msr	hcr_el2, x10
	mov	x10, #3
	msr	cnthctl_el2, x10
	msr	cntvoff_el2, xzr
	mov	x10, #0x3c5
	msr	spsr_el2, x10
	adr	x10, 1f
	msr	elr_el2, x10
	eret
1:	msr	daifset, #0xf
	mrs	x9, CurrentEL
	cmp	x9, #(1 << 2)
	b.ne	park			/* EL3 is not supported */
	mrs	x9, sctlr_el1
	mov	x10, #(1 << 0) | (1 << 2)
	orr	x10, x10, #(1 << 12)
	bic	x9, x9, x10
	msr	sctlr_el1, x9
	isb
	mrs	x9, mpidr_el1
	and	x9, x9, #0xffffff
	cbnz	x9, park
	mov	x19, x0
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.eq	3f
	ldr	x3, =_image_end
	sub	x3, x3, x2
2:	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x2], #16
	subs	x3, x3, #16
	b.gt	2b
	dsb	sy
	ic	iallu
	dsb	sy
	isb
	ldr	x9, =3f
	br	x9
3:	ldr	x1, =_bss_start
	ldr	x2, =_bss_end
4:	cmp	x1, x2
	b.hs	5f
	str	xzr, [x1], #8
	b	4b
5:	ldr	x1, =_stacks_end
	mov	sp, x1
	bl	cpu_common_init
	mov	x0, x19
	bl	basic_main
park:	wfi
	b	park

	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	ldr	x1, =_stacks_end
	mov	x2, #0x4000
	msub	x1, x0, x2, x1
	mov	sp, x1
	mov	x19, x0
	bl	cpu_common_init
	mov	x0, x19
	bl	secondary_main
	b	park

/* Vectors and FP/SIMD access for the calling core. */
cpu_common_init:
	ldr	x1, =vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	ret

	.macro	save_regs
	sub	sp, sp, #(22 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	.endm

	.macro	restore_regs
	ldr	x1, [sp, #176]
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	add	sp, sp, #(22 * 8)
	.endm

	.macro	vector handler
	.balign	0x80
	b	\handler
	.endm

	.text
	.balign	0x800
vectors:
	vector	bad_exception	/* current EL, SP_EL0 */
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	sync_exception	/* current EL, SP_ELx */
	vector	irq_exception
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception	/* lower EL, AArch64 */
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception	/* lower EL, AArch32 */
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception

irq_exception:
	save_regs
	bl	irq_dispatch
	restore_regs
	eret

sync_exception:
	save_regs
	mov	x0, sp
	bl	arch_sync_exception
	restore_regs
	eret

bad_exception:
	save_regs
	mov	x0, sp
	bl	arch_bad_exception
	b	.

// Entry of the bare-metal test program for QEMU's virt board: stack, BSS,
// main(), then PSCI SYSTEM_OFF over HVC with main's result in x1.
	.text
	.global	_start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	main
	mov	x1, x0
	ldr	x0, =0x84000008
	hvc	#0
3:	wfi
	b	3b
	.ltorg

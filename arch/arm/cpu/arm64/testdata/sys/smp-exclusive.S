// Exclusives across two vcpus: the secondary is started with PSCI CPU_ON,
// both add to one counter with LDAXR/STLXR retry loops, and the primary
// checks that no increment was lost.
	.include "common.inc"

	.equ	N, 20000

main:
	stp	x29, x30, [sp, #-16]!
	ldr	x0, =PSCI_CPU_ON
	mov	x1, #1
	ldr	x2, =_start
	mov	x3, #0
	hvc	#0
	mov	x19, x0
	print	"cpu_on"
	mov	x0, x19
	adr	x1, s_ret
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	bl	add_loop
	ldr	x1, =done
1:	ldar	x0, [x1]
	cbz	x0, 1b
	print	"counter"
	ldr	x0, =counter
	ldr	x0, [x0]
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	ldp	x29, x30, [sp], #16
	ret

	.global	secondary_main
secondary_main:
	bl	add_loop
	ldr	x1, =done
	mov	x0, #1
	stlr	x0, [x1]
1:	wfi
	b	1b

add_loop:
	ldr	x1, =counter
	ldr	x3, =N
1:	ldaxr	x0, [x1]
	add	x0, x0, #1
	stlxr	w2, x0, [x1]
	cbnz	w2, 1b
	subs	x3, x3, #1
	b.ne	1b
	ret

s_ret:	.asciz	"ret"
s_val:	.asciz	"value"
	.balign	64
counter:	.quad	0
	.balign	64
done:	.quad	0
	.ltorg

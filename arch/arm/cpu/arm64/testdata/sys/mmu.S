// VMSAv8-64 stage 1 with the granule chosen at assembly time (--defsym
// GRANULE=4|16|64, and VA48=1 for 48-bit VAs instead of 39/42): identity-maps the program with pages, the PL011 as
// Device memory, both TTBRs (a TTBR1 alias of the image), then checks a
// permission fault, an Access flag fault, translation faults at two levels,
// AT S1E1R, a remap with TLBI VAE1IS, EL0 permission faults, and code
// modified in place made visible with DC CVAU / IC IVAU.
	.include "common.inc"

	.ifndef VA48
	.equ	VA48, 0
	.endif
	.if GRANULE == 4 && VA48
	.equ	G_SHIFT, 12
	.equ	VA_BITS, 48
	.equ	START_LEVEL, 0
	.equ	TG0, 0
	.equ	TG1, 2
	.elseif GRANULE == 64 && VA48
	.equ	G_SHIFT, 16
	.equ	VA_BITS, 48
	.equ	START_LEVEL, 1
	.equ	TG0, 1
	.equ	TG1, 3
	.elseif GRANULE == 4
	.equ	G_SHIFT, 12
	.equ	VA_BITS, 39
	.equ	START_LEVEL, 1
	.equ	TG0, 0
	.equ	TG1, 2
	.elseif GRANULE == 16
	.equ	G_SHIFT, 14
	.equ	VA_BITS, 39
	.equ	START_LEVEL, 1
	.equ	TG0, 2
	.equ	TG1, 1
	.else
	.equ	G_SHIFT, 16
	.equ	VA_BITS, 42
	.equ	START_LEVEL, 2
	.equ	TG0, 1
	.equ	TG1, 3
	.endif
	.equ	GRAN, (1 << G_SHIFT)
	.equ	BLOCK_SIZE, (1 << (2 * G_SHIFT - 3))
	.equ	STRIDE, (G_SHIFT - 3)
	.equ	TOP_SHIFT, (G_SHIFT + STRIDE * (3 - START_LEVEL))
	.equ	TOP_MASK, ((1 << (VA_BITS - TOP_SHIFT)) - 1)
	.equ	STRIDE_MASK, ((1 << STRIDE) - 1)
	.equ	TSZ, (64 - VA_BITS)

	// leaf descriptors (page): AF | SH=inner | AP | AttrIndx | valid page
	.equ	PG_RW_EL1, 0x703
	.equ	PG_RO_EL1, 0x783
	.equ	PG_RW_ALL, 0x743
	.equ	PG_RO_ALL, 0x7c3
	.equ	PG_NOAF, 0x303
	.equ	PG_DEVICE, 0x707
	.equ	BLK_RO_EL1, 0x781
	.equ	VA_BLOCK, 0x80000000

	.equ	VA_RO, 0x40500000
	.equ	VA_NOAF, 0x40510000
	.equ	VA_HOLE, 0x40520000
	.equ	VA_REMAP, 0x40530000
	.equ	VA_EL0STACK, 0x40540000
	.equ	VA_FAR, 0x50000000

main:
	stp	x29, x30, [sp, #-16]!
	print	"granule"
	mov	x0, #GRANULE
	adr	x1, s_kb
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	// identity map the image, stack and tables (0x40200000 .. 0x40400000)
	ldr	x19, =0x40200000
	ldr	x20, =0x40400000
1:	mov	x0, x19
	mov	x1, #PG_RW_EL1
	orr	x1, x1, x19
	bl	map_page
	add	x19, x19, #GRAN
	cmp	x19, x20
	b.lo	1b
	// EL0 code: read-only at EL0 and EL1, executable at both
	ldr	x0, =el0_code
	mov	x1, #PG_RO_ALL
	orr	x1, x1, x0
	bl	map_page
	// UART as Device memory, never executable
	ldr	x0, =UART
	ldr	x1, =(PG_DEVICE | (3 << 53))
	orr	x1, x1, x0
	bl	map_page
	// special pages
	ldr	x0, =VA_RO
	ldr	x1, =page_a
	mov	x9, #PG_RO_EL1
	orr	x1, x1, x9
	bl	map_page
	ldr	x0, =VA_NOAF
	ldr	x1, =page_a
	mov	x9, #PG_NOAF
	orr	x1, x1, x9
	bl	map_page
	ldr	x0, =VA_REMAP
	ldr	x1, =page_a
	mov	x9, #PG_RW_EL1
	orr	x1, x1, x9
	bl	map_page
	ldr	x0, =VA_EL0STACK
	ldr	x1, =page_b
	mov	x9, #PG_RW_ALL
	orr	x1, x1, x9
	bl	map_page

	// a read-only level-2 block aliasing the block of RAM that holds `magic`
	ldr	x2, =magic
	ldr	x3, =~(BLOCK_SIZE - 1)
	and	x1, x2, x3
	mov	x9, #BLK_RO_EL1
	orr	x1, x1, x9
	ldr	x0, =VA_BLOCK
	bl	map_block

	// MAIR: attr0 Normal WB, attr1 Device-nGnRnE
	mov	x0, #0xff
	msr	mair_el1, x0
	ldr	x0, =(TSZ | (1 << 8) | (1 << 10) | (3 << 12) | (TG0 << 14) | (TSZ << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (TG1 << 30) | (2 << 32))
	msr	tcr_el1, x0
	ldr	x0, =root_table
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	isb
	mrs	x0, sctlr_el1
	orr	x0, x0, #1		// M
	orr	x0, x0, #(1 << 2)	// C
	orr	x0, x0, #(1 << 12)	// I
	msr	sctlr_el1, x0
	isb
	print	"mmu on\n"

	print	"read ro page"
	ldr	x1, =VA_RO
	ldr	x0, [x1]
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	print	"write ro page\n"
	ldr	x1, =VA_RO
	str	xzr, [x1]
	print	"access flag\n"
	ldr	x1, =VA_NOAF
	ldr	x0, [x1]
	print	"translation fault (last level)\n"
	ldr	x1, =VA_HOLE
	ldr	x0, [x1]
	print	"translation fault (upper level)\n"
	ldr	x1, =VA_FAR
	str	x0, [x1]
	print	"fetch from device memory\n"
	adr	x30, 2f
	ldr	x1, =UART
	ret	x1			// not BR: BTI CPUs would set SPSR.BTYPE
2:	print	"ttbr1 alias"
	ldr	x1, =magic
	ldr	x2, =(0xffffffffffffffff << VA_BITS)
	orr	x1, x1, x2
	ldr	x0, [x1]
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	print	"block alias"
	ldr	x2, =magic
	and	x2, x2, #(BLOCK_SIZE - 1)
	ldr	x1, =VA_BLOCK
	add	x20, x1, x2
	ldr	x0, [x20]
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc
	print	"write ro block\n"
	str	xzr, [x20]

	print	"at s1e1r mapped"
	ldr	x1, =magic
	at	s1e1r, x1
	isb
	mrs	x0, par_el1
	ldr	x2, =0xfffffffff001
	and	x0, x0, x2
	adr	x1, s_par
	bl	putfield
	print	"\nat s1e1r hole"
	ldr	x1, =VA_HOLE
	at	s1e1r, x1
	isb
	mrs	x0, par_el1
	and	x0, x0, #0x7f
	adr	x1, s_par
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	print	"remap"
	ldr	x1, =VA_REMAP
	ldr	x0, [x1]
	adr	x1, s_val
	bl	putfield
	ldr	x0, =VA_REMAP
	ldr	x1, =page_b
	mov	x9, #PG_RW_EL1
	orr	x1, x1, x9
	bl	map_page
	dsb	ishst
	ldr	x0, =VA_REMAP
	lsr	x0, x0, #12
	tlbi	vae1is, x0
	dsb	ish
	isb
	ldr	x1, =VA_REMAP
	ldr	x0, [x1]
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	print	"modified code"
	ldr	x19, =code_buf
	ldr	w0, =0xd2800020		// movz x0, #1
	str	w0, [x19]
	ldr	w0, =0xd65f03c0		// ret
	str	w0, [x19, #4]
	bl	sync_code
	blr	x19
	adr	x1, s_val
	bl	putfield
	ldr	w0, =0xd2800040		// movz x0, #2
	str	w0, [x19]
	bl	sync_code
	blr	x19
	adr	x1, s_val
	bl	putfield
	mov	x0, #'\n'
	bl	putc

	print	"to el0\n"
	ldr	x0, =(VA_EL0STACK + 0x1000)
	msr	sp_el0, x0
	ldr	x0, =el0_code
	msr	elr_el1, x0
	mov	x0, #0x3c0
	msr	spsr_el1, x0
	adr	x0, back
	msr	tpidr_el1, x0
	eret
back:
	print	"back at el1\n"
	mrs	x0, sctlr_el1
	bic	x0, x0, #1
	msr	sctlr_el1, x0
	isb
	print	"mmu off\n"
	ldp	x29, x30, [sp], #16
	ret

sync_code:
	dc	cvau, x19
	dsb	ish
	ic	ivau, x19
	dsb	ish
	isb
	ret

// map_page(x0 = VA, x1 = page descriptor), map_block(x0 = VA, x1 = level-2 block descriptor)
map_page:
	mov	x10, #3
	b	map_desc
map_block:
	mov	x10, #2
map_desc:
	ldr	x2, =root_table
	mov	x3, #START_LEVEL
	mov	x4, #TOP_SHIFT
	mov	x6, #TOP_MASK
1:	lsr	x5, x0, x4
	and	x5, x5, x6
	cmp	x3, x10
	b.eq	3f
	ldr	x7, [x2, x5, lsl #3]
	tbnz	x7, #0, 2f
	ldr	x8, =pool_next
	ldr	x7, [x8]
	add	x9, x7, #GRAN
	str	x9, [x8]
	orr	x7, x7, #3
	str	x7, [x2, x5, lsl #3]
2:	and	x2, x7, #0x0000fffffffff000
	add	x3, x3, #1
	sub	x4, x4, #STRIDE
	mov	x6, #STRIDE_MASK
	b	1b
3:	str	x1, [x2, x5, lsl #3]
	ret

s_kb:	.asciz	"kb"
s_val:	.asciz	"value"
s_par:	.asciz	"par"
	.balign	4
	.ltorg

	.section .el0, "ax"
	.balign	65536
el0_code:
	ldr	x1, =VA_EL0STACK
	mov	x2, #0x5a
	str	x2, [x1, #8]
	ldr	x3, [x1, #8]
	ldr	x1, =magic		// EL1-only page: permission fault
	ldr	x0, [x1]
	adr	x1, el0_code		// read-only page: permission fault on write
	str	x0, [x1]
	ldr	x1, =VA_RO		// EL1-only: permission fault
	ldr	x0, [x1]
	svc	#0xfff
	.ltorg

	.data
	.balign	65536
page_a:
	.quad	0x1111111111111111
	.balign	65536
page_b:
	.quad	0x2222222222222222
	.balign	65536
code_buf:
	.space	64
magic:
	.quad	0x0123456789abcdef
pool_next:
	.quad	pool

	.bss
	.balign	65536
root_table:
	.space	65536
pool:
	.space	65536 * 12

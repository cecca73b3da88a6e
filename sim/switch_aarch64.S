/* SPDX-License-Identifier: GPL-2.0 */
/*
 * void sim_arch_switch(void **save_sp, void *load_sp)
 *
 * Save x19-x30 and d8-d15 (the AAPCS64 callee-saved set) on the current
 * stack, swap stack pointers, restore and return through x30.
 */
	.text
	.globl	sim_arch_switch
	.hidden	sim_arch_switch
	.type	sim_arch_switch, %function
	.p2align 4
sim_arch_switch:
	sub	sp, sp, #160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x2, sp
	str	x2, [x0]
	mov	sp, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	ret
	.size	sim_arch_switch, .-sim_arch_switch

/* First return into a fresh stack: entry function in x19, its argument in x20. */
	.globl	sim_arch_start
	.hidden	sim_arch_start
	.type	sim_arch_start, %function
	.p2align 4
sim_arch_start:
	mov	x29, #0
	mov	x0, x20
	blr	x19
	brk	#0
	.size	sim_arch_start, .-sim_arch_start

	.section .note.GNU-stack,"",%progbits

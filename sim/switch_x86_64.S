/* SPDX-License-Identifier: GPL-2.0 */
/*
 * void sim_arch_switch(void **save_sp, void *load_sp)
 *
 * Push the callee-saved registers of the System V ABI, save the stack
 * pointer, load the other one, pop its registers and return into it.  No
 * signal mask, no floating-point control state: tasks change neither, and
 * that is what makes this ~20x cheaper than swapcontext().
 */
	.text
	.globl	sim_arch_switch
	.hidden	sim_arch_switch
	.type	sim_arch_switch, @function
	.p2align 4
sim_arch_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	sim_arch_switch, .-sim_arch_switch

/*
 * First return into a fresh stack lands here with the entry function in r12
 * and its argument in r13 (laid out by sim_fiber_prepare).  The entry never
 * returns.
 */
	.globl	sim_arch_start
	.hidden	sim_arch_start
	.type	sim_arch_start, @function
	.p2align 4
sim_arch_start:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r13, %rdi
	andq	$-16, %rsp
	callq	*%r12
	ud2
	.cfi_endproc
	.size	sim_arch_start, .-sim_arch_start

	.section .note.GNU-stack,"",@progbits

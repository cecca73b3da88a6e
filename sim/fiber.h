/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fibers: one stack per simulated task, switched by hand on one OS thread.
 *
 * Every switch tells ASan and TSan that the stack changed; TSan is told
 * without synchronisation, so that the only happens-before between tasks is
 * what the simulated kernel primitives annotate (see memory.c).
 */
#ifndef SIM_FIBER_H
#define SIM_FIBER_H

#include <stddef.h>

#ifdef SIM_FIBER_UCONTEXT
#include <ucontext.h>
#endif

struct sim_fiber {
#ifdef SIM_FIBER_UCONTEXT
	ucontext_t context;
#else
	void *sp;
#endif
	void *mapping;			/* guard page, then the stack; NULL for the thread's own stack */
	size_t mapping_size;
	const void *stack_bottom;	/* as ASan wants it: lowest usable address */
	size_t stack_size;
	void *asan_fake_stack;
	void *tsan_fiber;
	void (*entry)(void *arg);
	void *arg;
};

/* Adopt the calling thread's own stack as a fiber, to switch away from and back to. */
void sim_fiber_init_thread(struct sim_fiber *fiber);

/* Map a stack of @stack_size bytes below a PROT_NONE guard page; 0 or -errno. */
int sim_fiber_create(struct sim_fiber *fiber, size_t stack_size, const char *name);
void sim_fiber_destroy(struct sim_fiber *fiber);

/* Make the next switch to @fiber start entry(arg) afresh on an empty stack. */
void sim_fiber_prepare(struct sim_fiber *fiber, void (*entry)(void *), void *arg);

/* Suspend @from and resume @to; returns when something switches back to @from. */
void sim_fiber_switch(struct sim_fiber *from, struct sim_fiber *to);

/* Leave @from for good (its stack may be prepared again later) and resume @to. */
void sim_fiber_exit(struct sim_fiber *from, struct sim_fiber *to) __attribute__((noreturn));

/* Whether @addr is in @fiber's guard page: for the SIGSEGV handler. */
int sim_fiber_guard_hit(const struct sim_fiber *fiber, const void *addr);

#endif /* SIM_FIBER_H */

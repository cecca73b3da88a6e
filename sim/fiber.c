// SPDX-License-Identifier: GPL-2.0
/*
 * Fiber stacks and the switch between them, with the sanitizer annotations
 * every switch needs.
 *
 * A stack is an anonymous mapping whose lowest page is PROT_NONE, so a task
 * that overflows faults on the guard page instead of writing over its
 * neighbour; the CLI's SIGSEGV handler names the task (report.c).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fiber.h"
#include "sanitizer.h"

#if SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if SIM_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#ifndef SIM_FIBER_UCONTEXT
void sim_arch_switch(void **save_sp, void *load_sp);
void sim_arch_start(void);
#endif

/* The fiber being left, so the one arriving can read ASan's view of its stack. */
static struct sim_fiber *fiber_leaving;

static size_t page_size(void)
{
	static size_t size;

	if (!size)
		size = (size_t)sysconf(_SC_PAGESIZE);
	return size;
}

static void fiber_arrived(void *fake_stack)
{
#if SIM_ASAN
	struct sim_fiber *prev = fiber_leaving;
	const void *bottom;
	size_t size;

	/*
	 * Arriving from the thread's own stack is the only way to learn that
	 * stack's extent, which the switch back needs.
	 */
	__sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
	if (prev && !prev->mapping) {
		prev->stack_bottom = bottom;
		prev->stack_size = size;
	}
#else
	(void)fake_stack;
#endif
}

/* First code run on a fresh stack. */
static void fiber_start(void *arg)
{
	struct sim_fiber *fiber = arg;

	fiber_arrived(NULL);
	fiber->entry(fiber->arg);
	__builtin_trap();	/* entries leave through sim_fiber_exit() */
}

void sim_fiber_init_thread(struct sim_fiber *fiber)
{
	memset(fiber, 0, sizeof(*fiber));
#if SIM_TSAN
	fiber->tsan_fiber = __tsan_get_current_fiber();
#endif
}

int sim_fiber_create(struct sim_fiber *fiber, size_t stack_size, const char *name)
{
	size_t guard = page_size();
	size_t size = (stack_size + guard - 1) / guard * guard + guard;
	void *map;

	memset(fiber, 0, sizeof(*fiber));
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (map == MAP_FAILED)
		return -errno;
	if (mprotect(map, guard, PROT_NONE)) {
		int err = -errno;

		munmap(map, size);
		return err;
	}
	fiber->mapping = map;
	fiber->mapping_size = size;
	fiber->stack_bottom = (char *)map + guard;
	fiber->stack_size = size - guard;
#if SIM_TSAN
	fiber->tsan_fiber = __tsan_create_fiber(0);
	__tsan_set_fiber_name(fiber->tsan_fiber, name);
#else
	(void)name;
#endif
	return 0;
}

void sim_fiber_destroy(struct sim_fiber *fiber)
{
	if (!fiber->mapping)
		return;
#if SIM_TSAN
	__tsan_destroy_fiber(fiber->tsan_fiber);
#endif
	munmap(fiber->mapping, fiber->mapping_size);
	fiber->mapping = NULL;
}

#ifdef SIM_FIBER_UCONTEXT
static struct sim_fiber *fiber_starting;

static void fiber_start_ucontext(void)
{
	fiber_start(fiber_starting);
}
#endif

void sim_fiber_prepare(struct sim_fiber *fiber, void (*entry)(void *), void *arg)
{
	fiber->entry = entry;
	fiber->arg = arg;
	fiber->asan_fake_stack = NULL;
#if SIM_ASAN
	/* A task abandoned mid-run (after a violation) left its frames' redzones poisoned. */
	__asan_unpoison_memory_region(fiber->stack_bottom, fiber->stack_size);
#endif
#ifdef SIM_FIBER_UCONTEXT
	getcontext(&fiber->context);
	fiber->context.uc_stack.ss_sp = (void *)fiber->stack_bottom;
	fiber->context.uc_stack.ss_size = fiber->stack_size;
	fiber->context.uc_link = NULL;
	makecontext(&fiber->context, fiber_start_ucontext, 0);
#else
	uintptr_t *sp = (uintptr_t *)(((uintptr_t)fiber->stack_bottom + fiber->stack_size) & ~15UL);

	/* The frame sim_arch_switch pops: see switch_*.S for the order. */
#if defined(__x86_64__)
	*--sp = 0;				/* end of the call chain */
	*--sp = (uintptr_t)sim_arch_start;	/* return address */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uintptr_t)fiber_start;		/* r12 */
	*--sp = (uintptr_t)fiber;		/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
#elif defined(__aarch64__)
	sp -= 20;
	memset(sp, 0, 20 * sizeof(*sp));
	sp[0] = (uintptr_t)fiber_start;		/* x19 */
	sp[1] = (uintptr_t)fiber;		/* x20 */
	sp[11] = (uintptr_t)sim_arch_start;	/* x30 */
#else
#error "no hand-written switch for this architecture: build with -Dfiber_switch=ucontext"
#endif
	fiber->sp = sp;
#endif
}

static inline void fiber_leave(struct sim_fiber *from, struct sim_fiber *to, int for_good)
{
	fiber_leaving = from;
#if SIM_ASAN
	__sanitizer_start_switch_fiber(for_good ? NULL : &from->asan_fake_stack, to->stack_bottom,
				       to->stack_size);
#else
	(void)for_good;
#endif
#if SIM_TSAN
	__tsan_switch_to_fiber(to->tsan_fiber, __tsan_switch_to_fiber_no_sync);
#endif
#ifdef SIM_FIBER_UCONTEXT
	fiber_starting = to;
	swapcontext(&from->context, &to->context);
#else
	sim_arch_switch(&from->sp, to->sp);
#endif
}

void sim_fiber_switch(struct sim_fiber *from, struct sim_fiber *to)
{
	fiber_leave(from, to, 0);
	fiber_arrived(from->asan_fake_stack);
}

void sim_fiber_exit(struct sim_fiber *from, struct sim_fiber *to)
{
	fiber_leave(from, to, 1);
	__builtin_trap();
}

int sim_fiber_guard_hit(const struct sim_fiber *fiber, const void *addr)
{
	const char *guard = fiber->mapping;

	return guard && (const char *)addr >= guard && (const char *)addr < guard + page_size();
}

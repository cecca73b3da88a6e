// SPDX-License-Identifier: GPL-2.0
/*
 * Marked accesses and the memory model.
 *
 * sc: every store is visible at once, so a load reads memory.
 *
 * TSan is told what the kernel's rules order, and is told conservatively:
 * an edge too many can hide a race, an edge too few would report one the
 * kernel does not have.  So a release is published at a store-release, an
 * unlock, a value-returning RMW, and at every marked store after an
 * smp_wmb()/smp_mb(); it is received at a load-acquire, a lock, a
 * value-returning RMW, a marked load of a pointer (the address dependency
 * READ_ONCE carries), and by smp_rmb()/smp_mb() for every marked load since
 * the task's previous read fence.
 */
#include <string.h>

#include "engine.h"
#include "memory.h"
#include "report.h"
#include "sanitizer.h"
#include "sched.h"
#include "trace.h"

#if SIM_TSAN
#include <sanitizer/tsan_interface.h>
#endif

const char *const sim_mm_name[SIM_MM_NR] = {
	[SIM_MM_SC] = "sc",
	[SIM_MM_TSO] = "tso",
};

enum sim_mm sim_mm_parse(const char *s)
{
	int m;

	for (m = 0; m < SIM_MM_NR; m++)
		if (!strcmp(s, sim_mm_name[m]))
			return (enum sim_mm)m;
	return SIM_MM_NR;
}

static uint64_t raw_load(const volatile void *addr, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const volatile uint8_t *)addr;
	case 2:
		return *(const volatile uint16_t *)addr;
	case 4:
		return *(const volatile uint32_t *)addr;
	default:
		return *(const volatile uint64_t *)addr;
	}
}

static void raw_store(volatile void *addr, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1:
		*(volatile uint8_t *)addr = (uint8_t)v;
		break;
	case 2:
		*(volatile uint16_t *)addr = (uint16_t)v;
		break;
	case 4:
		*(volatile uint32_t *)addr = (uint32_t)v;
		break;
	default:
		*(volatile uint64_t *)addr = v;
		break;
	}
}

static void check_size(const struct sim_site *site, unsigned int size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		sim_fail(SIM_FAIL_BUG, "bad-access-size", "%s:%u: %s of %u bytes", site->func,
			 site->line, site->op, size);
}

void sim_hb_acquire(const volatile void *addr)
{
#if SIM_TSAN
	__tsan_acquire((void *)addr);
#else
	(void)addr;
#endif
}

void sim_hb_release(const volatile void *addr)
{
#if SIM_TSAN
	__tsan_release((void *)addr);
#else
	(void)addr;
#endif
}

/* A read fence: receive what the releases seen by earlier marked loads published. */
static void hb_read_fence(struct sim_task *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_unfenced_loads; i++)
		sim_hb_acquire(t->unfenced_load[i]);
	t->nr_unfenced_loads = 0;
}

static void hb_after_load(struct sim_task *t, const volatile void *addr, unsigned int flags,
			  enum sim_order order)
{
	unsigned int i;

	if (!SIM_TSAN || !t)
		return;
	if (order != SIM_ORDER_ONCE || (flags & SIM_EV_PTR)) {
		sim_hb_acquire(addr);
		return;
	}
	for (i = 0; i < t->nr_unfenced_loads; i++)
		if (t->unfenced_load[i] == addr)
			return;
	if (t->nr_unfenced_loads == sizeof(t->unfenced_load) / sizeof(t->unfenced_load[0])) {
		/* Rather than forget a load, let it synchronise now: an edge too many. */
		sim_hb_acquire(t->unfenced_load[0]);
		memmove(&t->unfenced_load[0], &t->unfenced_load[1],
			(t->nr_unfenced_loads - 1) * sizeof(t->unfenced_load[0]));
		t->nr_unfenced_loads--;
	}
	t->unfenced_load[t->nr_unfenced_loads++] = addr;
}

static void hb_before_store(struct sim_task *t, volatile void *addr, enum sim_order order)
{
	if (!SIM_TSAN || !t)
		return;
	if (order != SIM_ORDER_ONCE || t->released_by_fence)
		sim_hb_release(addr);
}

uint64_t sim_load(const struct sim_site *site, const volatile void *addr, unsigned int size,
		  unsigned int flags, enum sim_order order)
{
	uint64_t v;

	sim_point(site);
	check_size(site, size);
	v = raw_load(addr, size);
	hb_after_load(sim_current(), addr, flags, order);
	sim_trace_op(site, SIM_EV_READ | flags, v, 0);
	return v;
}

void sim_store(const struct sim_site *site, volatile void *addr, unsigned int size, uint64_t value,
	       unsigned int flags, enum sim_order order)
{
	sim_point(site);
	check_size(site, size);
	sim_mm_store(addr, size, value, order);
	sim_trace_op(site, SIM_EV_WRITE | flags, 0, value);
}

static uint64_t rmw_apply(enum sim_rmw_op op, uint64_t old, uint64_t operand, uint64_t expected,
			  bool *store)
{
	*store = true;
	switch (op) {
	case SIM_RMW_ADD:
		return old + operand;
	case SIM_RMW_XCHG:
		return operand;
	case SIM_RMW_CMPXCHG:
		*store = old == expected;
		return operand;
	case SIM_RMW_AND:
		return old & operand;
	case SIM_RMW_OR:
		return old | operand;
	}
	return old;
}

uint64_t sim_mm_rmw(volatile void *addr, unsigned int size, enum sim_rmw_op op,
		    uint64_t operand, uint64_t expected, unsigned int flags, enum sim_order order,
		    bool *stored, uint64_t *new_value)
{
	struct sim_task *t = sim_current();
	uint64_t old, new;
	uint64_t mask = size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
	bool store;

	if (order == SIM_ORDER_FULL && t) {
		hb_read_fence(t);
		t->released_by_fence = true;
	}
	old = raw_load(addr, size);
	new = rmw_apply(op, old, operand, expected & mask, &store) & mask;
	hb_after_load(t, addr, flags, order);
	if (store) {
		hb_before_store(t, addr, order);
		raw_store(addr, size, new);
	}
	*stored = store;
	*new_value = new;
	return old;
}

void sim_mm_store(volatile void *addr, unsigned int size, uint64_t value, enum sim_order order)
{
	hb_before_store(sim_current(), addr, order);
	raw_store(addr, size, value);
}

uint64_t sim_rmw(const struct sim_site *site, volatile void *addr, unsigned int size,
		 enum sim_rmw_op op, uint64_t operand, uint64_t expected, unsigned int flags,
		 enum sim_order order)
{
	uint64_t old, new;
	bool stored;

	sim_point(site);
	check_size(site, size);
	old = sim_mm_rmw(addr, size, op, operand, expected, flags, order, &stored, &new);
	sim_trace_op(site, SIM_EV_READ | (stored ? SIM_EV_WRITE : 0) | flags, old, new);
	return old;
}

void sim_fence(const struct sim_site *site, enum sim_fence fence)
{
	struct sim_task *t;

	sim_point(site);
	t = sim_current();
	if (t && fence != SIM_FENCE_WMB)
		hb_read_fence(t);
	if (t && fence != SIM_FENCE_RMB)
		t->released_by_fence = true;
	sim_trace_op(site, 0, 0, 0);
}

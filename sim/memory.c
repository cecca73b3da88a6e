// SPDX-License-Identifier: GPL-2.0
/*
 * Marked accesses and the memory model (--mm).
 *
 * sc:  a store is visible to every CPU at once.
 * tso: x86-TSO.  A store waits in its CPU's store buffer (store_buffer.c);
 *      a load reads its own CPU's newest buffered store to that address,
 *      else what every CPU sees.  Memory itself is written at once, so it
 *      holds what the writer's CPU reads (a plain read of its own data sees
 *      its own stores); what the other CPUs still see of the bytes a
 *      buffered store changed is kept in unflushed.c.  At each preemption
 *      point the decision stream may make the oldest store of any CPU
 *      visible.  smp_mb(), every atomic read-modify-write (lock acquisition
 *      included) and the end of a task drain the CPU's buffer first; so does
 *      a context switch on the CPU, which is a full barrier in the kernel.
 *      smp_wmb(), smp_rmb(), acquire and release order nothing TSO does not
 *      already order.
 * lkmm: the Linux kernel memory model, operational and view-based: see
 *      lkmm.c.  Memory holds each location's newest store; which store a
 *      load reads is the model's, and a decision of the stream.
 *
 * What TSan is told about all this is in hb.c.
 */
#include <string.h>

#include "alloc.h"
#include "contention.h"
#include "engine.h"
#include "hb.h"
#include "lkmm.h"
#include "memory.h"
#include "por.h"
#include "report.h"
#include "sched.h"
#include "shadow.h"
#include "spin.h"
#include "store_buffer.h"
#include "trace.h"
#include "unflushed.h"

const char *const sim_mm_name[SIM_MM_NR] = {
	[SIM_MM_SC] = "sc",
	[SIM_MM_TSO] = "tso",
	[SIM_MM_LKMM] = "lkmm",
};

enum sim_mm sim_mm_parse(const char *s)
{
	int m;

	for (m = 0; m < SIM_MM_NR; m++)
		if (!strcmp(s, sim_mm_name[m]))
			return (enum sim_mm)m;
	return SIM_MM_NR;
}

uint64_t sim_mm_raw_load(const volatile void *addr, unsigned int size)
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

/* Store buffers belong to tasks' CPUs: the engine's own accesses bypass them. */
static bool buffered(const struct sim_task *t)
{
	return t && sim_run_mm() == SIM_MM_TSO;
}

/* The engine's own accesses see memory as it is. */
static bool lkmm(const struct sim_task *t)
{
	return t && sim_run_mm() == SIM_MM_LKMM;
}

/* @addr now holds what the next trace event says: that event is its writer. */
static struct sim_shadow *note_writer(const volatile void *addr)
{
	struct sim_shadow *e = shadow_of(addr);

	if (e)
		e->writer = sim_trace_next();
	return e;
}

uint64_t sim_mm_visible_load(const volatile void *addr, unsigned int size)
{
	uint64_t v = sim_mm_raw_load(addr, size);

	return unflushed_any() ? unflushed_visible(addr, size, v) : v;
}

/* A store every CPU sees at once. */
static void write_visible(volatile void *addr, unsigned int size, uint64_t value,
			  const void *hb_token)
{
	raw_store(addr, size, value);
	if (unflushed_any())
		unflushed_write_through(addr, size, value);
	hb_visible(note_writer(addr), hb_token);
}

void sim_mm_flush_visible(volatile void *addr, unsigned int size, uint64_t value,
			  const void *hb_token)
{
	sim_por_access(addr, size, true);
	unflushed_flush(addr, size, value);
	hb_visible(note_writer(addr), hb_token);
}

void sim_mm_forget(const volatile void *addr, size_t size)
{
	shadow_forget(addr, size);
	sim_spin_forget(addr, size);
	sim_contention_forget(addr, size);
	if (sim_run_mm() == SIM_MM_LKMM)
		lkmm_forget(addr, size);
}

/* Which store a load read; under lkmm, also the newer one its CPU has not seen. */
struct read_from {
	int32_t event;
	int newer_task;
	uint64_t newer_value;
};

static uint64_t lkmm_mm_load(struct sim_task *t, const volatile void *addr, unsigned int size,
			     unsigned int *flags, enum sim_order order, struct read_from *from)
{
	struct lkmm_read r;

	lkmm_load(t, shadow_of(addr), size, *flags, order, &r);
	hb_read(t, r.hb_token, *flags, order);
	from->event = r.from;
	if (r.newest)
		return sim_mm_raw_load(addr, size);
	*flags |= SIM_EV_STALE;
	from->newer_task = r.newer_task;
	from->newer_value = r.newer_value;
	return r.value;
}

static uint64_t mm_load(struct sim_task *t, const volatile void *addr, unsigned int size,
			unsigned int *flags, enum sim_order order, struct read_from *from)
{
	const struct sim_shadow *e;

	if (lkmm(t))
		return lkmm_mm_load(t, addr, size, flags, order, from);
	if (buffered(t)) {
		const struct sim_buffered_store *s = store_buffer_forward(t->cpu, addr, size);

		if (s) {
			*flags |= SIM_EV_FORWARDED;
			from->event = s->event;
			return s->value;
		}
		if (store_buffer_overlaps(t->cpu, addr, size))
			store_buffer_drain(t->cpu);
	}
	e = shadow_find(addr);
	hb_load(t, e, *flags, order);
	from->event = e ? e->writer : -1;
	return sim_mm_visible_load(addr, size);
}

/* lkmm: the newest store, when the last sim_mm_store() was placed before it. */
static struct lkmm_read older;

unsigned int sim_mm_store(const struct sim_site *site, volatile void *addr, unsigned int size,
			  uint64_t value, unsigned int flags, enum sim_order order)
{
	struct sim_task *t = sim_current();
	const void *token;

	sim_alloc_check(site, addr, size, true);
	token = hb_store(t, order);

	sim_spin_write(t);
	/* Buffered, it is seen by no other CPU until its flush (store_buffer.c). */
	if (!buffered(t))
		sim_por_access(addr, size, true);
	if (t)
		sim_contention_store(addr, t->cpu);
	if (buffered(t)) {
		struct sim_buffered_store s = { .addr = addr, .value = value, .hb_token = token,
						.site = site, .size = size, .flags = flags,
						.task = t->id };

		unflushed_hold(addr, size, value);
		raw_store(addr, size, value);
		store_buffer_push(t->cpu, &s);
		return SIM_EV_BUFFERED;
	}
	if (lkmm(t) && !lkmm_store(t, shadow_of(addr), size, value, order, token, &older)) {
		/* Placed before the newest store: memory keeps that one. */
		return SIM_EV_OLDER;
	}
	write_visible(addr, size, value, token);
	return 0;
}

uint64_t sim_load(const struct sim_site *site, const volatile void *addr, unsigned int size,
		  unsigned int flags, enum sim_order order)
{
	struct read_from from = { .newer_task = -1 };
	uint64_t v;

	sim_point(site);
	check_size(site, size);
	sim_alloc_check(site, addr, size, false);
	v = mm_load(sim_current(), addr, size, &flags, order, &from);
	sim_spin_read(sim_current(), addr, size, v);
	sim_por_access(addr, size, false);
	flags &= ~SIM_MM_ADDR_DEP;
	sim_trace_read(site, SIM_EV_READ | flags, v, from.event, from.newer_task,
		       from.newer_value);
	return v;
}

void sim_store(const struct sim_site *site, volatile void *addr, unsigned int size, uint64_t value,
	       unsigned int flags, enum sim_order order)
{
	sim_point(site);
	check_size(site, size);
	flags |= sim_mm_store(site, addr, size, value, flags, order);
	if (flags & SIM_EV_OLDER)
		sim_trace_store_older(site, SIM_EV_WRITE | flags, value, older.newer_task,
				      older.newer_value);
	else
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
	case SIM_RMW_XOR:
		return old ^ operand;
	}
	return old;
}

uint64_t sim_mm_rmw(volatile void *addr, unsigned int size, enum sim_rmw_op op,
		    uint64_t operand, uint64_t expected, unsigned int flags, enum sim_order order,
		    bool *stored, uint64_t *new_value, int32_t *from)
{
	struct sim_task *t = sim_current();
	uint64_t mask = size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
	struct sim_shadow *e;
	uint64_t old, new;
	bool store;

	/* An RMW is a write, whether or not it stores (por.h). */
	sim_por_access(addr, size, true);
	sim_alloc_check(t ? t->at : NULL, addr, size, true);
	/* A locked instruction: the buffer drains, then it works on memory. */
	if (buffered(t))
		store_buffer_drain(t->cpu);
	if (order == SIM_ORDER_FULL)
		hb_fence(t, SIM_FENCE_MB);
	e = shadow_find(addr);
	hb_load(t, e, flags, order == SIM_ORDER_RELEASE ? SIM_ORDER_ONCE : order);
	if (from)
		*from = e ? e->writer : -1;
	old = sim_mm_visible_load(addr, size);
	new = rmw_apply(op, old, operand, expected & mask, &store) & mask;
	if (store) {
		const void *token = hb_rmw_store(t, order == SIM_ORDER_ACQUIRE ? SIM_ORDER_ONCE :
						 order, e);

		if (t)
			sim_contention_store(addr, t->cpu);
		if (lkmm(t))
			token = lkmm_rmw(t, e ? e : shadow_of(addr), size, new, true, flags, order,
					 token);
		raw_store(addr, size, new);
		if (unflushed_any())
			unflushed_write_through(addr, size, new);
		e = note_writer(addr);
		/* A relaxed RMW continues the release sequence it read from. */
		if (token)
			hb_visible(e, token);
	} else if (lkmm(t)) {
		lkmm_rmw(t, e ? e : shadow_of(addr), size, new, false, flags, order, NULL);
	}
	if (store)
		sim_spin_write(t);
	else
		sim_spin_read(t, addr, size, old);
	*stored = store;
	*new_value = new;
	return old;
}

void sim_point_drains(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (t)
		sim_dfs_point_drains(t->id, true);
	sim_point(site);
	if (t)
		sim_dfs_point_drains(t->id, false);
}

uint64_t sim_rmw(const struct sim_site *site, volatile void *addr, unsigned int size,
		 enum sim_rmw_op op, uint64_t operand, uint64_t expected, unsigned int flags,
		 enum sim_order order)
{
	uint64_t old, new;
	int32_t from;
	bool stored;

	sim_point_drains(site);
	check_size(site, size);
	old = sim_mm_rmw(addr, size, op, operand, expected, flags, order, &stored, &new, &from);
	flags &= ~SIM_MM_NORETURN;
	sim_trace_op_from(site, SIM_EV_READ | (stored ? SIM_EV_WRITE : 0) | flags, old, new, from);
	return old;
}

void sim_fence(const struct sim_site *site, enum sim_fence fence)
{
	struct sim_task *t;

	if (fence == SIM_FENCE_MB)
		sim_point_drains(site);
	else
		sim_point(site);
	t = sim_current();
	if (fence == SIM_FENCE_MB && buffered(t))
		store_buffer_drain(t->cpu);
	if (lkmm(t))
		lkmm_fence(t, fence);
	hb_fence(t, fence);
	sim_trace_op(site, 0, 0, 0);
}

void sim_mm_drain(unsigned int cpu)
{
	store_buffer_drain(cpu);
}

void sim_mm_full_barrier(unsigned int cpu)
{
	if (sim_run_mm() == SIM_MM_LKMM)
		lkmm_full_barrier(cpu);
	else
		store_buffer_drain(cpu);
}

void sim_mm_context_switch(unsigned int cpu)
{
	sim_mm_full_barrier(cpu);
}

bool sim_mm_pending(unsigned int cpu)
{
	return store_buffer_len(cpu) != 0;
}

bool sim_mm_pending_any(void)
{
	unsigned int c;

	for (c = 0; c < sim_nr_cpus(); c++)
		if (store_buffer_len(c))
			return true;
	return false;
}

/*
 * At a preemption point: make buffered stores visible, one decision at a
 * time, oldest first per CPU.  In a busy-wait (@relax) the default is to
 * flush, so that a waiter on a buffered store is not left spinning.
 */
void sim_mm_flush_decisions(bool relax)
{
	unsigned int cpus[SIM_MAX_CPUS];

	if (relax && lkmm(sim_current()))
		lkmm_propagate_all(sim_current()->cpu);
	if (sim_run_mm() != SIM_MM_TSO)
		return;
	for (;;) {
		unsigned int c, n = 0, answer;

		for (c = 0; c < sim_nr_cpus(); c++)
			if (store_buffer_len(c))
				cpus[n++] = c;
		if (!n)
			return;
		answer = sim_choose(SIM_CHOICE_FLUSH, n + 1);
		if (relax ? answer == n : answer == 0)
			return;
		store_buffer_flush_oldest(cpus[relax ? answer : answer - 1]);
	}
}

bool sim_mm_flush_forced(void)
{
	unsigned int cpus[SIM_MAX_CPUS], c, n = 0;

	for (c = 0; c < sim_nr_cpus(); c++)
		if (store_buffer_len(c))
			cpus[n++] = c;
	if (!n)
		return false;
	store_buffer_flush_oldest(cpus[sim_choose(SIM_CHOICE_FLUSH, n)]);
	return true;
}

void sim_mm_reset(void)
{
	store_buffer_reset();
	sim_spin_reset();
	sim_por_record(-1, -1);
	unflushed_reset();
	shadow_reset();
	lkmm_reset();
	sim_contention_reset();
}

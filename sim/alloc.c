// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "own_mem.h"
#include "sanitizer.h"
#include "decide.h"
#include "report.h"
#include "sched.h"
#include "engine.h"
#include "names.h"
#include "trace.h"

struct sim_object {
	uintptr_t start;
	size_t size;
	uint32_t id;
};

/* An object kfree()d this run: what a later access is told. */
struct sim_freed {
	uintptr_t start;
	size_t size;
	uint32_t id;
	int task;			/* who freed it, -1 for setup/teardown */
	const struct sim_site *site;
	uint64_t step;
	bool kept;			/* quarantined: still ours, poisoned */
};

static struct {
	struct sim_object *live;
	size_t nr, cap;
	uint32_t next_id;
	struct sim_freed *freed;	/* sorted by start, none overlapping */
	size_t nr_freed, cap_freed;
} heap;

/*
 * Without a sanitizer the memory of a freed object stays allocated until
 * the run ends, filled with the kernel's POISON_FREE: a late plain read
 * sees 0x6b bytes, never another object's data, and a late plain write is
 * found at the end of the run.  ASan must see the real free() (its report
 * names both stacks), and TSan its own heap-use-after-free.
 */
#define QUARANTINE (!SIM_ASAN && !SIM_TSAN)
#define POISON_FREE 0x6b

/* The first freed entry whose start is above @p. */
static size_t freed_upper(uintptr_t p)
{
	size_t lo = 0, hi = heap.nr_freed;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (heap.freed[mid].start <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void freed_remove(size_t i)
{
	for (; i + 1 < heap.nr_freed; i++)
		heap.freed[i] = heap.freed[i + 1];
	heap.nr_freed--;
}

/* A new object at @p: a freed one the allocator reused it from is gone. */
static void freed_forget_range(uintptr_t p, size_t size)
{
	size_t i = freed_upper(p);

	if (i > 0 && heap.freed[i - 1].start + heap.freed[i - 1].size > p)
		freed_remove(--i);
	while (i < heap.nr_freed && heap.freed[i].start < p + (size ? size : 1))
		freed_remove(i);
}

static void freed_insert(const struct sim_freed *f)
{
	size_t i, at;

	freed_forget_range(f->start, f->size);
	if (heap.nr_freed == heap.cap_freed) {
		size_t cap = heap.cap_freed ? 2 * heap.cap_freed : 64;

		heap.freed = sim_own_realloc(heap.freed, cap * sizeof(*heap.freed));
		heap.cap_freed = cap;
	}
	at = freed_upper(f->start);
	for (i = heap.nr_freed; i > at; i--)
		heap.freed[i] = heap.freed[i - 1];
	heap.freed[at] = *f;
	heap.nr_freed++;
}

static void poison(uintptr_t start, size_t size)
{
	volatile unsigned char *b = (volatile unsigned char *)start;
	size_t i;

	for (i = 0; i < size; i++)
		b[i] = POISON_FREE;
}

void sim_alloc_check(const struct sim_site *site, const volatile void *addr, unsigned int size,
		     bool write)
{
	uintptr_t p = (uintptr_t)addr;
	const struct sim_freed *f;
	char name[64];
	size_t i;

	if (!heap.nr_freed)
		return;
	i = freed_upper(p + size - 1);
	if (!i)
		return;
	f = &heap.freed[i - 1];
	if (p >= f->start + f->size || p + size <= f->start)
		return;
	sim_names_format(name, sizeof(name), f->id, (uint32_t)(p > f->start ? p - f->start : 0));
	sim_fail(SIM_FAIL_BUG, "use-after-free", "%s:%u: %s(%s) %s %s, which %s freed at "
		 "%s:%u (step %llu)", site ? site->func : "?", site ? site->line : 0,
		 site ? site->op : "access", site ? site->expr : "", write ? "writes" : "reads",
		 name, f->task >= 0 ? sim_trace_task_name(f->task) : "the scenario",
		 f->site->func, f->site->line, (unsigned long long)f->step);
}

bool sim_alloc_freed(const void *p)
{
	size_t i = freed_upper((uintptr_t)p);

	return i && (uintptr_t)p < heap.freed[i - 1].start + heap.freed[i - 1].size;
}

static void heap_insert(void *p, size_t size, const struct sim_site *site)
{
	if (heap.nr == heap.cap) {
		size_t cap = heap.cap ? 2 * heap.cap : 64;
		heap.live = sim_own_realloc(heap.live, cap * sizeof(*heap.live));
		heap.cap = cap;
	}
	heap.live[heap.nr++] = (struct sim_object){ (uintptr_t)p, size, heap.next_id };
	sim_names_alloc(heap.next_id++, site);
}

static struct sim_object *heap_find(uintptr_t p, bool start_only)
{
	size_t i;

	for (i = 0; i < heap.nr; i++) {
		struct sim_object *o = &heap.live[i];

		if (p == o->start || (!start_only && p > o->start && p < o->start + o->size))
			return o;
	}
	return NULL;
}

bool sim_alloc_lookup(uintptr_t p, uint32_t *id, uint32_t *offset)
{
	struct sim_object *o = heap_find(p, false);

	if (!o)
		return false;
	*id = o->id;
	*offset = (uint32_t)(p - o->start);
	return true;
}

void *sim_kmalloc(const struct sim_site *site, size_t size, unsigned int gfp)
{
	void *p;

	if (sim_current()) {
		if (gfp & SIM_GFP_MAY_SLEEP)
			sim_might_sleep(site);
		sim_point(site);
		if ((gfp & SIM_GFP_MAY_FAIL) && sim_choose(SIM_CHOICE_ALLOC, 2)) {
			sim_trace_op(site, SIM_EV_READ | SIM_EV_PTR, 0, 0);
			return NULL;
		}
	}
	p = (gfp & SIM_GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
	if (!p)
		abort();
	if (heap.nr_freed)
		freed_forget_range((uintptr_t)p, size);
	heap_insert(p, size, site);
	if (sim_current())
		sim_trace_op(site, SIM_EV_READ | SIM_EV_PTR, (uintptr_t)p, 0);
	return p;
}

void sim_kfree(const struct sim_site *site, const void *p)
{
	struct sim_object *o;
	size_t size;

	if (sim_current()) {
		sim_point(site);
		sim_trace_op(site, SIM_EV_WRITE | SIM_EV_PTR, 0, (uintptr_t)p);
	}
	if (!p)
		return;
	o = heap_find((uintptr_t)p, true);
	if (!o) {
		sim_fail(SIM_FAIL_BUG, "bad-kfree", "%s:%u: kfree of a pointer that is not a live "
			 "allocation (freed twice?)", site->func, site->line);
		return;
	}
	sim_mm_forget(p, o->size);
	{
		struct sim_task *t = sim_current();
		struct sim_freed f = { o->start, o->size, o->id, t ? (int)t->id : -1, site,
				       sim_trace_steps(), QUARANTINE };

		freed_insert(&f);
	}
	size = o->size;
	*o = heap.live[--heap.nr];
	if (QUARANTINE)
		poison((uintptr_t)p, size);
	else
		free((void *)p);
}

/* The end of a run: a quarantined object written after its kfree() is a report. */
static void quarantine_release(void)
{
	size_t i, j;

	for (i = 0; i < heap.nr_freed; i++) {
		const struct sim_freed *f = &heap.freed[i];
		const volatile unsigned char *b = (const volatile unsigned char *)f->start;
		char name[64];

		if (!f->kept)
			continue;
		for (j = 0; j < f->size && sim_in_run() && sim_run_failure()->kind == SIM_OK; j++) {
			if (b[j] == POISON_FREE)
				continue;
			sim_names_format(name, sizeof(name), f->id, (uint32_t)j);
			sim_fail(SIM_FAIL_BUG, "use-after-free", "%s was written after %s freed it "
				 "at %s:%u (step %llu): its poison is gone at the end of the run",
				 name, f->task >= 0 ? sim_trace_task_name(f->task) : "the scenario",
				 f->site->func, f->site->line, (unsigned long long)f->step);
			break;
		}
		free((void *)f->start);
	}
	heap.nr_freed = 0;
}

void sim_alloc_reset(void)
{
	size_t i;

	quarantine_release();
	for (i = 0; i < heap.nr; i++)
		free((void *)heap.live[i].start);
	heap.nr = 0;
	heap.next_id = 0;
}

// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "own_mem.h"
#include "decide.h"
#include "report.h"
#include "sched.h"
#include "engine.h"
#include "names.h"
#include "por.h"
#include "trace.h"

struct sim_object {
	uintptr_t start;
	size_t size;
	uint32_t id;
};

static struct {
	struct sim_object *live;
	size_t nr, cap;
	uint32_t next_id;
} heap;

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
	/* Object numbers are handed out in order: allocations depend on each other. */
	sim_por_access(&heap.next_id, sizeof(heap.next_id), true);
	p = (gfp & SIM_GFP_ZERO) ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
	if (!p)
		abort();
	heap_insert(p, size, site);
	if (sim_current())
		sim_trace_op(site, SIM_EV_READ | SIM_EV_PTR, (uintptr_t)p, 0);
	return p;
}

void sim_kfree(const struct sim_site *site, const void *p)
{
	struct sim_object *o;

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
	/* Freeing writes the whole object: after it, every access is a use after free. */
	sim_por_access(p, o->size ? o->size : 1, true);
	sim_mm_forget(p, o->size);
	*o = heap.live[--heap.nr];
	free((void *)p);
}

void sim_alloc_reset(void)
{
	size_t i;

	for (i = 0; i < heap.nr; i++)
		free((void *)heap.live[i].start);
	heap.nr = 0;
	heap.next_id = 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc() and kfree() natively: malloc(), with kfree() deferred to the
 * end of the iteration.  The ports' own checks catch a use after free
 * (page-freed-while-mapped), but natively they cannot stop the access that
 * races the check, and a write into a really freed chunk would corrupt
 * malloc's lists and crash a later iteration; so a kfree()d object stays
 * readable until every task is done.  A second kfree() of an object is
 * still a report, as in the simulator.
 *
 * Each thread lists what it allocated, so allocating takes no lock that
 * would order the tasks for TSan (the kernel's allocator does not).
 */
#include <stdlib.h>
#include <string.h>

#include "native.h"
#include "sim/alloc.h"
#include "sim/engine.h"
#include "sim/report.h"

#define OBJ_LIVE 0x6c697665u
#define OBJ_FREED 0x66726565u

/* The header keeps the object aligned as malloc() would. */
_Static_assert(sizeof(struct native_obj) % 16 == 0, "native_obj keeps 16-byte alignment");

static __thread struct native_heap *heap;

void native_heap_use(struct native_heap *h)
{
	heap = h;
}

void native_heap_release(struct native_heap *h)
{
	struct native_obj *o = h->head, *next;

	for (; o; o = next) {
		next = o->next;
		free(o);
	}
	h->head = NULL;
}

/* xorshift64*: whether this GFP_NOWAIT allocation fails. */
static bool nowait_fails(void)
{
	struct native_thread *self = native_self;
	uint64_t x;

	if (native_run.cfg->gfp_fail <= 0 || !self)
		return false;
	x = self->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	self->rng = x;
	return (double)((x * 0x2545f4914f6cdd1dULL) >> 11) / (double)(1ULL << 53) <
	       native_run.cfg->gfp_fail;
}

void *sim_kmalloc(const struct sim_site *site, size_t size, unsigned int gfp)
{
	struct native_obj *o;

	if (sim_current()) {
		if (gfp & SIM_GFP_MAY_SLEEP)
			sim_might_sleep(site);
		native_point(site);
		if ((gfp & SIM_GFP_MAY_FAIL) && nowait_fails())
			return NULL;
	}
	o = (gfp & SIM_GFP_ZERO) ? calloc(1, sizeof(*o) + size) : malloc(sizeof(*o) + size);
	if (!o)
		abort();
	o->state = OBJ_LIVE;
	o->size = (uint32_t)size;
	o->next = heap->head;
	heap->head = o;
	return o + 1;
}

void sim_kfree(const struct sim_site *site, const void *p)
{
	struct native_obj *o;
	uint32_t live;

	if (sim_current())
		native_point(site);
	if (!p)
		return;
	o = (struct native_obj *)p - 1;
	live = OBJ_LIVE;
	if (!__atomic_compare_exchange_n(&o->state, &live, OBJ_FREED, false, __ATOMIC_RELAXED,
					 __ATOMIC_RELAXED))
		sim_fail(SIM_FAIL_BUG, "bad-kfree", "%s:%u: kfree of a pointer that is not a live "
			 "allocation (freed twice?)", site->func, site->line);
}

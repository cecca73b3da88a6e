// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <string.h>

#include "engine.h"
#include "hb.h"
#include "sanitizer.h"
#include "shadow.h"
#include "trace.h"

#if SIM_TSAN
#include <sanitizer/tsan_interface.h>

void sim_hb_acquire(const volatile void *addr)
{
	__tsan_acquire((void *)addr);
}

void sim_hb_release(const volatile void *addr)
{
	__tsan_release((void *)addr);
}

/*
 * Tokens are bytes of a ring; reusing one after 64K releases only adds
 * edges (TSan joins clocks), which is the safe direction.
 */
#define NR_TOKENS 65536
static char tokens[NR_TOKENS];
static unsigned int next_token;

const void *hb_store(struct sim_task *t, enum sim_order order)
{
	const void *token;

	if (!t || (order == SIM_ORDER_ONCE && !t->released_by_fence) ||
	    order == SIM_ORDER_ACQUIRE)
		return NULL;
	token = &tokens[next_token++ % NR_TOKENS];
	__tsan_release((void *)token);
	return token;
}

const void *hb_rmw_store(struct sim_task *t, enum sim_order order, const struct sim_shadow *e)
{
	const void *token = e ? e->hb_token : NULL;

	if (!token)
		return hb_store(t, order);
	if (!t || (order == SIM_ORDER_ONCE && !t->released_by_fence) ||
	    order == SIM_ORDER_ACQUIRE)
		return NULL;
	__tsan_release((void *)token);
	return token;
}

void hb_visible(struct sim_shadow *e, const void *token)
{
	if (e)
		e->hb_token = token;
}

static void acquire_or_defer(struct sim_task *t, const void *token, bool now)
{
	unsigned int i;

	if (now) {
		__tsan_acquire((void *)token);
		return;
	}
	for (i = 0; i < t->nr_unfenced_loads; i++)
		if (t->unfenced_load[i] == token)
			return;
	if (t->nr_unfenced_loads == sizeof(t->unfenced_load) / sizeof(t->unfenced_load[0])) {
		/* Rather than forget a load, let it synchronise now: an edge too many. */
		__tsan_acquire((void *)t->unfenced_load[0]);
		memmove(&t->unfenced_load[0], &t->unfenced_load[1],
			(t->nr_unfenced_loads - 1) * sizeof(t->unfenced_load[0]));
		t->nr_unfenced_loads--;
	}
	t->unfenced_load[t->nr_unfenced_loads++] = token;
}

void hb_load(struct sim_task *t, const struct sim_shadow *e, unsigned int flags,
	     enum sim_order order)
{
	if (!t)
		return;
	if (!e && shadow_full()) {
		/* Some store found no room: receive what any release to anything gave. */
		__tsan_acquire((void *)tokens);
		return;
	}
	if (e)
		hb_read(t, e->hb_token, flags, order);
}

void hb_read(struct sim_task *t, const void *token, unsigned int flags, enum sim_order order)
{
	if (t && token)
		acquire_or_defer(t, token, order == SIM_ORDER_ACQUIRE ||
				 order == SIM_ORDER_FULL || (flags & SIM_EV_PTR));
}

void hb_fence(struct sim_task *t, enum sim_fence fence)
{
	unsigned int i;

	if (!t)
		return;
	if (fence != SIM_FENCE_WMB) {
		for (i = 0; i < t->nr_unfenced_loads; i++)
			__tsan_acquire((void *)t->unfenced_load[i]);
		t->nr_unfenced_loads = 0;
	}
	if (fence != SIM_FENCE_RMB)
		t->released_by_fence = true;
}

#else /* !SIM_TSAN */

void sim_hb_acquire(const volatile void *addr)
{
	(void)addr;
}

void sim_hb_release(const volatile void *addr)
{
	(void)addr;
}

const void *hb_store(struct sim_task *t, enum sim_order order)
{
	(void)t;
	(void)order;
	return NULL;
}

const void *hb_rmw_store(struct sim_task *t, enum sim_order order, const struct sim_shadow *e)
{
	(void)t;
	(void)order;
	(void)e;
	return NULL;
}

void hb_visible(struct sim_shadow *e, const void *token)
{
	(void)e;
	(void)token;
}

void hb_load(struct sim_task *t, const struct sim_shadow *e, unsigned int flags,
	     enum sim_order order)
{
	(void)t;
	(void)e;
	(void)flags;
	(void)order;
}

void hb_read(struct sim_task *t, const void *token, unsigned int flags, enum sim_order order)
{
	(void)t;
	(void)token;
	(void)flags;
	(void)order;
}

void hb_fence(struct sim_task *t, enum sim_fence fence)
{
	(void)t;
	(void)fence;
}

#endif /* SIM_TSAN */

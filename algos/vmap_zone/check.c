// SPDX-License-Identifier: GPL-2.0
/*
 * The invariants of the per-CPU vmap zones, and the figure of the
 * comment's race.  The oracle's books are not kernel state: it reads the
 * kernel's lists from whichever task reaches a point, so its code is kept
 * out of TSan's sight (VZ_NO_TSAN) and calls no instrumented helper.
 *
 *   range-twice    a page in two places at once (two sets, a set and a
 *                  task's hands), or handed out by alloc_vmap_area() while
 *                  a task still has it
 *   space-lost     a page in no place: not free, not in a zone's cache,
 *                  busy, lazy, being purged, nor held by a task; at the end,
 *                  a page still handed out
 *   busy-zone      a busy area in a zone's tree other than the one
 *                  addr_to_cvz() names for its start (where every lookup
 *                  of the free path goes)
 *   area-lost      vfree() of a busy area finds no vmap_area ("Trying to
 *                  vfree() nonexistent vm area"): the area stays busy for
 *                  good
 *   fill-overlap   a task passes into this_cpu_zone_alloc_fill() of a zone
 *                  while another one's fill of it is in progress: what
 *                  fill_in_progress is there to prevent ("only one CPU can
 *                  pre-fetch this CPU zone")
 *   extra-prefetch (prefetch_check=1 only) a prefetched chunk reaching a
 *                  zone whose cache could serve the request already: the comment's
 *                  benign race, made a failure to find a schedule that
 *                  shows it
 */
#include <linux/slab.h>
#include <stdio.h>

#include "report.h"
#include "vmap_zone.h"

enum { WHERE_NONE, WHERE_GLOBAL, WHERE_ZONE, WHERE_PURGE = WHERE_ZONE + 3 * NR_CPUS,
       WHERE_TASK = WHERE_PURGE + NR_CPUS };

static const char *const fbl_name[NFBL] = { "free", "busy", "lazy" };

VZ_NO_TSAN static void where_name(char *buf, size_t len, unsigned int where)
{
	if (where == WHERE_GLOBAL)
		snprintf(buf, len, "the global free tree");
	else if (where < WHERE_PURGE)
		snprintf(buf, len, "zone %u's %s tree", (where - WHERE_ZONE) / 3,
			 fbl_name[(where - WHERE_ZONE) % 3]);
	else if (where < WHERE_TASK)
		snprintf(buf, len, "zone %u's purge list", where - WHERE_PURGE);
	else
		snprintf(buf, len, "task %s's hands", sim_task(where - WHERE_TASK)->name);
}

VZ_NO_TSAN static int current_id(void)
{
	return sim_in_task() ? (int)sim_current()->id : -1;
}

VZ_NO_TSAN void vz_shadow_init(struct vz_ctx *ctx)
{
	struct vz_shadow *sh = &ctx->shadow;
	unsigned int i;

	sh->handed = kzalloc(ctx->nr_pages, GFP_KERNEL);
	sh->count = kzalloc(ctx->nr_pages, GFP_KERNEL);
	sh->where = kzalloc(ctx->nr_pages, GFP_KERNEL);
	for (i = 0; i < NR_CPUS; i++)
		sh->win[i].filler = -1;
}

/* ---- ranges changing hands -------------------------------------------------- */

#define INC(x) __atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)
#define DEC(x) __atomic_fetch_sub(&(x), 1, __ATOMIC_RELAXED)

/* Setup and the checks run outside tasks: only tasks hold ranges. */
VZ_NO_TSAN static unsigned int holder(void)
{
	int me = current_id();

	if (me < 0 || me >= VZ_MAX_TASKS)
		sim_fail(SIM_FAIL_BUG, "oracle", "a range held outside the first %d tasks",
			 VZ_MAX_TASKS);
	return (unsigned int)me;
}

VZ_NO_TSAN void vz_hold(struct vz_ctx *ctx, unsigned long start, unsigned long end)
{
	struct vz_shadow *sh = &ctx->shadow;
	unsigned int me = holder();

	if (sh->nr_held[me] == VZ_MAX_HELD)
		sim_fail(SIM_FAIL_BUG, "oracle", "more than %d ranges held by one task",
			 VZ_MAX_HELD);
	sh->held[me][sh->nr_held[me]++] = (struct vz_held){ start, end };
}

VZ_NO_TSAN void vz_release(struct vz_ctx *ctx, unsigned long start, unsigned long end)
{
	struct vz_shadow *sh = &ctx->shadow;
	unsigned int me = holder(), i;

	for (i = 0; i < sh->nr_held[me]; i++) {
		if (sh->held[me][i].start == start && sh->held[me][i].end == end) {
			sh->held[me][i] = sh->held[me][--sh->nr_held[me]];
			return;
		}
	}
	sim_violation("range-twice", "pages %lu-%lu enter a tree without having left one",
		      va_page(ctx, start), va_page(ctx, end) - 1);
}

VZ_NO_TSAN void vz_handed_out(struct vz_ctx *ctx, const struct vmap_area *va)
{
	struct vz_shadow *sh = &ctx->shadow;
	unsigned long p;

	for (p = va_page(ctx, va->va_start); p < va_page(ctx, va->va_end); p++) {
		if (sh->handed[p])
			sim_violation("range-twice", "page %lu handed out to %s while %s has it", p,
				      sim_current()->name, sim_task(sh->handed[p] - 1u)->name);
		sh->handed[p] = (u8)(current_id() + 1);
	}
	sim_note("%s gets pages %lu-%lu (zone %u)", sim_current()->name,
		 va_page(ctx, va->va_start), va_page(ctx, va->va_end) - 1,
		 addr_to_cpu(ctx, va->va_start));
}

VZ_NO_TSAN void vz_given_back(struct vz_ctx *ctx, const struct vmap_area *va)
{
	unsigned long p;

	for (p = va_page(ctx, va->va_start); p < va_page(ctx, va->va_end); p++)
		ctx->shadow.handed[p] = 0;
}

VZ_NO_TSAN void vz_vfree_missed(struct vz_ctx *ctx, unsigned long addr,
				struct cpu_vmap_zone *searched)
{
	sim_violation("area-lost", "vfree(page %lu): Trying to vfree() nonexistent vm area: "
		      "searched zone %u's busy tree, the area is in zone %u's", va_page(ctx, addr),
		      cvz_cpu(ctx, searched), addr_to_cpu(ctx, addr));
}

/* ---- fill windows ------------------------------------------------------------ */

VZ_NO_TSAN void vz_fill_decided(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	struct vz_window *w = &ctx->shadow.win[cvz_cpu(ctx, z)];

	if (!INC(w->open)) {
		__atomic_store_n(&w->prefetches, 0, __ATOMIC_RELAXED);
		INC(ctx->shadow.windows);
	}
	sim_note("%s finds zone %u's cache too low: fill", sim_current()->name, cvz_cpu(ctx, z));
}

VZ_NO_TSAN void vz_fill_returned(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	DEC(ctx->shadow.win[cvz_cpu(ctx, z)].open);
}

VZ_NO_TSAN void vz_fill_enter(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	struct vz_window *w = &ctx->shadow.win[cvz_cpu(ctx, z)];
	int other = __atomic_exchange_n(&w->filler, current_id(), __ATOMIC_RELAXED);

	if (other >= 0)
		sim_violation("fill-overlap", "%s fills zone %u while %s's fill of it is in progress",
			      sim_current()->name, cvz_cpu(ctx, z), sim_task((unsigned int)other)->name);
	sim_note("%s fills zone %u", sim_current()->name, cvz_cpu(ctx, z));
}

VZ_NO_TSAN void vz_fill_leave(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	__atomic_store_n(&ctx->shadow.win[cvz_cpu(ctx, z)].filler, -1, __ATOMIC_RELAXED);
}

/* The largest block in the zone's cache; its caller holds the zone's FREE lock. */
VZ_NO_TSAN static unsigned long cached_max(struct cpu_vmap_zone *z)
{
	struct list_head *head = &z->fbl[FREE].head, *pos;
	unsigned long max = 0;

	for (pos = head->next; pos != head; pos = pos->next) {
		struct vmap_area *va = list_entry(pos, struct vmap_area, list);

		if (va->va_end - va->va_start > max)
			max = va->va_end - va->va_start;
	}
	return max;
}

/* A chunk taken from the global free tree for zone @z (@addr == VMALLOC_END: none). */
VZ_NO_TSAN void vz_prefetched(struct vz_ctx *ctx, struct cpu_vmap_zone *z, unsigned long addr)
{
	struct vz_shadow *sh = &ctx->shadow;
	struct vz_window *w = &sh->win[cvz_cpu(ctx, z)];
	unsigned int n, max;

	if (addr == VMALLOC_END)
		return;
	INC(sh->prefetches);
	n = (unsigned int)INC(w->prefetches) + 1;
	max = __atomic_load_n(&sh->max_prefetches, __ATOMIC_RELAXED);
	while (n > max && !__atomic_compare_exchange_n(&sh->max_prefetches, &max, n, false,
						       __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (n == 2)
		INC(sh->busy_windows);
	sim_note("%s prefetches pages %lu-%lu for zone %u: prefetch %u of this fill window",
		 sim_current()->name, va_page(ctx, addr), va_page(ctx, addr + cvz_size) - 1,
		 cvz_cpu(ctx, z), n);
}

/*
 * The chunk at @addr reaches zone @z's cache, for a request of @size (under
 * the zone's FREE lock): extra when the cache could serve the request
 * already -- another task's fill completed after this one decided to fill.
 */
VZ_NO_TSAN void vz_chunk_arrives(struct vz_ctx *ctx, struct cpu_vmap_zone *z, unsigned long addr,
				 unsigned long size)
{
	struct vz_shadow *sh = &ctx->shadow;
	unsigned long have = cached_max(z);

	if (have < size)
		return;
	INC(sh->extra_prefetches);
	sim_note("%s's chunk (pages %lu-%lu) is an extra prefetch: zone %u's cache holds a block "
		 "of %lu pages already", sim_current()->name, va_page(ctx, addr),
		 va_page(ctx, addr + cvz_size) - 1, cvz_cpu(ctx, z), have >> PAGE_SHIFT);
	if (sh->prefetch_check)
		sim_violation("extra-prefetch", "zone %u gets pages %lu-%lu while its cache holds a "
			      "block of %lu pages", cvz_cpu(ctx, z), va_page(ctx, addr),
			      va_page(ctx, addr + cvz_size) - 1, have >> PAGE_SHIFT);
}

/* ---- every page in exactly one place ------------------------------------------ */

VZ_NO_TSAN static void count_range(struct vz_ctx *ctx, unsigned long start, unsigned long end,
				   unsigned int where)
{
	struct vz_shadow *sh = &ctx->shadow;
	char a[48], b[48];
	unsigned long p;

	if (start >= end || start < VMALLOC_START || end > VMALLOC_END)
		sim_violation("range-twice", "an area %#lx-%#lx outside the arena", start, end);
	for (p = va_page(ctx, start); p < va_page(ctx, end); p++) {
		if (sh->count[p]++) {
			where_name(a, sizeof(a), sh->where[p]);
			where_name(b, sizeof(b), where);
			sim_violation("range-twice", "page %lu is in %s and in %s", p, a, b);
		}
		sh->where[p] = (u8)where;
	}
}

/* A list's areas; the walk is bounded, a list that does not end is corrupt. */
VZ_NO_TSAN static void count_list(struct vz_ctx *ctx, struct list_head *head, unsigned int where,
				  struct cpu_vmap_zone *busy_of)
{
	struct list_head *pos;
	unsigned int n = 0;
	char name[48];

	for (pos = head->next; pos != head; pos = pos->next) {
		struct vmap_area *va = list_entry(pos, struct vmap_area, list);

		if (++n > ctx->nr_pages) {
			where_name(name, sizeof(name), where);
			sim_violation("range-twice", "%s does not end", name);
		}
		count_range(ctx, va->va_start, va->va_end, where);
		if (busy_of && addr_to_cvz(ctx, va->va_start) != busy_of)
			sim_violation("busy-zone", "pages %lu-%lu are busy in zone %u's tree, but "
				      "addr_to_cvz() names zone %u: the free path will not find them",
				      va_page(ctx, va->va_start), va_page(ctx, va->va_end) - 1,
				      cvz_cpu(ctx, busy_of), addr_to_cpu(ctx, va->va_start));
	}
}

VZ_NO_TSAN void vz_check(void *arg)
{
	struct vz_ctx *ctx = arg;
	struct vz_shadow *sh = &ctx->shadow;
	unsigned int cpu, i, p, t;

	for (p = 0; p < ctx->nr_pages; p++)
		sh->count[p] = 0;
	count_list(ctx, &ctx->free_vmap_area_list, WHERE_GLOBAL, NULL);
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct cpu_vmap_zone *z = &ctx->cpu_vmap_zone[cpu];

		for (i = 0; i < NFBL; i++)
			count_list(ctx, &z->fbl[i].head, WHERE_ZONE + 3 * cpu + i,
				   i == BUSY ? z : NULL);
		count_list(ctx, &z->purge_list, WHERE_PURGE + cpu, NULL);
	}
	for (t = 0; t < VZ_MAX_TASKS; t++)
		for (i = 0; i < sh->nr_held[t]; i++)
			count_range(ctx, sh->held[t][i].start, sh->held[t][i].end, WHERE_TASK + t);
	for (p = 0; p < ctx->nr_pages; p++)
		if (!sh->count[p])
			sim_violation("space-lost", "page %u is nowhere: not free, cached, busy, lazy "
				      "nor held by a task", p);
}

VZ_NO_TSAN void vz_finish(void *arg)
{
	struct vz_ctx *ctx = arg;
	unsigned int p;

	vz_check(ctx);
	for (p = 0; p < ctx->nr_pages; p++)
		if (ctx->shadow.handed[p])
			sim_violation("space-lost", "page %u still handed out to %s, who vfree()d it",
				      p, sim_task(ctx->shadow.handed[p] - 1u)->name);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The find_vma_rcu() invariants, on a ghost of the VMAs kept beside the
 * kernel's state.  The ghost is the oracle's: never a preemption point,
 * never seen by TSan, and it never dereferences a VMA pointer (a VMA is
 * known by its address and, per task, by which VMA that address was when
 * the task read the pointer: a VMA allocated where a freed one was is not
 * the one the task found).
 *
 *   use-after-free      a task touches a VMA (walks it, takes or drops a
 *                       reference, handles a fault on it) after it was
 *                       freed: a report of kind "bug" with the name of the
 *                       engine's own check at marked accesses (sim/alloc.h),
 *                       which catches the walk's READ_ONCE()s; this one the
 *                       plain accesses, before they are made.  With
 *                       --param uaf_check=0 an ASan build makes the access
 *                       and ASan reports the heap-use-after-free.
 *   vma-lookup          a lookup returned a VMA (or none) that is not what
 *                       covered the address in any tree between the one
 *                       its sequence count names and the newest: no
 *                       instant of the lookup saw that answer.
 *   vma-refcount        get_vma() on a count of 0 (a VMA whose free is
 *                       queued), a reference dropped below 0, a VMA's last
 *                       reference dropped twice (its free queued twice),
 *                       or at the end a reference leaked: a VMA out of the
 *                       tree and never freed, or one in it whose count is
 *                       not the mm's and the tree's.
 */
#include <stdio.h>

#include "mm.h"

#define __ghost __attribute__((no_sanitize("thread"), noinline))

static int me(void)
{
	const struct sim_task *t = sim_current();

	return t ? (int)t->id : -1;
}

static const char *who(int task)
{
	return task < 0 ? "setup" : sim_task((unsigned int)task)->name;
}

/* The live ghost VMA at @addr, or -1. */
static int live_at(const struct vma_ghost *g, const void *addr)
{
	unsigned int i;

	for (i = 0; i < g->nr; i++)
		if (g->vma[i].addr == addr && g->vma[i].alive)
			return (int)i;
	return -1;
}

/* The VMA the current task found at @addr: held, else the live one there. */
static int identity(const struct vma_ghost *g, const void *addr)
{
	int t = me();
	unsigned int i;

	if (t >= 0)
		for (i = 0; i < VMA_HOLDS; i++)
			if (g->hold[t][i].addr == addr)
				return (int)g->hold[t][i].id;
	return live_at(g, addr);
}

static unsigned int slot_of(unsigned long addr)
{
	return (unsigned int)(addr / PAGE_SIZE - 1);
}

__ghost void vma_ghost_alloc(struct vma_ctx *ctx, struct vm_area_struct *vma)
{
	struct vma_ghost *g = &ctx->ghost;
	struct vma_ghost_vma *v;

	if (g->nr == VMA_MAX)
		sim_fail(SIM_FAIL_BUG, "vma-ghost", "more than %d VMAs in a run", VMA_MAX);
	v = &g->vma[g->nr];
	*v = (struct vma_ghost_vma){ vma, vma->vm_start, vma->vm_end, true, false, NULL, -1 };
	sim_name(vma, "vma%u", g->nr);
	g->nr++;
	/* Where a freed VMA was (no quarantine under TSan), the allocator holds the new one. */
	vma_ghost_hold(ctx, vma);
}

__ghost void vma_ghost_hold(struct vma_ctx *ctx, const struct vm_area_struct *vma)
{
	struct vma_ghost *g = &ctx->ghost;
	int t = me(), id = live_at(g, vma);
	unsigned int i;

	if (t < 0)
		return;
	for (i = 0; i < VMA_HOLDS; i++)
		if (g->hold[t][i].addr == vma)
			break;
	if (i == VMA_HOLDS)
		i = g->next_hold[t]++ % VMA_HOLDS;
	g->hold[t][i].addr = vma;
	g->hold[t][i].id = id < 0 ? VMA_MAX : (unsigned int)id;	/* VMA_MAX: freed */
}

__ghost void vma_ghost_touch(struct vma_ctx *ctx, const struct vm_area_struct *vma,
			     const char *where)
{
	struct vma_ghost *g = &ctx->ghost;
	int id = identity(g, vma);
	const struct vma_ghost_vma *v;

	if (id >= 0 && id < (int)g->nr && g->vma[id].alive)
		return;
	if (!ctx->uaf_check)
		return;		/* ASan sees the access itself */
	if (id < 0 || id >= (int)g->nr)
		sim_fail(SIM_FAIL_BUG, "use-after-free", "%s touches a VMA in %s that was already "
			 "freed when it read the pointer", who(me()), where);
	v = &g->vma[id];
	sim_fail(SIM_FAIL_BUG, "use-after-free", "%s touches vma%d [%#lx-%#lx) in %s after %s "
		 "freed it in %s", who(me()), id, v->start, v->end, where, who(v->freed_by),
		 v->freed_in);
}

/*
 * get_vma() took a reference: from a count of 0 it revived a dying VMA.  A
 * VMA anyone can reach has a reference besides, so 1 now means 0 before
 * (read after the increment: no preemption point lies between the two).
 */
__ghost void vma_ghost_get(struct vma_ctx *ctx, const struct vm_area_struct *vma)
{
	int id = identity(&ctx->ghost, vma);

	if (!ctx->uaf_check || id < 0 || id >= (int)ctx->ghost.nr || !ctx->ghost.vma[id].alive)
		return;		/* vma_ghost_touch() has said it */
	if (__atomic_load_n(&vma->vm_ref_count.counter, __ATOMIC_RELAXED) == 1)
		sim_violation("vma-refcount", "%s's get_vma() took a reference on vma%d, whose "
			      "count was 0: %s", who(me()), id, ctx->ghost.vma[id].free_queued ?
			      "its free is queued already" : "it is being freed");
}

__ghost void vma_ghost_queue_free(struct vma_ctx *ctx, struct vm_area_struct *vma,
				  const char *where)
{
	struct vma_ghost *g = &ctx->ghost;
	int id = identity(g, vma);

	if (id < 0 || id >= (int)g->nr)
		return;		/* vma_ghost_touch() has said it */
	if (g->vma[id].free_queued && ctx->uaf_check)
		sim_violation("vma-refcount", "%s drops vma%d's last reference a second time "
			      "(%s): its free is queued already", who(me()), id, where);
	g->vma[id].free_queued = true;
}

__ghost void vma_ghost_free(struct vma_ctx *ctx, struct vm_area_struct *vma, const char *where)
{
	struct vma_ghost *g = &ctx->ghost;
	int id = live_at(g, vma);
	unsigned int s;

	if (id < 0) {
		sim_violation("vma-refcount", "%s frees a VMA that is not live (%s)", who(me()),
			      where);
		return;
	}
	g->vma[id].alive = false;
	g->vma[id].freed_in = where;
	g->vma[id].freed_by = me();
	for (s = 0; s < VMA_SLOTS; s++)
		if (g->now[s] == id + 1)
			sim_fail(SIM_FAIL_BUG, "use-after-free", "%s frees vma%d while the tree "
				 "still has it", who(me()), id);
}

__ghost void vma_ghost_count(struct vma_ctx *ctx, const struct vm_area_struct *vma, int count,
			     const char *where)
{
	int id = identity(&ctx->ghost, vma);

	if (count < 0)
		sim_violation("vma-refcount", "%s drops vma%d's count to %d in %s: a reference "
			      "dropped twice", who(me()), id, count, where);
}

__ghost void vma_ghost_link(struct vma_ctx *ctx, const struct vm_area_struct *vma, bool linked)
{
	struct vma_ghost *g = &ctx->ghost;
	int id = live_at(g, vma);
	unsigned long a;

	for (a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE)
		g->now[slot_of(a)] = linked ? (u8)(id + 1) : 0;
}

/*
 * A write section is about to end (or, at setup, the first tree is built):
 * the tree of the even count it leaves.  Recorded before the count's last
 * store, since a reader may see that store as soon as it is made.
 */
__ghost void vma_ghost_version(struct vma_ctx *ctx)
{
	struct vma_ghost *g = &ctx->ghost;
	unsigned int v = (ctx->mm.mm_seq.seqcount.sequence + 1) / 2, s;

	if (v >= VMA_VERSIONS)
		sim_fail(SIM_FAIL_BUG, "vma-ghost", "more than %d tree changes", VMA_VERSIONS);
	for (s = 0; s < VMA_SLOTS; s++)
		g->cover[v][s] = g->now[s];
	g->nr_versions = v + 1;
}

__ghost void vma_ghost_lookup(struct vma_ctx *ctx, unsigned long addr,
			      const struct vm_area_struct *vma, unsigned int seq, const char *how)
{
	struct vma_ghost *g = &ctx->ghost;
	unsigned int slot = slot_of(addr), v, want = 0;
	char found[64], was[64];
	int id = vma ? identity(g, vma) : -1;

	g->lookups++;
	if (id >= 0 && id < (int)g->nr && g->vma[id].start <= addr && addr < g->vma[id].end)
		want = (unsigned int)id + 1;
	for (v = seq / 2; v < g->nr_versions; v++)
		if (g->cover[v][slot] == want)
			return;
	if (want)
		snprintf(found, sizeof(found), "vma%u", want - 1);
	else
		snprintf(found, sizeof(found), "no VMA covering it");
	v = seq / 2 < g->nr_versions ? seq / 2 : g->nr_versions - 1;
	if (g->cover[v][slot])
		snprintf(was, sizeof(was), "vma%u", g->cover[v][slot] - 1);
	else
		snprintf(was, sizeof(was), "none");
	sim_violation("vma-lookup", "%s's %s(%#lx) found %s, but from mm_seq %u to now the "
		      "address was covered by %s and no tree in between had that answer",
		      who(me()), how, addr, found, seq, was);
}

__ghost void vma_ghost_note(struct vma_ctx *ctx, int what)
{
	if (what == VMA_NOTE_SPECULATIVE)
		ctx->ghost.speculative++;
	else if (what == VMA_NOTE_FALLBACK)
		ctx->ghost.fallbacks++;
	else
		ctx->ghost.retries++;
}

/*
 * The end: every VMA out of the tree is freed or on its way (a queued
 * free); every VMA in it holds the mm's reference and the tree's, no more.
 */
__ghost void vma_ghost_finish(struct vma_ctx *ctx)
{
	struct vma_ghost *g = &ctx->ghost;
	unsigned int i, s;

	for (i = 0; i < g->nr; i++) {
		const struct vm_area_struct *vma = g->vma[i].addr;
		bool in_tree = false;
		int want, count;

		for (s = 0; s < VMA_SLOTS; s++)
			in_tree |= g->now[s] == i + 1;
		if (!g->vma[i].alive)
			continue;
		if (!in_tree) {
			if (!g->vma[i].free_queued)
				sim_violation("vma-refcount", "vma%u was unmapped and is never freed: "
					      "a reference leaked", i);
			continue;
		}
		if (!ctx->ops->refcount)
			continue;
		want = ctx->ops->rb_insert_ref ? 2 : 1;
		count = vma->vm_ref_count.counter;
		if (count != want)
			sim_violation("vma-refcount", "vma%u is in the tree with %d references at "
				      "the end, not %d: %s", i, count, want,
				      count > want ? "a reference leaked" : "one dropped twice");
	}
}

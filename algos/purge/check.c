// SPDX-License-Identifier: GPL-2.0
/*
 * The purge's invariants, on a shadow of the arena's slots kept beside the
 * kernel's own state.  The shadow is the oracle's, not the kernel's: never
 * a preemption point, and read and written with relaxed atomics so TSan
 * judges only the port's accesses.
 *
 *   purge-incomplete   a synchronous purge returns while an area lazily
 *                      freed before it started is not yet given back
 *   spurious-enomem    the same, seen where a user sees it: the overflow
 *                      path of alloc_vmap_area() gives up meanwhile
 *   stale-tlb-reuse    a slot is handed out while a CPU's TLB still maps it
 *   area-accounting    an area lost or freed twice; vmap_lazy_nr not the
 *                      pages lazily held once all is done; and, with
 *                      lazy_nr_check, ever below them (4.8 lowers it
 *                      before the frees, by design)
 */
#include <linux/slab.h>

#include "report.h"
#include "vmalloc.h"

static const char *const state_name[] = { "free", "busy", "lazily freed", "being lazily freed" };

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

void shadow_init(struct vmap_ctx *ctx, unsigned int nr_slots)
{
	struct purge_shadow *sh = &ctx->shadow;

	sh->state = kzalloc(nr_slots, GFP_KERNEL);
	sh->lazy_seq = kzalloc(nr_slots * sizeof(*sh->lazy_seq), GFP_KERNEL);
}

void shadow_set(struct vmap_ctx *ctx, unsigned int slot, enum slot_state state)
{
	struct purge_shadow *sh = &ctx->shadow;

	if (LOAD(sh->state[slot]) == SLOT_LAZY)
		__atomic_fetch_sub(&sh->lazy_pages, 1, __ATOMIC_RELAXED);
	if (state == SLOT_LAZY) {
		STORE(sh->lazy_seq[slot], __atomic_fetch_add(&sh->next_seq, 1, __ATOMIC_RELAXED));
		__atomic_fetch_add(&sh->lazy_pages, 1, __ATOMIC_RELAXED);
	}
	STORE(sh->state[slot], (u8)state);
}

/* @slot moves from @from to @to, or the arena's books are wrong. */
static void move(struct vmap_ctx *ctx, unsigned int slot, enum slot_state from,
		 enum slot_state to, const char *what)
{
	enum slot_state now = LOAD(ctx->shadow.state[slot]);

	if (now != from)
		sim_violation("area-accounting", "slot %u %s while %s", slot, what,
			      state_name[now]);
	shadow_set(ctx, slot, to);
	sim_note("slot %u %s", slot, what);
}

void check_lazy_free_begin(struct vmap_ctx *ctx, unsigned int slot)
{
	move(ctx, slot, SLOT_BUSY, SLOT_FREEING, "lazily freed");
}

/*
 * Unless a purge on another thread already gave it back (natively only).
 * Its number first: a lazy slot with last life's number would look old.
 */
void check_lazy_free(struct vmap_ctx *ctx, unsigned int slot)
{
	struct purge_shadow *sh = &ctx->shadow;
	u8 freeing = SLOT_FREEING;

	STORE(sh->lazy_seq[slot], __atomic_fetch_add(&sh->next_seq, 1, __ATOMIC_RELAXED));
	if (__atomic_compare_exchange_n(&sh->state[slot], &freeing, (u8)SLOT_LAZY, false,
					__ATOMIC_RELEASE, __ATOMIC_RELAXED))
		__atomic_fetch_add(&sh->lazy_pages, 1, __ATOMIC_RELAXED);
}

void check_free(struct vmap_ctx *ctx, const struct vmap_area *va)
{
	unsigned int slot = va_slot(va);
	u8 freeing = SLOT_FREEING;

	/* On real threads a purge can give it back before its lazy free counted it. */
	if (__atomic_compare_exchange_n(&ctx->shadow.state[slot], &freeing, (u8)SLOT_FREE, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return;
	move(ctx, slot, SLOT_LAZY, SLOT_FREE, "given back by __free_vmap_area()");
}

void check_handout(struct vmap_ctx *ctx, const struct vmap_area *va)
{
	unsigned int slot = va_slot(va);
	int cpu = tlb_holder(&ctx->tlb, slot);

	if (cpu >= 0)
		sim_violation("stale-tlb-reuse", "slot %u handed out again while cpu%d's TLB "
			      "still maps its last mapping: no flush since its unmap", slot, cpu);
	move(ctx, slot, SLOT_FREE, SLOT_BUSY, "handed out");
}

unsigned long check_sync_begin(struct vmap_ctx *ctx)
{
	return LOAD(ctx->shadow.next_seq);
}

/* How many areas lazily freed before @started are still held; *first, the lowest slot. */
static int held_since(struct vmap_ctx *ctx, unsigned long started, unsigned int *first)
{
	struct purge_shadow *sh = &ctx->shadow;
	unsigned int slot;
	int held = 0;

	for (slot = ctx->nr_slots; slot-- > 0;) {
		if (LOAD(sh->state[slot]) == SLOT_LAZY && LOAD(sh->lazy_seq[slot]) < started) {
			*first = slot;
			held++;
		}
	}
	return held;
}

void check_sync_end(struct vmap_ctx *ctx, unsigned long started, const char *caller)
{
	unsigned int slot;
	int held;

	if (ctx->shadow.sync_check != 1)
		return;
	held = held_since(ctx, started, &slot);
	if (held)
		sim_violation("purge-incomplete", "%s's purge returned, but %d area(s) lazily "
			      "freed before it began (slot %u ...) are not given back yet",
			      caller, held, slot);
}

void check_enomem(struct vmap_ctx *ctx, unsigned long started)
{
	unsigned int slot;
	int held;

	if (ctx->shadow.sync_check != 2)
		return;
	held = held_since(ctx, started, &slot);
	if (held)
		sim_violation("spurious-enomem", "alloc_vmap_area() fails after its purge, while "
			      "%d area(s) lazily freed before that purge began (slot %u ...) are "
			      "held by another purge", held, slot);
}

/*
 * vmap_lazy_nr decides when a lazy free purges; it runs ahead of the
 * shadow (added before the llist_add, subtracted after the free) but must
 * never fall behind it.
 */
void check_lazy_nr(struct vmap_ctx *ctx)
{
	int nr = LOAD(ctx->vmap_lazy_nr.counter);
	int held = LOAD(ctx->shadow.lazy_pages);

	if (ctx->shadow.lazy_nr_check && nr < held)
		sim_violation("area-accounting", "vmap_lazy_nr = %d while %d pages are still "
			      "lazily held: lowered before the frees (4.8's design, not a lost "
			      "area)", nr, held);
}

/* Once every task is done: each slot where the kernel's books say it is. */
void check_quiescent(struct vmap_ctx *ctx)
{
	struct purge_shadow *sh = &ctx->shadow;
	struct llist_node *node;
	struct vmap_area *va;
	unsigned int slot, listed = 0;
	int nr = LOAD(ctx->vmap_lazy_nr.counter);

	for (slot = 0; slot < ctx->nr_slots; slot++) {
		bool in_tree = ctx->vmap_area_root[slot] != NULL;
		enum slot_state state = LOAD(sh->state[slot]);

		if (in_tree != (state != SLOT_FREE))
			sim_violation("area-accounting", "slot %u is %s but %s the busy tree",
				      slot, state_name[state], in_tree ? "in" : "not in");
	}
	node = ctx->vmap_purge_list.first;
	llist_for_each_entry(va, node, purge_list) {
		if (LOAD(sh->state[va_slot(va)]) != SLOT_LAZY)
			sim_violation("area-accounting", "slot %u is on the purge list but %s",
				      va_slot(va), state_name[LOAD(sh->state[va_slot(va)])]);
		listed++;
	}
	if (listed != (unsigned int)LOAD(sh->lazy_pages))
		sim_violation("area-accounting", "%u areas on the purge list, %d lazily freed: "
			      "an area was lost", listed, LOAD(sh->lazy_pages));
	if (nr != LOAD(sh->lazy_pages))
		sim_violation("area-accounting", "vmap_lazy_nr = %d with %d pages lazily held and "
			      "no purge running", nr, LOAD(sh->lazy_pages));
}

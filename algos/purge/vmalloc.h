/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmalloc lazy purge of mm/vmalloc.c (v4.8) and the variants argued
 * about in ../shared/seeds/000_6f1e366fcfb7e502.txt, on a small arena of
 * one-page slots.  What the variants share lives in vmalloc.c; each variant
 * file brings its __purge_vmap_area_lazy() and the calls around it.
 *
 * Upstream's globals are members of the run's context, so every function
 * takes it first; otherwise names and structure are upstream's.
 */
#ifndef ALGOS_PURGE_VMALLOC_H
#define ALGOS_PURGE_VMALLOC_H

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "scenario.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define ULONG_MAX	(~0UL)
#define VMALLOC_START	0xffffc90000000000UL

struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct llist_node purge_list;	/* "lazy purge" list */
};

struct vmap_ctx;

/*
 * Per-CPU TLBs, for the arena's slots only (tlb.c): an entry is filled when
 * a CPU uses a mapped area and dropped only by flush_tlb_kernel_range().
 */
struct tlb_model {
	u8 *entry;			/* [cpu * nr_slots + slot] */
	unsigned int nr_cpus, nr_slots;
};

void tlb_model_init(struct tlb_model *tlb, unsigned int nr_slots);
void tlb_fill(struct tlb_model *tlb, unsigned int cpu, const struct vmap_area *va);
/* A CPU whose TLB still maps @slot, or -1. */
int tlb_holder(const struct tlb_model *tlb, unsigned int slot);
void flush_tlb_kernel_range(struct tlb_model *tlb, unsigned long start, unsigned long end);

/*
 * The oracles' shadow of each slot (check.c): not kernel state, and never a
 * preemption point.  A slot is free, busy (mapped, in use), or lazy (on the
 * purge list or detached by a purge, not yet given back), and a lazy one
 * carries the number of its lazy free, to tell which frees a purge must see.
 * Freeing is the instant between a lazy free's decision and its llist_add:
 * the simulator never shows it to a purge, real threads (native/) can.
 */
enum slot_state {
	SLOT_FREE,
	SLOT_BUSY,
	SLOT_LAZY,
	SLOT_FREEING,
};

struct purge_shadow {
	u8 *state;
	unsigned long *lazy_seq;
	unsigned long next_seq;
	int lazy_pages;
	int sync_check;			/* 0 none, 1 purge-incomplete, 2 spurious-enomem */
	bool lazy_nr_check;
};

void shadow_init(struct vmap_ctx *ctx, unsigned int nr_slots);
void shadow_set(struct vmap_ctx *ctx, unsigned int slot, enum slot_state state);
/* Around the llist_add of a lazy free. */
void check_lazy_free_begin(struct vmap_ctx *ctx, unsigned int slot);
void check_lazy_free(struct vmap_ctx *ctx, unsigned int slot);
void check_free(struct vmap_ctx *ctx, const struct vmap_area *va);
void check_handout(struct vmap_ctx *ctx, const struct vmap_area *va);
/* Around a synchronous purge: its start, its return, and the allocation failing after it. */
unsigned long check_sync_begin(struct vmap_ctx *ctx);
void check_sync_end(struct vmap_ctx *ctx, unsigned long started, const char *caller);
void check_enomem(struct vmap_ctx *ctx, unsigned long started);
void check_lazy_nr(struct vmap_ctx *ctx);
void check_quiescent(struct vmap_ctx *ctx);

/*
 * What a variant changes: the entry points of the purge's three callers,
 * and for those keeping v4.8's calling convention (callers48.c), the purge.
 */
struct purge_ops {
	void (*try_purge_vmap_area_lazy)(struct vmap_ctx *ctx);
	void (*purge_vmap_area_lazy)(struct vmap_ctx *ctx);
	void (*vm_unmap_aliases)(struct vmap_ctx *ctx);
	void (*__purge_vmap_area_lazy)(struct vmap_ctx *ctx, unsigned long *start,
				       unsigned long *end, int sync, int force_flush);
};

void try_purge_vmap_area_lazy48(struct vmap_ctx *ctx);
void purge_vmap_area_lazy48(struct vmap_ctx *ctx);
void vm_unmap_aliases48(struct vmap_ctx *ctx);

#define PURGE48_OPS(purge)                                          \
	{                                                           \
		.try_purge_vmap_area_lazy = try_purge_vmap_area_lazy48, \
		.purge_vmap_area_lazy = purge_vmap_area_lazy48,     \
		.vm_unmap_aliases = vm_unmap_aliases48,             \
		.__purge_vmap_area_lazy = purge,                    \
	}

struct vmap_ctx {
	const struct purge_ops *ops;

	/* mm/vmalloc.c */
	spinlock_t vmap_area_lock;
	struct vmap_area **vmap_area_root;	/* the busy areas by slot: the rbtree */
	struct llist_head vmap_purge_list;
	atomic_t vmap_lazy_nr;
	spinlock_t purge_lock;			/* 4.8, static in __purge_vmap_area_lazy */
	atomic_t purging;			/* v3, static in __purge_vmap_area_lazy */
	struct mutex vmap_purge_lock;		/* 4.10 */

	/* the workload */
	unsigned int nr_slots;
	int lazy_max;
	unsigned int rt_wakeups;
	struct vmap_area *vfree_va;		/* the buffer cpu0 vfree()s */

	/* what the hardware and the oracles see */
	struct tlb_model tlb;
	struct purge_shadow shadow;
};

static inline unsigned int va_slot(const struct vmap_area *va)
{
	return (unsigned int)((va->va_start - VMALLOC_START) >> PAGE_SHIFT);
}

int lazy_max_pages(struct vmap_ctx *ctx);
void purge_fragmented_blocks_allcpus(struct vmap_ctx *ctx);
void __free_vmap_area(struct vmap_ctx *ctx, struct vmap_area *va);

/*
 * Every variant's scenario: setup with its ops (vmap_init() for a context
 * that embeds the vmap_ctx first), and the shared hooks.
 */
void vmap_init(struct vmap_ctx *ctx, const struct purge_ops *ops);
void *vmap_setup(const struct purge_ops *ops);
void vmap_check(void *arg);
void vmap_finish(void *arg);

/*
 * The parameters, with the default of sync_check: a scenario pins one
 * failure, and rewrite-noflush pins its stale TLB rather than its
 * incomplete purge (both are found, see README.md).
 */
#define VMAP_PARAMS(sync_check_default)                                                      \
	{                                                                                    \
		{ "slots", 2, 1, 512, "one-page areas, all but cpu0's buffer lazily freed" }, \
		{ "lazy_max", 1, 0, 512, "lazy_max_pages(): a lazy free past it purges" },   \
		{ "rt", 1, 0, 1024, "times a task on cpu0 wants the CPU (cyclictest)" },     \
		{ "aliases", 0, 0, 1, "a task on cpu1 calls vm_unmap_aliases()" },           \
		{ "sync_check", sync_check_default, 0, 2,                                    \
		  "0 none, 1 purge-incomplete, 2 spurious-enomem" },                         \
		{ "lazy_nr_check", 0, 0, 1,                                                  \
		  "area-accounting also holds vmap_lazy_nr to the pages lazily held" },      \
	}

#endif /* ALGOS_PURGE_VMALLOC_H */

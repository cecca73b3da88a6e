/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Uladzislau Rezki's per-CPU vmap zones (../shared/seeds/003_d2d7d49b73c4718a.txt:
 * "[PATCH 8/9] mm: vmalloc: Offload free_vmap_area_lock global lock", May 2023,
 * <20230522110849.2921-9-urezki@gmail.com>, on patches 4, 5 and 7 of the same
 * series for the zone skeleton, the busy and the lazy trees).
 *
 * Upstream's globals are members of the run's context, so every function
 * takes it first; VMALLOC_END and cvz_size are parameters of the run and
 * read it too.  Otherwise names and structure are upstream's.
 *
 * The free-area structure.  Upstream keeps every set of areas (the global
 * free space, and each zone's FREE, BUSY and LAZY sets) twice: an rbtree,
 * augmented for the free ones with each subtree's largest free block, and a
 * list in address order.  The tree only makes two searches fast -- the
 * lowest free block that fits, and the one that holds an address -- and
 * both give the same answer on the sorted list.  The thread's point is
 * which block the search returns ("__alloc_vmap_area() will get efficient
 * address range sequentially bottom up"), not how fast, so here the list is
 * the structure and the searches walk it: the same lowest fit, the same
 * clipping, the same merging of neighbours.  What stays of the tree is its
 * root as lockless readers see it (struct va_root): RB_EMPTY_ROOT() reads
 * it without the lock, and it changes, by WRITE_ONCE, only when the set
 * becomes empty or stops being so, as in drop_cpu_vmap_cache().
 */
#ifndef ALGOS_VMAP_ZONE_H
#define ALGOS_VMAP_ZONE_H

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "scenario.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define ULONG_MAX	(~0UL)
#define ALIGN(x, a)	(((x) + (a) - 1) & ~((a) - 1))
#define VMALLOC_START	0xffffc90000000000UL
#define VMALLOC_END	(ctx->vmalloc_end)
#define cvz_size	(ctx->zone_size)

#ifndef num_possible_cpus
#define num_possible_cpus() sim_nr_cpus()
#endif

/*
 * kmem_cache_alloc_node(vmap_area_cachep, GFP_KERNEL, node): the slab's
 * might_alloc() is a might_sleep() -- a cond_resched() under
 * PREEMPT_VOLUNTARY -- and the allocation may really sleep in reclaim
 * under any model, so it is a point where the CPU may go to another task,
 * and by default does when one waits.
 */
#define kmem_cache_alloc_node_va()                                        \
	({                                                                \
		cond_resched();                                           \
		vz_name_va(kmalloc(sizeof(struct vmap_area), GFP_KERNEL)); \
	})

/* The oracle walks the kernel's lists from whichever task is running: not its accesses. */
#define VZ_NO_TSAN __attribute__((no_sanitize("thread")))

struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct list_head list;		/* address sorted list */
};

/* What lockless readers see of the tree: NULL exactly while it is empty. */
struct va_root {
	struct vmap_area *rb_node;
};

#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)

enum { FREE = 0, BUSY, LAZY, NFBL };

struct cpu_vmap_zone {
	/* FREE, BUSY, LAZY bookkeeping data of this CPU zone. */
	struct {
		struct va_root root;
		struct list_head head;
		spinlock_t lock;
	} fbl[NFBL];

	/*
	 * A list of outstanding lazily-freed areas, ready to be drained,
	 * which belong (address space) to this CPU zone.
	 */
	struct list_head purge_list;

	/* It controls that only one CPU can pre-fetch this CPU zone. */
	atomic_t fill_in_progress;
};

#define fbl(z, i, m) z->fbl[i].m
#define fbl_root(z, i) fbl(z, i, root)
#define fbl_head(z, i) fbl(z, i, head)

#define fbl_lock(z, i) spin_lock(&fbl(z, i, lock))
#define fbl_unlock(z, i) spin_unlock(&fbl(z, i, lock))

struct vz_ctx;

/* Where the variants differ (as_posted.c has upstream's). */
struct vz_ops {
	unsigned long (*this_cpu_zone_alloc)(struct vz_ctx *ctx, unsigned long size,
					     unsigned long align);
	unsigned long (*this_cpu_zone_alloc_fill)(struct vz_ctx *ctx, struct cpu_vmap_zone *z,
						  unsigned long size, unsigned long align);
	/* The zone whose busy tree alloc_vmap_area() inserts a new area in. */
	struct cpu_vmap_zone *(*busy_cvz)(struct vz_ctx *ctx, unsigned long va_start);
	/* The zone whose busy tree the free path searches for @addr. */
	struct cpu_vmap_zone *(*free_cvz)(struct vz_ctx *ctx, unsigned long addr);
};

/*
 * The oracle's books (check.c), not kernel state: who holds which range
 * between leaving one set and entering another, which pages are handed out,
 * and each zone's fill window.  Touched only by VZ_NO_TSAN code; each task
 * keeps its own held ranges and the counters are atomic, so that the books
 * hold on real threads too (native/).
 */
#define VZ_MAX_TASKS 16
#define VZ_MAX_HELD 32

struct vz_held {
	unsigned long start, end;
};

/*
 * A fill window of a zone: from the moment a task decides the zone is too
 * low (this_cpu_zone_alloc()'s "fill:") until no task that decided so is
 * still in this_cpu_zone_alloc_fill().  One prefetch is what the window
 * needs; a second may be needed too (a purge emptied the cache meanwhile),
 * or be the comment's "extra prefetch", made while the cache has room.
 */
struct vz_window {
	int open;		/* tasks between their decision and the fill's return */
	int prefetches;		/* chunks taken from the free tree in this window */
	int filler;		/* the task past the guard, -1 */
};

struct vz_shadow {
	struct vz_held held[VZ_MAX_TASKS][VZ_MAX_HELD];
	unsigned int nr_held[VZ_MAX_TASKS];
	u8 *handed;		/* per page: task + 1 while handed out by alloc_vmap_area() */
	u8 *count;		/* per page, the check's scratch */
	u8 *where;
	struct vz_window win[NR_CPUS];
	bool prefetch_check;

	/* The figure of a run. */
	unsigned int windows;		/* fill windows opened */
	unsigned int prefetches;	/* chunks prefetched */
	unsigned int max_prefetches;	/* most in one window */
	unsigned int busy_windows;	/* windows with more than one */
	unsigned int extra_prefetches;	/* made while the zone's cache had room */
};

struct vz_ctx {
	const struct vz_ops *ops;

	/* mm/vmalloc.c */
	spinlock_t free_vmap_area_lock;
	struct va_root free_vmap_area_root;
	struct list_head free_vmap_area_list;
	DEFINE_PER_CPU(struct cpu_vmap_zone, cpu_vmap_zone);
	struct mutex vmap_purge_lock;
	atomic_long_t vmap_lazy_nr;
	unsigned long vmalloc_end;
	unsigned long zone_size;		/* cvz_size */

	/* the workload */
	unsigned int nr_pages;
	unsigned int nr_allocs;
	unsigned long alloc_size;
	unsigned long lazy_max;

	struct vz_shadow shadow;
};

static inline unsigned long va_page(const struct vz_ctx *ctx, unsigned long addr)
{
	(void)ctx;
	return (addr - VMALLOC_START) >> PAGE_SHIFT;
}

static inline unsigned int addr_to_cpu(struct vz_ctx *ctx, unsigned long addr)
{
	return (unsigned int)((addr / cvz_size) % num_possible_cpus());
}

static inline struct cpu_vmap_zone *addr_to_cvz(struct vz_ctx *ctx, unsigned long addr)
{
	return &per_cpu(ctx->cpu_vmap_zone, addr_to_cpu(ctx, addr));
}

static inline unsigned int cvz_cpu(struct vz_ctx *ctx, const struct cpu_vmap_zone *z)
{
	return (unsigned int)(z - ctx->cpu_vmap_zone);
}

/* vmalloc.c: the free-area structure, the allocation and free paths. */
struct vmap_area *vz_name_va(struct vmap_area *va);
unsigned long __alloc_vmap_area(struct vz_ctx *ctx, struct va_root *root,
				struct list_head *head, unsigned long size, unsigned long align,
				unsigned long vstart, unsigned long vend);
unsigned long va_alloc(struct vz_ctx *ctx, struct vmap_area *va, struct va_root *root,
		       struct list_head *head, unsigned long size, unsigned long align,
		       unsigned long vstart, unsigned long vend);
struct vmap_area *merge_or_add_vmap_area_augment(struct vz_ctx *ctx, struct vmap_area *va,
						 struct va_root *root, struct list_head *head);
unsigned long get_subtree_max_size(struct vz_ctx *ctx, struct list_head *head);

/* zone.c: this_cpu_zone_alloc() and the posted this_cpu_zone_alloc_fill(). */
unsigned long this_cpu_zone_alloc(struct vz_ctx *ctx, unsigned long size, unsigned long align);
unsigned long this_cpu_zone_alloc_fill(struct vz_ctx *ctx, struct cpu_vmap_zone *z,
				       unsigned long size, unsigned long align);
struct cpu_vmap_zone *vz_addr_to_cvz(struct vz_ctx *ctx, unsigned long addr);
struct cpu_vmap_zone *vz_this_cpu_zone(struct vz_ctx *ctx, unsigned long addr);

/* Every variant's scenario. */
void *vz_setup(const struct vz_ops *ops);
void vz_check(void *arg);
void vz_finish(void *arg);

#define VZ_PARAMS                                                                           \
	{ "tasks", 3, 1, VZ_MAX_TASKS, "tasks allocating and freeing (task i on cpu i*cpus/tasks)" },   \
	{ "allocs", 2, 1, 8, "vmalloc()s each task makes before it vfree()s them" },          \
	{ "pages", 1, 1, 4, "pages per vmalloc()" },                                          \
	{ "zone", 4, 1, 64, "cvz_size in pages" },                                            \
	{ "arena", 32, 4, 256, "pages between VMALLOC_START and VMALLOC_END" },               \
	{ "lazy_max", 3, 0, 256, "lazy_max_pages(): past it a vfree() purges" },              \
	{ "prefetch_check", 0, 0, 1,                                                          \
	  "1: an extra prefetch fails (to find one; it is benign)" },                         \
	{ "unpinned", 1, 0, 1, "1: tasks may migrate where preemptible (vmalloc() callers are)" }

/* check.c: the oracle, called from the port where ranges change hands. */
void vz_hold(struct vz_ctx *ctx, unsigned long start, unsigned long end);
void vz_release(struct vz_ctx *ctx, unsigned long start, unsigned long end);
void vz_handed_out(struct vz_ctx *ctx, const struct vmap_area *va);
void vz_given_back(struct vz_ctx *ctx, const struct vmap_area *va);
void vz_vfree_missed(struct vz_ctx *ctx, unsigned long addr, struct cpu_vmap_zone *searched);
void vz_fill_decided(struct vz_ctx *ctx, struct cpu_vmap_zone *z);
void vz_fill_returned(struct vz_ctx *ctx, struct cpu_vmap_zone *z);
void vz_fill_enter(struct vz_ctx *ctx, struct cpu_vmap_zone *z);
void vz_fill_leave(struct vz_ctx *ctx, struct cpu_vmap_zone *z);
void vz_prefetched(struct vz_ctx *ctx, struct cpu_vmap_zone *z, unsigned long addr);
void vz_chunk_arrives(struct vz_ctx *ctx, struct cpu_vmap_zone *z, unsigned long addr,
		      unsigned long size);
void vz_shadow_init(struct vz_ctx *ctx);

#endif /* ALGOS_VMAP_ZONE_H */

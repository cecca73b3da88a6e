// SPDX-License-Identifier: GPL-2.0
/*
 * What every vmap_zone variant shares, after mm/vmalloc.c with patches 1-8
 * of Uladzislau Rezki's "Mitigate a vmap lock contention" series applied
 * (../shared/seeds/003_d2d7d49b73c4718a.txt; the zone skeleton of patch 4,
 * the busy areas of patch 5, the lazy ones of patch 7, the fast path and
 * drop_cpu_vmap_cache() of patch 8): the free-area structure (a sorted
 * list standing for the augmented rbtree, see vmap_zone.h), the allocation
 * path with its per-CPU fast path and its global fallback, the free path
 * through the zone addr_to_cvz() names, the lazy purge, and the workload.
 *
 * Where a range leaves one set for a task's hands, or enters one, the
 * oracle is told (vz_hold/vz_release, check.c) before the next kernel-API
 * call, so that at every point each page of the arena is in exactly one
 * place.
 */
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "vmap_zone.h"

/* ---- the free-area structure ------------------------------------------- */

/*
 * The story names the members of each area: per object, since purge/ has
 * a struct vmap_area of another layout registered by type.
 */
static const struct sim_field vmap_area_fields[] = {
	SIM_FIELD(struct vmap_area, va_start),
	SIM_FIELD(struct vmap_area, va_end),
	SIM_FIELD(struct vmap_area, list),
};

struct vmap_area *vz_name_va(struct vmap_area *va)
{
	if (va)
		sim_fields(va, vmap_area_fields);
	return va;
}

/* The set became non-empty or empty: what a lockless RB_EMPTY_ROOT() sees. */
static void va_root_update(struct va_root *root, struct list_head *head)
{
	struct vmap_area *first = list_empty(head) ? NULL :
				  list_first_entry(head, struct vmap_area, list);

	if (!root->rb_node != !first)
		WRITE_ONCE(root->rb_node, first);
}

/* The oracle is told before: the root's WRITE_ONCE is a point. */
static void unlink_va(struct vmap_area *va, struct va_root *root, struct list_head *head)
{
	list_del_init(&va->list);
	va_root_update(root, head);
}

/* The first area that ends above @addr, or NULL (upstream walks the tree). */
static struct vmap_area *find_va_above(struct list_head *head, unsigned long addr)
{
	struct vmap_area *va;

	list_for_each_entry(va, head, list)
		if (va->va_end > addr)
			return va;
	return NULL;
}

/* Busy and lazy sets: in address order, no merging. */
static void insert_vmap_area(struct vz_ctx *ctx, struct vmap_area *va, struct va_root *root,
			     struct list_head *head)
{
	struct vmap_area *next = find_va_above(head, va->va_start);

	list_add_tail(&va->list, next ? &next->list : head);
	vz_release(ctx, va->va_start, va->va_end);
	va_root_update(root, head);
}

static struct vmap_area *__find_vmap_area(unsigned long addr, struct list_head *head)
{
	struct vmap_area *va = find_va_above(head, addr);

	return va && va->va_start <= addr ? va : NULL;
}

/*
 * Merge de-allocated chunk of VA memory with previous and next free blocks;
 * if no merging is possible, the area is inserted in address order.  The
 * areas merged into a neighbour are freed once the set is whole again.
 */
static struct vmap_area *merge_or_add_vmap_area(struct vz_ctx *ctx, struct vmap_area *va,
						struct va_root *root, struct list_head *head)
{
	struct vmap_area *next = find_va_above(head, va->va_start);
	struct vmap_area *prev, *dead[2] = { NULL, NULL };
	struct list_head *pos = next ? &next->list : head;
	unsigned long start = va->va_start, end = va->va_end;
	bool merged = false;

	/* Overlapping a free block: the range is already free. */
	BUG_ON(next && next->va_start < va->va_end);

	if (next && next->va_start == va->va_end) {
		next->va_start = va->va_start;
		dead[0] = va;
		va = next;
		merged = true;
	}
	if (pos->prev != head) {
		prev = list_entry(pos->prev, struct vmap_area, list);
		BUG_ON(prev->va_end > start);
		if (prev->va_end == va->va_start) {
			prev->va_end = va->va_end;
			if (merged) {
				list_del(&va->list);
				dead[1] = va;
			} else {
				dead[0] = va;
			}
			va = prev;
			merged = true;
		}
	}
	if (!merged)
		list_add_tail(&va->list, pos);
	vz_release(ctx, start, end);
	va_root_update(root, head);
	if (dead[0])
		kfree(dead[0]);
	if (dead[1])
		kfree(dead[1]);
	return va;
}

/* Upstream also updates each node's subtree_max_size; the list has none. */
struct vmap_area *merge_or_add_vmap_area_augment(struct vz_ctx *ctx, struct vmap_area *va,
						 struct va_root *root, struct list_head *head)
{
	return merge_or_add_vmap_area(ctx, va, root, head);
}

/* The largest free block: upstream reads it at the augmented tree's root. */
unsigned long get_subtree_max_size(struct vz_ctx *ctx, struct list_head *head)
{
	struct vmap_area *va;
	unsigned long max = 0;

	(void)ctx;
	list_for_each_entry(va, head, list)
		if (va->va_end - va->va_start > max)
			max = va->va_end - va->va_start;
	return max;
}

/* The lowest free block that fits, as find_vmap_lowest_match() returns it. */
static struct vmap_area *find_vmap_lowest_match(struct list_head *head, unsigned long size,
						unsigned long align, unsigned long vstart)
{
	struct vmap_area *va;

	list_for_each_entry(va, head, list) {
		unsigned long nva_start_addr = ALIGN(va->va_start > vstart ? va->va_start : vstart,
						     align);

		if (nva_start_addr + size <= va->va_end)
			return va;
	}
	return NULL;
}

enum fit_type {
	NOTHING_FIT = 0,
	FL_FIT_TYPE = 1,	/* full fit */
	LE_FIT_TYPE = 2,	/* left edge fit */
	RE_FIT_TYPE = 3,	/* right edge fit */
	NE_FIT_TYPE = 4		/* no edge fit */
};

static enum fit_type classify_va_fit_type(struct vmap_area *va, unsigned long nva_start_addr,
					  unsigned long size)
{
	if (nva_start_addr < va->va_start || nva_start_addr + size > va->va_end)
		return NOTHING_FIT;
	if (va->va_start == nva_start_addr)
		return va->va_end == nva_start_addr + size ? FL_FIT_TYPE : LE_FIT_TYPE;
	if (va->va_end == nva_start_addr + size)
		return RE_FIT_TYPE;
	return NE_FIT_TYPE;
}

/*
 * Cut [nva_start_addr, +size) out of the free block @va: the current task
 * holds it from here.  NE_FIT needs a second area (upstream: the preloaded
 * ne_fit_preload_node); every request here is page-aligned at the lowest
 * fit, so it never splits a block in the middle.
 */
static int va_clip(struct vz_ctx *ctx, struct va_root *root, struct list_head *head,
		   struct vmap_area *va, unsigned long nva_start_addr, unsigned long size)
{
	enum fit_type type = classify_va_fit_type(va, nva_start_addr, size);

	switch (type) {
	case FL_FIT_TYPE:
		vz_hold(ctx, nva_start_addr, nva_start_addr + size);
		unlink_va(va, root, head);
		kfree(va);
		return 0;
	case LE_FIT_TYPE:
		va->va_start += size;
		break;
	case RE_FIT_TYPE:
		va->va_end = nva_start_addr;
		break;
	case NE_FIT_TYPE:
		BUG();
		return -1;
	default:
		return -1;
	}
	vz_hold(ctx, nva_start_addr, nva_start_addr + size);
	return 0;
}

unsigned long va_alloc(struct vz_ctx *ctx, struct vmap_area *va, struct va_root *root,
		       struct list_head *head, unsigned long size, unsigned long align,
		       unsigned long vstart, unsigned long vend)
{
	unsigned long nva_start_addr;
	int ret;

	if (va->va_start > vstart)
		nva_start_addr = ALIGN(va->va_start, align);
	else
		nva_start_addr = ALIGN(vstart, align);

	/* Check the "vend" restriction. */
	if (nva_start_addr + size > vend)
		return vend;

	/* Update the free vmap_area. */
	ret = va_clip(ctx, root, head, va, nva_start_addr, size);
	if (WARN_ON_ONCE(ret))
		return vend;

	return nva_start_addr;
}

/* Returns a start address of the newly allocated area, if success; otherwise @vend. */
unsigned long __alloc_vmap_area(struct vz_ctx *ctx, struct va_root *root,
				struct list_head *head, unsigned long size, unsigned long align,
				unsigned long vstart, unsigned long vend)
{
	struct vmap_area *va = find_vmap_lowest_match(head, size, align, vstart);

	if (unlikely(!va))
		return vend;
	return va_alloc(ctx, va, root, head, size, align, vstart, vend);
}

/* ---- the allocation path --------------------------------------------------- */

static void purge_vmap_area_lazy(struct vz_ctx *ctx);

/*
 * Allocate a region of KVA of the specified size and alignment, within the
 * vstart and vend.  Upstream returns ERR_PTR(-EBUSY) on overflow; NULL here.
 */
static struct vmap_area *alloc_vmap_area(struct vz_ctx *ctx, unsigned long size,
					 unsigned long align, unsigned long vstart,
					 unsigned long vend)
{
	struct cpu_vmap_zone *z;
	struct vmap_area *va;
	unsigned long addr;
	int purged = 0;

	va = kmem_cache_alloc_node_va();

	/* Fast path allocation, start with it. */
	if (vstart == VMALLOC_START && vend == VMALLOC_END)
		addr = ctx->ops->this_cpu_zone_alloc(ctx, size, align);
	else
		addr = vend;

retry:
	if (addr == vend) {
		spin_lock(&ctx->free_vmap_area_lock);	/* preload_this_cpu_lock() */
		addr = __alloc_vmap_area(ctx, &ctx->free_vmap_area_root,
					 &ctx->free_vmap_area_list, size, align, vstart, vend);
		spin_unlock(&ctx->free_vmap_area_lock);
	}

	if (unlikely(addr == vend))
		goto overflow;

	va->va_start = addr;
	va->va_end = addr + size;

	/* Upstream: z = addr_to_cvz(va->va_start). */
	z = ctx->ops->busy_cvz(ctx, va->va_start);
	fbl_lock(z, BUSY);
	insert_vmap_area(ctx, va, &fbl_root(z, BUSY), &fbl_head(z, BUSY));
	vz_handed_out(ctx, va);
	fbl_unlock(z, BUSY);

	return va;

overflow:
	if (!purged) {
		purge_vmap_area_lazy(ctx);
		purged = 1;
		goto retry;
	}
	sim_note("vmap allocation for size %lu failed: use vmalloc=<size> to increase size",
		 size);
	kfree(va);
	return NULL;
}

/* ---- the free path --------------------------------------------------------- */

static unsigned long purge_cpu_vmap_zone(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	unsigned long num_purged_areas = 0;
	struct vmap_area *va, *n_va;

	if (list_empty(&z->purge_list))
		goto out;

	spin_lock(&ctx->free_vmap_area_lock);
	list_for_each_entry_safe(va, n_va, &z->purge_list, list) {
		unsigned long nr = (va->va_end - va->va_start) >> PAGE_SHIFT;

		/* Upstream relinks va without the list_del: purge_list is dropped anyway. */
		list_del(&va->list);
		vz_hold(ctx, va->va_start, va->va_end);
		merge_or_add_vmap_area_augment(ctx, va, &ctx->free_vmap_area_root,
					       &ctx->free_vmap_area_list);

		atomic_long_sub(nr, &ctx->vmap_lazy_nr);
		num_purged_areas++;
	}
	spin_unlock(&ctx->free_vmap_area_lock);

out:
	return num_purged_areas;
}

/* The zone's prefetched, unused space goes back to the global free tree. */
static void drop_cpu_vmap_cache(struct vz_ctx *ctx, struct cpu_vmap_zone *z)
{
	struct vmap_area *va, *n_va;
	LIST_HEAD(free_head);

	if (RB_EMPTY_ROOT(&fbl_root(z, FREE)))
		return;

	fbl_lock(z, FREE);
	WRITE_ONCE(fbl(z, FREE, root.rb_node), NULL);
	list_replace_init(&fbl_head(z, FREE), &free_head);
	list_for_each_entry(va, &free_head, list)
		vz_hold(ctx, va->va_start, va->va_end);
	fbl_unlock(z, FREE);

	spin_lock(&ctx->free_vmap_area_lock);
	list_for_each_entry_safe(va, n_va, &free_head, list) {
		list_del(&va->list);
		merge_or_add_vmap_area_augment(ctx, va, &ctx->free_vmap_area_root,
					       &ctx->free_vmap_area_list);
	}
	spin_unlock(&ctx->free_vmap_area_lock);
}

/* Purges all lazily-freed vmap areas.  No TLB is modelled: the flush is a point. */
static bool __purge_vmap_area_lazy(struct vz_ctx *ctx, unsigned long start, unsigned long end)
{
	unsigned long num_purged_areas = 0;
	struct cpu_vmap_zone *z;
	int need_purge = 0;
	int i;

	for_each_possible_cpu(i) {
		z = per_cpu_ptr(&ctx->cpu_vmap_zone, i);
		INIT_LIST_HEAD(&z->purge_list);

		if (RB_EMPTY_ROOT(&fbl_root(z, LAZY)))
			continue;

		fbl_lock(z, LAZY);
		WRITE_ONCE(fbl(z, LAZY, root.rb_node), NULL);
		list_replace_init(&fbl_head(z, LAZY), &z->purge_list);
		fbl_unlock(z, LAZY);

		start = min(start, list_first_entry(&z->purge_list, struct vmap_area,
						    list)->va_start);
		end = max(end, list_last_entry(&z->purge_list, struct vmap_area, list)->va_end);
		need_purge++;
	}

	if (need_purge) {
		sim_step(SIM_SITE("flush_tlb_kernel_range", ""));

		for_each_possible_cpu(i) {
			z = per_cpu_ptr(&ctx->cpu_vmap_zone, i);
			num_purged_areas += purge_cpu_vmap_zone(ctx, z);
			drop_cpu_vmap_cache(ctx, z);
		}
	}
	(void)start;
	(void)end;
	return num_purged_areas > 0;
}

/* Kick off a purge of the outstanding lazy areas. */
static void purge_vmap_area_lazy(struct vz_ctx *ctx)
{
	mutex_lock(&ctx->vmap_purge_lock);
	__purge_vmap_area_lazy(ctx, ULONG_MAX, 0);
	mutex_unlock(&ctx->vmap_purge_lock);
}

/* Upstream's drain_vmap_work runs this from a kworker; here the vfree()ing task does. */
static void drain_vmap_area_work(struct vz_ctx *ctx)
{
	purge_vmap_area_lazy(ctx);
}

/* Free a vmap area, caller ensuring that the area has been unmapped. */
static void free_vmap_area_noflush(struct vz_ctx *ctx, struct vmap_area *va)
{
	struct cpu_vmap_zone *z = addr_to_cvz(ctx, va->va_start);
	unsigned long nr_lazy_max = ctx->lazy_max;	/* lazy_max_pages() */
	unsigned long nr_lazy;

	nr_lazy = atomic_long_add_return((va->va_end - va->va_start) >> PAGE_SHIFT,
					 &ctx->vmap_lazy_nr);

	/* Merge or place it to the purge tree/list. */
	fbl_lock(z, LAZY);
	merge_or_add_vmap_area(ctx, va, &fbl_root(z, LAZY), &fbl_head(z, LAZY));
	fbl_unlock(z, LAZY);

	/* After this point, we may free va at any time */
	if (unlikely(nr_lazy > nr_lazy_max))
		drain_vmap_area_work(ctx);
}

static struct vmap_area *find_unlink_vmap_area(struct vz_ctx *ctx, unsigned long addr)
{
	/* Upstream: z = addr_to_cvz(addr). */
	struct cpu_vmap_zone *z = ctx->ops->free_cvz(ctx, addr);
	struct vmap_area *va;

	fbl_lock(z, BUSY);
	va = __find_vmap_area(addr, &fbl_head(z, BUSY));
	if (va) {
		vz_hold(ctx, va->va_start, va->va_end);
		vz_given_back(ctx, va);
		unlink_va(va, &fbl_root(z, BUSY), &fbl_head(z, BUSY));
	}
	fbl_unlock(z, BUSY);

	if (!va)
		vz_vfree_missed(ctx, addr, z);
	return va;
}

/*
 * vfree(addr): remove_vm_area() finds and unlinks the busy area, the pages
 * are unmapped (not modelled), and the area goes lazy.  Upstream warns
 * "Trying to vfree() nonexistent vm area" when the lookup misses.
 */
static void vfree(struct vz_ctx *ctx, unsigned long addr)
{
	struct vmap_area *va = find_unlink_vmap_area(ctx, addr);

	if (!va)
		return;
	free_vmap_area_noflush(ctx, va);	/* free_unmap_vmap_area() */
}

/* ---- the workload ---------------------------------------------------------- */

struct vz_task {
	struct vz_ctx *ctx;
	unsigned long addr[8];
};

/* vmalloc() allocs areas, then vfree() them, keeping only the addresses. */
static void vmalloc_vfree(void *arg)
{
	struct vz_task *t = arg;
	struct vz_ctx *ctx = t->ctx;
	unsigned int i;

	for (i = 0; i < ctx->nr_allocs; i++) {
		struct vmap_area *va = alloc_vmap_area(ctx, ctx->alloc_size, PAGE_SIZE,
						       VMALLOC_START, VMALLOC_END);

		t->addr[i] = va ? va->va_start : 0;
	}
	for (i = 0; i < ctx->nr_allocs; i++)
		if (t->addr[i])
			vfree(ctx, t->addr[i]);
}

static void vmap_init_pcpu_zones(struct vz_ctx *ctx)
{
	struct cpu_vmap_zone *z;
	int i, j;

	for_each_possible_cpu(i) {
		z = per_cpu_ptr(&ctx->cpu_vmap_zone, i);

		for (j = 0; j < (int)ARRAY_SIZE(z->fbl); j++) {
			INIT_LIST_HEAD(&z->fbl[j].head);
			z->fbl[j].root.rb_node = NULL;
			spin_lock_init(&z->fbl[j].lock);
		}
		INIT_LIST_HEAD(&z->purge_list);
	}
}

static const char *const task_names[] = {
	"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P",
};

/*
 * The arena is free and every zone's cache empty; task i starts on CPU
 * i * cpus / tasks, so with the defaults A and B share cpu0 (the comment's
 * two tasks of one zone) and C has cpu1.  Unpinned (the default), a task
 * may move to another CPU wherever it is preemptible, as a vmalloc()
 * caller can: raw_cpu_ptr()'s zone is then another CPU's.
 */
void *vz_setup(const struct vz_ops *ops)
{
	struct vz_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	unsigned int nr_tasks = (unsigned int)sim_param("tasks"), i;
	struct vmap_area *va;

	ctx->ops = ops;
	ctx->nr_pages = (unsigned int)sim_param("arena");
	ctx->nr_allocs = (unsigned int)sim_param("allocs");
	ctx->alloc_size = (unsigned long)sim_param("pages") * PAGE_SIZE;
	ctx->zone_size = (unsigned long)sim_param("zone") * PAGE_SIZE;
	ctx->lazy_max = (unsigned long)sim_param("lazy_max");
	ctx->vmalloc_end = VMALLOC_START + ctx->nr_pages * PAGE_SIZE;
	ctx->shadow.prefetch_check = sim_param("prefetch_check");

	spin_lock_init(&ctx->free_vmap_area_lock);
	INIT_LIST_HEAD(&ctx->free_vmap_area_list);
	mutex_init(&ctx->vmap_purge_lock);
	vmap_init_pcpu_zones(ctx);
	vz_shadow_init(ctx);

	/* vmap_init_free_space(): the whole arena is one free block. */
	va = vz_name_va(kzalloc(sizeof(struct vmap_area), GFP_KERNEL));
	va->va_start = VMALLOC_START;
	va->va_end = VMALLOC_END;
	list_add(&va->list, &ctx->free_vmap_area_list);
	ctx->free_vmap_area_root.rb_node = va;

	for (i = 0; i < nr_tasks; i++) {
		struct vz_task *t = kzalloc(sizeof(*t), GFP_KERNEL);

		t->ctx = ctx;
		if (sim_param("unpinned"))
			sim_task_create_unpinned(task_names[i], i * sim_nr_cpus() / nr_tasks,
						 vmalloc_vfree, t);
		else
			sim_task_create(task_names[i], i * sim_nr_cpus() / nr_tasks, vmalloc_vfree,
					t);
	}
	return ctx;
}


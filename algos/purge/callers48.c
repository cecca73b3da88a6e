// SPDX-License-Identifier: GPL-2.0
/*
 * The callers of __purge_vmap_area_lazy() as in v4.8, with its sync and
 * force_flush arguments; Joel Fernandes' v3 (refcount_v3.c) changes only
 * the purge itself and keeps them.  Upstream they are try_purge_vmap_area_lazy,
 * purge_vmap_area_lazy and vm_unmap_aliases.
 */
#include <linux/sched.h>

#include "vmalloc.h"

/*
 * Kick off a purge of the outstanding lazy areas. Don't bother if somebody
 * is already purging.
 */
void try_purge_vmap_area_lazy48(struct vmap_ctx *ctx)
{
	unsigned long start = ULONG_MAX, end = 0;

	ctx->ops->__purge_vmap_area_lazy(ctx, &start, &end, 0, 0);
}

/* Kick off a purge of the outstanding lazy areas. */
void purge_vmap_area_lazy48(struct vmap_ctx *ctx)
{
	unsigned long start = ULONG_MAX, end = 0;

	ctx->ops->__purge_vmap_area_lazy(ctx, &start, &end, 1, 0);
}

/* Without vmap blocks no CPU has dirty ranges to add: start, end and flush stay. */
void vm_unmap_aliases48(struct vmap_ctx *ctx)
{
	unsigned long start = ULONG_MAX, end = 0;
	int flush = 0;

	might_sleep();
	ctx->ops->__purge_vmap_area_lazy(ctx, &start, &end, 1, flush);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Happens-before for ThreadSanitizer, as the kernel's rules give it.
 *
 * A releasing store (store-release, unlock, value-returning RMW, or any
 * marked store after smp_wmb()/smp_mb()) publishes the writer's clock under
 * a token of its own; when the store becomes visible, its address records
 * the token as the origin of the value it holds.  A load receives a token
 * only when the value it read came from that store: at once for an
 * acquire, a lock, a value-returning RMW or a load of a pointer (the
 * address dependency READ_ONCE carries); at the next smp_rmb()/smp_mb() for
 * a plain marked load.  Conservative where it must guess: an edge too many
 * can hide a race, an edge too few reports one the kernel does not have.
 * Everything here is a no-op outside the TSan build.
 */
#ifndef SIM_HB_H
#define SIM_HB_H

#include "memory.h"
#include "sched.h"
#include "shadow.h"

/* The token a store publishes, or NULL when it releases nothing. */
const void *hb_store(struct sim_task *t, enum sim_order order);
/*
 * The same for an RMW's store over the value of @e: a release continues
 * the release sequence it read from (C11), so its token is the one already
 * there, released into again -- an acquire of the RMW's value then also
 * synchronises with the releases before it (refcount_dec_and_test()).
 */
const void *hb_rmw_store(struct sim_task *t, enum sim_order order, const struct sim_shadow *e);
/*
 * The store that published @token is now the value at the address of @e
 * (NULL: the shadow table is full, see shadow.h).
 */
void hb_visible(struct sim_shadow *e, const void *token);
/* A load by @t read what memory holds at the address of @e (NULL: none stored there). */
void hb_load(struct sim_task *t, const struct sim_shadow *e, unsigned int flags,
	     enum sim_order order);
/* A load by @t read the store that published @token (NULL: none). */
void hb_read(struct sim_task *t, const void *token, unsigned int flags, enum sim_order order);
/* Fences, and the full ordering of a value-returning RMW. */
void hb_fence(struct sim_task *t, enum sim_fence fence);

#endif /* SIM_HB_H */

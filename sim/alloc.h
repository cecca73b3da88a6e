/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated kernel's heap: real malloc()/free(), so ASan sees an access
 * after kfree(), plus a table of live objects numbered in allocation order,
 * so a pointer prints the same in every build and an invalid kfree() is a
 * report even without ASan.
 */
#ifndef SIM_ALLOC_H
#define SIM_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"

/* The gfp bits the engine looks at; sim/linux/gfp.h spells the kernel's names. */
#define SIM_GFP_MAY_FAIL	(1u << 0)	/* GFP_NOWAIT, GFP_ATOMIC: a decision may fail it */
#define SIM_GFP_MAY_SLEEP	(1u << 1)	/* GFP_KERNEL: must not be called atomic */
#define SIM_GFP_ZERO		(1u << 2)

void *sim_kmalloc(const struct sim_site *site, size_t size, unsigned int gfp);
void sim_kfree(const struct sim_site *site, const void *p);

/* Which live object @p points into: its number and the offset. */
bool sim_alloc_lookup(uintptr_t p, uint32_t *id, uint32_t *offset);

/*
 * The engine's use-after-free check, in every build: a marked access
 * (READ_ONCE, rcu_dereference, an atomic, a lock word) to an object
 * kfree()d earlier in the run is a "use-after-free" report naming the
 * object, who freed it and where.  Without ASan and TSan the memory stays
 * allocated, poisoned, until the run ends (a plain write to it is reported
 * then); with ASan it is really freed, so a plain access is ASan's report.
 */
void sim_alloc_check(const struct sim_site *site, const volatile void *addr, unsigned int size,
		     bool write);
/* @p points into an object kfree()d this run (for a scenario's own checks). */
bool sim_alloc_freed(const void *p);

/* Free whatever the last run left allocated and restart the numbering. */
void sim_alloc_reset(void);

#endif /* SIM_ALLOC_H */

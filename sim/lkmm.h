/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lkmm model: operational and view-based (sim/README.md, "The lkmm
 * model").  Each location keeps its last stores in modification order;
 * each CPU a view, per location the oldest store it may still read; a
 * marked load reads any store its view allows, chosen by the decision
 * stream (SIM_CHOICE_READ, option 0 the newest).  Memory itself always
 * holds the newest store, which is what its writer's CPU reads.
 *
 * memory.c calls these for tasks' marked accesses under --mm lkmm, after
 * it has done what memory and the shadow need (a store's bytes are in
 * memory, its shadow entry names it as the writer).
 */
#ifndef SIM_LKMM_H
#define SIM_LKMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memory.h"
#include "sched.h"
#include "shadow.h"

#define LKMM_LOCATIONS 256	/* locations with a history; the others are fully ordered */
#define LKMM_HISTORY 8		/* stores a location keeps: older ones are no longer read */
#define LKMM_DEP_LOADS 64	/* loads a CPU's explicit dependencies name; the last: unknown */

/*
 * What a load read: a store of the history, or the newest (memory).  For a
 * store, newest says whether it went after the newest one.
 */
struct lkmm_read {
	bool newest;
	uint64_t value;		/* when !newest */
	int32_t from;		/* its trace event, or -1 */
	const void *hb_token;
	/*
	 * When !newest: the newest store, which the reader's CPU has not seen
	 * yet, or which a store was placed before.
	 */
	int newer_task;
	uint64_t newer_value;
};

/* @flags: SIM_EV_PTR (the value is a pointer), SIM_MM_ADDR_DEP. */
void lkmm_load(struct sim_task *t, struct sim_shadow *e, unsigned int size, unsigned int flags,
	       enum sim_order order, struct lkmm_read *r);
/*
 * A store of @value: placed in its location's modification order, which is
 * a decision (SIM_CHOICE_CO).  Returns whether it is the newest, which
 * memory and the shadow must then hold; if not, @r says which store is
 * (newer_task, newer_value) and memory keeps it.
 */
bool lkmm_store(struct sim_task *t, struct sim_shadow *e, unsigned int size, uint64_t value,
		enum sim_order order, const void *hb_token, struct lkmm_read *r);
/*
 * An RMW read the newest store (memory) and, if @stored, appended @value
 * right after it.  Returns the store it read's happens-before token.
 */
const void *lkmm_rmw(struct sim_task *t, struct sim_shadow *e, unsigned int size, uint64_t value,
		     bool stored, unsigned int flags, enum sim_order order, const void *hb_token);
void lkmm_fence(struct sim_task *t, enum sim_fence fence);
/* A context switch on @cpu: a full barrier. */
void lkmm_full_barrier(unsigned int cpu);
/* A busy-wait iteration: every store so far reaches @cpu, so spinning ends. */
void lkmm_propagate_all(unsigned int cpu);
void lkmm_forget(const volatile void *addr, size_t size);

/*
 * Explicit dependencies, for a caller that sees registers (the litmus
 * runner): from lkmm_explicit_deps() on, in this run, a relaxed store of the
 * current task's CPU that was preceded by lkmm_store_deps(@loads) carries
 * only what the loads in @loads (bit n: the CPU's load n, as
 * lkmm_last_load() numbered it after it; bit LKMM_DEP_LOADS - 1: some
 * load it cannot name) were ordered after and read, what the CPU is
 * ordered after anyway, and what its earlier accesses to the location
 * carried -- instead of the whole pending view.  A store not preceded by
 * lkmm_store_deps(), releases and RMWs carry what they always do.
 */
void lkmm_explicit_deps(void);
unsigned int lkmm_last_load(void);
void lkmm_store_deps(uint64_t loads);
void lkmm_reset(void);

#endif /* SIM_LKMM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* What the engine's parts ask of each other; not for ports or scenarios. */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stdbool.h>

#include <stddef.h>
#include <stdint.h>

#include "decide.h"
#include "memory.h"
#include "scenario.h"
#include "site.h"

/* A decision other than which task runs, recorded like every other. */
unsigned int sim_choose(enum sim_choice kind, unsigned int n);

/* The kernel's might_sleep(): a BUG when called with preemption off. */
void sim_might_sleep(const struct sim_site *site);

/* The model the current run uses. */
enum sim_mm sim_run_mm(void);

/* Stop the run from the current task and return to sim_run(). */
void sim_abandon_run(void) __attribute__((noreturn));

/* The task whose stack we are on, even while a scenario's check runs there. */
struct sim_task *sim_running_task(void);

/* The failure of the current run so far, for report.c. */
struct sim_failure *sim_run_failure(void);

/*
 * The memory model without the preemption point and the trace, for the
 * engine's own compound operations (locks): see memory.c.  sim_mm_store()
 * returns the trace flags it adds (SIM_EV_BUFFERED, SIM_EV_OLDER); sim_mm_rmw() says in
 * @from (if not NULL) which trace event wrote what it read.
 */
#define SIM_MM_LOCK (1u << 15)	/* sim_mm_rmw() flag: it takes a lock */
uint64_t sim_mm_rmw(volatile void *addr, unsigned int size, enum sim_rmw_op op,
		    uint64_t operand, uint64_t expected, unsigned int flags, enum sim_order order,
		    bool *stored, uint64_t *new_value, int32_t *from);
unsigned int sim_mm_store(const struct sim_site *site, volatile void *addr, unsigned int size,
			  uint64_t value, unsigned int flags, enum sim_order order);
/* What memory holds at @addr: what its last writer's CPU reads. */
uint64_t sim_mm_raw_load(const volatile void *addr, unsigned int size);
/* What a CPU with no buffered store to @addr reads there. */
uint64_t sim_mm_visible_load(const volatile void *addr, unsigned int size);
/* A buffered store (already in memory) becomes visible to every CPU, with its token. */
void sim_mm_flush_visible(volatile void *addr, unsigned int size, uint64_t value,
			  const void *hb_token);
/* kfree(): what the engine remembers of the memory goes with it. */
void sim_mm_forget(const volatile void *addr, size_t size);
/* Store-buffer decisions at a point; forced when nothing else can run; drains. */
void sim_mm_flush_decisions(bool relax);
bool sim_mm_flush_forced(void);
void sim_mm_drain(unsigned int cpu);
/* A point before a step that makes the CPU's buffered stores visible first (dfs.c). */
void sim_point_drains(const struct sim_site *site);
/* A context switch on @cpu: a full barrier. */
void sim_mm_context_switch(unsigned int cpu);
/* A full barrier on @cpu for the engine's own protocols (the runqueue lock). */
void sim_mm_full_barrier(unsigned int cpu);
bool sim_mm_pending(unsigned int cpu);
bool sim_mm_pending_any(void);
void sim_mm_reset(void);

/* Happens-before for TSan (no-ops in other builds). */
void sim_hb_acquire(const volatile void *addr);
void sim_hb_release(const volatile void *addr);

/*
 * For dfs.c: inside a point's store-buffer decisions, the tasks pick_next()
 * will offer when they stop (returns how many; @relax: a busy-wait point);
 * -1 elsewhere.  Whether the scenario checks an invariant after every step.
 */
int sim_sched_point_candidates(uint8_t *ids, bool *relax);
bool sim_run_checks_steps(void);
/* Task @id, run now, would first make that CPU's buffered stores visible (or -1). */
int sim_sched_drain_first(unsigned int id);
/* dfs: the rest of this run is explored elsewhere; stop it, no end, no outcome. */
void sim_run_prune(void) __attribute__((noreturn));

/* The schedule recorded so far in the current run, for a fatal report. */
void sim_current_schedule(const uint8_t **bytes, size_t *len);
bool sim_in_run(void);
/* Whether @addr is in a task stack's guard page, and whose. */
bool sim_fault_in_guard(const void *addr, const char **task);

#endif /* SIM_ENGINE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU and SRCU in the engine (sim/rcu.c, sim/srcu.c); ports use them through
 * <linux/rcupdate.h>, <linux/rculist.h> and <linux/srcu.h>.
 *
 * A grace-period domain (RCU itself, or one srcu_struct) keeps its open
 * read-side critical sections, each with the ticket of its beginning on
 * one clock shared with the grace periods.  A grace period that starts
 * with ticket s waits for every open section whose ticket is below s and
 * for none other: a reader that began after the grace period started is
 * not waited for.  How long it lasts beyond that is the scheduler's: the
 * waiter is offered again once its readers are gone, and runs when chosen.
 *
 * Memory ordering, the same rules under sc, tso and lkmm (sim/README.md,
 * "RCU"): the caller of synchronize_rcu() (and of call_rcu()) executes a
 * full barrier when the grace period starts and when it ends; a reader the
 * grace period waited for executes one at its end (its CPU's quiescent
 * state), and so does, at the grace period's start, the CPU of a reader
 * that had already ended -- so what a reader begun before the grace period
 * did is seen by the caller after it; a reader beginning once some grace
 * period of its domain has started joins what its CPU was sent (lkmm: the
 * pending view, as smp_rmb() would), so it sees what preceded that grace
 * period's start.  CPUs that ran no reader are left alone: LKMM's
 * grace period orders nothing for them beyond the caller's own barriers.  TSan is told the edge from
 * each reader that began before the grace period to the waiter's return:
 * those still open when it starts release the grace period's own token at
 * their end, those already ended are acquired from the domain's token at
 * its start (a callback acquires that at its invocation: an edge too many
 * from the readers that began later and ended since, the safe direction).
 */
#ifndef SIM_RCU_H
#define SIM_RCU_H

#include <stdbool.h>
#include <stddef.h>

#include "sched.h"
#include "site.h"

/* The kernel's struct callback_head, <linux/types.h>; rcu_head is its other name. */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
};
typedef void (*rcu_callback_t)(struct callback_head *head);

/* The engine's parameter that selects CONFIG_PREEMPT_RCU (see SIM_RCU_PARAM). */
#define SIM_RCU_PREEMPT_PARAM "preempt_rcu"

void sim_rcu_read_lock(const struct sim_site *site);
void sim_rcu_read_unlock(const struct sim_site *site);
void sim_synchronize_rcu(const struct sim_site *site);
void sim_call_rcu(const struct sim_site *site, struct callback_head *head, rcu_callback_t func);
/* kfree_rcu(): the callback frees the object @offset bytes before @head. */
void sim_kfree_rcu(const struct sim_site *site, struct callback_head *head, size_t offset);
void sim_rcu_barrier(const struct sim_site *site);
/* The current task is in an RCU read-side critical section (rcu_read_lock_held()). */
bool sim_rcu_read_lock_held(void);
/* CONFIG_PREEMPT_RCU for this run. */
bool sim_rcu_preemptible(void);
/* rcu_dereference_check()'s lockdep test: @cond false outside a reader is a report. */
void sim_rcu_check(const struct sim_site *site, bool cond, bool reader_held);

/* <linux/srcu.h>'s srcu_struct: which of this run's domains it is (sim/srcu.c). */
struct srcu_struct {
	const char *name;
	unsigned long long sim_run;
	unsigned int sim_slot;
};

int sim_srcu_init(struct srcu_struct *ssp, const char *name);
int sim_srcu_read_lock(const struct sim_site *site, struct srcu_struct *ssp, bool down);
void sim_srcu_read_unlock(const struct sim_site *site, struct srcu_struct *ssp, int idx,
			  bool up);
/*
 * The same without the report when no reader of @idx is open: false, and
 * nothing ends (the litmus runner: herd flags such an unlock, an execution
 * a filter often drops, and goes on).
 */
bool sim_srcu_read_unlock_unchecked(const struct sim_site *site, struct srcu_struct *ssp,
				    int idx, bool up);
void sim_synchronize_srcu(const struct sim_site *site, struct srcu_struct *ssp);
void sim_call_srcu(const struct sim_site *site, struct srcu_struct *ssp,
		   struct callback_head *head, rcu_callback_t func);
void sim_srcu_barrier(const struct sim_site *site, struct srcu_struct *ssp);
/* The current task holds a reader of @ssp (srcu_read_lock_held()). */
bool sim_srcu_read_lock_held(const struct srcu_struct *ssp);

/* ---- for the engine's other parts ---------------------------------------- */

/* A new run. */
void sim_rcu_reset(void);
void sim_srcu_reset(void);
/* From sim_might_sleep(): sleeping in a preemptible RCU reader is a report. */
void sim_rcu_might_sleep(const struct sim_site *site);

/*
 * What rcu.c and srcu.c share: a domain, its readers and its grace
 * periods.  Not for ports.
 */
#define SIM_GP_MAX_READERS 64

struct sim_gp_reader {
	unsigned long long begin;	/* the clock's ticket */
	int task;			/* its task, -1 for srcu_down_read() */
	int idx;			/* SRCU: the index srcu_read_lock() returned */
	const struct sim_site *site;
};

struct sim_gp_domain {
	const char *name;		/* "rcu", or the srcu_struct's */
	const void *por_key;		/* dfs's reduction knows it by: RCU's, the srcu_struct */
	unsigned int nr_readers;
	struct sim_gp_reader readers[SIM_GP_MAX_READERS];
	unsigned long long gp_started;	/* grace periods started so far */
	unsigned long long cb_seq;	/* callbacks queued so far */
	unsigned int idx;		/* SRCU: what the next reader's index is */
	char barrier_token;		/* TSan: every invoked callback releases it */
	char ended_token;		/* TSan: every reader's end releases it */
	/* A reader ended on this CPU since its last quiescent state (sim/rcu.c). */
	bool qs_owed[SIM_MAX_CPUS];
};

unsigned int sim_gp_reader_begin(struct sim_gp_domain *d, int task, int idx,
				 const struct sim_site *site);
void sim_gp_reader_end(struct sim_gp_domain *d, unsigned int slot);
/* A full barrier of the current task, without a step (srcu_read_lock()'s smp_mb()). */
void sim_gp_full_fence(void);
void sim_gp_wait(const struct sim_site *site, struct sim_gp_domain *d);
void sim_gp_queue(const struct sim_site *site, struct sim_gp_domain *d,
		  struct callback_head *head, rcu_callback_t func, size_t kfree_offset);
void sim_gp_barrier(const struct sim_site *site, struct sim_gp_domain *d);

#endif /* SIM_RCU_H */

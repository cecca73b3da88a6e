// SPDX-License-Identifier: GPL-2.0
/*
 * SRCU: a grace-period domain per srcu_struct (the machinery is rcu.c's).
 * A srcu_struct names its domain by the run it was first used in and a
 * slot, so a DEFINE_SRCU() in a port starts each run fresh without the
 * port resetting it.  Readers are records, not a per-task depth: the same
 * task may hold readers of several srcu_structs, and srcu_down_read()'s
 * reader belongs to no task.
 */
#include "engine.h"
#include "rcu.h"
#include "por.h"
#include "report.h"
#include "sched.h"
#include "trace.h"

#define MAX_SRCU 16

static struct {
	unsigned long long run;		/* this run's number, never 0 */
	unsigned int nr;
	struct sim_gp_domain domain[MAX_SRCU];
} srcu;

void sim_srcu_reset(void)
{
	srcu.run++;
	srcu.nr = 0;
}

static struct sim_gp_domain *domain_of(struct srcu_struct *ssp)
{
	struct sim_gp_domain *d;

	if (ssp->sim_run == srcu.run && ssp->sim_slot < srcu.nr)
		return &srcu.domain[ssp->sim_slot];
	/* Which slot it gets depends on the order of first uses (por.h). */
	sim_por_access(&srcu.nr, sizeof(srcu.nr), true);
	if (srcu.nr == MAX_SRCU) {
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "more than %d srcu_structs in a run",
			 MAX_SRCU);
		return &srcu.domain[0];
	}
	ssp->sim_run = srcu.run;
	ssp->sim_slot = srcu.nr;
	d = &srcu.domain[srcu.nr++];
	*d = (struct sim_gp_domain){ .name = ssp->name ? ssp->name : "srcu", .por_key = ssp };
	return d;
}

int sim_srcu_init(struct srcu_struct *ssp, const char *name)
{
	ssp->name = name;
	ssp->sim_run = 0;
	domain_of(ssp);
	return 0;
}

int sim_srcu_read_lock(const struct sim_site *site, struct srcu_struct *ssp, bool down)
{
	struct sim_task *t = sim_current();
	struct sim_gp_domain *d;
	int idx;

	if (t)
		sim_point(site);
	d = domain_of(ssp);
	idx = (int)(d->idx & 1);
	sim_gp_reader_begin(d, down || !t ? -1 : (int)t->id, idx, site);
	if (t)
		sim_trace_op(site, SIM_EV_READ, (uint64_t)idx, 0);
	return idx;
}

bool sim_srcu_read_unlock_unchecked(const struct sim_site *site, struct srcu_struct *ssp,
				    int idx, bool up)
{
	struct sim_task *t = sim_current();
	struct sim_gp_domain *d;
	unsigned int i;
	int owner = up || !t ? -1 : (int)t->id;

	if (t)
		sim_point(site);
	d = domain_of(ssp);
	/*
	 * The newest reader with this index: srcu_up_read() could end any of
	 * them (the kernel only counts), and ending the newest makes a grace
	 * period wait the longest -- never less than the kernel's.
	 */
	for (i = d->nr_readers; i-- > 0;) {
		if (d->readers[i].idx == idx && d->readers[i].task == owner) {
			sim_gp_reader_end(d, i);
			if (t)
				sim_trace_op(site, SIM_EV_WRITE, 0, (uint64_t)idx);
			return true;
		}
	}
	if (t)
		sim_trace_op(site, SIM_EV_WRITE, 0, (uint64_t)idx);
	return false;
}

void sim_srcu_read_unlock(const struct sim_site *site, struct srcu_struct *ssp, int idx,
			  bool up)
{
	struct sim_task *t = sim_current();

	if (!sim_srcu_read_unlock_unchecked(site, ssp, idx, up))
		sim_fail(SIM_FAIL_BUG, "srcu-unbalanced", "%s:%u: %s(%s, %d) by %s: no reader of "
			 "%s with index %d %s", site->func, site->line, site->op, site->expr, idx,
			 t ? t->name : "setup", domain_of(ssp)->name, idx,
			 up ? "begun by srcu_down_read()" : "begun by this task");
}

bool sim_srcu_read_lock_held(const struct srcu_struct *ssp)
{
	struct sim_task *t = sim_current();
	const struct sim_gp_domain *d;
	unsigned int i;

	if (!t || ssp->sim_run != srcu.run || ssp->sim_slot >= srcu.nr)
		return false;
	d = &srcu.domain[ssp->sim_slot];
	for (i = 0; i < d->nr_readers; i++)
		if (d->readers[i].task == (int)t->id || d->readers[i].task < 0)
			return true;
	return false;
}

void sim_synchronize_srcu(const struct sim_site *site, struct srcu_struct *ssp)
{
	struct sim_task *t = sim_current();
	struct sim_gp_domain *d = domain_of(ssp);
	unsigned int i;

	for (i = 0; t && i < d->nr_readers; i++) {
		const struct sim_gp_reader *r = &d->readers[i];

		if (r->task == (int)t->id)
			sim_fail(SIM_FAIL_DEADLOCK, "deadlock", "%s (cpu%u) calls %s(%s) at %s:%u "
				 "inside its own reader of %s (%s() at %s:%u): the grace period "
				 "waits for that reader", t->name, t->cpu, site->op, site->expr,
				 site->func, site->line, d->name, r->site->op, r->site->func,
				 r->site->line);
	}
	sim_gp_wait(site, d);
}

void sim_call_srcu(const struct sim_site *site, struct srcu_struct *ssp,
		   struct callback_head *head, rcu_callback_t func)
{
	sim_gp_queue(site, domain_of(ssp), head, func, 0);
}

void sim_srcu_barrier(const struct sim_site *site, struct srcu_struct *ssp)
{
	sim_gp_barrier(site, domain_of(ssp));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * RCU and SRCU natively (sim/rcu.h's calls), in the manner of userspace
 * RCU.  A reader publishes, per task, the grace-period number it began
 * under (seq_cst, then a full fence); synchronize_rcu() advances the number
 * and waits for every reader that began under an older one.  A reader that
 * read the number before the advance but published after the scan is not
 * waited for, and needs not be: the scan's load precedes its store in the
 * single order, so its loads see what the updater did before.  SRCU counts
 * readers per index and waits for both indices in turn, as the kernel's
 * two flips do, so srcu_down_read()'s reader may end on any task.
 *
 * Callbacks queue under a mutex and run at rcu_barrier()/srcu_barrier()
 * (after a grace period) and at the end of the iteration, when no reader
 * is left; kfree() is deferred to the iteration's end natively anyway.
 */
#include <string.h>

#include "native.h"
#include "sim/alloc.h"
#include "sim/engine.h"
#include "sim/lock.h"
#include "sim/rcu.h"
#include "sim/report.h"

#define MAX_CALLBACKS 1024
#define MAX_SRCU 16

struct native_cb {
	struct callback_head *head;
	rcu_callback_t func;
	size_t offset;
	const struct sim_site *site;
};

struct native_srcu {
	unsigned long active[2];
	unsigned int idx;
	unsigned int gp_lock;
};

static struct {
	unsigned long gp_seq;
	unsigned long reader[SIM_MAX_TASKS];	/* 0: outside, else gp_seq + 1 at its start */
	int nesting[SIM_MAX_TASKS];
	unsigned int cb_lock;
	struct native_cb cbs[MAX_CALLBACKS];
	unsigned int nr_cbs;
	struct native_srcu srcu[MAX_SRCU];
	unsigned int nr_srcu;
	unsigned long long run;
} nrcu;

#define SC(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define SC_STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static void spin_acquire(unsigned int *lock)
{
	while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
		native_pause();
}

static void spin_release(unsigned int *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

bool sim_rcu_preemptible(void)
{
	const struct sim_scenario *sc = native_run.cfg->scenario;
	unsigned int i;

	for (i = 0; i < sc->nr_params; i++)
		if (!strcmp(sc->params[i].name, SIM_RCU_PREEMPT_PARAM))
			return native_run.cfg->params[i] != 0;
	return false;
}

void sim_rcu_read_lock(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	native_point(site);
	if (!sim_rcu_preemptible())
		sim_preempt_disable();
	if (nrcu.nesting[t->id]++ == 0) {
		SC_STORE(nrcu.reader[t->id], SC(nrcu.gp_seq) + 1);
		FENCE();
	}
}

void sim_rcu_read_unlock(const struct sim_site *site)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	native_point(site);
	if (nrcu.nesting[t->id] <= 0)
		sim_fail(SIM_FAIL_BUG, "rcu-unbalanced", "%s:%u: rcu_read_unlock() by %s, which is "
			 "in no RCU read-side critical section", site->func, site->line, t->name);
	if (--nrcu.nesting[t->id] == 0) {
		FENCE();
		SC_STORE(nrcu.reader[t->id], 0);
	}
	if (!sim_rcu_preemptible())
		sim_preempt_enable(site);
}

bool sim_rcu_read_lock_held(void)
{
	struct sim_task *t = sim_current();

	return t && nrcu.nesting[t->id] > 0;
}

void sim_rcu_check(const struct sim_site *site, bool cond, bool reader_held)
{
	struct sim_task *t = sim_current();

	if (t && !cond && !reader_held)
		sim_fail(SIM_FAIL_BUG, "suspicious-rcu-usage", "%s:%u: %s(%s) by %s outside a "
			 "read-side critical section", site->func, site->line, site->op, site->expr,
			 t->name);
}

void sim_rcu_might_sleep(const struct sim_site *site)
{
	(void)site;
}

void sim_synchronize_rcu(const struct sim_site *site)
{
	struct sim_task *t = sim_current();
	unsigned long s;
	unsigned int i, spins = 0;

	if (t && nrcu.nesting[t->id] > 0)
		sim_fail(SIM_FAIL_DEADLOCK, "deadlock", "%s calls synchronize_rcu() at %s:%u inside "
			 "its own RCU read-side critical section", t->name, site->func, site->line);
	sim_might_sleep(site);
	native_point(site);
	FENCE();
	s = __atomic_add_fetch(&nrcu.gp_seq, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < sim_nr_tasks(); i++) {
		for (;;) {
			unsigned long r = SC(nrcu.reader[i]);

			if (!r || r > s)
				break;
			native_wait_step(&spins, 1);
		}
	}
	FENCE();
}

static void queue(const struct sim_site *site, struct callback_head *head, rcu_callback_t func,
		  size_t offset)
{
	native_point(site);
	FENCE();
	spin_acquire(&nrcu.cb_lock);
	if (nrcu.nr_cbs == MAX_CALLBACKS) {
		spin_release(&nrcu.cb_lock);
		sim_fail(SIM_FAIL_BUG, "bad-scenario", "more than %d RCU callbacks", MAX_CALLBACKS);
		return;
	}
	nrcu.cbs[nrcu.nr_cbs++] = (struct native_cb){ head, func, offset, site };
	spin_release(&nrcu.cb_lock);
}

void sim_call_rcu(const struct sim_site *site, struct callback_head *head, rcu_callback_t func)
{
	queue(site, head, func, 0);
}

void sim_kfree_rcu(const struct sim_site *site, struct callback_head *head, size_t offset)
{
	queue(site, head, NULL, offset);
}

/* Run every queued callback: only after a grace period that followed their queueing. */
static void run_callbacks(void)
{
	for (;;) {
		struct native_cb cb;

		spin_acquire(&nrcu.cb_lock);
		if (!nrcu.nr_cbs) {
			spin_release(&nrcu.cb_lock);
			return;
		}
		cb = nrcu.cbs[0];
		memmove(&nrcu.cbs[0], &nrcu.cbs[1], --nrcu.nr_cbs * sizeof(nrcu.cbs[0]));
		spin_release(&nrcu.cb_lock);
		if (cb.func)
			cb.func(cb.head);
		else
			sim_kfree(cb.site, (char *)cb.head - cb.offset);
	}
}

void sim_rcu_barrier(const struct sim_site *site)
{
	sim_synchronize_rcu(site);
	/* An SRCU callback queued too: one grace period of every domain. */
	{
		unsigned int i;

		for (i = 0; i < MAX_SRCU && i < SC(nrcu.nr_srcu); i++) {
			struct srcu_struct s = { .sim_run = nrcu.run, .sim_slot = i };

			sim_synchronize_srcu(site, &s);
		}
	}
	run_callbacks();
}

/* ---- SRCU ---------------------------------------------------------------- */

static struct native_srcu *srcu_of(struct srcu_struct *ssp)
{
	unsigned long long run = __atomic_load_n(&ssp->sim_run, __ATOMIC_ACQUIRE);
	static unsigned int init_lock;
	unsigned int slot;

	if (run == nrcu.run)
		return &nrcu.srcu[__atomic_load_n(&ssp->sim_slot, __ATOMIC_RELAXED)];
	spin_acquire(&init_lock);
	if (ssp->sim_run != nrcu.run) {
		slot = nrcu.nr_srcu < MAX_SRCU ? nrcu.nr_srcu : MAX_SRCU - 1;
		memset(&nrcu.srcu[slot], 0, sizeof(nrcu.srcu[slot]));
		__atomic_store_n(&nrcu.nr_srcu, slot + 1, __ATOMIC_RELEASE);
		ssp->sim_slot = slot;
		__atomic_store_n(&ssp->sim_run, nrcu.run, __ATOMIC_RELEASE);
	}
	spin_release(&init_lock);
	return &nrcu.srcu[ssp->sim_slot];
}

int sim_srcu_init(struct srcu_struct *ssp, const char *name)
{
	ssp->name = name;
	ssp->sim_run = 0;
	srcu_of(ssp);
	return 0;
}

int sim_srcu_read_lock(const struct sim_site *site, struct srcu_struct *ssp, bool down)
{
	struct native_srcu *s = srcu_of(ssp);
	unsigned int idx;

	(void)down;
	native_point(site);
	idx = SC(s->idx) & 1;
	__atomic_add_fetch(&s->active[idx], 1, __ATOMIC_SEQ_CST);
	FENCE();
	return (int)idx;
}

void sim_srcu_read_unlock(const struct sim_site *site, struct srcu_struct *ssp, int idx,
			  bool up)
{
	struct native_srcu *s = srcu_of(ssp);

	(void)up;
	native_point(site);
	FENCE();
	__atomic_sub_fetch(&s->active[idx & 1], 1, __ATOMIC_SEQ_CST);
}

bool sim_srcu_read_lock_held(const struct srcu_struct *ssp)
{
	(void)ssp;
	return true;	/* natively not tracked per task: never a false report */
}

void sim_synchronize_srcu(const struct sim_site *site, struct srcu_struct *ssp)
{
	struct native_srcu *s = srcu_of(ssp);
	unsigned int flip, spins = 0;

	sim_might_sleep(site);
	native_point(site);
	spin_acquire(&s->gp_lock);
	FENCE();
	for (flip = 0; flip < 2; flip++) {
		unsigned int old = __atomic_fetch_add(&s->idx, 1, __ATOMIC_SEQ_CST) & 1;

		while (SC(s->active[old]))
			native_wait_step(&spins, 1);
	}
	FENCE();
	spin_release(&s->gp_lock);
}

void sim_call_srcu(const struct sim_site *site, struct srcu_struct *ssp,
		   struct callback_head *head, rcu_callback_t func)
{
	srcu_of(ssp);
	queue(site, head, func, 0);
}

/* The queue is shared: every domain's grace period, then every callback. */
void sim_srcu_barrier(const struct sim_site *site, struct srcu_struct *ssp)
{
	srcu_of(ssp);
	sim_rcu_barrier(site);
}

/* ---- iterations ---------------------------------------------------------- */

void native_rcu_reset(void)
{
	memset(nrcu.reader, 0, sizeof(nrcu.reader));
	memset(nrcu.nesting, 0, sizeof(nrcu.nesting));
	nrcu.nr_cbs = 0;
	nrcu.nr_srcu = 0;
	nrcu.run++;
}

/* Every task has returned: no reader is left, the callbacks may run. */
void native_rcu_quiesce(void)
{
	run_callbacks();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * RCU and SRCU (sim/rcu.c, sim/srcu.c): the grace-period guarantee and
 * nothing stronger, under sc, tso and lkmm; the use-after-free a forgotten
 * synchronize_rcu() leaves, found from scratch; nesting; sleeping in a
 * reader; SRCU readers that sleep; callbacks and rcu_barrier().
 */
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/srcu.h>

#include "../sim/alloc.h"
#include "../sim/engine.h"
#include "helpers.h"

#define NR_READERS 2

/*
 * The tests' own bookkeeping, which no kernel rule orders: relaxed atomics,
 * neither a step nor a race for TSan.
 */
#define SET(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define GET(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define RANDOM_RUNS 20000

static const enum sim_mm models[] = { SIM_MM_SC, SIM_MM_TSO, SIM_MM_LKMM };

/* Every schedule (within @bound preemptions, or all), until a failure. */
static uint64_t dfs(const struct sim_scenario *s, const char *param, uint32_t bound,
		    struct outcome *o, bool *complete)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	char err[128];
	uint64_t run;

	sim_source_dfs(&src, bound);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	if (param)
		ck_assert_msg(!sim_config_set_param(&cfg, param, err, sizeof(err)), "%s", err);
	for (run = 0; !sim_source_exhausted(&src) && run < 2000000; run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		if (res.failure.kind != SIM_OK)
			break;
	}
	if (getenv("TEST_RCU_VERBOSE"))
		fprintf(stderr, "%s %s %s: %llu runs\n", s->name, sim_mm_name[helper_mm],
			param ? param : "", (unsigned long long)run);
	outcome_take(o, &res);
	*complete = sim_source_exhausted(&src) && !src.truncated;
	return run;
}

static uint64_t search_param(const struct sim_scenario *s, const char *param, uint64_t seed,
			     uint64_t budget, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	char err[128];
	uint64_t run;

	sim_source_random(&src, seed);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	if (param)
		ck_assert_msg(!sim_config_set_param(&cfg, param, err, sizeof(err)), "%s", err);
	for (run = 0; run < budget; run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		if (res.failure.kind != SIM_OK) {
			outcome_take(o, &res);
			return run + 1;
		}
	}
	outcome_take(o, &res);
	return 0;
}

/* ---- an updater unpublishes an object that readers may hold ------------ */

struct obj {
	int val;
	struct rcu_head rcu;
};

enum retire {
	RETIRE_SYNC,		/* synchronize_rcu(), then kfree() */
	RETIRE_NOSYNC,		/* kfree() at once: the bug */
	RETIRE_KFREE_RCU,
	RETIRE_CALL_RCU,
};

struct upd_ctx {
	struct obj __rcu *gp;
	enum retire retire;
	bool use_after_unlock;	/* readers touch the object after rcu_read_unlock() */
	int cb_ran;
};

static struct upd_ctx *the_upd;

static void obj_free_cb(struct rcu_head *head)
{
	struct obj *o = container_of(head, struct obj, rcu);

	the_upd->cb_ran++;
	o->val = 0;	/* plain: TSan sees the grace period's edge from the readers */
	kfree(o);
}

static void updater(void *arg)
{
	struct upd_ctx *ctx = arg;
	struct obj *old = rcu_dereference_protected(ctx->gp, 1);

	rcu_assign_pointer(ctx->gp, NULL);
	switch (ctx->retire) {
	case RETIRE_SYNC:
		synchronize_rcu();
		old->val = 0;	/* plain, as above */
		kfree(old);
		break;
	case RETIRE_NOSYNC:
		kfree(old);
		break;
	case RETIRE_KFREE_RCU:
		kfree_rcu(old, rcu);
		break;
	case RETIRE_CALL_RCU:
		call_rcu(&old->rcu, obj_free_cb);
		break;
	}
}

static void reader(void *arg)
{
	struct upd_ctx *ctx = arg;
	struct obj *p;
	int v = 42, w = 42;

	rcu_read_lock();
	p = rcu_dereference(ctx->gp);
	if (p && !ctx->use_after_unlock) {
		v = READ_ONCE(p->val);
		/*
		 * Plain, for TSan to judge against the updater's plain write
		 * after the grace period.  Not without one: TSan would report
		 * the read racing with kfree() (rightly) before the engine's
		 * check reports the READ_ONCE() after it.
		 */
		if (ctx->retire != RETIRE_NOSYNC)
			w = p->val;
	}
	rcu_read_unlock();
	if (p && ctx->use_after_unlock) {
		sim_yield();
		w = p->val;	/* plain, after the section: ASan's report */
	}
	if (v != 42 || w != 42)
		sim_violation("stale-object", "%s read %d/%d from the object", sim_current()->name,
			      v, w);
}

static void *upd_setup(enum retire retire, bool after_unlock)
{
	struct upd_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);
	unsigned int i;

	sim_name(ctx, "ctx");
	sim_name(o, "obj");
	o->val = 42;
	ctx->gp = o;
	ctx->retire = retire;
	ctx->use_after_unlock = after_unlock;
	the_upd = ctx;
	sim_task_create("updater", 0, updater, ctx);
	for (i = 0; i < NR_READERS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "reader%u", i);
		sim_task_create(name, 1 + i, reader, ctx);
	}
	return ctx;
}

static void upd_finish(void *arg)
{
	struct upd_ctx *ctx = arg;

	if (ctx->retire == RETIRE_CALL_RCU && ctx->cb_ran != 1)
		sim_violation("callback", "the RCU callback ran %d times", ctx->cb_ran);
}

static void *sync_setup(void) { return upd_setup(RETIRE_SYNC, false); }
static void *nosync_setup(void) { return upd_setup(RETIRE_NOSYNC, false); }
static void *kfree_rcu_setup(void) { return upd_setup(RETIRE_KFREE_RCU, false); }
static void *call_rcu_setup(void) { return upd_setup(RETIRE_CALL_RCU, false); }
static void *after_unlock_setup(void) { return upd_setup(RETIRE_KFREE_RCU, true); }

#define UPD(id, fn) static const struct sim_scenario id = {                 \
	.name = "test/rcu-" #id, .nr_cpus = 1 + NR_READERS, .max_steps = 2000, \
	.setup = fn, .finish = upd_finish }
UPD(upd_sync, sync_setup);
UPD(upd_nosync, nosync_setup);
UPD(upd_kfree_rcu, kfree_rcu_setup);
UPD(upd_call_rcu, call_rcu_setup);
UPD(upd_after_unlock, after_unlock_setup);

static const struct sim_scenario *const correct_updaters[] = { &upd_sync, &upd_kfree_rcu,
							       &upd_call_rcu };

/* Clean over many random schedules and every schedule, in every model. */
START_TEST(test_correct_updater_clean)
{
	const struct sim_scenario *s = correct_updaters[_i / 3];
	struct outcome o;
	bool complete;
	uint64_t runs;

	helper_mm = models[_i % 3];
	search_param(s, NULL, 1, RANDOM_RUNS, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
	runs = dfs(s, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_msg(o.kind == SIM_OK, "%s under %s: %s: %s", s->name, sim_mm_name[helper_mm],
		      o.name, o.message);
	ck_assert(complete);
	ck_assert_uint_gt(runs, 10);
}
END_TEST

/* The forgotten synchronize_rcu(): the reader's access is the engine's report. */
START_TEST(test_forgotten_sync_is_use_after_free)
{
	struct outcome o;

	helper_mm = models[_i];
	ck_assert_uint_gt(search_param(&upd_nosync, NULL, 1, RANDOM_RUNS, &o), 0);
	ck_assert_msg(o.kind == SIM_FAIL_BUG, "%s: %s", o.name, o.message);
	ck_assert_str_eq(o.name, "use-after-free");
	ck_assert_msg(strstr(o.message, "reader:") && strstr(o.message, "READ_ONCE(p->val) reads "
							      "obj, which updater freed at updater:"),
		      "%s", o.message);
	/* And dfs finds it too. */
	{
		bool complete;

		dfs(&upd_nosync, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
		ck_assert_str_eq(o.name, "use-after-free");
	}
}
END_TEST

static void uaf_seen(void)
{
	_exit(!strcmp(sim_run_failure()->name, "heap-use-after-free") ? 42 : 43);
}

/*
 * An object kfree_rcu() freed, used after rcu_read_unlock(): ASan's
 * heap-use-after-free in that build (the free in the callback task's
 * stack); other builds read the poison.
 */
START_TEST(test_use_after_grace_period)
{
	struct outcome o;

	helper_mm = SIM_MM_SC;
	sim_install_fatal_handlers(uaf_seen);
	ck_assert_uint_gt(search_param(&upd_after_unlock, NULL, 1, RANDOM_RUNS, &o), 0);
	ck_assert_msg(!SIM_ASAN, "ASan did not report");
	if (SIM_TSAN && o.kind == SIM_FAIL_SANITIZER)
		return;
	ck_assert_str_eq(o.name, "stale-object");
	ck_assert_ptr_nonnull(strstr(o.message, "1802201963"));	/* 0x6b6b6b6b */
}
END_TEST

/*
 * The poison of the plain build: a plain write to a freed object is found
 * at the end of the run (ASan reports it at the write, in its build).
 */
static void late_writer(void *arg)
{
	struct obj *o = arg;

	kfree(o);
	o->val = 7;
}

static void *late_write_setup(void)
{
	struct obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	sim_name(o, "obj");
	sim_task_create("writer", 0, late_writer, o);
	return NULL;
}

static const struct sim_scenario late_write = {
	.name = "test/late-write", .nr_cpus = 1, .max_steps = 100, .setup = late_write_setup,
};

START_TEST(test_plain_write_after_free_is_found_at_the_end)
{
	struct outcome o;

	if (SIM_ASAN || SIM_TSAN)
		return;
	helper_mm = SIM_MM_SC;
	search_param(&late_write, NULL, 1, 1, &o);
	ck_assert_str_eq(o.name, "use-after-free");
	ck_assert_msg(strstr(o.message, "obj was written after writer freed it at late_writer:"),
		      "%s", o.message);
}
END_TEST

/* ---- which readers a grace period waits for ---------------------------- */

enum gp_kind { GP_RCU, GP_RCU_NESTED, GP_SRCU, GP_SRCU_SLEEP };

struct gp_ctx {
	enum gp_kind kind;
	bool show_later;	/* report a later reader outliving the grace period */
	int calling;		/* the updater is about to start a grace period */
	int returned;		/* ... and it has returned */
	int in[NR_READERS];	/* strictly inside the reader */
	int before[NR_READERS];	/* that reader began before the grace period started */
	int during[NR_READERS];	/* ... or while the updater was in synchronize_*() */
	struct srcu_struct ss;
	struct mutex m;
};

static void gp_updater(void *arg)
{
	struct gp_ctx *ctx = arg;

	SET(ctx->calling, 1);
	if (ctx->kind == GP_SRCU || ctx->kind == GP_SRCU_SLEEP)
		synchronize_srcu(&ctx->ss);
	else
		synchronize_rcu();
	SET(ctx->returned, 1);
}

static void gp_reader_body(struct gp_ctx *ctx, unsigned int i)
{
	SET(ctx->in[i], 1);
	SET(ctx->before[i], !GET(ctx->calling));
	SET(ctx->during[i], GET(ctx->calling) && !GET(ctx->returned));
	sim_yield();
	if (ctx->kind == GP_SRCU_SLEEP) {
		mutex_lock(&ctx->m);	/* contended: the reader sleeps */
		mutex_unlock(&ctx->m);
	}
	sim_yield();
	SET(ctx->in[i], 0);
}

static void gp_reader(void *arg)
{
	struct gp_ctx *ctx = arg;
	unsigned int i = sim_current()->id - 1;
	int idx;

	switch (ctx->kind) {
	case GP_RCU:
		rcu_read_lock();
		gp_reader_body(ctx, i);
		rcu_read_unlock();
		break;
	case GP_RCU_NESTED:
		rcu_read_lock();
		rcu_read_lock();
		gp_reader_body(ctx, i);
		rcu_read_unlock();
		SET(ctx->in[i], 1);	/* still inside the outer section */
		sim_yield();
		SET(ctx->in[i], 0);
		rcu_read_unlock();
		break;
	case GP_SRCU:
	case GP_SRCU_SLEEP:
		idx = srcu_read_lock(&ctx->ss);
		gp_reader_body(ctx, i);
		srcu_read_unlock(&ctx->ss, idx);
		break;
	}
}

/* Holds the mutex across a step, so a reader that wants it sleeps. */
static void holder(void *arg)
{
	struct gp_ctx *ctx = arg;

	mutex_lock(&ctx->m);
	sim_yield();
	mutex_unlock(&ctx->m);
}

static void gp_check(void *arg)
{
	struct gp_ctx *ctx = arg;
	unsigned int i;

	for (i = 0; i < NR_READERS; i++) {
		if (!GET(ctx->returned) || !GET(ctx->in[i]))
			continue;
		if (GET(ctx->before[i]))
			sim_violation("waited-reader-outlived", "the grace period ended while "
				      "reader%u, begun before it, was inside", i);
		else if (ctx->show_later && GET(ctx->during[i]))
			sim_violation("later-reader-outlived", "the grace period ended while "
				      "reader%u, begun after it started, was inside", i);
	}
}

static void *gp_setup_kind(enum gp_kind kind, bool show_later)
{
	struct gp_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	unsigned int i;

	ctx->kind = kind;
	ctx->show_later = show_later;
	init_srcu_struct(&ctx->ss);
	mutex_init(&ctx->m);
	sim_task_create("updater", 0, gp_updater, ctx);
	/* One sleeping reader and the mutex's holder beside it: two would be too many. */
	for (i = 0; i < (kind == GP_SRCU_SLEEP ? 1 : NR_READERS); i++) {
		char name[16];

		snprintf(name, sizeof(name), "reader%u", i);
		sim_task_create(name, 1 + i, gp_reader, ctx);
	}
	if (kind == GP_SRCU_SLEEP)
		sim_task_create("holder", 1, holder, ctx);
	return ctx;
}

static void *gp_rcu(void) { return gp_setup_kind(GP_RCU, false); }
static void *gp_rcu_show(void) { return gp_setup_kind(GP_RCU, true); }
static void *gp_nested(void) { return gp_setup_kind(GP_RCU_NESTED, false); }
static void *gp_srcu(void) { return gp_setup_kind(GP_SRCU, false); }
static void *gp_srcu_show(void) { return gp_setup_kind(GP_SRCU, true); }
static void *gp_srcu_sleep(void) { return gp_setup_kind(GP_SRCU_SLEEP, false); }

static const struct sim_param_spec rcu_params[] = { SIM_RCU_PARAM };

#define GP(id, fn) static const struct sim_scenario id = {                  \
	.name = "test/gp-" #id, .nr_cpus = 1 + NR_READERS, .max_steps = 2000, \
	.params = rcu_params, .nr_params = 1, .setup = fn, .check = gp_check }
GP(gp_waits, gp_rcu);
GP(gp_later, gp_rcu_show);
GP(gp_nesting, gp_nested);
GP(srcu_waits, gp_srcu);
GP(srcu_later, gp_srcu_show);
GP(srcu_sleeps, gp_srcu_sleep);

static const struct sim_scenario *const waiting[] = { &gp_waits, &gp_nesting, &srcu_waits,
						      &srcu_sleeps };

/* Every reader begun before the grace period started has ended when it returns. */
START_TEST(test_grace_period_waits_for_earlier_readers)
{
	const struct sim_scenario *s = waiting[_i / 3];
	struct outcome o;
	bool complete;

	helper_mm = models[_i % 3];
	dfs(s, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_msg(o.kind == SIM_OK, "%s under %s: %s: %s", s->name, sim_mm_name[helper_mm],
		      o.name, o.message);
	ck_assert(complete);
	if (s->params)
		dfs(s, "preempt_rcu=1", SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
}
END_TEST

/* Nothing stronger: a reader that began after it started may outlive it. */
START_TEST(test_later_reader_not_waited_for)
{
	const struct sim_scenario *s = _i / 3 ? &srcu_later : &gp_later;
	struct outcome o;
	bool complete;

	helper_mm = models[_i % 3];
	ck_assert_uint_gt(search_param(s, NULL, 1, RANDOM_RUNS, &o), 0);
	ck_assert_str_eq(o.name, "later-reader-outlived");
	dfs(s, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_str_eq(o.name, "later-reader-outlived");
}
END_TEST

/* ---- sleeping in a reader ---------------------------------------------- */

struct sleep_ctx {
	struct mutex m;
	int other_ran_inside;	/* cpu1's other task ran while the reader was inside */
	int inside;
};

static void sleeping_reader(void *arg)
{
	struct sleep_ctx *ctx = arg;

	rcu_read_lock();
	mutex_lock(&ctx->m);
	mutex_unlock(&ctx->m);
	rcu_read_unlock();
}

static void *sleep_setup(void)
{
	struct sleep_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	mutex_init(&ctx->m);
	sim_task_create("reader", 0, sleeping_reader, ctx);
	return ctx;
}

static const struct sim_scenario sleep_in_reader = {
	.name = "test/rcu-sleep", .nr_cpus = 1, .max_steps = 100,
	.params = rcu_params, .nr_params = 1, .setup = sleep_setup,
};

START_TEST(test_sleeping_in_reader_is_a_report)
{
	struct outcome o;

	helper_mm = SIM_MM_SC;
	ck_assert_uint_eq(search_param(&sleep_in_reader, NULL, 1, 1, &o), 1);
	ck_assert_str_eq(o.name, "sleeping-while-atomic");
	ck_assert_uint_eq(search_param(&sleep_in_reader, "preempt_rcu=1", 1, 1, &o), 1);
	ck_assert_str_eq(o.name, "sleeping-in-rcu-reader");
	ck_assert_ptr_nonnull(strstr(o.message, "rcu_read_lock() at sleeping_reader:"));
}
END_TEST

/* A reader and another task on one CPU: preemptible RCU lets it in. */
static void inside_reader(void *arg)
{
	struct sleep_ctx *ctx = arg;

	rcu_read_lock();
	SET(ctx->inside, 1);
	sim_yield();
	SET(ctx->inside, 0);
	rcu_read_unlock();
}

static void other_task(void *arg)
{
	struct sleep_ctx *ctx = arg;

	sim_yield();
	if (GET(ctx->inside))
		sim_violation("preempted-reader", "another task ran inside the reader");
}

static void *preempt_setup(void)
{
	struct sleep_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("reader", 0, inside_reader, ctx);
	sim_task_create("other", 0, other_task, ctx);
	return ctx;
}

static const struct sim_scenario preempt_reader = {
	.name = "test/rcu-preempt", .nr_cpus = 1, .max_steps = 100,
	.params = rcu_params, .nr_params = 1, .setup = preempt_setup,
};

START_TEST(test_only_preemptible_rcu_readers_are_preempted)
{
	struct outcome o;
	bool complete;

	helper_mm = SIM_MM_SC;
	dfs(&preempt_reader, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_int_eq(o.kind, SIM_OK);
	ck_assert(complete);
	dfs(&preempt_reader, "preempt_rcu=1", SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_str_eq(o.name, "preempted-reader");
}
END_TEST

/* ---- synchronize_rcu() in its own reader ------------------------------- */

static void self_waiter(void *arg)
{
	(void)arg;
	rcu_read_lock();
	synchronize_rcu();
	rcu_read_unlock();
}

static void *self_setup(void)
{
	sim_task_create("self", 0, self_waiter, NULL);
	return NULL;
}

static const struct sim_scenario self_wait = {
	.name = "test/rcu-self", .nr_cpus = 1, .max_steps = 100,
	.params = rcu_params, .nr_params = 1, .setup = self_setup,
};

START_TEST(test_synchronize_in_reader_is_a_deadlock)
{
	struct outcome o;

	helper_mm = SIM_MM_SC;
	search_param(&self_wait, "preempt_rcu=1", 1, 1, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_msg(strstr(o.message, "self (cpu0) calls synchronize_rcu() at self_waiter:") &&
		      strstr(o.message, "own RCU read-side critical section"), "%s", o.message);
	search_param(&self_wait, NULL, 1, 1, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
}
END_TEST

/* A reader that returns without rcu_read_unlock(): the grace period says why it never ends. */
static void leaky_reader(void *arg)
{
	(void)arg;
	rcu_read_lock();
}

static void late_updater(void *arg)
{
	(void)arg;
	sim_yield();
	synchronize_rcu();
}

static void *leak_setup(void)
{
	sim_task_create("leaky", 1, leaky_reader, NULL);
	sim_task_create("updater", 0, late_updater, NULL);
	return NULL;
}

static const struct sim_scenario reader_leak = {
	.name = "test/rcu-leak", .nr_cpus = 2, .max_steps = 100, .setup = leak_setup,
};

START_TEST(test_reader_returning_inside_is_a_deadlock)
{
	struct outcome o;

	helper_mm = SIM_MM_SC;
	search_param(&reader_leak, NULL, 1, 1, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_msg(strstr(o.message, "leaky returned inside its rcu reader begun at "
			     "leaky_reader:"), "%s", o.message);
}
END_TEST

/* ---- callbacks and rcu_barrier() --------------------------------------- */

struct cb_ctx {
	struct obj *o;
	bool barrier;
	int called;		/* the updater is about to call call_rcu() */
	int reader_in;		/* the reader is inside */
	int reader_before;	/* ... and began before call_rcu() */
	int cb_ran;
	int bad;
};

static struct cb_ctx *the_cb;

static void cb_func(struct rcu_head *head)
{
	if (GET(the_cb->reader_in) && GET(the_cb->reader_before))
		SET(the_cb->bad, 1);
	SET(the_cb->cb_ran, 1);	/* plain reads of it: rcu_barrier()'s edge */
	kfree(container_of(head, struct obj, rcu));
}

static void cb_updater(void *arg)
{
	struct cb_ctx *ctx = arg;

	SET(ctx->called, 1);
	call_rcu(&ctx->o->rcu, cb_func);
	if (ctx->barrier) {
		rcu_barrier();
		if (!ctx->cb_ran)
			sim_violation("rcu-barrier", "rcu_barrier() returned before the callback "
				      "ran");
	} else if (!GET(ctx->cb_ran)) {
		sim_violation("rcu-barrier", "no rcu_barrier(): the callback has not run yet");
	}
}

static void cb_reader(void *arg)
{
	struct cb_ctx *ctx = arg;

	rcu_read_lock();
	SET(ctx->reader_in, 1);
	SET(ctx->reader_before, !GET(ctx->called));
	sim_yield();
	SET(ctx->reader_in, 0);
	rcu_read_unlock();
}

static void *cb_setup_barrier(bool barrier)
{
	struct cb_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->o = kzalloc(sizeof(*ctx->o), GFP_KERNEL);
	ctx->barrier = barrier;
	the_cb = ctx;
	sim_task_create("reader", 1, cb_reader, ctx);
	sim_task_create("updater", 0, cb_updater, ctx);
	return ctx;
}

static void cb_finish(void *arg)
{
	struct cb_ctx *ctx = arg;

	if (!ctx->cb_ran)
		sim_violation("callback", "the callback never ran");
}

static void cb_check(void *arg)
{
	struct cb_ctx *ctx = arg;

	if (GET(ctx->bad))
		sim_violation("callback-early", "the callback ran inside an earlier reader");
}

static void *cb_with_barrier(void) { return cb_setup_barrier(true); }
static void *cb_without_barrier(void) { return cb_setup_barrier(false); }

static const struct sim_scenario cb_barrier = {
	.name = "test/rcu-barrier", .nr_cpus = 2, .max_steps = 500,
	.setup = cb_with_barrier, .check = cb_check, .finish = cb_finish,
};
static const struct sim_scenario cb_no_barrier = {
	.name = "test/rcu-no-barrier", .nr_cpus = 2, .max_steps = 500,
	.setup = cb_without_barrier, .check = cb_check, .finish = cb_finish,
};

START_TEST(test_callbacks_run_and_rcu_barrier_waits)
{
	struct outcome o;
	bool complete;

	helper_mm = models[_i];
	dfs(&cb_barrier, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
	ck_assert(complete);
	/* Without the barrier the callback may not have run: the check can fail. */
	dfs(&cb_no_barrier, NULL, SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_str_eq(o.name, "rcu-barrier");
}
END_TEST

/* ---- rculist: readers walk a list while entries are replaced ----------- */

struct item {
	struct list_head node;
	struct hlist_node hnode;
	int key;
	struct rcu_head rcu;
};

struct list_ctx {
	struct list_head head;
	struct hlist_head hhead;
	struct mutex lock;
};

static void list_updater(void *arg)
{
	struct list_ctx *ctx = arg;
	struct item *old, *new = kzalloc(sizeof(*new), GFP_KERNEL);

	new->key = 2;
	mutex_lock(&ctx->lock);
	old = list_first_entry(&ctx->head, struct item, node);
	list_replace_rcu(&old->node, &new->node);
	hlist_del_rcu(&old->hnode);
	hlist_add_head_rcu(&new->hnode, &ctx->hhead);
	mutex_unlock(&ctx->lock);
	synchronize_rcu();
	kfree(old);
	mutex_lock(&ctx->lock);
	list_del_rcu(&new->node);
	hlist_del_rcu(&new->hnode);
	mutex_unlock(&ctx->lock);
	kfree_rcu(new, rcu);
}

static void list_reader(void *arg)
{
	struct list_ctx *ctx = arg;
	struct item *it;
	int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(it, &ctx->head, node) {
		if (READ_ONCE(it->key) < 1)
			sim_violation("list", "bad key");
		n++;
	}
	hlist_for_each_entry_rcu(it, &ctx->hhead, hnode)
		n += READ_ONCE(it->key) > 0;
	rcu_read_unlock();
	if (n > 4)
		sim_violation("list", "%d entries", n);
}

static void *list_setup(void)
{
	struct list_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);

	INIT_LIST_HEAD(&ctx->head);
	mutex_init(&ctx->lock);
	it->key = 1;
	list_add_tail_rcu(&it->node, &ctx->head);
	hlist_add_head_rcu(&it->hnode, &ctx->hhead);
	sim_task_create("updater", 0, list_updater, ctx);
	sim_task_create("reader", 1, list_reader, ctx);
	return ctx;
}

static const struct sim_scenario rcu_list = {
	.name = "test/rculist", .nr_cpus = 2, .max_steps = 2000, .setup = list_setup,
};

START_TEST(test_rculist_clean)
{
	struct outcome o;
	bool complete;

	helper_mm = models[_i];
	ck_assert_uint_eq(search_param(&rcu_list, NULL, 1, RANDOM_RUNS, &o), 0);
	/* tso's store-buffer flushes multiply the schedules past a test's time: 2 preemptions. */
	dfs(&rcu_list, NULL, helper_mm == SIM_MM_TSO ? 2 : SIM_DFS_UNBOUNDED, &o, &complete);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
	ck_assert(complete);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rcu");
	TCase *tc = tcase_create("rcu");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_correct_updater_clean, 0, 3 * ARRAY_SIZE(correct_updaters));
	tcase_add_loop_test(tc, test_forgotten_sync_is_use_after_free, 0, 3);
	/* TSan's report (the read races with the callback's kfree()) ends the process with 66. */
	tcase_add_exit_test(tc, test_use_after_grace_period, SIM_ASAN ? 42 : SIM_TSAN ? 66 : 0);
	tcase_add_loop_test(tc, test_grace_period_waits_for_earlier_readers, 0,
			    3 * ARRAY_SIZE(waiting));
	tcase_add_loop_test(tc, test_later_reader_not_waited_for, 0, 6);
	tcase_add_test(tc, test_sleeping_in_reader_is_a_report);
	tcase_add_test(tc, test_only_preemptible_rcu_readers_are_preempted);
	tcase_add_test(tc, test_synchronize_in_reader_is_a_deadlock);
	tcase_add_test(tc, test_reader_returning_inside_is_a_deadlock);
	tcase_add_test(tc, test_plain_write_after_free_is_found_at_the_end);
	tcase_add_loop_test(tc, test_callbacks_run_and_rcu_barrier_waits, 0, 3);
	tcase_add_loop_test(tc, test_rculist_clean, 0, 3);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

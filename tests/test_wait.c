// SPDX-License-Identifier: GPL-2.0
/*
 * Sleeping and waking: set_current_state()/schedule()/wake_up_process(),
 * wait queues, completions; and the rest of the API ports reached for:
 * llist_del_first(), llist_reverse_order(), atomic_fetch_*(), and the
 * names and notes of the story.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/llist.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "helpers.h"
#include "schedfuzz/scenario.h"

/*
 * Every schedule (under tso within 2 preemptions: the store buffers of a
 * wake-up multiply them past a test's time), until a failure.
 */
static uint64_t dfs_clean(const struct sim_scenario *s, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sim_source_dfs(&src, helper_mm == SIM_MM_TSO ? 2 : SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		if (res.failure.kind != SIM_OK)
			break;
	}
	outcome_take(o, &res);
	ck_assert(!src.truncated);
	return run;
}

/* ---- a wait queue: a consumer waits for a producer's flag --------------- */

struct pipe {
	wait_queue_head_t wq;
	int ready;
	int data;		/* plain: published by the release of ready */
	int got;
};

static const struct sim_field pipe_fields[] = {
	SIM_FIELD(struct pipe, wq),
	SIM_FIELD(struct pipe, ready),
};

static void producer(void *arg)
{
	struct pipe *p = arg;

	p->data = 42;
	smp_store_release(&p->ready, 1);
	wake_up(&p->wq);
}

/* Tests the flag before queueing: a wake-up in between is lost. */
static void consumer_buggy(void *arg)
{
	struct pipe *p = arg;
	DEFINE_WAIT(wait);

	if (!smp_load_acquire(&p->ready)) {
		prepare_to_wait(&p->wq, &wait, TASK_UNINTERRUPTIBLE);
		schedule();
		finish_wait(&p->wq, &wait);
	}
	p->got = p->data;
}

static void consumer(void *arg)
{
	struct pipe *p = arg;

	wait_event(p->wq, smp_load_acquire(&p->ready));
	p->got = p->data;
}

/* The waker skips wake_up() when nobody is queued: needs the barrier. */
static void producer_active(void *arg)
{
	struct pipe *p = arg;

	p->data = 42;
	smp_store_release(&p->ready, 1);
	if (waitqueue_active(&p->wq))
		wake_up(&p->wq);
}

static void producer_has_sleeper(void *arg)
{
	struct pipe *p = arg;

	p->data = 42;
	smp_store_release(&p->ready, 1);
	if (wq_has_sleeper(&p->wq))
		wake_up(&p->wq);
}

static void *pipe_setup(void (*produce)(void *), void (*consume)(void *))
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	sim_name(p, "pipe");
	sim_fields(p, pipe_fields);
	init_waitqueue_head(&p->wq);
	sim_task_create("producer", 0, produce, p);
	sim_task_create("consumer", 1, consume, p);
	return p;
}

static void pipe_finish(void *arg)
{
	struct pipe *p = arg;

	if (p->got != 42)
		sim_violation("data", "consumer got %d", p->got);
}

static void *lost_setup(void) { return pipe_setup(producer, consumer_buggy); }
static void *wait_event_setup(void) { return pipe_setup(producer, consumer); }
static void *active_setup(void) { return pipe_setup(producer_active, consumer); }
static void *sleeper_setup(void) { return pipe_setup(producer_has_sleeper, consumer); }

#define PIPE(id, fn) static const struct sim_scenario id = { \
	.name = "test/" #id, .nr_cpus = 2, .max_steps = 1000,  \
	.setup = fn, .finish = pipe_finish }
PIPE(lost_wakeup, lost_setup);
PIPE(wait_event_pipe, wait_event_setup);
PIPE(waitqueue_active_pipe, active_setup);
PIPE(wq_has_sleeper_pipe, sleeper_setup);

START_TEST(test_lost_wakeup_is_a_deadlock_naming_the_queue)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_gt(search(&lost_wakeup, 1, 0, 1000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_ptr_nonnull(strstr(o.message,
				     "consumer (cpu1) sleeps in schedule() at consumer_buggy:"));
	ck_assert_ptr_nonnull(strstr(o.message,
				     ", on wait queue &p->wq (pipe.wq)"));
}
END_TEST

START_TEST(test_wait_event_loses_no_wakeup)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	/* Under sc the reduction runs few: that the schedules differ is test_dfs's. */
	ck_assert_uint_gt(dfs_clean(&wait_event_pipe, &o), 1);
	ck_assert_int_eq(o.kind, SIM_OK);
	ck_assert_uint_gt(dfs_clean(&wq_has_sleeper_pipe, &o), 1);
	ck_assert_int_eq(o.kind, SIM_OK);
}
END_TEST

/* waitqueue_active() has no barrier: x86's store buffer loses the wake-up. */
START_TEST(test_waitqueue_active_needs_a_barrier)
{
	struct outcome o;

	helper_mm = SIM_MM_SC;
	dfs_clean(&waitqueue_active_pipe, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	helper_mm = SIM_MM_TSO;
	ck_assert_uint_gt(search(&waitqueue_active_pipe, 1, 0, 20000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_ptr_nonnull(strstr(o.message,
				     "consumer (cpu1) sleeps in schedule() at consumer:"));
	ck_assert_ptr_nonnull(strstr(o.message,
				     "on wait queue &(p->wq) (pipe.wq)"));
}
END_TEST

/* ---- the state word: a wake-up before schedule() is not lost ------------ */

struct state_ctx {
	struct task_struct *sleeper;
	int queued, woke, woken;
};

static void sleeper(void *arg)
{
	struct state_ctx *ctx = arg;

	set_current_state(TASK_UNINTERRUPTIBLE);
	WRITE_ONCE(ctx->queued, 1);	/* the waker may come here, before schedule() */
	schedule();
	BUG_ON(READ_ONCE(current->kstate) != TASK_RUNNING);
	WRITE_ONCE(ctx->woke, 1);
}

static void waker(void *arg)
{
	struct state_ctx *ctx = arg;

	while (!READ_ONCE(ctx->queued))
		cpu_relax();
	ctx->woken = wake_up_process(ctx->sleeper);
}

/* Wakes without waiting: before set_current_state(), the wake-up is lost. */
static void early_waker(void *arg)
{
	struct state_ctx *ctx = arg;

	ctx->woken = wake_up_process(ctx->sleeper);
}

static void *state_setup(void (*wake)(void *))
{
	struct state_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->sleeper = sim_task_create("sleeper", 0, sleeper, ctx);
	sim_task_create("waker", 1, wake, ctx);
	return ctx;
}

static void *waker_setup(void) { return state_setup(waker); }
static void *early_waker_setup(void) { return state_setup(early_waker); }

static void state_finish(void *arg)
{
	struct state_ctx *ctx = arg;

	if (!ctx->woke || !ctx->woken)
		sim_violation("woke", "woke %d, wake_up_process() %d", ctx->woke, ctx->woken);
}

static const struct sim_scenario state_word = {
	.name = "test/state", .nr_cpus = 2, .max_steps = 2000,
	.setup = waker_setup, .finish = state_finish,
};

static const struct sim_scenario state_word_early = {
	.name = "test/state-early", .nr_cpus = 2, .max_steps = 2000,
	.setup = early_waker_setup, .finish = state_finish,
};

START_TEST(test_wake_up_process)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_eq(search(&state_word, 7, 0, 5000, &o), 0);
	ck_assert_uint_eq(search(&state_word, 7, 3, 5000, &o), 0);
	/* Woken while still TASK_RUNNING: it returns 0, and the sleeper sleeps for good. */
	ck_assert_uint_gt(search(&state_word_early, 7, 0, 5000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_ptr_nonnull(strstr(o.message,
				     "sleeper (cpu0) sleeps in schedule() at sleeper:"));
}
END_TEST

/* ---- completions -------------------------------------------------------- */

struct done_ctx {
	struct completion done;
	int data[3];
	int seen;
};

static void completer(void *arg)
{
	struct done_ctx *ctx = arg;

	ctx->data[0] = 1;
	complete(&ctx->done);
	ctx->data[1] = 2;
	complete_all(&ctx->done);
}

static void waiter(void *arg)
{
	struct done_ctx *ctx = arg;

	wait_for_completion(&ctx->done);
	BUG_ON(ctx->data[0] != 1);	/* plain: complete() orders it */
	WRITE_ONCE(ctx->seen, READ_ONCE(ctx->seen) + 0);
}

static void poller(void *arg)
{
	struct done_ctx *ctx = arg;

	while (!completion_done(&ctx->done))
		cpu_relax();
	/* complete_all() leaves the count infinite: it never runs out. */
	wait_for_completion(&ctx->done);
	while (!try_wait_for_completion(&ctx->done))
		cpu_relax();
	BUG_ON(ctx->data[0] != 1);
}

static void *done_setup(void)
{
	struct done_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	init_completion(&ctx->done);
	sim_task_create("completer", 0, completer, ctx);
	sim_task_create("waiter", 1, waiter, ctx);
	sim_task_create("poller", 1, poller, ctx);
	return ctx;
}

static void done_finish(void *arg)
{
	struct done_ctx *ctx = arg;

	if (ctx->done.done != UINT_MAX)
		sim_violation("count", "done = %u after complete_all()", ctx->done.done);
}

static const struct sim_scenario completion = {
	.name = "test/completion", .nr_cpus = 2, .max_steps = 5000,
	.setup = done_setup, .finish = done_finish,
};

START_TEST(test_completion)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_eq(search(&completion, 3, 0, 5000, &o), 0);
	ck_assert_uint_eq(search(&completion, 3, 3, 5000, &o), 0);
}
END_TEST

/* A waiter nobody completes sleeps for good: a deadlock, on the completion's queue. */
static void lonely(void *arg)
{
	wait_for_completion(&((struct done_ctx *)arg)->done);
}

static void *lonely_setup(void)
{
	struct done_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	init_completion(&ctx->done);
	sim_task_create("waiter", 0, lonely, ctx);
	return ctx;
}

static const struct sim_scenario never_completed = {
	.name = "test/never-completed", .nr_cpus = 1, .max_steps = 100, .setup = lonely_setup,
};

START_TEST(test_wait_for_completion_deadlock)
{
	struct outcome o;

	run_bytes(&never_completed, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_DEADLOCK);
	ck_assert_ptr_nonnull(strstr(o.message,
				     "waiter (cpu0) sleeps in schedule() at wait_for_completion:"));
	ck_assert_ptr_nonnull(strstr(o.message,
				     "on wait queue &((struct done_ctx *)arg)->done (ctx0+8)"));
}
END_TEST

/* ---- llist_del_first, llist_reverse_order, atomic_fetch_* --------------- */

struct job {
	int id;
	struct llist_node llnode;
};

static const struct sim_field job_fields[] = {
	SIM_FIELD(struct job, llnode),
	SIM_FIELD(struct job, id),
};
SIM_FIELDS(job_fields);

struct jobs {
	struct llist_head head;
	atomic_t added;
	int taken[4];
};

static void add_jobs(void *arg)
{
	struct jobs *ctx = arg;
	int i;

	for (i = 0; i < 2; i++) {
		struct job *j = kmalloc(sizeof(struct job), GFP_KERNEL);

		j->id = atomic_fetch_add(1, &ctx->added);
		llist_add(&j->llnode, &ctx->head);
	}
}

static void take_jobs(void *arg)
{
	struct jobs *ctx = arg;
	int n = 0;

	while (n < 4) {
		struct llist_node *node = llist_del_first(&ctx->head);
		struct job *j;

		if (!node) {
			cpu_relax();
			continue;
		}
		j = llist_entry(node, struct job, llnode);
		sim_note("took job %d", j->id);
		ctx->taken[j->id]++;
		kfree(j);
		n++;
	}
}

static void *jobs_setup(void)
{
	struct jobs *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	init_llist_head(&ctx->head);
	sim_task_create("add0", 0, add_jobs, ctx);
	sim_task_create("add1", 1, add_jobs, ctx);
	sim_task_create("take", 1, take_jobs, ctx);
	return ctx;
}

static void jobs_finish(void *arg)
{
	struct jobs *ctx = arg;
	int i;

	for (i = 0; i < 4; i++)
		if (ctx->taken[i] != 1)
			sim_violation("taken-once", "job %d taken %d times", i, ctx->taken[i]);
}

static const struct sim_scenario jobs = {
	.name = "test/jobs", .nr_cpus = 2, .max_steps = 5000,
	.setup = jobs_setup, .finish = jobs_finish,
};

START_TEST(test_llist_del_first)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_eq(search(&jobs, 5, 0, 5000, &o), 0);
	ck_assert_uint_eq(search(&jobs, 5, 3, 5000, &o), 0);
}
END_TEST

/* The story names the jobs by type and the member a pointer points at, and tells the notes. */
START_TEST(test_names_and_notes)
{
	const struct sim_event *ev;
	size_t nr, i, notes = 0, named = 0;
	struct outcome o;
	char buf[96];

	run_bytes(&jobs, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	ev = sim_trace_events(&nr);
	for (i = 0; i < nr; i++) {
		if (ev[i].kind == SIM_EV_NOTE) {
			ck_assert_ptr_nonnull(strstr(ev[i].note, "took job "));
			notes++;
		}
		if (ev[i].kind != SIM_EV_OP || !(ev[i].flags & SIM_EV_PTR) ||
		    !(ev[i].flags & SIM_EV_WRITE) || !ev[i].value2)
			continue;
		sim_trace_format_value(buf, sizeof(buf), ev[i].value2, ev[i].flags);
		if (!strcmp(ev[i].site->op, "cmpxchg")) {
			/* llist_add's new first node: obj1 is the first job. */
			ck_assert_msg(!strncmp(buf, "job", 3) && strstr(buf, ".llnode"), "%s", buf);
			named++;
		}
	}
	ck_assert_uint_eq(notes, 4);
	ck_assert_uint_ge(named, 4);
	/* An object without fields: its name and the offset; one with sim_name(): that. */
	ck_assert_int_gt(sim_names_format(buf, sizeof(buf), 0, 8), 0);
	ck_assert_str_eq(buf, "ctx0+8");
	ck_assert_int_gt(sim_names_format(buf, sizeof(buf), 1, 0), 0);
	ck_assert_str_eq(buf, "job1");
	ck_assert_int_gt(sim_names_format(buf, sizeof(buf), 1, 2), 0);
	ck_assert_str_eq(buf, "job1.id+2");
	ck_assert_int_gt(sim_names_format(buf, sizeof(buf), 1, 12), 0);
	ck_assert_str_eq(buf, "job1.llnode+4");
	ck_assert_int_gt(sim_names_format(buf, sizeof(buf), 1, 16), 0);
	ck_assert_str_eq(buf, "job1+16");
}
END_TEST

struct fetch_ctx {
	atomic_t v;
	int old[5];
};

static void fetch_task(void *arg)
{
	struct fetch_ctx *ctx = arg;

	ctx->old[0] = atomic_fetch_add(5, &ctx->v);	/* 0 -> 5 */
	ctx->old[1] = atomic_fetch_sub(2, &ctx->v);	/* 5 -> 3 */
	ctx->old[2] = atomic_fetch_or(8, &ctx->v);	/* 3 -> 11 */
	ctx->old[3] = atomic_fetch_and(10, &ctx->v);	/* 11 -> 10 */
	ctx->old[4] = atomic_fetch_xor(3, &ctx->v);	/* 10 -> 9 */
}

static void *fetch_setup(void)
{
	struct fetch_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("fetch", 0, fetch_task, ctx);
	return ctx;
}

static void fetch_finish(void *arg)
{
	struct fetch_ctx *ctx = arg;
	static const int want[5] = { 0, 5, 3, 11, 10 };
	int i;

	for (i = 0; i < 5; i++)
		if (ctx->old[i] != want[i])
			sim_violation("fetch", "op %d returned %d, not %d", i, ctx->old[i],
				      want[i]);
	if (atomic_read(&ctx->v) != 9)
		sim_violation("fetch", "v = %d, not 9", ctx->v.counter);
}

static const struct sim_scenario fetch = {
	.name = "test/fetch", .nr_cpus = 1, .max_steps = 100,
	.setup = fetch_setup, .finish = fetch_finish,
};

START_TEST(test_atomic_fetch_and_reverse_order)
{
	struct llist_node n[3] = { { &n[1] }, { &n[2] }, { NULL } }, *r;
	struct outcome o;

	run_bytes(&fetch, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	r = llist_reverse_order(&n[0]);
	ck_assert_ptr_eq(r, &n[2]);
	ck_assert_ptr_eq(r->next, &n[1]);
	ck_assert_ptr_eq(r->next->next, &n[0]);
	ck_assert_ptr_null(n[0].next);
	ck_assert_ptr_null(llist_reverse_order(NULL));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("wait");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_lost_wakeup_is_a_deadlock_naming_the_queue, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_wait_event_loses_no_wakeup, 0, SIM_MM_NR);
	tcase_add_test(tc, test_waitqueue_active_needs_a_barrier);
	tcase_add_loop_test(tc, test_wake_up_process, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_completion, 0, SIM_MM_NR);
	tcase_add_test(tc, test_wait_for_completion_deadlock);
	tcase_add_loop_test(tc, test_llist_del_first, 0, SIM_MM_NR);
	tcase_add_test(tc, test_names_and_notes);
	tcase_add_test(tc, test_atomic_fetch_and_reverse_order);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

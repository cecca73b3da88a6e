// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel API of sim/linux/ as ports use it: llist, per-CPU variables,
 * lock breaks, need_resched, BUG_ON/WARN_ON, and the happens-before that
 * barriers give TSan.
 */
#include <linux/atomic.h>
#include <linux/barrier.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/percpu.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "helpers.h"
#include "sched.h"

/* ---- llist: every node added is taken exactly once --------------------- */

#define NODES_PER_PRODUCER 3

struct item {
	struct llist_node llnode;
	int id;
};

struct llist_ctx {
	struct llist_head head;
	atomic_t produced;
	int seen[2 * NODES_PER_PRODUCER];
};

static void producer(void *arg)
{
	struct llist_ctx *ctx = arg;
	int i;

	for (i = 0; i < NODES_PER_PRODUCER; i++) {
		struct item *it = kmalloc(sizeof(*it), GFP_KERNEL);

		it->id = atomic_inc_return(&ctx->produced) - 1;
		llist_add(&it->llnode, &ctx->head);
	}
}

static void consume(struct llist_ctx *ctx)
{
	struct item *it, *next;
	struct llist_node *list = llist_del_all(&ctx->head);

	llist_for_each_entry_safe(it, next, list, llnode) {
		ctx->seen[it->id]++;
		kfree(it);
	}
}

static void consumer(void *arg)
{
	struct llist_ctx *ctx = arg;

	while (atomic_read(&ctx->produced) < 2 * NODES_PER_PRODUCER) {
		consume(ctx);
		cpu_relax();
	}
	consume(ctx);
}

static void *llist_setup(void)
{
	struct llist_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	init_llist_head(&ctx->head);
	sim_task_create("prod0", 0, producer, ctx);
	sim_task_create("prod1", 1, producer, ctx);
	sim_task_create("cons", 1, consumer, ctx);
	return ctx;
}

static void llist_finish(void *arg)
{
	struct llist_ctx *ctx = arg;
	int i;

	if (!llist_empty(&ctx->head))
		consume(ctx);	/* the consumer may finish between an add's two halves */
	for (i = 0; i < 2 * NODES_PER_PRODUCER; i++)
		if (ctx->seen[i] != 1)
			sim_violation("llist", "node %d taken %d times", i, ctx->seen[i]);
}

static const struct sim_scenario llist = {
	.name = "test/llist",
	.nr_cpus = 2,
	.max_steps = 5000,
	.setup = llist_setup,
	.finish = llist_finish,
};

START_TEST(test_llist_add_del_all)
{
	struct outcome o;

	ck_assert_uint_eq(search(&llist, 21, 0, 20000, &o), 0);
	ck_assert_uint_eq(search(&llist, 21, 3, 20000, &o), 0);
}
END_TEST

/* ---- per-CPU variables under get_cpu_var -------------------------------- */

struct percpu_ctx {
	DEFINE_PER_CPU(int, hits);
	DEFINE_PER_CPU(int, inside);
};

static void percpu_task(void *arg)
{
	struct percpu_ctx *ctx = arg;
	int *inside = &get_cpu_var(ctx->inside);

	/* No task of this CPU can come between get and put. */
	BUG_ON((*inside)++);
	WRITE_ONCE(*this_cpu_ptr(&ctx->hits), *this_cpu_ptr(&ctx->hits) + 1);
	(*inside)--;
	put_cpu_var(ctx->inside);
}

static void *percpu_setup(void)
{
	struct percpu_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	sim_task_create("a0", 0, percpu_task, ctx);
	sim_task_create("b0", 0, percpu_task, ctx);
	sim_task_create("c0", 0, percpu_task, ctx);
	sim_task_create("a1", 1, percpu_task, ctx);
	return ctx;
}

static void percpu_finish(void *arg)
{
	struct percpu_ctx *ctx = arg;

	if (per_cpu(ctx->hits, 0) != 3 || per_cpu(ctx->hits, 1) != 1)
		sim_violation("percpu", "hits %d/%d", per_cpu(ctx->hits, 0), per_cpu(ctx->hits, 1));
}

static const struct sim_scenario percpu = {
	.name = "test/percpu",
	.nr_cpus = 2,
	.setup = percpu_setup,
	.finish = percpu_finish,
};

START_TEST(test_percpu)
{
	struct outcome o;

	ck_assert_uint_eq(search(&percpu, 3, 0, 20000, &o), 0);
}
END_TEST

/* ---- cond_resched_lock and need_resched ------------------------------- */

#define LOOP_STEPS 40

struct lockbreak_ctx {
	spinlock_t lock;
	int breaks, waiter_done, saw_need_resched;
	bool lockbreak;
};

static void long_loop(void *arg)
{
	struct lockbreak_ctx *ctx = arg;
	int i;

	spin_lock(&ctx->lock);
	for (i = 0; i < LOOP_STEPS; i++) {
		if (ctx->lockbreak)
			ctx->breaks += cond_resched_lock(&ctx->lock);
		else
			sim_yield();
	}
	spin_unlock(&ctx->lock);
	ctx->saw_need_resched = need_resched();
}

static void same_cpu_waiter(void *arg)
{
	struct lockbreak_ctx *ctx = arg;

	WRITE_ONCE(ctx->waiter_done, 1);
}

static void *lockbreak_setup(bool lockbreak)
{
	struct lockbreak_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	spin_lock_init(&ctx->lock);
	ctx->lockbreak = lockbreak;
	sim_task_create("loop", 0, long_loop, ctx);
	sim_task_create("waiter", 0, same_cpu_waiter, ctx);
	return ctx;
}

static void *with_lockbreak_setup(void)
{
	return lockbreak_setup(true);
}

static void *without_lockbreak_setup(void)
{
	return lockbreak_setup(false);
}

static int observed_breaks, observed_need_resched;

static void lockbreak_finish(void *arg)
{
	struct lockbreak_ctx *ctx = arg;

	observed_breaks = ctx->breaks;
	observed_need_resched = ctx->saw_need_resched;
}

static const struct sim_scenario with_lockbreak = {
	.name = "test/with-lockbreak",
	.nr_cpus = 1,
	.setup = with_lockbreak_setup,
	.finish = lockbreak_finish,
};

static const struct sim_scenario without_lockbreak = {
	.name = "test/without-lockbreak",
	.nr_cpus = 1,
	.setup = without_lockbreak_setup,
	.finish = lockbreak_finish,
};

START_TEST(test_cond_resched_lock)
{
	struct outcome o;

	/* loop runs first and keeps the lock: waiter waits all along. */
	run_bytes(&without_lockbreak, NULL, 0, &o);
	ck_assert_uint_ge(o.max_nonpreempt, LOOP_STEPS);
	ck_assert_int_eq(observed_need_resched, 1);
	/* With the break the stretch ends at the first cond_resched_lock. */
	run_bytes(&with_lockbreak, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	ck_assert_uint_le(o.max_nonpreempt, 2);
	ck_assert_int_ge(observed_breaks, 1);
	/* Waiter ran in a break, so nothing waited at the end. */
	ck_assert_int_eq(observed_need_resched, 0);
	ck_assert_uint_eq(search(&with_lockbreak, 9, 0, 5000, &o), 0);
}
END_TEST

/* ---- BUG_ON and WARN_ON ------------------------------------------------ */

static void warns(void *arg)
{
	int *value = arg;

	if (WARN_ON(*value > 1))
		return;
	BUG_ON(*value == 1);
}

static int bug_value;

static void *bug_setup(void)
{
	sim_task_create("bug", 0, warns, &bug_value);
	return NULL;
}

static const struct sim_scenario bug = {
	.name = "test/bug",
	.nr_cpus = 1,
	.setup = bug_setup,
};

START_TEST(test_bug_and_warn)
{
	struct outcome o;

	bug_value = 0;
	run_bytes(&bug, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_OK);
	bug_value = 1;
	run_bytes(&bug, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
	ck_assert_str_eq(o.name, "BUG_ON");
	bug_value = 2;
	run_bytes(&bug, NULL, 0, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
	ck_assert_str_eq(o.name, "WARN_ON");
}
END_TEST

/* ---- list_head ---------------------------------------------------------- */

struct entry {
	struct list_head node;
	int value;
};

START_TEST(test_list)
{
	struct entry e[4], *pos, *n;
	struct list_head head = LIST_HEAD_INIT(head);
	int i, sum = 0, order[4], k = 0;

	for (i = 0; i < 4; i++) {
		e[i].value = i;
		if (i % 2)
			list_add(&e[i].node, &head);
		else
			list_add_tail(&e[i].node, &head);
	}
	list_for_each_entry(pos, &head, node)
		order[k++] = pos->value;
	ck_assert_int_eq(order[0], 3);
	ck_assert_int_eq(order[1], 1);
	ck_assert_int_eq(order[2], 0);
	ck_assert_int_eq(order[3], 2);
	list_for_each_entry_safe(pos, n, &head, node) {
		sum += pos->value;
		list_del(&pos->node);
	}
	ck_assert_int_eq(sum, 6);
	ck_assert(list_empty(&head));
}
END_TEST

/* ---- message passing: what TSan is told the barriers order -------------- */

struct message {
	int data;
	int flag;
	int got;
	bool fenced;
};

static void send(void *arg)
{
	struct message *m = arg;

	m->data = 42;			/* plain */
	if (m->fenced)
		smp_wmb();
	WRITE_ONCE(m->flag, 1);
}

static void receive(void *arg)
{
	struct message *m = arg;

	while (!READ_ONCE(m->flag))
		cpu_relax();
	if (m->fenced)
		smp_rmb();
	m->got = m->data;		/* plain */
}

static void *message_setup(bool fenced)
{
	struct message *m = kzalloc(sizeof(*m), GFP_KERNEL);

	m->fenced = fenced;
	sim_task_create("send", 0, send, m);
	sim_task_create("recv", 1, receive, m);
	return m;
}

static void *fenced_setup(void)
{
	return message_setup(true);
}

static void *unfenced_setup(void)
{
	return message_setup(false);
}

static const struct sim_scenario fenced_message = {
	.name = "test/fenced-message",
	.nr_cpus = 2,
	.max_steps = 2000,
	.setup = fenced_setup,
};

static const struct sim_scenario unfenced_message = {
	.name = "test/unfenced-message",
	.nr_cpus = 2,
	.max_steps = 2000,
	.setup = unfenced_setup,
};

/* smp_wmb() ... smp_rmb() order the plain accesses: TSan must stay quiet. */
START_TEST(test_fences_order_plain_accesses)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_eq(search(&fenced_message, 1, 0, 2000, &o), 0);
}
END_TEST

/* Without the barriers the kernel's rules call it a data race: so must TSan. */
START_TEST(test_no_fence_is_a_race)
{
	helper_mm = (enum sim_mm)_i;
	expect_race_only_under_tsan(&unfenced_message);
}
END_TEST

/*
 * Happens-before follows the value read.  publish() releases data with
 * smp_store_release(&flag, 1); overwrite() then stores flag = 2 relaxed.
 * A reader that acquires 1 may read data; one that acquires 2 read a
 * store that released nothing, and its read of data races with publish().
 */
struct reads_from {
	int data, flag, got;
	bool only_from_release;
};

static void publish(void *arg)
{
	struct reads_from *r = arg;

	r->data = 42;
	smp_store_release(&r->flag, 1);
}

static void overwrite(void *arg)
{
	struct reads_from *r = arg;

	while (READ_ONCE(r->flag) != 1)
		cpu_relax();
	WRITE_ONCE(r->flag, 2);
}

static void consume_flag(void *arg)
{
	struct reads_from *r = arg;
	int flag;

	while (!(flag = smp_load_acquire(&r->flag)) || (r->only_from_release && flag != 1))
		cpu_relax();
	r->got = r->data;
}

static void *reads_from_setup(bool only_from_release)
{
	struct reads_from *r = kzalloc(sizeof(*r), GFP_KERNEL);

	r->only_from_release = only_from_release;
	sim_task_create("publish", 0, publish, r);
	sim_task_create("consume", 1, consume_flag, r);
	/* Without it, the consumer could only ever read 1. */
	if (!only_from_release)
		sim_task_create("overwrite", 2, overwrite, r);
	return r;
}

static void *acquire_any_setup(void)
{
	return reads_from_setup(false);
}

static void *acquire_release_only_setup(void)
{
	return reads_from_setup(true);
}

static const struct sim_scenario acquire_any = {
	.name = "test/acquire-any",
	.nr_cpus = 3,
	.max_steps = 2000,
	.setup = acquire_any_setup,
};

static const struct sim_scenario acquire_release_only = {
	.name = "test/acquire-release-only",
	.nr_cpus = 3,
	.max_steps = 2000,
	.setup = acquire_release_only_setup,
};

START_TEST(test_acquire_of_the_release_read)
{
	struct outcome o;

	helper_mm = (enum sim_mm)_i;
	ck_assert_uint_eq(search(&acquire_release_only, 1, 0, 2000, &o), 0);
}
END_TEST

START_TEST(test_acquire_of_a_relaxed_store_is_no_edge)
{
	helper_mm = (enum sim_mm)_i;
	expect_race_only_under_tsan(&acquire_any);
}
END_TEST

/*
 * Store buffering with the barrier each kernel API gives: none (a lock's
 * acquisition alone is only an acquire), smp_store_mb(), and
 * smp_mb__after_spinlock() after the lock.
 */
enum sb_barrier {
	SB_LOCK_ONLY,
	SB_STORE_MB,
	SB_AFTER_SPINLOCK,
};

struct sb {
	int x, y, r[2];
	spinlock_t lock[2];
	enum sb_barrier barrier;
};

static void sb_side(struct sb *ctx, int *mine, int *other, int cpu)
{
	if (ctx->barrier == SB_STORE_MB) {
		smp_store_mb(*mine, 1);
		ctx->r[cpu] = READ_ONCE(*other);
		return;
	}
	WRITE_ONCE(*mine, 1);
	spin_lock(&ctx->lock[cpu]);
	if (ctx->barrier == SB_AFTER_SPINLOCK)
		smp_mb__after_spinlock();
	ctx->r[cpu] = READ_ONCE(*other);
	spin_unlock(&ctx->lock[cpu]);
}

static void sb_p0(void *arg)
{
	struct sb *ctx = arg;

	sb_side(ctx, &ctx->x, &ctx->y, 0);
}

static void sb_p1(void *arg)
{
	struct sb *ctx = arg;

	sb_side(ctx, &ctx->y, &ctx->x, 1);
}

static enum sb_barrier sb_barrier;

static void *sb_setup(void)
{
	struct sb *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->barrier = sb_barrier;
	spin_lock_init(&ctx->lock[0]);
	spin_lock_init(&ctx->lock[1]);
	sim_task_create("P0", 0, sb_p0, ctx);
	sim_task_create("P1", 1, sb_p1, ctx);
	return ctx;
}

static void sb_finish(void *arg)
{
	struct sb *ctx = arg;

	if (!ctx->r[0] && !ctx->r[1])
		sim_violation("store-buffering", "both loads missed both stores");
}

static const struct sim_scenario sb = {
	.name = "test/sb-barriers",
	.nr_cpus = 2,
	.max_steps = 100,
	.setup = sb_setup,
	.finish = sb_finish,
};

/* Every schedule under lkmm: whether one fails. */
static bool sb_fails(enum sb_barrier barrier)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sb_barrier = barrier;
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, &sb, &src);
	cfg.mm = SIM_MM_LKMM;
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			return true;
		sim_source_end_run(&src, res.steps);
	}
	ck_assert(!src.truncated);
	return false;
}

START_TEST(test_full_barriers)
{
	ck_assert(sb_fails(SB_LOCK_ONLY));
	ck_assert(!sb_fails(SB_STORE_MB));
	ck_assert(!sb_fails(SB_AFTER_SPINLOCK));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("linux");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_llist_add_del_all);
	tcase_add_test(tc, test_percpu);
	tcase_add_test(tc, test_cond_resched_lock);
	tcase_add_test(tc, test_bug_and_warn);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_full_barriers);
	/* The happens-before tests run under every model: the loop index is the model. */
	tcase_add_loop_test(tc, test_fences_order_plain_accesses, 0, SIM_MM_NR);
	tcase_add_loop_exit_test(tc, test_no_fence_is_a_race, SIM_TSAN ? 66 : 0, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_acquire_of_the_release_read, 0, SIM_MM_NR);
	tcase_add_loop_exit_test(tc, test_acquire_of_a_relaxed_store_is_no_edge, SIM_TSAN ? 66 : 0,
				 0, SIM_MM_NR);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

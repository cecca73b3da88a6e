// SPDX-License-Identifier: GPL-2.0
/*
 * Fair busy-waiting (sim/spin.h): a correct cpu_relax() consumer and a
 * seqcount-style reader are clean under random, PCT and an unbounded dfs
 * that finishes; a consumer that reads the data before the flag is found;
 * two tasks that keep writing are still a no-progress report, and a waiter
 * nobody will ever serve is a deadlock.
 */
#include <linux/barrier.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/processor.h>
#include <linux/slab.h>

#include "helpers.h"

struct handoff {
	int data, flag, early;		/* early: the consumer reads data before the flag */
	unsigned int seq;
	int a, b;
	int mine[2], stop;
};

static void producer(void *arg)
{
	struct handoff *h = arg;

	WRITE_ONCE(h->data, 42);
	smp_store_release(&h->flag, 1);
}

static void consumer(void *arg)
{
	struct handoff *h = arg;
	int data = h->early ? READ_ONCE(h->data) : 0;

	while (!smp_load_acquire(&h->flag))
		cpu_relax();
	if (!h->early)
		data = READ_ONCE(h->data);
	if (data != 42)
		sim_violation("consumer-data", "read %d", data);
}

static void *handoff_setup(int early)
{
	struct handoff *h = kzalloc(sizeof(*h), GFP_KERNEL);

	h->early = early;
	sim_task_create("consumer", 1, consumer, h);
	sim_task_create("producer", 0, producer, h);
	return h;
}

static void *consumer_setup(void)
{
	return handoff_setup(0);
}

static void *early_setup(void)
{
	return handoff_setup(1);
}

static const struct sim_scenario busy_consumer = {
	.name = "test/busy-consumer",
	.nr_cpus = 2,
	.max_steps = 200,
	.setup = consumer_setup,
};

static const struct sim_scenario early_consumer = {
	.name = "test/early-consumer",
	.nr_cpus = 2,
	.max_steps = 200,
	.setup = early_setup,
};

/* raw_write_seqcount_begin/end around two stores, twice. */
static void seq_writer(void *arg)
{
	struct handoff *h = arg;
	int i;

	for (i = 1; i <= 1; i++) {
		WRITE_ONCE(h->seq, h->seq + 1);
		smp_wmb();
		WRITE_ONCE(h->a, i);
		WRITE_ONCE(h->b, i);
		smp_wmb();
		WRITE_ONCE(h->seq, h->seq + 1);
	}
}

/* read_seqcount_begin() spins while a write is in progress; retry() loops back. */
static void seq_reader(void *arg)
{
	struct handoff *h = arg;
	unsigned int seq;
	int a, b;

	do {
		while ((seq = READ_ONCE(h->seq)) & 1)
			cpu_relax();
		smp_rmb();
		a = READ_ONCE(h->a);
		b = READ_ONCE(h->b);
		smp_rmb();
	} while (READ_ONCE(h->seq) != seq);
	if (a != b)
		sim_violation("torn-read", "a = %d, b = %d", a, b);
}

static void *seq_setup(void)
{
	struct handoff *h = kzalloc(sizeof(*h), GFP_KERNEL);

	sim_task_create("reader", 1, seq_reader, h);
	sim_task_create("writer", 0, seq_writer, h);
	return h;
}

static const struct sim_scenario seq_reader_loop = {
	.name = "test/seq-reader",
	.nr_cpus = 2,
	.max_steps = 400,
	.setup = seq_setup,
};

/* Both keep writing and nobody sets stop: a livelock, whatever the schedule. */
static void writer_loop(void *arg)
{
	struct handoff *h = arg;
	int me = sim_current()->id, i = 0;

	while (!READ_ONCE(h->stop)) {
		WRITE_ONCE(h->mine[me], ++i);
		cpu_relax();
	}
}

static void *livelock_setup(void)
{
	struct handoff *h = kzalloc(sizeof(*h), GFP_KERNEL);

	sim_task_create("w0", 0, writer_loop, h);
	sim_task_create("w1", 1, writer_loop, h);
	return h;
}

static const struct sim_scenario livelock = {
	.name = "test/livelock",
	.nr_cpus = 2,
	.max_steps = 300,
	.setup = livelock_setup,
};

/* Runs of @src until a failure, the budget, or (dfs) the end; the runs made. */
static uint64_t runs_until(const struct sim_scenario *s, enum sim_mm mm, struct sim_source *src,
			   uint64_t budget, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_result res;
	uint64_t run;

	memset(o, 0, sizeof(*o));
	sim_config_defaults(&cfg, s, src);
	cfg.mm = mm;
	for (run = 0; run < budget && !sim_source_exhausted(src); run++) {
		sim_source_begin_run(src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(src, res.steps);
		if (res.failure.kind != SIM_OK) {
			outcome_take(o, &res);
			return run + 1;
		}
	}
	return run;
}

static void check_clean(const struct sim_scenario *s, enum sim_mm mm, bool must_finish)
{
	struct sim_source src;
	struct outcome o;
	uint64_t runs;

	sim_source_random(&src, 1);
	runs_until(s, mm, &src, 3000, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s %s random: %s", s->name, sim_mm_name[mm], o.message);
	sim_source_pct(&src, 1, 3);
	runs_until(s, mm, &src, 3000, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s %s pct: %s", s->name, sim_mm_name[mm], o.message);
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	runs = runs_until(s, mm, &src, 1000000, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s %s dfs: %s", s->name, sim_mm_name[mm], o.message);
	ck_assert_msg(!must_finish || (sim_source_exhausted(&src) && !src.truncated),
		      "%s %s: dfs did not finish in %llu runs (truncated %d)", s->name, sim_mm_name[mm],
		      (unsigned long long)runs, src.truncated);
}

START_TEST(test_correct_spinners_are_clean)
{
	enum sim_mm mm = _i ? SIM_MM_TSO : SIM_MM_SC;

	check_clean(&busy_consumer, mm, true);
	check_clean(&seq_reader_loop, mm, true);
}
END_TEST

START_TEST(test_buggy_spinner_found)
{
	struct sim_source src;
	struct outcome o;

	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	ck_assert_uint_gt(runs_until(&early_consumer, SIM_MM_SC, &src, 1000, &o), 0);
	ck_assert_int_eq(o.kind, SIM_FAIL_INVARIANT);
	ck_assert_str_eq(o.name, "consumer-data");
	sim_source_random(&src, 1);
	runs_until(&early_consumer, SIM_MM_SC, &src, 2000, &o);
	ck_assert_int_eq(o.kind, SIM_FAIL_INVARIANT);
}
END_TEST

START_TEST(test_livelock_still_reported)
{
	struct sim_source src;
	struct outcome o;

	sim_source_random(&src, 1);
	ck_assert_uint_eq(runs_until(&livelock, SIM_MM_SC, &src, 10, &o), 1);
	ck_assert_int_eq(o.kind, SIM_FAIL_NO_PROGRESS);
	sim_source_pct(&src, 1, 3);
	ck_assert_uint_eq(runs_until(&livelock, SIM_MM_SC, &src, 10, &o), 1);
	ck_assert_int_eq(o.kind, SIM_FAIL_NO_PROGRESS);
	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	ck_assert_uint_eq(runs_until(&livelock, SIM_MM_TSO, &src, 10, &o), 1);
	ck_assert_int_eq(o.kind, SIM_FAIL_NO_PROGRESS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spin");
	TCase *tc = tcase_create("spin");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_correct_spinners_are_clean, 0, 2);
	tcase_add_test(tc, test_buggy_spinner_found);
	tcase_add_test(tc, test_livelock_still_reported);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

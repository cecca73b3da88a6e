// SPDX-License-Identifier: GPL-2.0
/*
 * The tso model: what x86-TSO allows (a load passing an earlier store to
 * another address), what it forbids (any other reordering), and that
 * exhaustive search proves both.
 */
#include <linux/atomic.h>
#include <linux/barrier.h>
#include <linux/kernel.h>
#include <linux/seqlock.h>
#include <linux/slab.h>

#include "helpers.h"
#include "sched.h"
#include "trace.h"

/* Every schedule of @s under @mm (dfs, no bound); the failure, if any. */
static enum sim_fail_kind exhaust(const struct sim_scenario *s, enum sim_mm mm, uint64_t *runs)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	/* The raw enumeration: these tests count it. */
	sim_source_dfs_no_reduction(&src);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = mm;
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			break;
		sim_source_end_run(&src, res.steps);
	}
	ck_assert(!src.truncated);
	*runs = run;
	return res.failure.kind;
}

START_TEST(test_store_buffering_only_under_tso)
{
	uint64_t runs;

	ck_assert_int_eq(exhaust(scenario("demo/sb"), SIM_MM_SC, &runs), SIM_OK);
	ck_assert_uint_gt(runs, 1);
	ck_assert_int_eq(exhaust(scenario("demo/sb"), SIM_MM_TSO, &runs), SIM_FAIL_INVARIANT);
	ck_assert_int_eq(exhaust(scenario("demo/sb-mb"), SIM_MM_TSO, &runs), SIM_OK);
	/* The buffers multiply the schedules: more than interleavings alone. */
	ck_assert_uint_gt(runs, 6);
}
END_TEST

/* Message passing: stores leave a TSO buffer in order, loads are not reordered. */
struct mp {
	int data, flag;
	int r_flag, r_data;
};

static void mp_writer(void *arg)
{
	struct mp *m = arg;

	WRITE_ONCE(m->data, 1);
	WRITE_ONCE(m->flag, 1);
}

static void mp_reader(void *arg)
{
	struct mp *m = arg;

	m->r_flag = READ_ONCE(m->flag);
	m->r_data = READ_ONCE(m->data);
}

static void *mp_setup(void)
{
	struct mp *m = kzalloc(sizeof(*m), GFP_KERNEL);

	sim_task_create("writer", 0, mp_writer, m);
	sim_task_create("reader", 1, mp_reader, m);
	return m;
}

static void mp_finish(void *arg)
{
	struct mp *m = arg;

	if (m->r_flag == 1 && m->r_data == 0)
		sim_violation("message-passing", "flag seen without data");
}

static const struct sim_scenario mp = {
	.name = "test/mp",
	.nr_cpus = 2,
	.setup = mp_setup,
	.finish = mp_finish,
};

START_TEST(test_message_passing_holds_under_tso)
{
	uint64_t runs;

	ck_assert_int_eq(exhaust(&mp, SIM_MM_TSO, &runs), SIM_OK);
	ck_assert_int_eq(exhaust(&mp, SIM_MM_SC, &runs), SIM_OK);
}
END_TEST

/* A CPU reads its own buffered store before anyone else can. */
struct forward {
	int x;
	int own, other;
};

static void store_then_load(void *arg)
{
	struct forward *f = arg;

	WRITE_ONCE(f->x, 7);
	f->own = READ_ONCE(f->x);
}

static void load_only(void *arg)
{
	struct forward *f = arg;

	f->other = READ_ONCE(f->x);
}

static void *forward_setup(void)
{
	struct forward *f = kzalloc(sizeof(*f), GFP_KERNEL);

	sim_task_create("store", 0, store_then_load, f);
	sim_task_create("load", 1, load_only, f);
	return f;
}

static int seen_own, seen_other_stale;

static void forward_finish(void *arg)
{
	struct forward *f = arg;

	seen_own |= f->own == 7;
	if (f->own != 7)
		sim_violation("forwarding", "the storing CPU read %d", f->own);
	/* The other CPU saw 0 after the store was made: only a buffer can do that. */
	seen_other_stale |= f->other == 0;
}

static const struct sim_scenario forward = {
	.name = "test/forward",
	.nr_cpus = 2,
	.setup = forward_setup,
	.finish = forward_finish,
};

START_TEST(test_store_forwarding)
{
	uint64_t runs;

	ck_assert_int_eq(exhaust(&forward, SIM_MM_TSO, &runs), SIM_OK);
	ck_assert(seen_own);
	ck_assert(seen_other_stale);
}
END_TEST

/* A value-returning atomic is a full barrier: SB with xchg instead of the stores. */
struct sb_xchg {
	int x, y, r0, r1;
};

static void xchg_x_load_y(void *arg)
{
	struct sb_xchg *s = arg;

	xchg(&s->x, 1);
	s->r0 = READ_ONCE(s->y);
}

static void xchg_y_load_x(void *arg)
{
	struct sb_xchg *s = arg;

	xchg(&s->y, 1);
	s->r1 = READ_ONCE(s->x);
}

static void *sb_xchg_setup(void)
{
	struct sb_xchg *s = kzalloc(sizeof(*s), GFP_KERNEL);

	sim_task_create("P0", 0, xchg_x_load_y, s);
	sim_task_create("P1", 1, xchg_y_load_x, s);
	return s;
}

static void sb_xchg_finish(void *arg)
{
	struct sb_xchg *s = arg;

	if (!s->r0 && !s->r1)
		sim_violation("store-buffering", "both read 0");
}

static const struct sim_scenario sb_xchg = {
	.name = "test/sb-xchg",
	.nr_cpus = 2,
	.setup = sb_xchg_setup,
	.finish = sb_xchg_finish,
};

START_TEST(test_atomics_drain)
{
	uint64_t runs;

	ck_assert_int_eq(exhaust(&sb_xchg, SIM_MM_TSO, &runs), SIM_OK);
}
END_TEST

/*
 * Every load names the event whose value it read: a store that wrote that
 * value (its FLUSH under tso, the store itself when forwarded), or nothing
 * when it read what setup left.  A FLUSH names the store it makes visible.
 */
static void check_reads_from(void)
{
	const struct sim_event *ev;
	size_t nr, i;

	ev = sim_trace_events(&nr);
	for (i = 0; i < nr; i++) {
		const struct sim_event *src = ev[i].from >= 0 ? &ev[ev[i].from] : NULL;

		ck_assert_int_lt(ev[i].from, (int)i);
		if (ev[i].kind == SIM_EV_FLUSH) {
			ck_assert_ptr_nonnull(src);
			ck_assert(src->flags & SIM_EV_BUFFERED);
			ck_assert_uint_eq(src->value2, ev[i].value2);
		} else if (ev[i].kind == SIM_EV_OP && (ev[i].flags & SIM_EV_READ) && src) {
			ck_assert(src->flags & SIM_EV_WRITE);
			ck_assert_uint_eq(src->value2, ev[i].value);
			ck_assert(!(ev[i].flags & SIM_EV_FORWARDED) ||
				  (src->kind == SIM_EV_OP && src->task == ev[i].task));
			ck_assert(!(src->flags & SIM_EV_BUFFERED) ||
				  (ev[i].flags & SIM_EV_FORWARDED));
		} else if (ev[i].kind == SIM_EV_OP && (ev[i].flags & SIM_EV_READ) && ev[i].value) {
			ck_assert_msg(0, "event %zu read %llu from nowhere", i,
				      (unsigned long long)ev[i].value);
		}
	}
}

START_TEST(test_reads_from)
{
	const struct sim_scenario *scenarios[] = { &forward, &mp, scenario("demo/sb") };
	unsigned int i, mm;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		for (mm = 0; mm < SIM_MM_NR; mm++) {
			struct sim_run_config cfg;
			struct sim_source src;
			struct sim_result res;
			uint64_t run;

			sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
			sim_config_defaults(&cfg, scenarios[i], &src);
			cfg.mm = (enum sim_mm)mm;
			for (run = 0; !sim_source_exhausted(&src); run++) {
				sim_source_begin_run(&src, run);
				sim_run(&cfg, &res);
				check_reads_from();
				sim_source_end_run(&src, res.steps);
			}
		}
	}
}
END_TEST

/*
 * A CPU's plain reads see its own stores, buffered or not: two latch
 * increments in a row give 2, and WRITE_ONCE(x, x + 1) keeps the CPU's own
 * earlier store.  Once wrongly 1 under tso.
 */
struct own {
	seqcount_t latch;
	int x;
	unsigned int sequence, own_x;
	int other_x;
};

static void own_writer(void *arg)
{
	struct own *o = arg;

	raw_write_seqcount_latch(&o->latch);
	raw_write_seqcount_latch(&o->latch);
	o->sequence = o->latch.sequence;
	WRITE_ONCE(o->x, o->x + 1);
	WRITE_ONCE(o->x, o->x + 1);
	o->own_x = (unsigned int)o->x;
}

static void own_reader(void *arg)
{
	struct own *o = arg;

	o->other_x = READ_ONCE(o->x);
}

static void *own_setup(void)
{
	struct own *o = kzalloc(sizeof(*o), GFP_KERNEL);

	sim_task_create("writer", 0, own_writer, o);
	sim_task_create("reader", 1, own_reader, o);
	return o;
}

static void own_finish(void *arg)
{
	struct own *o = arg;

	if (o->sequence != 2 || o->own_x != 2 || o->x != 2)
		sim_violation("own-stores", "sequence %u, x %u (%d in memory)", o->sequence,
			      o->own_x, o->x);
	if (o->other_x < 0 || o->other_x > 2)
		sim_violation("own-stores", "the other CPU read x = %d", o->other_x);
}

static const struct sim_scenario own = {
	.name = "test/own-stores",
	.nr_cpus = 2,
	.setup = own_setup,
	.finish = own_finish,
};

START_TEST(test_plain_reads_see_own_stores)
{
	unsigned int mm;
	uint64_t runs;

	for (mm = 0; mm < SIM_MM_NR; mm++)
		ck_assert_int_eq(exhaust(&own, (enum sim_mm)mm, &runs), SIM_OK);
	ck_assert_uint_gt(runs, 2);
}
END_TEST

/*
 * Mixed sizes: a byte store into a word another CPU's 8-byte store still
 * holds in its buffer.  Memory ends as the order the two became visible
 * says, and a 4-byte read of part of the word sees whole stores only.
 */
struct mixed {
	union {
		uint64_t word;
		uint32_t half[2];
		uint8_t byte[8];
	} u;
	uint32_t half;
};

static void mixed_word(void *arg)
{
	struct mixed *m = arg;

	WRITE_ONCE(m->u.word, ~0ULL);
}

static void mixed_byte(void *arg)
{
	struct mixed *m = arg;

	WRITE_ONCE(m->u.byte[1], 0x55);
	m->half = READ_ONCE(m->u.half[0]);
}

static void *mixed_setup(void)
{
	struct mixed *m = kzalloc(sizeof(*m), GFP_KERNEL);

	sim_task_create("word", 0, mixed_word, m);
	sim_task_create("byte", 1, mixed_byte, m);
	return m;
}

static void mixed_finish(void *arg)
{
	struct mixed *m = arg;

	if (m->u.word != ~0ULL && m->u.word != 0xffffffffffff55ffULL)
		sim_violation("mixed-size", "word %llx", (unsigned long long)m->u.word);
	if (m->half != 0x5500 && m->half != 0xffff55ff && m->half != 0xffffffff)
		sim_violation("mixed-size", "half read %x", m->half);
}

static const struct sim_scenario mixed = {
	.name = "test/mixed-size",
	.nr_cpus = 2,
	.setup = mixed_setup,
	.finish = mixed_finish,
};

START_TEST(test_mixed_sizes)
{
	unsigned int mm;
	uint64_t runs;

	for (mm = 0; mm < SIM_MM_NR; mm++)
		ck_assert_int_eq(exhaust(&mixed, (enum sim_mm)mm, &runs), SIM_OK);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tso");
	TCase *tc = tcase_create("tso");

	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_store_buffering_only_under_tso);
	tcase_add_test(tc, test_message_passing_holds_under_tso);
	tcase_add_test(tc, test_store_forwarding);
	tcase_add_test(tc, test_atomics_drain);
	tcase_add_test(tc, test_reads_from);
	tcase_add_test(tc, test_plain_reads_see_own_stores);
	tcase_add_test(tc, test_mixed_sizes);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

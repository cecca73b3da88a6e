// SPDX-License-Identifier: GPL-2.0
/*
 * The lkmm model against herd7's verdicts: the kernel's litmus tests in
 * ../shared/litmus/lkmm (the folder given as the first argument; skipped
 * when it is not there), explored in full under --mm lkmm.  What LKMM
 * forbids is never reached; the weak outcomes LKMM allows and sc and tso
 * hide (message passing, IRIW, WRC) are; and a stale read is told as one.
 * A store may go before stores that executed earlier in its location's
 * coherence order (S, R, 2+2W), never against what its CPU has seen.
 */
#include <dirent.h>
#include <stdio.h>

#include "../sim/linux/compiler.h"
#include "../tools/litmus/litmus.h"
#include "helpers.h"

static const char *litmus_dir;
/* tests/lkmm: our own tests of shapes the model once got wrong (second argument). */
static const char *own_dir;

/* Every schedule of @dir/@name under lkmm; whether its condition was reached. */
static bool reached_in(const char *dir, const char *name, bool *complete)
{
	struct litmus_options opt = { .mm = SIM_MM_LKMM, .strategy = "dfs", .runs = 2000000,
				      .seed = 1, .preemption_bound = SIM_DFS_UNBOUNDED };
	struct litmus_result res = { 0 };
	struct litmus_test *test;
	char path[4096];
	bool r;

	snprintf(path, sizeof(path), "%s/%s.litmus", dir, name);
	test = litmus_load(path);
	ck_assert_msg(test->error.kind == LITMUS_OK, "%s: %s", path, test->error.what);
	litmus_run(test, &opt, &res);
	*complete = res.complete;
	r = res.satisfied != 0;
	litmus_result_free(&res);
	litmus_free(test);
	return r;
}

static void expect_in(const char *dir, const char *name, bool want)
{
	bool complete;

	ck_assert_msg(reached_in(dir, name, &complete) == want,
		      "%s: condition %sreached under lkmm", name, want ? "not " : "");
	ck_assert_msg(complete, "%s: not every schedule explored", name);
}

static void expect(const char *name, bool want)
{
	expect_in(litmus_dir, name, want);
}

START_TEST(test_must_show)
{
	if (!litmus_dir)
		return;
	expect("MP+poonceonces", true);
	expect("MP+fencewmbonceonce+fencermbonceonce", false);
	expect("SB+fencembonceonces", false);
	expect("IRIW+fencembonceonces+OnceOnce", false);
	expect("IRIW+poonceonces+OnceOnce", true);
	expect("WRC+poonceonces+Once", true);
}
END_TEST

/* The whole folder, quickly: nothing LKMM forbids, nothing it promises missed. */
START_TEST(test_conformance)
{
	struct litmus_options opt = { .mm = SIM_MM_LKMM, .strategy = "dfs", .runs = 200000,
				      .seed = 1, .preemption_bound = SIM_DFS_UNBOUNDED };
	unsigned int ran = 0;
	struct dirent *d;
	DIR *dir;

	if (!litmus_dir)
		return;
	dir = opendir(litmus_dir);
	ck_assert(dir);
	while ((d = readdir(dir))) {
		struct litmus_result res = { 0 };
		struct litmus_test *test;
		const char *why;
		char path[4096];
		size_t len = strlen(d->d_name);

		if (len < 8 || strcmp(d->d_name + len - 7, ".litmus"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", litmus_dir, d->d_name);
		test = litmus_load(path);
		if (test->error.kind != LITMUS_OK) {
			/* RCU is refused by name until it lands; nothing else may be. */
			ck_assert_msg(test->error.kind == LITMUS_UNSUPPORTED, "%s: %s", path,
				      test->error.what);
			litmus_free(test);
			continue;
		}
		litmus_run(test, &opt, &res);
		why = litmus_nonconformance(test, &res);
		ck_assert_msg(!why, "%s: %s under lkmm", path, why);
		ran++;
		litmus_result_free(&res);
		litmus_free(test);
	}
	closedir(dir);
	ck_assert_uint_ge(ran, 40);
}
END_TEST

/*
 * Coherence order unlike execution order: reached where LKMM allows it (S,
 * R), never where coherence or a barrier forbids it (the four Co shapes, S
 * with wmb and acquire, R with full barriers).
 */
START_TEST(test_coherence_order)
{
	if (!litmus_dir)
		return;
	expect("S+poonceonces", true);
	expect("R+poonceonces", true);
	expect("CoWW+poonceonce", false);
	expect("CoRW+poonceonce+Once", false);
	expect("CoWR+poonceonce+Once", false);
	expect("CoRR+poonceonce+Once", false);
	expect("S+fencewmbonceonce+poacquireonce", false);
	expect("R+fencembonceonces", false);
}
END_TEST

/*
 * LKMM forbids these (hb cycles through fre/coe ; cumul-fence ; rfe on one
 * CPU), and the model once reached them: a store placed before one that
 * does not carry what it carries, an acquire not ordered after an earlier
 * load hb-before it.  Too many schedules for tso to finish, so not in
 * tests/litmus.
 */
START_TEST(test_hb_through_prop)
{
	ck_assert(own_dir);
	expect_in(own_dir, "hb+co-before-dep", false);
	expect_in(own_dir, "hb+rfi-acquire", false);
}
END_TEST

/* 2+2W: each CPU's first store last in coherence order; with smp_mb() never. */
struct two_two_w {
	int x, y;
	bool mb;
};

static void two_two_w_p0(void *arg)
{
	struct two_two_w *w = arg;

	WRITE_ONCE(w->x, 1);
	if (w->mb)
		sim_fence(SIM_SITE("smp_mb", ""), SIM_FENCE_MB);
	WRITE_ONCE(w->y, 2);
}

static void two_two_w_p1(void *arg)
{
	struct two_two_w *w = arg;

	WRITE_ONCE(w->y, 1);
	if (w->mb)
		sim_fence(SIM_SITE("smp_mb", ""), SIM_FENCE_MB);
	WRITE_ONCE(w->x, 2);
}

static bool two_two_w_mb;
/* Not <linux/slab.h> here (no kernel include path): a fresh object each run. */
static struct two_two_w two_two_w_object;

static void *two_two_w_setup(void)
{
	struct two_two_w *w = &two_two_w_object;

	*w = (struct two_two_w){ .mb = two_two_w_mb };
	sim_task_create("P0", 0, two_two_w_p0, w);
	sim_task_create("P1", 1, two_two_w_p1, w);
	return w;
}

/* Memory holds each location's last store in coherence order: what the end sees. */
static void two_two_w_finish(void *arg)
{
	struct two_two_w *w = arg;

	if (w->x == 1 && w->y == 1)
		sim_violation("2+2W", "x == 1 && y == 1");
}

static const struct sim_scenario two_two_w = {
	.name = "test/2+2W",
	.nr_cpus = 2,
	.setup = two_two_w_setup,
	.finish = two_two_w_finish,
};

/* Every schedule of @s under @mm (dfs, no bound); the failure, if any. */
static enum sim_fail_kind exhaust(const struct sim_scenario *s, enum sim_mm mm)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = mm;
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			break;
		sim_source_end_run(&src, res.steps);
	}
	ck_assert(!src.truncated);
	return res.failure.kind;
}

START_TEST(test_two_plus_two_w)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	two_two_w_mb = false;
	ck_assert_int_eq(exhaust(&two_two_w, SIM_MM_SC), SIM_OK);
	ck_assert_int_eq(exhaust(&two_two_w, SIM_MM_TSO), SIM_OK);
	ck_assert_int_eq(exhaust(&two_two_w, SIM_MM_LKMM), SIM_FAIL_INVARIANT);
	/* The story says which store went before which. */
	out = open_memstream(&text, &len);
	sim_trace_print(out);
	fclose(out);
	ck_assert_msg(strstr(text, "(placed before w->x := 1 by cpu0 in coherence order)") ||
		      strstr(text, "(placed before w->y := 1 by cpu1 in coherence order)"),
		      "%s", text);
	free(text);
	two_two_w_mb = true;
	ck_assert_int_eq(exhaust(&two_two_w, SIM_MM_LKMM), SIM_OK);
}
END_TEST

/* The failing run of demo/mp says which store the reader read and which it missed. */
START_TEST(test_stale_read_story)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	char *text = NULL;
	size_t len = 0;
	uint64_t run;
	FILE *out;

	sim_source_dfs(&src, SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, scenario("demo/mp"), &src);
	cfg.mm = SIM_MM_LKMM;
	for (run = 0; !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		if (sim_run(&cfg, &res) != SIM_OK)
			break;
		sim_source_end_run(&src, res.steps);
	}
	ck_assert_int_eq(res.failure.kind, SIM_FAIL_INVARIANT);
	out = open_memstream(&text, &len);
	sim_trace_print(out);
	fclose(out);
	ck_assert_msg(strstr(text, "READ_ONCE(ctx->data) = 0  (ctx->data := 42 by cpu0 not yet "
				   "propagated to cpu1)"), "%s", text);
	free(text);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("lkmm");
	TCase *tc = tcase_create("lkmm");
	DIR *dir;

	if (argc > 1 && (dir = opendir(argv[1]))) {
		closedir(dir);
		litmus_dir = argv[1];
	} else {
		printf("%s: no litmus folder: the litmus tests are skipped\n", argv[0]);
	}
	if (argc > 2)
		own_dir = argv[2];
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_must_show);
	tcase_add_test(tc, test_conformance);
	tcase_add_test(tc, test_stale_read_story);
	tcase_add_test(tc, test_coherence_order);
	tcase_add_test(tc, test_two_plus_two_w);
	tcase_add_test(tc, test_hb_through_prop);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The lkmm model against herd7's verdicts: the kernel's litmus tests in
 * ../shared/litmus/lkmm (the folder given as the first argument; skipped
 * when it is not there), explored in full under --mm lkmm.  What LKMM
 * forbids is never reached; the weak outcomes LKMM allows and sc and tso
 * hide (message passing, IRIW, WRC) are; and a stale read is told as one.
 */
#include <dirent.h>
#include <stdio.h>

#include "../tools/litmus/litmus.h"
#include "helpers.h"

static const char *litmus_dir;

/* Every schedule of @name under lkmm; whether its condition was reached. */
static bool reached(const char *name, bool *complete)
{
	struct litmus_options opt = { .mm = SIM_MM_LKMM, .strategy = "dfs", .runs = 2000000,
				      .seed = 1, .preemption_bound = SIM_DFS_UNBOUNDED };
	struct litmus_result res = { 0 };
	struct litmus_test *test;
	char path[4096];
	bool r;

	snprintf(path, sizeof(path), "%s/%s.litmus", litmus_dir, name);
	test = litmus_load(path);
	ck_assert_msg(test->error.kind == LITMUS_OK, "%s: %s", path, test->error.what);
	litmus_run(test, &opt, &res);
	*complete = res.complete;
	r = res.satisfied != 0;
	litmus_result_free(&res);
	litmus_free(test);
	return r;
}

static void expect(const char *name, bool want)
{
	bool complete;

	ck_assert_msg(reached(name, &complete) == want, "%s: condition %sreached under lkmm",
		      name, want ? "not " : "");
	ck_assert_msg(complete, "%s: not every schedule explored", name);
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
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, test_must_show);
	tcase_add_test(tc, test_conformance);
	tcase_add_test(tc, test_stale_read_story);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

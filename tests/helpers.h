/* SPDX-License-Identifier: GPL-2.0 */
/* Running scenarios from tests: one run from bytes, a seed, or a search. */
#ifndef TESTS_HELPERS_H
#define TESTS_HELPERS_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/scenario.h"
#include "../sim/decide.h"
#include "../sim/sanitizer.h"
#include "../sim/scenario.h"
#include "../sim/trace.h"

struct outcome {
	enum sim_fail_kind kind;
	char name[48];
	char message[512];
	uint64_t hash;
	uint64_t steps;
	uint64_t max_nonpreempt;
	uint8_t schedule[4096];
	size_t len;
};

static inline void outcome_take(struct outcome *o, const struct sim_result *res)
{
	o->kind = res->failure.kind;
	memcpy(o->name, res->failure.name, sizeof(o->name));
	memcpy(o->message, res->failure.message, sizeof(o->message));
	o->hash = sim_trace_hash();
	o->steps = res->steps;
	o->max_nonpreempt = res->max_nonpreempt_steps;
	o->len = res->schedule_len < sizeof(o->schedule) ? res->schedule_len : sizeof(o->schedule);
	if (o->len)
		memcpy(o->schedule, res->schedule, o->len);
}

/* The model the helpers run under: tests of the stream loop over both. */
static enum sim_mm helper_mm = SIM_MM_SC;
/* The preemption model they run under (test_preempt loops over them). */
static enum sim_preempt helper_preempt = SIM_PREEMPT_DEFAULT;

static inline void run_bytes(const struct sim_scenario *s, const uint8_t *bytes, size_t len,
			     struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;

	sim_source_bytes(&src, bytes, len);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	cfg.preempt = helper_preempt;
	sim_run(&cfg, &res);
	outcome_take(o, &res);
}

/* Run number @run of a random (depth 0) or PCT (depth >= 1) search with @seed. */
static inline void run_seed(const struct sim_scenario *s, uint64_t seed, uint64_t run,
			    unsigned int depth, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;

	if (depth)
		sim_source_pct(&src, seed, depth);
	else
		sim_source_random(&src, seed);
	sim_source_begin_run(&src, run);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	cfg.preempt = helper_preempt;
	sim_run(&cfg, &res);
	outcome_take(o, &res);
}

/*
 * Search from scratch: runs 0.. of @seed until a failure; returns the number
 * of runs it took, or 0 when @budget runs stayed clean.
 */
static inline uint64_t search(const struct sim_scenario *s, uint64_t seed, unsigned int depth,
			      uint64_t budget, struct outcome *o)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	if (depth)
		sim_source_pct(&src, seed, depth);
	else
		sim_source_random(&src, seed);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = helper_mm;
	cfg.preempt = helper_preempt;
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

/*
 * TSan reports a race once per process, so a scenario whose bug is a
 * sanitizer report cannot be run twice alike in one: tests of the stream
 * leave it to the CLI tests, which replay in a fresh process.
 */
static inline bool twice_alike_in_one_process(const struct sim_scenario *s)
{
	/* A use after kfree() is often first TSan's race with the free (tools/cli.c). */
	return !SIM_TSAN || !s->bug ||
	       (strncmp(s->bug, "sanitizer:", 10) && strcmp(s->bug, "bug:use-after-free"));
}

/*
 * Exhaustive and random-bytes tests reach every schedule, and under TSan a
 * known bug of any kind may, on some of them, also be a race TSan reports
 * (memory reused while another task still reads it), which ends the
 * process: there they run the scenarios without a bug.
 */
static inline bool every_schedule_alike_in_one_process(const struct sim_scenario *s)
{
	return twice_alike_in_one_process(s) && !(SIM_TSAN && s->bug);
}

/*
 * A race interleavings cannot show: TSan, in its build, must report it
 * within a few runs (and then ends the process with status 66); other
 * builds must stay clean.
 */
static inline void expect_race_only_under_tsan(const struct sim_scenario *s)
{
	struct outcome o;
	uint64_t runs = search(s, 1, 0, 100, &o);

	if (SIM_TSAN) {
		ck_assert_uint_gt(runs, 0);
		ck_assert_int_eq(o.kind, SIM_FAIL_SANITIZER);
		ck_assert_str_eq(o.name, "data-race");
	} else {
		ck_assert_uint_eq(runs, 0);
	}
}

static inline const struct sim_scenario *scenario(const char *name)
{
	const struct sim_scenario *s = sim_scenario_find(name);

	ck_assert_msg(s, "no scenario %s", name);
	return s;
}

/* Run one suite; the exit status is what meson test reads. */
static inline int run_suite(Suite *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TESTS_HELPERS_H */

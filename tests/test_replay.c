// SPDX-License-Identifier: GPL-2.0
/*
 * The decision stream's contract: what a search records replays to the same
 * run; any byte string is a schedule; the same seed gives the same run; a
 * reproducer file round-trips and a malformed one is refused.
 */
#include <stdio.h>
#include <unistd.h>

#include "../sim/prng.h"
#include "../sim/repro.h"
#include "helpers.h"

START_TEST(test_record_replay_identity)
{
	const struct sim_scenario *const *s;
	unsigned int depth;
	uint64_t seed;

	helper_mm = (enum sim_mm)_i;
	for (s = sim_scenario_list(); *s; s++) {
		if (!every_schedule_alike_in_one_process(*s))
			continue;
		for (depth = 0; depth <= 2; depth += 2) {
			for (seed = 1; seed <= 300; seed++) {
				struct outcome found, replayed;

				run_seed(*s, seed, seed % 7, depth, &found);
				ck_assert_uint_lt(found.len, sizeof(found.schedule));
				run_bytes(*s, found.schedule, found.len, &replayed);
				ck_assert_msg(found.hash == replayed.hash,
					      "%s seed %llu: replay differs", (*s)->name,
					      (unsigned long long)seed);
				ck_assert_int_eq(found.kind, replayed.kind);
				ck_assert_str_eq(found.name, replayed.name);
				ck_assert_uint_eq(found.len, replayed.len);
				ck_assert_mem_eq(found.schedule, replayed.schedule, found.len);
			}
		}
	}
}
END_TEST

START_TEST(test_same_seed_same_run)
{
	const struct sim_scenario *const *s;
	uint64_t seed;

	helper_mm = (enum sim_mm)_i;
	for (s = sim_scenario_list(); *s; s++) {
		if (!every_schedule_alike_in_one_process(*s))
			continue;
		for (seed = 1; seed <= 1000; seed++) {
			struct outcome a, b;

			run_seed(*s, seed, 0, seed % 3, &a);
			run_seed(*s, seed, 0, seed % 3, &b);
			ck_assert_msg(a.hash == b.hash, "%s seed %llu ran twice differently",
				      (*s)->name, (unsigned long long)seed);
		}
	}
}
END_TEST

START_TEST(test_any_bytes_are_a_schedule)
{
	const struct sim_scenario *const *s;
	uint64_t rng = 42;
	uint8_t bytes[512];
	unsigned int i;

	helper_mm = (enum sim_mm)_i;
	for (s = sim_scenario_list(); *s; s++) {
		struct outcome o;

		if (!every_schedule_alike_in_one_process(*s))
			continue;
		run_bytes(*s, NULL, 0, &o);	/* the empty schedule */
		for (i = 0; i < 5000; i++) {
			size_t len = prng_below(&rng, sizeof(bytes) + 1), j;

			for (j = 0; j < len; j++)
				bytes[j] = (uint8_t)splitmix64(&rng);
			run_bytes(*s, bytes, len, &o);
			ck_assert_int_lt(o.kind, SIM_FAIL_NR);
			/* What it recorded (each byte reduced mod its options) runs the same. */
			if (i % 8 == 0) {
				struct outcome again;

				run_bytes(*s, o.schedule, o.len, &again);
				ck_assert(again.hash == o.hash);
			}
		}
	}
}
END_TEST

/* Answers are byte % n: a schedule and its bytes + k*n twins replay alike. */
START_TEST(test_bytes_modulo_options)
{
	struct outcome a, b;
	uint8_t twin[4096];
	size_t i;

	run_seed(scenario("demo/locked-counter"), 99, 3, 0, &a);
	for (i = 0; i < a.len; i++)
		twin[i] = (uint8_t)(a.schedule[i] + 2 * (1 + i % 50));	/* two tasks: n is 2 */
	run_bytes(scenario("demo/locked-counter"), twin, a.len, &b);
	ck_assert(a.hash == b.hash);
	ck_assert_mem_eq(a.schedule, b.schedule, a.len);
}
END_TEST

static char tmp_path[] = "/tmp/schedfuzz-test-XXXXXX";

static const char *write_tmp(const char *text)
{
	int fd = mkstemp(strcpy(tmp_path, "/tmp/schedfuzz-test-XXXXXX"));
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	return tmp_path;
}

static int read_text(const char *text, char *err, size_t errlen)
{
	struct sim_repro r;
	int ret = sim_repro_read(write_tmp(text), &r, err, errlen);

	unlink(tmp_path);
	if (!ret)
		sim_repro_free(&r);
	return ret;
}

START_TEST(test_reproducer_round_trip)
{
	uint8_t schedule[100];
	struct sim_repro w = { .scenario = "demo/lost-update", .mm = SIM_MM_SC, .nr_params = 1,
			       .param_name = { "tasks" }, .param_value = { 3 },
			       .expect_kind = SIM_FAIL_INVARIANT, .expect_name = "final-count",
			       .found_by = "random seed 1 run 0", .schedule = schedule,
			       .len = sizeof(schedule) };
	struct sim_repro r;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(schedule); i++)
		schedule[i] = (uint8_t)(i * 37);
	close(mkstemp(strcpy(tmp_path, "/tmp/schedfuzz-test-XXXXXX")));
	ck_assert_int_eq(sim_repro_write(tmp_path, &w, err, sizeof(err)), 0);
	ck_assert_msg(sim_repro_read(tmp_path, &r, err, sizeof(err)) == 0, "%s", err);
	unlink(tmp_path);
	ck_assert_str_eq(r.scenario, w.scenario);
	ck_assert_int_eq(r.mm, w.mm);
	ck_assert_uint_eq(r.nr_params, 1);
	ck_assert_str_eq(r.param_name[0], "tasks");
	ck_assert_int_eq(r.param_value[0], 3);
	ck_assert_int_eq(r.expect_kind, SIM_FAIL_INVARIANT);
	ck_assert_str_eq(r.expect_name, "final-count");
	ck_assert_uint_eq(r.len, sizeof(schedule));
	ck_assert_mem_eq(r.schedule, schedule, sizeof(schedule));
	sim_repro_free(&r);
}
END_TEST

/*
 * Formats 1 and 2 offered tso's flushes only at preemption points: such a
 * file keeps those rules, written back as it was read.
 */
START_TEST(test_format_2_tso_keeps_its_rules)
{
	static const char *const text[] = {
		"schedfuzz-reproducer 2\nscenario demo/sb\nmm tso\npreempt full\n",
		"schedfuzz-reproducer 3\nscenario demo/sb\nmm tso\npreempt full\n",
		"schedfuzz-reproducer 2\nscenario demo/sb\nmm sc\npreempt full\n",
	};
	struct sim_repro r, again;
	char err[256];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		ck_assert_msg(sim_repro_read(write_tmp(text[i]), &r, err, sizeof(err)) == 0, "%s",
			      err);
		ck_assert_int_eq(r.tso_v2, i == 0);
		ck_assert_int_eq(sim_repro_write(tmp_path, &r, err, sizeof(err)), 0);
		ck_assert_int_eq(sim_repro_read(tmp_path, &again, err, sizeof(err)), 0);
		unlink(tmp_path);
		ck_assert_int_eq(again.tso_v2, r.tso_v2);
		sim_repro_free(&r);
		sim_repro_free(&again);
	}
}
END_TEST

START_TEST(test_malformed_reproducers_refused)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
		{ "", "empty" },
		{ "\x7f" "ELF\x02\x01\x01\n", "not a schedfuzz reproducer" },
		{ "\x7f" "ELF\x02\x01\x01 without a newline for a long while", "not a schedfuzz" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\n\x01\x02\n", "not a line of text" },
		{ "schedfuzz-reproducer 4\nscenario demo/abba\n", "version 4" },
		{ "schedfuzz-reproducer 2\nscenario demo/abba\n", "no preempt line" },
		{ "schedfuzz-reproducer 2\nscenario demo/abba\npreempt lazy\n",
		  "preemption model" },
		/* Format 1 came before the models: a preempt line is no field of it. */
		{ "schedfuzz-reproducer 1\nscenario demo/abba\npreempt full\n", "unknown field" },
		{ "schedfuzz-reproducer 1\n", "no scenario" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nspeed fast\n", "unknown field" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nschedule 0g\n", "not hex" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nschedule 012\n", "not hex" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nmm weird\n", "memory model" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\ndecisions 4\nschedule 01\n",
		  "truncated" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nexpect panic\n", "unknown kind" },
		{ "schedfuzz-reproducer 1\nscenario demo/abba\nparam tasks many\n", "integer" },
	};
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(read_text(bad[i].text, err, sizeof(err)) != 0, "accepted case %zu", i);
		ck_assert_msg(strstr(err, bad[i].says), "case %zu says '%s'", i, err);
	}
	ck_assert_int_eq(read_text("# comment\nschedfuzz-reproducer 1\nscenario demo/abba\n",
				   err, sizeof(err)), 0);
	ck_assert_int_eq(read_text("schedfuzz-reproducer 2\nscenario demo/abba\npreempt none\n",
				   err, sizeof(err)), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 0);
	/* Each under every model: the loop index is the model. */
	tcase_add_loop_test(tc, test_record_replay_identity, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_same_seed_same_run, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_any_bytes_are_a_schedule, 0, SIM_MM_NR);
	tcase_add_test(tc, test_bytes_modulo_options);
	tcase_add_test(tc, test_reproducer_round_trip);
	tcase_add_test(tc, test_format_2_tso_keeps_its_rules);
	tcase_add_test(tc, test_malformed_reproducers_refused);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: GPL-2.0
/* What one litmus test did under one model: outcomes, the condition, the verdict. */
#include <string.h>

#include "litmus.h"
#include "tools/cli.h"

static const char *const quantifier_name[] = {
	[LITMUS_Q_NONE] = "",
	[LITMUS_Q_EXISTS] = "exists",
	[LITMUS_Q_NOT_EXISTS] = "~exists",
	[LITMUS_Q_FORALL] = "forall",
};

const char *litmus_nonconformance(const struct litmus_test *test, const struct litmus_result *res)
{
	enum litmus_verdict lkmm = litmus_lkmm_verdict(test);

	/*
	 * sc and x86-TSO are at least as strong as LKMM: every run is an
	 * execution LKMM allows, so what it forbids must never be seen, and
	 * what it says always holds must hold in every run.
	 */
	if (lkmm == LITMUS_NEVER && res->satisfied)
		return "LKMM says Never, yet the condition held";
	if (lkmm == LITMUS_ALWAYS && res->satisfied < res->finished - res->filtered)
		return "LKMM says Always, yet a run missed the condition";
	return NULL;
}

bool litmus_expectation_met(const struct litmus_test *test, enum sim_mm mm,
			    const struct litmus_result *res)
{
	enum litmus_verdict got = litmus_result_verdict(test, res);

	/* An incomplete exploration neither meets nor contradicts: it is counted as such. */
	return !test->expect[mm][0] || got == LITMUS_INCOMPLETE ||
	       litmus_verdict_parse(test->expect[mm]) == got;
}

static void print_exploration(FILE *out, const struct litmus_test *test,
			      const struct litmus_options *opt, const struct litmus_result *res)
{
	fprintf(out, "Test %s under %s, %s: %llu schedule%s", test->name, sim_mm_name[opt->mm],
		opt->strategy, res->schedules, res->schedules == 1 ? "" : "s");
	if (strcmp(opt->strategy, "dfs"))
		fprintf(out, " (seed %llu)", opt->seed);
	else if (res->complete)
		fprintf(out, ", every schedule explored");
	else if (opt->preemption_bound != SIM_DFS_UNBOUNDED)
		fprintf(out, " within %u preemption%s: not every schedule explored",
			opt->preemption_bound, opt->preemption_bound == 1 ? "" : "s");
	else if (opt->delay_bounded)
		fprintf(out, " within %u delay%s: not every schedule explored",
			opt->delay_bound, opt->delay_bound == 1 ? "" : "s");
	else if (res->out_of_time)
		fprintf(out, ", stopped by --time: not every schedule explored");
	else if (opt->runs_given)
		fprintf(out, ", stopped by --runs: not every schedule explored");
	else
		fprintf(out, ", stopped at the default budget of %llu schedules (--runs, --time): "
			"not every schedule explored", opt->runs);
	/* Prefixes of schedules already run: no outcome of their own. */
	if (res->pruned)
		fprintf(out, " (%llu of them cut short by the reduction)", res->pruned);
	fputc('\n', out);
}

void litmus_print_result(FILE *out, const struct litmus_test *test,
			 const struct litmus_options *opt, const struct litmus_result *res)
{
	const char *nonconforming = litmus_nonconformance(test, res), *what;
	char cond[1024];
	unsigned int i;

	print_exploration(out, test, opt, res);
	if (res->nr_outcomes)
		fprintf(out, "Outcomes%s:\n", test->cond ? " (* where the condition holds)" : "");
	for (i = 0; i < res->nr_outcomes; i++)
		fprintf(out, "%10llu %c %s\n", res->outcomes[i].count,
			res->outcomes[i].satisfies ? '*' : ' ', res->outcomes[i].key);
	if (res->filtered)
		fprintf(out, "Filtered out: %llu runs\n", res->filtered);
	if (res->deadlocks)
		fprintf(out, "Deadlocked: %llu runs\n", res->deadlocks);
	if (res->errors)
		fprintf(out, "Failed: %llu runs; the first: %s\n", res->errors, res->first_error);
	if (test->quantifier != LITMUS_Q_NONE) {
		bool reached = litmus_result_reached(test, res);

		litmus_cond_format(test, test->cond, cond, sizeof(cond));
		if (test->quantifier == LITMUS_Q_FORALL)
			what = reached ? "held in every run" : "did not always hold";
		else
			what = reached ? "reached" : "never reached";
		fprintf(out, "Condition %s (%s): %s\n", quantifier_name[test->quantifier], cond,
			what);
	}
	fprintf(out, "Verdict: %s", litmus_verdict_name[litmus_result_verdict(test, res)]);
	if (test->lkmm_conflict[0])
		fprintf(out, " (LKMM: not judged, %s)", test->lkmm_conflict);
	else if (test->lkmm[0])
		fprintf(out, " (LKMM: %s%s)", test->lkmm,
			test->lkmm_from_index ? ", from the verdict index" : "");
	if (test->expect[opt->mm][0])
		fprintf(out, "%s expected %s", test->lkmm[0] ? "," : "", test->expect[opt->mm]);
	fputc('\n', out);
	if (nonconforming)
		fprintf(out, "NOT CONFORMING: %s under %s\n", nonconforming, sim_mm_name[opt->mm]);
	if (!litmus_expectation_met(test, opt->mm, res))
		fprintf(out, "UNEXPECTED: the header expects %s under %s\n", test->expect[opt->mm],
			sim_mm_name[opt->mm]);
}

void litmus_print_json(FILE *out, const struct litmus_test *test,
		       const struct litmus_options *opt, const struct litmus_result *res)
{
	unsigned int i;

	fprintf(out, "{\"test\":");
	json_string(out, test->name);
	fprintf(out, ",\"mm\":\"%s\",\"strategy\":\"%s\",\"schedules\":%llu,\"complete\":%s,"
		"\"exists_reached\":%s,\"outcomes\":{", sim_mm_name[opt->mm], opt->strategy,
		res->schedules, res->complete ? "true" : "false",
		litmus_result_reached(test, res) ? "true" : "false");
	for (i = 0; i < res->nr_outcomes; i++) {
		if (i)
			fputc(',', out);
		json_string(out, res->outcomes[i].key);
		fprintf(out, ":%llu", res->outcomes[i].count);
	}
	fprintf(out, "},\"verdict\":\"%s\",\"lkmm\":",
		litmus_verdict_name[litmus_result_verdict(test, res)]);
	json_string(out, test->lkmm[0] ? test->lkmm : NULL);
	fprintf(out, ",\"filtered\":%llu,\"deadlocks\":%llu,\"errors\":%llu,\"conforms\":%s,"
		"\"cut_short\":%llu}\n", res->filtered, res->deadlocks, res->errors,
		litmus_nonconformance(test, res) ? "false" : "true", res->pruned);
}

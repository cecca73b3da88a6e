// SPDX-License-Identifier: GPL-2.0
/*
 * A litmus test as a scenario built at run time: one CPU and one task per
 * process, the locations and registers in a per-run context, and the final
 * state judged at the end of every run.  The scenario's callbacks take no
 * argument, so the test being run is kept here for the duration of
 * litmus_run() (the command line is single-threaded).
 */
#include <stdlib.h>
#include <string.h>

#include "litmus.h"
#include "sim/alloc.h"
#include "sim/trace.h"
#include "tools/cli.h"

/* Generous: a run is a few dozen steps; only a retry loop could be longer. */
#define LITMUS_MAX_STEPS 20000

static struct {
	const struct litmus_test *test;
	const struct litmus_options *opt;
	struct litmus_result *res;
	bool satisfied;		/* by the run in flight */
} current;

static void *litmus_setup(void)
{
	const struct litmus_test *t = current.test;
	struct litmus_ctx *ctx = sim_kmalloc(SIM_SITE("kzalloc", "litmus_ctx"), sizeof(*ctx),
					     SIM_GFP_ZERO);
	unsigned int i, r;

	ctx->test = t;
	for (i = 0; i < t->nr_locs; i++) {
		ctx->cells[i].value = t->locs[i].init;
		/* A struct srcu_struct *s parameter: its SRCU domain is named after it. */
		ctx->cells[i].srcu.name = t->locs[i].name;
	}
	for (i = 0; i < t->nr_procs; i++) {
		for (r = 0; r < t->procs[i].nr_regs; r++)
			ctx->regs[i][r] = t->procs[i].regs[r].init;
		ctx->task_arg[i].ctx = ctx;
		ctx->task_arg[i].proc = i;
		sim_task_create(t->procs[i].name, i, litmus_exec_proc, &ctx->task_arg[i]);
	}
	return ctx;
}

static void outcome_key(const struct litmus_state *st, char *buf, size_t len)
{
	const struct litmus_test *t = st->test;
	size_t at = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < t->nr_observed && at + 1 < len; i++) {
		const struct litmus_operand *o = &t->observed[i];
		char value[160];
		int n;

		litmus_value_format(t, litmus_operand_value(st, o), value, sizeof(value));
		if (o->kind == LITMUS_O_REG)
			n = snprintf(buf + at, len - at, "%s%u:%s=%s", i ? "; " : "", o->proc,
				     t->procs[o->proc].regs[o->index].name, value);
		else
			n = snprintf(buf + at, len - at, "%s%s=%s", i ? "; " : "",
				     t->locs[o->index].name, value);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

static void outcome_count(struct litmus_result *res, const char *key, bool satisfies)
{
	unsigned int lo = 0, hi = res->nr_outcomes;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		int c = strcmp(res->outcomes[mid].key, key);

		if (!c) {
			res->outcomes[mid].count++;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (res->nr_outcomes == res->cap_outcomes) {
		unsigned int cap = res->cap_outcomes ? 2 * res->cap_outcomes : 16;
		struct litmus_outcome *o = realloc(res->outcomes, cap * sizeof(*o));

		if (!o)
			die_usage("out of memory");
		res->outcomes = o;
		res->cap_outcomes = cap;
	}
	memmove(&res->outcomes[lo + 1], &res->outcomes[lo],
		(res->nr_outcomes - lo) * sizeof(res->outcomes[0]));
	res->outcomes[lo] = (struct litmus_outcome){
		.key = strdup(key),
		.count = 1,
		.satisfies = satisfies,
	};
	if (!res->outcomes[lo].key)
		die_usage("out of memory");
	res->nr_outcomes++;
}

/* Every process returned: read the final state, as herd's condition sees it. */
static void litmus_finish(void *arg)
{
	const struct litmus_ctx *ctx = arg;
	const struct litmus_test *t = current.test;
	struct litmus_result *res = current.res;
	struct litmus_state st = { .test = t };
	static char key[16384];
	unsigned int i;

	for (i = 0; i < t->nr_procs; i++)
		st.regs[i] = ctx->regs[i];
	for (i = 0; i < t->nr_locs; i++)
		st.locs[i] = t->locs[i].is_lock ? (int64_t)ctx->cells[i].lock.locked :
			     ctx->cells[i].value;
	res->finished++;
	if (t->filter && !litmus_cond_holds(&st, t->filter)) {
		res->filtered++;
		return;
	}
	current.satisfied = t->cond && litmus_cond_holds(&st, t->cond);
	res->satisfied += current.satisfied;
	outcome_key(&st, key, sizeof(key));
	outcome_count(res, key, current.satisfied);
}

static void print_witness(unsigned long long run)
{
	printf("The first run where the condition holds (schedule %llu):\n", run);
	sim_trace_print(stdout);
}

void litmus_run(const struct litmus_test *test, const struct litmus_options *opt,
		struct litmus_result *res)
{
	struct sim_scenario scenario = {
		.name = test->name,
		.description = "a litmus test",
		.nr_cpus = test->nr_procs,
		.max_steps = LITMUS_MAX_STEPS,
		.setup = litmus_setup,
		.finish = litmus_finish,
	};
	struct sim_source *src = calloc(1, sizeof(*src));
	bool dfs = !strcmp(opt->strategy, "dfs"), traced = false;
	struct sim_run_config cfg;
	struct sim_result r;
	unsigned long long run;
	double start;

	if (!src)
		die_usage("out of memory");
	memset(res, 0, sizeof(*res));
	current.test = test;
	current.opt = opt;
	current.res = res;
	sim_config_defaults(&cfg, &scenario, src);
	cfg.mm = opt->mm;
	if (dfs) {
		sim_source_dfs(src, opt->preemption_bound);
		if (opt->delay_bounded)
			sim_source_dfs_delay_bound(src, opt->delay_bound);
		if (opt->no_reduction)
			sim_source_dfs_no_reduction(src);
	}
	else
		sim_source_random(src, opt->seed);

	start = now_seconds();
	for (run = 0; !(dfs && sim_source_exhausted(src)) && (!opt->runs || run < opt->runs);
	     run++) {
		if (opt->seconds && !(run & 63) && now_seconds() - start >= opt->seconds) {
			res->out_of_time = true;
			break;
		}
		current.satisfied = false;
		sim_source_begin_run(src, run);
		sim_run(&cfg, &r);
		sim_source_end_run(src, r.steps);
		res->schedules++;
		if (r.pruned) {
			res->pruned++;
			continue;
		}
		if (r.failure.kind == SIM_FAIL_DEADLOCK) {
			res->deadlocks++;
		} else if (r.failure.kind != SIM_OK) {
			if (!res->errors++) {
				char label[96];

				snprintf(res->first_error, sizeof(res->first_error), "%s: %s",
					 failure_label(&r.failure, label, sizeof(label)),
					 r.failure.message);
			}
		} else if (current.satisfied && opt->trace && !traced) {
			print_witness(run);
			traced = true;
		}
	}
	res->complete = dfs && sim_source_exhausted(src) && !src->truncated &&
			!sim_source_bounded(src);
	memset(&current, 0, sizeof(current));
	free(src);
}

void litmus_result_free(struct litmus_result *res)
{
	unsigned int i;

	for (i = 0; i < res->nr_outcomes; i++)
		free(res->outcomes[i].key);
	free(res->outcomes);
	memset(res, 0, sizeof(*res));
}

enum litmus_verdict litmus_result_verdict(const struct litmus_test *test,
					  const struct litmus_result *res)
{
	unsigned long long judged = res->finished - res->filtered;
	enum litmus_verdict v;

	if (!res->finished && !res->complete && !res->deadlocks)
		return LITMUS_INCOMPLETE;	/* a budget spent on runs dfs cut short */
	if (!res->finished)
		v = res->deadlocks ? LITMUS_DEADLOCK : LITMUS_NO_VERDICT;
	else if (test->quantifier == LITMUS_Q_NONE)
		v = LITMUS_NO_VERDICT;
	else if (!res->satisfied)
		v = LITMUS_NEVER;
	else
		v = res->satisfied == judged ? LITMUS_ALWAYS : LITMUS_SOMETIMES;
	/*
	 * Runs where the condition held and runs where it did not prove
	 * Sometimes from any sample; Never, Always and DEADLOCK speak of every
	 * schedule, so a budget or a sample that stopped short proves none.
	 */
	if (!res->complete && v != LITMUS_SOMETIMES && v != LITMUS_NO_VERDICT)
		return LITMUS_INCOMPLETE;
	return v;
}

bool litmus_result_reached(const struct litmus_test *test, const struct litmus_result *res)
{
	if (test->quantifier == LITMUS_Q_FORALL)
		return res->satisfied == res->finished - res->filtered;
	return res->satisfied > 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The cyclictest table of ../shared/seeds/000_6f1e366fcfb7e502.txt, in
 * simulated steps: for each purge variant and a purge list of 8, 64 and
 * 512 areas, the longest stretch cpu0 stays non-preemptible while the
 * cyclictest task on it is ready.  "default" is the schedule that lets the
 * purge run uninterrupted (the worst case for a waiter), "random" the
 * maximum over a number of random schedules.  Figures, not verdicts: the
 * purge-incomplete check is off, and a run of rewrite-noflush ends at its
 * stale TLB, after the purge.  Deterministic: steps, not time.
 *
 * usage: purge_latency [RANDOM_RUNS]   (default 100)
 */
#include <linux/kernel.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../sim/scenario.h"
#include "../../sim/scenario.h"

static const char *const variants[] = {
	"purge/spinlock", "purge/refcount-v3", "purge/rewrite-noflush", "purge/rewrite",
	"purge/mutex-lockbreak",
};
static const int sizes[] = { 8, 64, 512 };

static void set(struct sim_run_config *cfg, const char *name, long value)
{
	char assignment[64], err[256];

	snprintf(assignment, sizeof(assignment), "%s=%ld", name, value);
	if (sim_config_set_param(cfg, assignment, err, sizeof(err))) {
		fprintf(stderr, "purge_latency: %s\n", err);
		exit(2);
	}
}

/* The longest stretch of one run, or over @runs random ones when @runs > 0. */
/* The preemption model of the table being printed: the figure is per model. */
static enum sim_preempt preempt = SIM_PREEMPT_DEFAULT;

static void model_table(unsigned long runs);

static unsigned long long stretch(const struct sim_scenario *s, int areas, unsigned long runs)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	unsigned long long max = 0;
	unsigned long run;

	if (runs)
		sim_source_random(&src, 1);
	else
		sim_source_bytes(&src, NULL, 0);
	sim_config_defaults(&cfg, s, &src);
	cfg.preempt = preempt;
	set(&cfg, "slots", areas);
	set(&cfg, "rt", areas + 8);	/* wants cpu0 for as long as the purge may take */
	set(&cfg, "sync_check", 0);
	for (run = 0; run < (runs ? runs : 1); run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		if (res.failure.kind != SIM_OK && res.failure.kind != SIM_FAIL_INVARIANT) {
			fprintf(stderr, "purge_latency: %s with %d areas: %s %s\n", s->name, areas,
				sim_fail_kind_name[res.failure.kind], res.failure.name);
			exit(1);
		}
		sim_source_end_run(&src, res.steps);
		if (res.max_nonpreempt_steps > max)
			max = res.max_nonpreempt_steps;
	}
	return max;
}

int main(int argc, char **argv)
{
	unsigned long runs = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;

	printf("longest non-preemptible stretch of the purging CPU, a task waiting, in steps\n");
	printf("(default schedule / max over %lu random schedules)\n", runs);
	for (preempt = SIM_PREEMPT_NONE; preempt <= SIM_PREEMPT_FULL; preempt++)
		model_table(runs);
	sim_shutdown();
	return 0;
}

static void model_table(unsigned long runs)
{
	unsigned int v, i;

	printf("\n--preempt %s\n", sim_preempt_name[preempt]);
	printf("%-24s", "variant \\ areas");
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		printf(" %17d", sizes[i]);
	printf("\n");
	for (v = 0; v < ARRAY_SIZE(variants); v++) {
		const struct sim_scenario *s = sim_scenario_find(variants[v]);

		printf("%-24s", variants[v]);
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			unsigned long long d = stretch(s, sizes[i], 0);
			unsigned long long r = runs ? stretch(s, sizes[i], runs) : 0;

			printf(" %8llu / %6llu", d, r);
		}
		printf("\n");
		fflush(stdout);
	}
}

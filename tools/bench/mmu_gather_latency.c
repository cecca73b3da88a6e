// SPDX-License-Identifier: GPL-2.0
/*
 * Figures, never verdicts: the longest non-preemptible stretch (steps during
 * which cpu0 could not be given to its other, ready task) of the mmu_gather
 * variants as the gather's batch grows -- Hugh Dickins' concern in seed
 * 001_3ed880e5034f04b6.txt.  Two schedules: "low memory", answer 1 to every
 * decision (every GFP_NOWAIT allocation fails, and every preemptible point
 * switches tasks), and the worst of RUNS random schedules (seed 1).  No
 * toucher (rounds=0): only cpu0's own steps count.
 *
 * usage: mmu_gather_latency [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "../../sim/scenario.h"
#include "../../sim/scenario.h"

static const char *const variants[] = {
	"mmu_gather/percpu", "mmu_gather/preemptible", "mmu_gather/flush-under-ptl",
};
static const int batches[] = { 1, 2, 4, 8, 16, 32 };

static void set(struct sim_run_config *cfg, const char *name, long value)
{
	char assignment[64], err[256];

	snprintf(assignment, sizeof(assignment), "%s=%ld", name, value);
	if (sim_config_set_param(cfg, assignment, err, sizeof(err))) {
		fprintf(stderr, "mmu_gather_latency: %s\n", err);
		exit(2);
	}
}

static uint8_t low_memory[1 << 16];	/* all 1: fail every allocation */

/* The preemption model of the tables being printed: the figure is per model. */
static enum sim_preempt preempt = SIM_PREEMPT_DEFAULT;

/* @runs 0: the low-memory schedule. */
static unsigned long long worst_stretch(const char *name, long batch, long zap_block, long runs)
{
	const struct sim_scenario *s = sim_scenario_find(name);
	unsigned long long worst = 0;
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	long run;

	if (runs)
		sim_source_random(&src, 1);
	else
		sim_source_bytes(&src, low_memory, sizeof(low_memory));
	sim_config_defaults(&cfg, s, &src);
	cfg.preempt = preempt;
	set(&cfg, "pages", 32);
	set(&cfg, "unmappers", 2);
	set(&cfg, "rounds", 0);
	set(&cfg, "batch", batch);
	if (zap_block)
		set(&cfg, "zap_block", zap_block);
	for (run = 0; run < (runs ? runs : 1); run++) {
		sim_source_begin_run(&src, (uint64_t)run);
		if (sim_run(&cfg, &res) != SIM_OK) {
			fprintf(stderr, "mmu_gather_latency: %s failed: %s\n", name,
				res.failure.message);
			exit(1);
		}
		sim_source_end_run(&src, res.steps);
		if (res.max_nonpreempt_steps > worst)
			worst = res.max_nonpreempt_steps;
	}
	return worst;
}

static void table(const char *title, long runs)
{
	unsigned int b, v;

	printf("%s\n%6s", title, "batch");
	for (v = 0; v < ARRAY_SIZE(variants); v++)
		printf("  %26s", variants[v]);
	printf("\n");
	for (b = 0; b < ARRAY_SIZE(batches); b++) {
		printf("%6d", batches[b]);
		for (v = 0; v < ARRAY_SIZE(variants); v++)
			printf("  %26llu", worst_stretch(variants[v], batches[b], 0, runs));
		printf("\n");
	}
	printf("mmu_gather/percpu, batch 32, by ZAP_BLOCK_SIZE in pages:");
	for (b = 0; b < 4; b++)
		printf("  %u: %llu", 1u << b, worst_stretch(variants[0], 32, 1 << b, runs));
	printf("\n\n");
}

int main(int argc, char **argv)
{
	long runs = argc > 1 ? atol(argv[1]) : 1000;
	char title[160];

	memset(low_memory, 1, sizeof(low_memory));
	printf("longest non-preemptible stretch of cpu0, in steps, while its other task waits: "
	       "2 tasks unmapping 32 pages each\n\n");
	for (preempt = SIM_PREEMPT_NONE; preempt <= SIM_PREEMPT_FULL; preempt++) {
		printf("--preempt %s\n", sim_preempt_name[preempt]);
		table("low memory: every GFP_NOWAIT allocation fails", 0);
		snprintf(title, sizeof(title), "worst of %ld random schedules",
			 runs < 1 ? 1 : runs);
		table(title, runs < 1 ? 1 : runs);
	}
	sim_shutdown();
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The figure of the comment in this_cpu_zone_alloc_fill()
 * (../shared/seeds/003_d2d7d49b73c4718a.txt): "It still can race ... the
 * second proceed with an extra prefetch".  For vmap_zone/as-posted under
 * each preemption model, tasks pinned and unpinned: over RUNS random
 * schedules, the fill windows opened, the chunks prefetched, the most in one
 * window, and the extra prefetches -- chunks taken for a zone whose cache
 * could already serve the request.  A run that fails is counted apart (none
 * should: the extra prefetch is no failure).  Deterministic: seed 1.
 *
 * usage: vmap_prefetch [RUNS] [MM]   (default 100000 sc)
 */
#include <linux/kernel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../algos/vmap_zone/vmap_zone.h"
#include "../../sim/scenario.h"

static struct sim_scenario counted;
static void (*counted_finish)(void *ctx);
static struct {
	unsigned long runs, runs_with_extra, windows, prefetches, extra;
	unsigned int max_per_window;
} fig;

static void count(void *arg)
{
	struct vz_ctx *ctx = arg;

	counted_finish(arg);
	fig.runs_with_extra += ctx->shadow.extra_prefetches > 0;
	fig.windows += ctx->shadow.windows;
	fig.prefetches += ctx->shadow.prefetches;
	fig.extra += ctx->shadow.extra_prefetches;
	if (ctx->shadow.max_prefetches > fig.max_per_window)
		fig.max_per_window = ctx->shadow.max_prefetches;
}

int main(int argc, char **argv)
{
	unsigned long runs = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000, run, failed;
	enum sim_mm mm = argc > 2 ? sim_mm_parse(argv[2]) : SIM_MM_SC;
	const struct sim_scenario *s = sim_scenario_find("vmap_zone/as-posted");
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	char err[256];
	int p, unpinned;

	if (!s || mm == SIM_MM_NR || !runs) {
		fprintf(stderr, "usage: vmap_prefetch [RUNS] [sc|tso|lkmm]\n");
		return 2;
	}
	counted = *s;
	counted_finish = counted.finish;
	counted.finish = count;
	printf("vmap_zone/as-posted, %s, %lu random schedules (seed 1) per line\n\n",
	       sim_mm_name[mm], runs);
	printf("%-10s %-8s %9s %11s %10s %13s %12s %8s\n", "preempt", "tasks", "windows",
	       "prefetches", "extra", "runs w/ extra", "max/window", "failed");
	for (p = SIM_PREEMPT_NONE; p <= SIM_PREEMPT_FULL; p++) {
		for (unpinned = 0; unpinned <= 1; unpinned++) {
			memset(&fig, 0, sizeof(fig));
			failed = 0;
			sim_source_random(&src, 1);
			sim_config_defaults(&cfg, &counted, &src);
			cfg.mm = mm;
			cfg.preempt = (enum sim_preempt)p;
			if (sim_config_set_param(&cfg, unpinned ? "unpinned=1" : "unpinned=0", err,
						 sizeof(err))) {
				fprintf(stderr, "vmap_prefetch: %s\n", err);
				return 2;
			}
			for (run = 0; run < runs; run++) {
				sim_source_begin_run(&src, run);
				failed += sim_run(&cfg, &res) != SIM_OK;
				sim_source_end_run(&src, res.steps);
			}
			printf("%-10s %-8s %9lu %11lu %10lu %13lu %12u %8lu\n", sim_preempt_name[p],
			       unpinned ? "unpinned" : "pinned", fig.windows, fig.prefetches,
			       fig.extra, fig.runs_with_extra, fig.max_per_window, failed);
		}
	}
	sim_shutdown();
	return 0;
}

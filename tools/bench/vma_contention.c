// SPDX-License-Identifier: GPL-2.0
/*
 * Figures, never verdicts: what the correct find_vma_rcu() variants cost
 * (seed 002_fbefd46eabd4f629.txt).  Peter Zijlstra: "the contention on the
 * refcount (I did try that) killed things just the same"; Laurent Dufour:
 * SRCU meant "a lot a scheduling to run the SRCU callback mechanism".  Per
 * run, mean over RUNS random schedules (seed 1) under sc, with the
 * workload made busier (faults=4 per fault task, rounds=2): cache-line
 * transfers (a line written by a marked store or RMW from another CPU than
 * its last writer, sim/contention.h) in all, on the VMAs' refcount lines,
 * on mm_seq, on mmap_sem; the grace-period machinery's own steps (rcuc/N,
 * the SRCU work); the steps of a run; and the latency figure, the worst
 * non-preemptible stretch (steps a CPU's other ready task waited).
 *
 * usage: vma_contention [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "../../sim/contention.h"
#include "../../sim/scenario.h"
#include "../../sim/trace.h"

static const char *const variants[] = {
	"vma_rcu/v12", "vma_rcu/inc-not-zero", "vma_rcu/srcu",
};

static void set(struct sim_run_config *cfg, const char *assignment)
{
	char err[256];

	if (sim_config_set_param(cfg, assignment, err, sizeof(err))) {
		fprintf(stderr, "vma_contention: %s\n", err);
		exit(2);
	}
}

struct figures {
	double total, refcount, seq, sem, other, gp_steps, steps;
	unsigned long long worst_stretch;
};

/* Steps of the tasks that are the grace periods' and callbacks' (rcuc/N, srcu). */
static unsigned long long gp_steps(void)
{
	const struct sim_event *ev;
	unsigned long long n = 0;
	size_t nr, i;

	ev = sim_trace_events(&nr);
	for (i = 0; i < nr; i++) {
		const char *name = sim_trace_task_name(ev[i].task);

		if (ev[i].kind == SIM_EV_OP && (!strncmp(name, "rcu", 3) || strstr(name, "srcu")))
			n++;
	}
	return n;
}

static void measure(const char *name, long runs, struct figures *f)
{
	const struct sim_scenario *s = sim_scenario_find(name);
	struct sim_contention v[64];
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t total, nr_runs, steps = 0, gp = 0;
	size_t n, i;
	long run;

	if (!s) {
		fprintf(stderr, "vma_contention: no scenario %s\n", name);
		exit(2);
	}
	memset(f, 0, sizeof(*f));
	sim_source_random(&src, 1);
	sim_config_defaults(&cfg, s, &src);
	set(&cfg, "faults=4");
	set(&cfg, "rounds=2");
	sim_contention_clear();
	for (run = 0; run < runs; run++) {
		sim_source_begin_run(&src, (uint64_t)run);
		if (sim_run(&cfg, &res) != SIM_OK) {
			fprintf(stderr, "vma_contention: %s failed: %s\n", name,
				res.failure.message);
			exit(1);
		}
		sim_source_end_run(&src, res.steps);
		steps += res.steps;
		gp += gp_steps();
		if (res.max_nonpreempt_steps > f->worst_stretch)
			f->worst_stretch = res.max_nonpreempt_steps;
	}
	n = sim_contention_totals(v, ARRAY_SIZE(v), &total, &nr_runs);
	for (i = 0; i < n; i++) {
		double t = (double)v[i].transfers / (double)nr_runs;

		if (!strncmp(v[i].name, "vma", 3) && strstr(v[i].name, "vm_ref_count"))
			f->refcount += t;
		else if (strstr(v[i].name, "mm_seq"))
			f->seq += t;
		else if (strstr(v[i].name, "mmap_sem"))
			f->sem += t;
		else
			f->other += t;
	}
	f->total = (double)total / (double)nr_runs;
	f->gp_steps = (double)gp / (double)runs;
	f->steps = (double)steps / (double)runs;
}

int main(int argc, char **argv)
{
	long runs = argc > 1 ? atol(argv[1]) : 10000;
	unsigned int i;

	if (runs < 1)
		runs = 1;
	printf("find_vma_rcu variants, sc, faults=4 rounds=2, mean per run over %ld random "
	       "schedules (seed 1)\n", runs);
	printf("cache-line transfers (marked store/RMW from another CPU than the line's last "
	       "writer)\n\n");
	printf("%-22s %9s %9s %8s %9s %7s %10s %8s %9s\n", "variant", "transfers", "refcount",
	       "mm_seq", "mmap_sem", "other", "gp steps", "steps", "latency");
	for (i = 0; i < ARRAY_SIZE(variants); i++) {
		struct figures f;

		measure(variants[i], runs, &f);
		printf("%-22s %9.2f %9.2f %8.2f %9.2f %7.2f %10.1f %8.1f %9llu\n", variants[i],
		       f.total, f.refcount, f.seq, f.sem, f.other, f.gp_steps, f.steps,
		       f.worst_stretch);
	}
	printf("\nrefcount: the VMAs' vm_ref_count lines; gp steps: steps of the RCU/SRCU "
	       "callback tasks;\nlatency: the worst non-preemptible stretch, in steps, over "
	       "the runs\n");
	sim_shutdown();
	return 0;
}

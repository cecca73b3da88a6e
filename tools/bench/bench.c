// SPDX-License-Identifier: GPL-2.0
/*
 * Figures, never verdicts: the cost of a context switch (the engine's fiber
 * switch beside glibc's swapcontext, measured in the same run), of a task
 * switch at a preemption point, and steps and schedules per second for each
 * built-in scenario.  Each figure is the best of several repetitions: the
 * machines are small and noisy.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include "../../sim/scenario.h"
#include "../../sim/fiber.h"
#include "../../sim/scenario.h"
#include "sched.h"

#define REPEAT 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- fiber switch ------------------------------------------------------ */

static struct sim_fiber thread_fiber, ping_fiber;

static void fiber_ping(void *arg)
{
	(void)arg;
	for (;;)
		sim_fiber_switch(&ping_fiber, &thread_fiber);
}

static double fiber_switch_ns(long rounds)
{
	double t;
	long i;

	sim_fiber_prepare(&ping_fiber, fiber_ping, NULL);
	t = now();
	for (i = 0; i < rounds; i++)
		sim_fiber_switch(&thread_fiber, &ping_fiber);
	return (now() - t) * 1e9 / (2.0 * rounds);
}

#ifndef SIM_FIBER_UCONTEXT
/* The register switch alone, without the fiber layer around it. */
void sim_arch_switch(void **save_sp, void *load_sp);

static void bare_ping(void *arg)
{
	(void)arg;
	for (;;)
		sim_arch_switch(&ping_fiber.sp, thread_fiber.sp);
}

static double bare_switch_ns(long rounds)
{
	double t;
	long i;

	sim_fiber_prepare(&ping_fiber, bare_ping, NULL);
	sim_fiber_switch(&thread_fiber, &ping_fiber);	/* started: now it loops */
	t = now();
	for (i = 0; i < rounds; i++)
		sim_arch_switch(&thread_fiber.sp, ping_fiber.sp);
	return (now() - t) * 1e9 / (2.0 * rounds);
}
#endif

/* ---- swapcontext ------------------------------------------------------- */

static ucontext_t uc_main, uc_ping;
static char uc_stack[64 * 1024];

static void uc_ping_fn(void)
{
	for (;;)
		swapcontext(&uc_ping, &uc_main);
}

static double swapcontext_ns(long rounds)
{
	double t;
	long i;

	getcontext(&uc_ping);
	uc_ping.uc_stack.ss_sp = uc_stack;
	uc_ping.uc_stack.ss_size = sizeof(uc_stack);
	uc_ping.uc_link = NULL;
	makecontext(&uc_ping, uc_ping_fn, 0);
	t = now();
	for (i = 0; i < rounds; i++)
		swapcontext(&uc_main, &uc_ping);
	return (now() - t) * 1e9 / (2.0 * rounds);
}

/* ---- a task switch at every preemption point --------------------------- */

#define PING_PONG_POINTS 10000

static void yielder(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < PING_PONG_POINTS; i++)
		sim_yield();
}

static void *ping_pong_setup(void)
{
	sim_task_create("ping", 0, yielder, NULL);
	sim_task_create("pong", 1, yielder, NULL);
	return NULL;
}

static const struct sim_scenario ping_pong = {
	.name = "bench/ping-pong",
	.nr_cpus = 2,
	.max_steps = 3 * PING_PONG_POINTS,
	.setup = ping_pong_setup,
};

/* Answer 1 at every point: the other task, so every step is a switch. */
static double task_switch_ns(void)
{
	static uint8_t always_other[2 * PING_PONG_POINTS + 8];
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	double t;

	memset(always_other, 1, sizeof(always_other));
	sim_source_bytes(&src, always_other, sizeof(always_other));
	sim_config_defaults(&cfg, &ping_pong, &src);
	t = now();
	sim_run(&cfg, &res);
	t = now() - t;
	return t * 1e9 / (double)(res.switches ? res.switches : 1);
}

/* ---- scenarios --------------------------------------------------------- */

static void scenario_rates(const struct sim_scenario *s, double seconds, double *steps_per_s,
			   double *runs_per_s)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	unsigned long long run = 0, steps = 0;
	double start = now(), elapsed;

	sim_source_random(&src, 1);
	sim_config_defaults(&cfg, s, &src);
	do {
		int i;

		for (i = 0; i < 256; i++, run++) {
			sim_source_begin_run(&src, run);
			sim_run(&cfg, &res);
			steps += res.steps;
		}
		elapsed = now() - start;
	} while (elapsed < seconds);
	*steps_per_s = steps / elapsed;
	*runs_per_s = run / elapsed;
}

static double best_of(double (*measure)(long), long rounds)
{
	double best = 1e30;
	int i;

	for (i = 0; i < REPEAT; i++) {
		double v = measure(rounds);

		if (v < best)
			best = v;
	}
	return best;
}

int main(int argc, char **argv)
{
	const struct sim_scenario *const *s;
	double fiber, swap, task = 1e30, seconds = argc > 1 ? atof(argv[1]) : 0.5;
	int i;

	sim_fiber_init_thread(&thread_fiber);
	if (sim_fiber_create(&ping_fiber, 64 * 1024, "ping")) {
		perror("bench: fiber stack");
		return 1;
	}
#ifndef SIM_FIBER_UCONTEXT
	double bare = best_of(bare_switch_ns, 10000000);
#endif

	fiber = best_of(fiber_switch_ns, 10000000);
	swap = best_of(swapcontext_ns, 1000000);
	for (i = 0; i < REPEAT; i++) {
		double v = task_switch_ns();

		if (v < task)
			task = v;
	}

	printf("context switch, ns (best of %d)\n", REPEAT);
#ifndef SIM_FIBER_UCONTEXT
	printf("  %-40s %8.1f\n", "bare register switch (sim_arch_switch)", bare);
	printf("  %-40s %8.1f   %.1fx the bare switch\n", "engine fiber switch (sim_fiber_switch)",
	       fiber, fiber / bare);
#else
	printf("  %-40s %8.1f   (ucontext fallback)\n", "engine fiber switch (sim_fiber_switch)",
	       fiber);
#endif
	printf("  %-40s %8.1f   %.1fx the fiber switch\n", "glibc swapcontext", swap, swap / fiber);
	printf("  %-40s %8.1f   decision + switch, per step\n", "task switch at a preemption point",
	       task);
	printf("\nscenarios, random strategy, %.1f s each\n", seconds);
	printf("  %-24s %14s %14s\n", "scenario", "steps/s", "schedules/s");
	for (s = sim_scenario_list(); *s; s++) {
		double steps, runs;

		scenario_rates(*s, seconds, &steps, &runs);
		printf("  %-24s %14.0f %14.0f\n", (*s)->name, steps, runs);
	}
	sim_fiber_destroy(&ping_fiber);
	sim_shutdown();
	return 0;
}

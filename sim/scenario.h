/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario: the CPUs, the tasks a setup creates, the step budget, the
 * invariants, and what the seed threads say about it under each memory
 * model.  algos/README.md shows how to write one.
 */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "decide.h"
#include "names.h"
#include "report.h"

enum sim_mm {
	SIM_MM_SC,
	SIM_MM_TSO,
	SIM_MM_LKMM,
	SIM_MM_NR,
};

extern const char *const sim_mm_name[SIM_MM_NR];
/* SIM_MM_NR when @s names no model. */
enum sim_mm sim_mm_parse(const char *s);

/*
 * The kernel's preemption model (--preempt, sim/preempt.c): where a task
 * may leave its CPU to another task of that CPU.  Another CPU may run at
 * every point under every model.  full-v1 is the rules of reproducer
 * format 1 (full, without the points at preempt_enable()): a file without
 * a preempt line replays under them.
 */
enum sim_preempt {
	SIM_PREEMPT_NONE,
	SIM_PREEMPT_VOLUNTARY,
	SIM_PREEMPT_FULL,
	SIM_PREEMPT_FULL_V1,
	SIM_PREEMPT_NR,
};

#define SIM_PREEMPT_DEFAULT SIM_PREEMPT_FULL

extern const char *const sim_preempt_name[SIM_PREEMPT_NR];
/* SIM_PREEMPT_NR when @s names no model. */
enum sim_preempt sim_preempt_parse(const char *s);

enum sim_verdict {
	SIM_VERDICT_NONE,	/* not meant for this model */
	SIM_VERDICT_CORRECT,
	SIM_VERDICT_BUGGY,
};

#define SIM_MAX_PARAMS 8

struct sim_param_spec {
	const char *name;
	long def, min, max;
	const char *help;
};

struct sim_scenario {
	const char *name;
	const char *description;
	unsigned int nr_cpus;
	unsigned int max_steps;
	enum sim_verdict verdict[SIM_MM_NR];
	/* For a buggy verdict, the failure expected: "deadlock", "invariant:final-count". */
	const char *bug;
	/* The variant that fixes it: its failing schedules must not fail there. */
	const char *fixed_by;
	/*
	 * The preemption bound of the verdict test's dfs, when unbounded dfs
	 * is out of reach (0: unbounded).  The README says what it covers.
	 */
	unsigned int dfs_preemption_bound;
	const struct sim_param_spec *params;
	unsigned int nr_params;
	/* Allocate the run's state (kzalloc) and create the tasks; returns the state. */
	void *(*setup)(void);
	/* After every step, and once at the end of a run whose tasks all finished. */
	void (*check)(void *ctx);
	void (*finish)(void *ctx);
	/* Everything kmalloc'ed and not freed is freed after this. */
	void (*teardown)(void *ctx);
};

struct sim_run_config {
	const struct sim_scenario *scenario;
	enum sim_mm mm;
	enum sim_preempt preempt;
	/*
	 * Under tso, flushes offered only at preemption points, not when a task
	 * blocks or ends: the rules of reproducer formats 1 and 2 (sched.c).
	 */
	bool tso_v2;
	long params[SIM_MAX_PARAMS];	/* in the order of scenario->params */
	struct sim_source *source;
};

struct sim_result {
	struct sim_failure failure;
	uint64_t steps;
	uint64_t decisions;		/* answers recorded: the schedule's length */
	uint64_t switches;		/* the running task changed */
	uint64_t preemptions;		/* ... to another task on the same CPU */
	uint64_t max_nonpreempt_steps;	/* the latency figure, see sched.c */
	/* dfs cut the run short: a prefix of a schedule already run, no end, no outcome */
	bool pruned;
	/* The recorded schedule, valid until the next run. */
	const uint8_t *schedule;
	size_t schedule_len;
};

/* Fill @cfg->params with the scenario's defaults. */
void sim_config_defaults(struct sim_run_config *cfg, const struct sim_scenario *scenario,
			 struct sim_source *source);
/* Set parameter @name from "name=value"; 0, or -1 with @err filled. */
int sim_config_set_param(struct sim_run_config *cfg, const char *assignment, char *err,
			 unsigned int errlen);

/* One run; returns result->failure.kind. */
enum sim_fail_kind sim_run(const struct sim_run_config *cfg, struct sim_result *result);

/*
 * SIM_SCENARIO(counter) = { .name = "my/counter", ... }; defines a scenario and
 * registers it before main() runs, from any file linked in: no list to edit.
 */
#define SIM_SCENARIO(id)							\
	static const struct sim_scenario id;					\
	__attribute__((constructor)) static void sim_scenario_register_##id(void) \
	{									\
		sim_scenario_register(&id);					\
	}									\
	static const struct sim_scenario id

void sim_scenario_register(const struct sim_scenario *s);
/* Every registered scenario by name, NULL-terminated; exits 2 on a name used twice. */
const struct sim_scenario *const *sim_scenario_list(void);
/* NULL when no scenario is called @name. */
const struct sim_scenario *sim_scenario_find(const char *name);

/* Release the fiber pool: for leak checkers at exit. */
void sim_shutdown(void);

#endif /* SIM_SCENARIO_H */

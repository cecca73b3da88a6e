// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input bytes are the schedule.  The scenario comes
 * from SCHEDFUZZ_SCENARIO (the model from SCHEDFUZZ_MM, parameters from
 * SCHEDFUZZ_PARAMS, "name=value,..."), so one binary serves them all:
 *
 *	SCHEDFUZZ_SCENARIO=demo/lost-update build/fuzz/schedfuzz-fuzzer corpus/
 *
 * A failing run prints its report and aborts, so libFuzzer saves the input;
 * `schedfuzz replay --scenario NAME [--mm MODEL] crash-...` tells its story.
 *
 * Where no environment can be set per target (OSS-Fuzz), the build names the
 * scenario, model and parameters instead: -DSCHEDFUZZ_BUILTIN_SCENARIO=
 * '"purge/rewrite"', SCHEDFUZZ_BUILTIN_MM, SCHEDFUZZ_BUILTIN_PARAMS; the
 * environment still wins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario.h"
#include "feedback.h"
#include "sim/decide.h"
#include "sim/scenario.h"

static struct sim_run_config cfg;
static struct sim_source src;
/* " --param a=1 --param b=2": the replay command must set what this binary set. */
static char replay_params[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("SCHEDFUZZ_SCENARIO"), *params = getenv("SCHEDFUZZ_PARAMS");
	const char *mm = getenv("SCHEDFUZZ_MM"), *preempt = getenv("SCHEDFUZZ_PREEMPT");
	const struct sim_scenario *s;
	char err[256], buf[512], *p;

	(void)argc;
	(void)argv;
#ifdef SCHEDFUZZ_BUILTIN_SCENARIO
	if (!name)
		name = SCHEDFUZZ_BUILTIN_SCENARIO;
#endif
#ifdef SCHEDFUZZ_BUILTIN_MM
	if (!mm)
		mm = SCHEDFUZZ_BUILTIN_MM;
#endif
#ifdef SCHEDFUZZ_BUILTIN_PARAMS
	if (!params)
		params = SCHEDFUZZ_BUILTIN_PARAMS;
#endif
	if (!name) {
		fprintf(stderr, "schedfuzz-fuzzer: set SCHEDFUZZ_SCENARIO (schedfuzz list)\n");
		exit(2);
	}
	s = sim_scenario_find(name);
	if (!s) {
		fprintf(stderr, "schedfuzz-fuzzer: unknown scenario '%s'\n", name);
		exit(2);
	}
	sim_config_defaults(&cfg, s, &src);
	if (mm) {
		cfg.mm = sim_mm_parse(mm);
		if (cfg.mm == SIM_MM_NR) {
			fprintf(stderr, "schedfuzz-fuzzer: unknown memory model '%s'\n", mm);
			exit(2);
		}
	}
	if (preempt) {
		cfg.preempt = sim_preempt_parse(preempt);
		if (cfg.preempt == SIM_PREEMPT_NR) {
			fprintf(stderr, "schedfuzz-fuzzer: unknown preemption model '%s' (none, "
				"voluntary, full)\n", preempt);
			exit(2);
		}
	}
	snprintf(buf, sizeof(buf), "%s", params ? params : "");
	for (p = strtok(buf, ","); p; p = strtok(NULL, ",")) {
		size_t used = strlen(replay_params);

		if (sim_config_set_param(&cfg, p, err, sizeof(err))) {
			fprintf(stderr, "schedfuzz-fuzzer: %s\n", err);
			exit(2);
		}
		snprintf(replay_params + used, sizeof(replay_params) - used, " --param %s", p);
	}
	fuzz_feedback_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Inputs run, so a crash says how long the search took even when it aborts at once. */
	static unsigned long long inputs;
	struct sim_result res;

	inputs++;
	sim_source_bytes(&src, data, size);
	sim_run(&cfg, &res);
	fuzz_feedback_collect();
	if (res.failure.kind != SIM_OK) {
		fprintf(stderr, "schedfuzz: %s: %s %s: %s\n", cfg.scenario->name,
			sim_fail_kind_name[res.failure.kind], res.failure.name,
			res.failure.message);
		fprintf(stderr, "schedfuzz: input %llu of this process\n", inputs);
		fprintf(stderr, "schedfuzz: replay: schedfuzz replay --scenario %s --mm %s "
			"--preempt %s%s CRASH-FILE --trace\n", cfg.scenario->name,
			sim_mm_name[cfg.mm], sim_preempt_name[cfg.preempt], replay_params);
		abort();
	}
	return 0;
}

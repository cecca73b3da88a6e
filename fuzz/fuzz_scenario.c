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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "algos/registry.h"
#include "sim/decide.h"
#include "sim/scenario.h"

static struct sim_run_config cfg;
static struct sim_source src;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("SCHEDFUZZ_SCENARIO"), *params = getenv("SCHEDFUZZ_PARAMS");
	const char *mm = getenv("SCHEDFUZZ_MM");
	const struct sim_scenario *s;
	char err[256], buf[512], *p;

	(void)argc;
	(void)argv;
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
	snprintf(buf, sizeof(buf), "%s", params ? params : "");
	for (p = strtok(buf, ","); p; p = strtok(NULL, ",")) {
		if (sim_config_set_param(&cfg, p, err, sizeof(err))) {
			fprintf(stderr, "schedfuzz-fuzzer: %s\n", err);
			exit(2);
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_result res;

	sim_source_bytes(&src, data, size);
	if (sim_run(&cfg, &res) != SIM_OK) {
		fprintf(stderr, "schedfuzz: %s: %s %s: %s\n", cfg.scenario->name,
			sim_fail_kind_name[res.failure.kind], res.failure.name,
			res.failure.message);
		fprintf(stderr, "schedfuzz: replay: schedfuzz replay --scenario %s --mm %s CRASH-FILE "
			"--trace\n", cfg.scenario->name, sim_mm_name[cfg.mm]);
		abort();
	}
	return 0;
}

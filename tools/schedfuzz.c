// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz: list the scenarios, explore one, replay a failing schedule, run
 * a campaign over all.  Exit status: 0 clean (or, for a campaign, every
 * verdict as known), 1 a failure found or replayed as recorded, 2 a usage
 * error, bad input or an output that could not be written, 3 a runaway task
 * (no kernel-API call for 10 s, or past --time), 4 a replay that did not end
 * as its reproducer recorded.  A library entry (sim/schedfuzz/scenario.h): the installed
 * libschedfuzz runs it over whatever scenarios the program links in.
 */
#include <string.h>

#include "cli.h"
#include "sim/schedfuzz/scenario.h"

static const char usage_text[] =
	"usage: schedfuzz list [--json]\n"
	"       schedfuzz explore SCENARIO [--strategy random|pct|dfs] [--depth D] [--seed N]\n"
	"                 [--preemption-bound B] [--delay-bound D] [--no-reduction]\n"
	"                 [--runs N] [--time SECONDS] [--mm MODEL]\n"
	"                 [--preempt none|voluntary|full]\n"
	"                 [--param NAME=VALUE]... [--out DIR] [--json]\n"
	"                 [--want FAILURE] (invariant:NAME...: search on past other failures)\n"
	"       schedfuzz replay FILE [--trace] [--json] [--against SCENARIO]\n"
	"                 (--against: the same schedule on another variant, e.g. the fix)\n"
	"       schedfuzz replay --scenario SCENARIO [--mm MODEL] [--preempt MODEL]\n"
	"                 [--param NAME=VALUE]... FILE\n"
	"                 (FILE holds a raw schedule, such as a libFuzzer crash file)\n"
	"                 (both forms draw the run: [--timeline OUT.svg|OUT.html]\n"
	"                 [--chrome-trace OUT.json])\n"
	"       schedfuzz minimize FILE [-o OUT] [--max-replays N] [--json]\n"
	"       schedfuzz minimize --scenario SCENARIO [--mm MODEL] [--preempt MODEL]\n"
	"                 [--param NAME=VALUE]... FILE\n"
	"                 [-o OUT] [--max-replays N] [--json]\n"
	"                 (the fewest switches and flushes that fail the same way; a flush is a\n"
	"                 store made visible, by a decision or a barrier, switch or exit)\n"
	"       schedfuzz campaign [--time SECONDS] [--jobs N] [--scenario GLOB]... [--mm MODEL|all]\n"
	"                 [--preempt none|voluntary|full]\n"
	"                 [--engine auto|builtin|libfuzzer] [--fuzzer PATH] [--seed N] [--out DIR]\n"
	"                 [--json]\n"
	"       schedfuzz litmus FILE.litmus [--mm MODEL] [--strategy dfs|random] [--runs N]\n"
	"                 [--time SECONDS]\n"
	"                 [--seed N] [--preemption-bound B] [--delay-bound D] [--no-reduction]\n"
	"                 [--trace] [--json]\n"
	"       schedfuzz litmus --summary DIR... [--mm MODEL]... [--runs N] [--json]\n"
	"                 (the kernel's C litmus tests, every schedule, against LKMM)\n"
	"--preempt: where a task may lose its CPU to another task of it (default full)\n"
	"--no-reduction: dfs runs every interleaving, not one of each class of equivalent ones\n"
	"exit status: 0 clean, 1 a failure found (replay: as recorded), 2 bad input or an\n"
	"             output that could not be written, 3 a task ran away (no kernel-API call),\n"
	"             4 replay: not as recorded\n";

static void list_json(void)
{
	static const char *const verdict_name[] = { "none", "correct", "buggy" };
	const struct sim_scenario *const *s;
	unsigned int i;
	int m;

	printf("[");
	for (s = sim_scenario_list(); *s; s++) {
		printf("%s{\"name\":", s == sim_scenario_list() ? "" : ",\n ");
		json_string(stdout, (*s)->name);
		printf(",\"verdict\":{");
		for (m = 0; m < SIM_MM_NR; m++)
			printf("%s\"%s\":\"%s\"", m ? "," : "", sim_mm_name[m],
			       verdict_name[(*s)->verdict[m]]);
		printf("},\"bug\":");
		json_string(stdout, (*s)->bug);
		printf(",\"fixed_by\":");
		json_string(stdout, (*s)->fixed_by);
		printf(",\"description\":");
		json_string(stdout, (*s)->description);
		printf(",\"params\":[");
		for (i = 0; i < (*s)->nr_params; i++) {
			const struct sim_param_spec *p = &(*s)->params[i];

			printf("%s{\"name\":", i ? "," : "");
			json_string(stdout, p->name);
			printf(",\"default\":%ld,\"min\":%ld,\"max\":%ld}", p->def, p->min, p->max);
		}
		printf("]}");
	}
	printf("]\n");
}

static int cmd_list(int argc, char **argv)
{
	static const char *const verdict_name[] = { "-", "correct", "buggy" };
	const struct sim_scenario *const *s;
	int m;

	if (argc == 1 && !strcmp(argv[0], "--json")) {
		list_json();
		return 0;
	}
	if (argc)
		die_usage("unknown argument '%s' to list (--json)", argv[0]);
	for (s = sim_scenario_list(); *s; s++) {
		printf("%-30s", (*s)->name);
		for (m = 0; m < SIM_MM_NR; m++)
			printf(" %s=%-7s", sim_mm_name[m], verdict_name[(*s)->verdict[m]]);
		printf(" %s\n", (*s)->description);
	}
	return 0;
}

int schedfuzz_main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{ "list", cmd_list },
		{ "explore", cmd_explore },
		{ "replay", cmd_replay },
		{ "campaign", cmd_campaign },
		{ "litmus", cmd_litmus },
		{ "minimize", cmd_minimize },
	};
	unsigned int i;
	int status;

	progname = argv[0];
	/* Two scenarios of one name are refused before any command runs. */
	sim_scenario_list();
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			status = commands[i].run(argc - 2, argv + 2);
			sim_shutdown();
			return status;
		}
	}
	die_usage("unknown command '%s' (list, explore, replay, campaign, litmus, minimize)",
		  argv[1]);
}

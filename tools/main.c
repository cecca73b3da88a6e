// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz: list the scenarios, explore one, replay a failing schedule, run
 * a campaign over all.  Exit status: 0 clean (or, for a campaign, every
 * verdict as known), 1 a failure found or replayed, 2 a usage error or bad
 * input.
 */
#include <string.h>

#include "algos/registry.h"
#include "cli.h"
#include "sim/scenario.h"

/*
 * A race TSan reports is a finding of the run, and exits 1 like any other;
 * TSan's own status for it (66) would say something else.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "exitcode=1";
}

static const char usage_text[] =
	"usage: schedfuzz list\n"
	"       schedfuzz explore SCENARIO [--strategy random|pct|dfs] [--depth D] [--seed N]\n"
	"                 [--preemption-bound B]\n"
	"                 [--runs N] [--time SECONDS] [--mm MODEL] [--param NAME=VALUE]...\n"
	"                 [--out DIR] [--json]\n"
	"       schedfuzz replay FILE [--trace] [--json]\n"
	"       schedfuzz replay --scenario SCENARIO [--mm MODEL] [--param NAME=VALUE]... FILE\n"
	"                 (FILE holds a raw schedule, such as a libFuzzer crash file)\n"
	"       schedfuzz campaign [--time SECONDS] [--scenario GLOB]... [--mm MODEL|all]\n"
	"                 [--seed N] [--out DIR] [--json]\n"
	"       schedfuzz litmus FILE.litmus [--mm MODEL] [--strategy dfs|random] [--runs N]\n"
	"                 [--seed N] [--preemption-bound B] [--trace] [--json]\n"
	"       schedfuzz litmus --summary DIR... [--mm MODEL]... [--runs N] [--json]\n"
	"                 (the kernel's C litmus tests, every schedule, against LKMM)\n";

static int cmd_list(int argc, char **argv)
{
	static const char *const verdict_name[] = { "-", "correct", "buggy" };
	const struct sim_scenario *const *s;
	int m;

	(void)argv;
	if (argc)
		die_usage("list takes no arguments");
	for (s = sim_scenarios; *s; s++) {
		printf("%-24s", (*s)->name);
		for (m = 0; m < SIM_MM_NR; m++)
			printf(" %s=%-7s", sim_mm_name[m], verdict_name[(*s)->verdict[m]]);
		printf(" %s\n", (*s)->description);
	}
	return 0;
}

int main(int argc, char **argv)
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
	};
	unsigned int i;
	int status;

	progname = argv[0];
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
	die_usage("unknown command '%s' (list, explore, replay, campaign, litmus)",
		  argv[1]);
}

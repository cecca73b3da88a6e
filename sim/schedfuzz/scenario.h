/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything a scenario file needs besides the kernel API (<linux/...>):
 * struct sim_scenario and SIM_SCENARIO, sim_task_create(), sim_param(),
 * sim_violation(), names and notes for the story (sim_name, sim_note), and
 * the command line as a library entry.  In tree and installed alike:
 *
 *	#include <linux/spinlock.h>
 *	#include <schedfuzz/scenario.h>
 *
 *	SIM_SCENARIO(my_counter) = { .name = "my/counter", ... };
 *
 * Linking the file with `pkg-config --libs schedfuzz` gives the whole
 * schedfuzz command over the scenarios linked in (algos/README.md).
 */
#ifndef SCHEDFUZZ_SCENARIO_H
#define SCHEDFUZZ_SCENARIO_H

#include "sim/names.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/sched.h"

/*
 * The schedfuzz command (list, explore, replay, minimize, campaign, litmus)
 * over the scenarios registered; the library's main() calls it, a program
 * with a main of its own may too.  Returns the exit status.
 */
int schedfuzz_main(int argc, char **argv);

#endif /* SCHEDFUZZ_SCENARIO_H */

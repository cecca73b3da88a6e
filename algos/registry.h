/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ALGOS_REGISTRY_H
#define ALGOS_REGISTRY_H

#include "../sim/scenario.h"

/* Every built-in scenario, NULL-terminated, in the order `schedfuzz list` shows. */
extern const struct sim_scenario *const sim_scenarios[];

const struct sim_scenario *sim_scenario_find(const char *name);

#endif /* ALGOS_REGISTRY_H */

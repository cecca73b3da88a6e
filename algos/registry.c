// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "registry.h"

extern const struct sim_scenario demo_lost_update;
extern const struct sim_scenario demo_locked_counter;
extern const struct sim_scenario demo_abba;
extern const struct sim_scenario demo_plain_race;
extern const struct sim_scenario demo_sb;
extern const struct sim_scenario demo_sb_mb;

const struct sim_scenario *const sim_scenarios[] = {
	&demo_lost_update,
	&demo_locked_counter,
	&demo_abba,
	&demo_plain_race,
	&demo_sb,
	&demo_sb_mb,
	NULL,
};

const struct sim_scenario *sim_scenario_find(const char *name)
{
	const struct sim_scenario *const *s;

	for (s = sim_scenarios; *s; s++)
		if (!strcmp((*s)->name, name))
			return *s;
	return NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The scenarios linked into this program.  Each registers itself from a
 * constructor (SIM_SCENARIO), in whatever order the linker ran them; the
 * list is sorted by name the first time it is asked for, so `schedfuzz list`
 * and a campaign see the same order in every build, and two scenarios of
 * one name are refused before anything runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static const struct sim_scenario **registered;
static size_t nr_registered, room;
static bool sorted;

void sim_scenario_register(const struct sim_scenario *s)
{
	if (nr_registered + 1 >= room) {
		room = room ? 2 * room : 64;
		registered = realloc(registered, room * sizeof(*registered));
		if (!registered) {
			fputs("schedfuzz: out of memory registering scenarios\n", stderr);
			exit(2);
		}
	}
	registered[nr_registered++] = s;
	registered[nr_registered] = NULL;
	sorted = false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct sim_scenario *const *)a)->name,
		      (*(const struct sim_scenario *const *)b)->name);
}

const struct sim_scenario *const *sim_scenario_list(void)
{
	static const struct sim_scenario *const none[] = { NULL };
	size_t i;

	if (!nr_registered)
		return none;
	if (!sorted) {
		qsort(registered, nr_registered, sizeof(*registered), by_name);
		for (i = 1; i < nr_registered; i++) {
			if (strcmp(registered[i - 1]->name, registered[i]->name))
				continue;
			fprintf(stderr, "schedfuzz: two scenarios are named '%s'\n",
				registered[i]->name);
			exit(2);
		}
		sorted = true;
	}
	return registered;
}

const struct sim_scenario *sim_scenario_find(const char *name)
{
	const struct sim_scenario *const *s;

	for (s = sim_scenario_list(); *s; s++)
		if (!strcmp((*s)->name, name))
			return *s;
	return NULL;
}

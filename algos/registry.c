// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "registry.h"

extern const struct sim_scenario demo_lost_update;
extern const struct sim_scenario demo_locked_counter;
extern const struct sim_scenario demo_abba;
extern const struct sim_scenario demo_plain_race;
extern const struct sim_scenario demo_sb;
extern const struct sim_scenario demo_sb_mb;
extern const struct sim_scenario mmu_gather_percpu;
extern const struct sim_scenario mmu_gather_preemptible;
extern const struct sim_scenario mmu_gather_flush_under_ptl;
extern const struct sim_scenario mmu_gather_free_before_flush;
extern const struct sim_scenario mmu_gather_percpu_preemptible;
extern const struct sim_scenario drain_seqcount_latch;
extern const struct sim_scenario drain_gen_v1;
extern const struct sim_scenario drain_gen_trylock;
extern const struct sim_scenario drain_gen_v2;
extern const struct sim_scenario purge_spinlock;
extern const struct sim_scenario purge_refcount_v3;
extern const struct sim_scenario purge_rewrite_noflush;
extern const struct sim_scenario purge_rewrite;
extern const struct sim_scenario purge_mutex_lockbreak;

const struct sim_scenario *const sim_scenarios[] = {
	&demo_lost_update,
	&demo_locked_counter,
	&demo_abba,
	&demo_plain_race,
	&demo_sb,
	&demo_sb_mb,
	&mmu_gather_percpu,
	&mmu_gather_preemptible,
	&mmu_gather_flush_under_ptl,
	&mmu_gather_free_before_flush,
	&mmu_gather_percpu_preemptible,
	&drain_seqcount_latch,
	&drain_gen_v1,
	&drain_gen_trylock,
	&drain_gen_v2,
	&purge_spinlock,
	&purge_refcount_v3,
	&purge_rewrite_noflush,
	&purge_rewrite,
	&purge_mutex_lockbreak,
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

// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "shadow.h"

static struct {
	struct sim_shadow entry[SIM_SHADOW_ENTRIES];
	uint16_t used[SIM_SHADOW_ENTRIES];	/* slots to clear: a run touches few */
	size_t nr_used;
	bool full;
} shadow;

static struct sim_shadow *probe(uintptr_t a, bool make)
{
	size_t i = (size_t)((a >> 3) * 0x9e3779b97f4a7c15ULL % SIM_SHADOW_ENTRIES), probes;

	for (probes = 0; probes < SIM_SHADOW_ENTRIES; probes++, i = (i + 1) % SIM_SHADOW_ENTRIES) {
		struct sim_shadow *e = &shadow.entry[i];

		if (e->addr == a)
			return e;
		if (e->addr)
			continue;
		if (!make)
			return NULL;
		*e = (struct sim_shadow){ .addr = a, .writer = -1 };
		shadow.used[shadow.nr_used++] = (uint16_t)i;
		return e;
	}
	shadow.full |= make;
	return NULL;
}

struct sim_shadow *shadow_of(const volatile void *addr)
{
	return probe((uintptr_t)addr, true);
}

struct sim_shadow *shadow_find(const volatile void *addr)
{
	return probe((uintptr_t)addr, false);
}

bool shadow_full(void)
{
	return shadow.full;
}

/*
 * Entries stay (an empty slot would cut the probe chains through them); only
 * what they say of the old object goes.  The TSan token stays too: an edge
 * too many is the safe direction.
 */
void shadow_forget(const volatile void *addr, size_t size)
{
	uintptr_t start = (uintptr_t)addr;
	size_t i;

	for (i = 0; i < shadow.nr_used; i++) {
		struct sim_shadow *e = &shadow.entry[shadow.used[i]];

		if (e->addr - start < size)
			e->writer = -1;
	}
}

void shadow_reset(void)
{
	size_t i;

	for (i = 0; i < shadow.nr_used; i++)
		shadow.entry[shadow.used[i]] = (struct sim_shadow){ 0 };
	shadow.nr_used = 0;
	shadow.full = false;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the engine remembers of each address a run stores to: the event that
 * wrote the value memory holds (so a load can say which store it read) and,
 * in the TSan build, the happens-before token of that store.  Keyed by
 * address; nothing here ever reaches a trace or a hash as an address.
 */
#ifndef SIM_SHADOW_H
#define SIM_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_SHADOW_ENTRIES 16384	/* addresses a run stores to, at most */

struct sim_shadow {
	uintptr_t addr;
	const void *hb_token;
	int32_t writer;		/* trace event index, or -1: as the run found it */
	int16_t lkmm_loc;	/* lkmm: its location's index + 1, 0 if none yet */
};

/* The entry of @addr, made if need be; NULL when the table is full. */
struct sim_shadow *shadow_of(const volatile void *addr);
/* The entry of @addr if a store made one. */
struct sim_shadow *shadow_find(const volatile void *addr);
/* Some store found no room: what is not found may still have been stored to. */
bool shadow_full(void);
/* kfree(): the memory's next life starts unwritten. */
void shadow_forget(const volatile void *addr, size_t size);
void shadow_reset(void);

#endif /* SIM_SHADOW_H */

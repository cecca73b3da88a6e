/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-TSO's store buffers: one FIFO per CPU.  A store waits here until the
 * decision stream, a barrier, an atomic or the end of its task makes it
 * visible; its own CPU's loads see it at once.
 */
#ifndef SIM_STORE_BUFFER_H
#define SIM_STORE_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "site.h"

#define SIM_STORE_BUFFER_ENTRIES 32	/* a full buffer makes its oldest store visible */

struct sim_buffered_store {
	volatile void *addr;
	uint64_t value;
	const void *hb_token;
	const struct sim_site *site;
	unsigned int size;
	unsigned int flags;
	unsigned int task;
	uint32_t seq;		/* its CPU's count of stores before it this run */
	int32_t event;		/* the store's own trace event */
};

/* The store will be the next trace event. */
void store_buffer_push(unsigned int cpu, const struct sim_buffered_store *store);
/* The newest store of @cpu to exactly [addr, addr+size): NULL if none. */
const struct sim_buffered_store *store_buffer_forward(unsigned int cpu, const volatile void *addr,
						      unsigned int size);
/* A store of @cpu to part of [addr, addr+size) that forwarding cannot serve. */
bool store_buffer_overlaps(unsigned int cpu, const volatile void *addr, unsigned int size);
/* Make the oldest store of @cpu visible. */
void store_buffer_flush_oldest(unsigned int cpu);
void store_buffer_drain(unsigned int cpu);
unsigned int store_buffer_len(unsigned int cpu);
/* Stores @cpu has pushed this run. */
uint32_t store_buffer_pushed(unsigned int cpu);
void store_buffer_reset(void);

#endif /* SIM_STORE_BUFFER_H */

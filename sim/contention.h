/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contention figure: how many times a 64-byte cache line changed owner
 * -- was written, by a marked store or an RMW, from another CPU than the
 * one that wrote it last -- per object and member whose line it is.  What
 * Peter Zijlstra means by "the contention on the refcount killed things
 * just the same" (seed 002), counted instead of timed.  A store counts
 * when it executes (under tso, its read-for-ownership, not its flush); a
 * line's first write is no transfer.  Figures only: nothing here changes a
 * run.
 */
#ifndef SIM_CONTENTION_H
#define SIM_CONTENTION_H

#include <stddef.h>
#include <stdint.h>

#define SIM_CACHE_LINE 64

struct sim_contention {
	char name[48];		/* "vma1.vm_ref_count", "ctx0.mm.mmap_sem", "(static)" */
	uint64_t transfers;
};

/* ---- for memory.c and sched.c ---- */
void sim_contention_store(const volatile void *addr, unsigned int cpu);
void sim_contention_forget(const volatile void *addr, size_t size);
void sim_contention_reset(void);
/* The run is over: add its figures to the totals (names are still valid). */
void sim_contention_run_end(void);

/* ---- for tools ---- */
/* The last run's lines, most transfers first; returns how many (at most @max). */
size_t sim_contention_last(struct sim_contention *out, size_t max, uint64_t *total);
/* The same summed over every run since sim_contention_clear(), and the runs. */
size_t sim_contention_totals(struct sim_contention *out, size_t max, uint64_t *total,
			     uint64_t *runs);
void sim_contention_clear(void);

#endif /* SIM_CONTENTION_H */

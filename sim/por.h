/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Partial-order reduction for dfs: what a step did (its footprint) and
 * whether two steps commute.  A step is what runs between two decisions
 * of who goes next: a task's accesses up to its next preemption point,
 * or one store-buffer entry of a CPU becoming visible (under tso, each
 * CPU's flushes are an event of their own).  Two steps are dependent when
 * they touch the same bytes and one writes (an RMW and a kfree() write, a
 * lock is its lock word, a flush writes its store's bytes, a drain by a
 * fence, an RMW or a context switch writes every store it makes visible),
 * when both are steps of tasks on one CPU (preemption, the CPU's
 * preempt_count, its store buffer), or when either did something the
 * engine keeps outside memory (workqueues, need_resched()): see README.md.
 *
 * Heap addresses are keyed by allocation number and offset, so that a
 * footprint means the same in every run of a search.
 */
#ifndef SIM_POR_H
#define SIM_POR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"

/*
 * Tasks, then one flush "process" per CPU: a set of them is a 64-bit mask.
 * A run with more tasks or CPUs is searched without the reduction (dfs.c).
 */
#define SIM_POR_TASKS 48
#define SIM_POR_CPUS 16
#define SIM_POR_PROCS (SIM_POR_TASKS + SIM_POR_CPUS)
#define SIM_POR_FLUSH(cpu) (SIM_POR_TASKS + (cpu))

/* Hooks: what the step in progress does. */
void sim_por_access(const volatile void *addr, size_t size, bool write);
/* Store-buffer entry @seq of @cpu: pushed, or made visible (they depend). */
void sim_por_buffered(unsigned int cpu, uint32_t seq);
/* A step of @cpu's task starts with its buffer empty, entry @seq its last flushed. */
void sim_por_buffer_flushed(unsigned int cpu, uint32_t seq);
/* It read or wrote state por.c cannot name: dependent with every step. */
void sim_por_global(void);

/* For dfs.c: footprints live in a stack-like pool, by index. */
uint32_t sim_por_new(void);
uint32_t sim_por_top(void);
void sim_por_truncate(uint32_t top);
/* Where the hooks record (-1: nowhere), and the CPU of the task the step runs. */
void sim_por_record(int32_t fp, int cpu);
bool sim_por_independent(uint32_t a, uint32_t b);
void sim_por_record_flush(int32_t fp, unsigned int cpu);
/*
 * One is a flush of a CPU the other's tasks ran on, neither global: they
 * depend only through the entries the task's step pushed or drained, never
 * a race to reverse (the flush needs the push; a drain leaves nothing to
 * flush).  The CPU's own loads read the same either way: no dependence.
 */
bool sim_por_own_flush(uint32_t a, uint32_t b);
void sim_por_reset(void);

#endif /* SIM_POR_H */

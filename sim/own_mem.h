/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine's own heap memory (the recorded schedule, the trace, the object
 * table), which grows inside tasks.  The engine is not instrumented, but
 * TSan's malloc interceptor is: a realloc on one task's fiber of a block
 * another fiber allocated reads as a data race of the simulated program.
 * These bracket the call with TSan's ignore annotations, so the engine's
 * blocks are never in TSan's shadow, at any size.
 */
#ifndef SIM_OWN_MEM_H
#define SIM_OWN_MEM_H

#include <stddef.h>

/* realloc(), aborting when there is no memory: the engine cannot go on without it. */
void *sim_own_realloc(void *p, size_t size);
void sim_own_free(void *p);

#endif /* SIM_OWN_MEM_H */

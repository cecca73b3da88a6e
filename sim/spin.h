/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fair, finite busy-waiting (DESIGN.md, "Exploration"): a task that comes
 * back to cpu_relax() having written nothing and read only values nobody
 * has changed since is blocked until one of them changes.  Its next
 * iteration would read the same values and take the same path, so the
 * schedules that keep it spinning are one schedule; a correct spin loop
 * then never ends in a no-progress report, under any strategy, while two
 * tasks that keep writing (a real livelock) still do.
 *
 * The rule assumes the loop's own locals do not change what it does (the
 * await / spin-assume rule of GenMC and loom): a loop that counts its
 * iterations to give up is blocked as if it never would.
 */
#ifndef SIM_SPIN_H
#define SIM_SPIN_H

#include <stdbool.h>
#include <stdint.h>

#include "sched.h"

/* What a task reads and writes between two cpu_relax() (memory.c). */
void sim_spin_read(const struct sim_task *t, const volatile void *addr, unsigned int size,
		   uint64_t value);
void sim_spin_write(const struct sim_task *t);
/* kfree(): a spinner that read there must look again (and find the bug). */
void sim_spin_forget(const volatile void *addr, size_t size);

/* At cpu_relax(): nothing it read has changed and it wrote nothing. */
bool sim_spin_would_repeat(const struct sim_task *t);
/* sim_block()'s condition for such a task: one of the values changed. */
bool sim_spin_changed(const void *task);
/* A new iteration starts: forget what the last one read. */
void sim_spin_next(const struct sim_task *t);
void sim_spin_reset(void);

#endif /* SIM_SPIN_H */

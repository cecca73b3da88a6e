/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The count word behind struct rw_semaphore: readers add RWSEM_READER_BIAS,
 * a writer sets RWSEM_WRITER_LOCKED, both by compare-and-swap through the
 * memory model (acquire), released by an atomic subtract (release).  A task
 * that cannot take it sleeps, and is offered again once it could.  As the
 * kernel's rwsem (v5.1), a reader queues behind a waiting writer, so
 * writers are not starved and a reader taking it twice can deadlock.
 */
#ifndef SIM_RWSEM_H
#define SIM_RWSEM_H

#include <stdbool.h>

#include "site.h"

#define SIM_RWSEM_WRITER_LOCKED 1L
#define SIM_RWSEM_READER_BIAS 256L

struct sim_rwsem {
	long count;
	int owner;			/* the writer's task id + 1, for reports */
	unsigned int writers_waiting;	/* the wait queue's writers */
	/* TSan's sync objects: readers release to one, writers to the other. */
	char hb_readers, hb_writers;
};

void sim_down_read(const struct sim_site *site, struct sim_rwsem *sem);
bool sim_down_read_trylock(const struct sim_site *site, struct sim_rwsem *sem);
void sim_up_read(const struct sim_site *site, struct sim_rwsem *sem);
void sim_down_write(const struct sim_site *site, struct sim_rwsem *sem);
bool sim_down_write_trylock(const struct sim_site *site, struct sim_rwsem *sem);
void sim_up_write(const struct sim_site *site, struct sim_rwsem *sem);
/* Held for write by the current task: lockdep_assert_held_write(), for ports' checks. */
bool sim_rwsem_write_held(const struct sim_rwsem *sem);

#endif /* SIM_RWSEM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock word behind spinlock_t and struct mutex.  Acquiring is a
 * compare-and-swap through the memory model, releasing a store-release;
 * a task that finds the lock held spins (keeping its CPU) or sleeps, and is
 * offered to the scheduler again only once the word reads 0.
 */
#ifndef SIM_LOCK_H
#define SIM_LOCK_H

#include <stdbool.h>

#include "site.h"

struct sim_lock {
	unsigned int locked;
	int owner;		/* task id + 1, 0 when free: for reports */
};

void sim_spin_lock(const struct sim_site *site, struct sim_lock *lock);
bool sim_spin_trylock(const struct sim_site *site, struct sim_lock *lock);
void sim_spin_unlock(const struct sim_site *site, struct sim_lock *lock);
/* Another task spins on @lock: spin_is_contended(). */
bool sim_spin_contended(const struct sim_lock *lock);
/* cond_resched_lock(): drop and retake @lock if someone waits for it or for the CPU. */
bool sim_cond_resched_lock(const struct sim_site *site, struct sim_lock *lock);

void sim_mutex_lock(const struct sim_site *site, struct sim_lock *lock);
bool sim_mutex_trylock(const struct sim_site *site, struct sim_lock *lock);
void sim_mutex_unlock(const struct sim_site *site, struct sim_lock *lock);

void sim_preempt_disable(void);
void sim_preempt_enable(const struct sim_site *site);

#endif /* SIM_LOCK_H */

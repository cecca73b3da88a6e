/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spinlock_t: spin_lock() raises preempt_count, then spins -- keeping its
 * CPU, costing no decisions -- until the lock is free.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/barrier.h>
#include <linux/preempt.h>

typedef struct spinlock {
	struct sim_lock raw;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { { 0, 0 } }
#define spin_lock_init(lock) (*(lock) = (spinlock_t)__SPIN_LOCK_UNLOCKED(lock))

#define spin_lock(lock) sim_spin_lock(SIM_SITE("spin_lock", #lock), &(lock)->raw)
#define spin_trylock(lock) sim_spin_trylock(SIM_SITE("spin_trylock", #lock), &(lock)->raw)
#define spin_unlock(lock) sim_spin_unlock(SIM_SITE("spin_unlock", #lock), &(lock)->raw)
#define spin_is_contended(lock) sim_spin_contended(&(lock)->raw)
/* The kernel's arch_spin_is_locked() reads the lock word atomically. */
#define spin_is_locked(lock) (__atomic_load_n(&(lock)->raw.locked, __ATOMIC_RELAXED) != 0)
#define assert_spin_locked(lock) BUG_ON(!spin_is_locked(lock))
/* Makes the lock acquisition before it a full barrier (LKMM: strong fence). */
#define smp_mb__after_spinlock() \
	sim_fence(SIM_SITE("smp_mb__after_spinlock", ""), SIM_FENCE_MB)

#endif /* _LINUX_SPINLOCK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spinlock_t: spin_lock() raises preempt_count, then spins -- keeping its
 * CPU, costing no decisions -- until the lock is free.  spin_unlock()'s
 * preempt_enable() is a preemption point under --preempt full.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/barrier.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
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
/*
 * With irqs or bottom halves off on this CPU for as long as the lock is
 * held: the handler that takes the same lock cannot come in on top of it.
 */
#define spin_lock_irqsave(lock, flags) \
	do {                                        \
		local_irq_save(flags);              \
		spin_lock(lock);                    \
	} while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do {                                        \
		spin_unlock(lock);                  \
		local_irq_restore(flags);           \
	} while (0)
#define spin_lock_irq(lock) \
	do {                                        \
		local_irq_disable();                \
		spin_lock(lock);                    \
	} while (0)
#define spin_unlock_irq(lock) \
	do {                                        \
		spin_unlock(lock);                  \
		local_irq_enable();                 \
	} while (0)
#define spin_lock_bh(lock) \
	do {                                        \
		local_bh_disable();                 \
		spin_lock(lock);                    \
	} while (0)
#define spin_unlock_bh(lock) \
	do {                                        \
		spin_unlock(lock);                  \
		local_bh_enable();                  \
	} while (0)

/* Makes the lock acquisition before it a full barrier (LKMM: strong fence). */
#define smp_mb__after_spinlock() \
	sim_fence(SIM_SITE("smp_mb__after_spinlock", ""), SIM_FENCE_MB)

#endif /* _LINUX_SPINLOCK_H */

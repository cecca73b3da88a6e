/* SPDX-License-Identifier: GPL-2.0 */
/* struct mutex: mutex_lock() may sleep, giving the CPU to another task. */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include "sim/lock.h"
#include "sim/site.h"

struct mutex {
	struct sim_lock raw;
};

#define __MUTEX_INITIALIZER(name) { { 0, 0 } }
#define mutex_init(lock) (*(lock) = (struct mutex)__MUTEX_INITIALIZER(lock))

#define mutex_lock(lock) sim_mutex_lock(SIM_SITE("mutex_lock", #lock), &(lock)->raw)
#define mutex_trylock(lock) sim_mutex_trylock(SIM_SITE("mutex_trylock", #lock), &(lock)->raw)
#define mutex_unlock(lock) sim_mutex_unlock(SIM_SITE("mutex_unlock", #lock), &(lock)->raw)
/* atomic_long_read() of the owner word in the kernel: a marked read, not a race. */
#define mutex_is_locked(lock) (__atomic_load_n(&(lock)->raw.locked, __ATOMIC_RELAXED) != 0)

#endif /* _LINUX_MUTEX_H */

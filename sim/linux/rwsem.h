/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct rw_semaphore (include/linux/rwsem.h): mmap_sem.  down_read() and
 * down_write() may sleep; a reader waits behind a waiting writer, as the
 * kernel's does (sim/rwsem.h).
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include "sim/rwsem.h"
#include "sim/site.h"

struct rw_semaphore {
	struct sim_rwsem raw;
};

#define __RWSEM_INITIALIZER(name) { { 0, 0, 0, 0, 0 } }
#define init_rwsem(sem) (*(sem) = (struct rw_semaphore)__RWSEM_INITIALIZER(sem))

#define down_read(sem) sim_down_read(SIM_SITE("down_read", #sem), &(sem)->raw)
#define down_read_trylock(sem) sim_down_read_trylock(SIM_SITE("down_read_trylock", #sem), \
						     &(sem)->raw)
#define up_read(sem) sim_up_read(SIM_SITE("up_read", #sem), &(sem)->raw)
#define down_write(sem) sim_down_write(SIM_SITE("down_write", #sem), &(sem)->raw)
#define down_write_trylock(sem) sim_down_write_trylock(SIM_SITE("down_write_trylock", #sem), \
						       &(sem)->raw)
#define up_write(sem) sim_up_write(SIM_SITE("up_write", #sem), &(sem)->raw)
/* lockdep_assert_held_write(): a BUG when the current task is not the writer. */
#define rwsem_assert_held_write(sem) BUG_ON(!sim_rwsem_write_held(&(sem)->raw))

#endif /* _LINUX_RWSEM_H */

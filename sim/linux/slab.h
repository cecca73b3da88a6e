/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmalloc() and kfree() really allocate and free, so ASan catches a late
 * access; both are preemption points.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>

#define kmalloc(size, flags) sim_kmalloc(SIM_SITE("kmalloc", #size), size, flags)
#define kzalloc(size, flags) sim_kmalloc(SIM_SITE("kzalloc", #size), size, (flags) | __GFP_ZERO)
#define kfree(p) sim_kfree(SIM_SITE("kfree", #p), p)

#endif /* _LINUX_SLAB_H */

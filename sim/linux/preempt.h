/* SPDX-License-Identifier: GPL-2.0 */
/*
 * preempt_count: while it is above zero no other task of this CPU may run
 * (other CPUs still do).  Changing it is not a preemption point.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include "sim/lock.h"
#include "sim/sched.h"

#define preempt_disable() sim_preempt_disable()
#define preempt_enable() sim_preempt_enable(SIM_SITE("preempt_enable", ""))
#define preempt_count() (sim_current()->preempt_count)
#define preemptible() (preempt_count() == 0)

#endif /* _LINUX_PREEMPT_H */

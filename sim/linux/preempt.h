/* SPDX-License-Identifier: GPL-2.0 */
/*
 * preempt_count: while it is above zero no other task of this CPU may run
 * (other CPUs still do), and the task cannot move to another CPU.  Its
 * fields are the kernel's: the preemption depth, softirq (local_bh_disable()
 * adds SOFTIRQ_DISABLE_OFFSET) and hardirq (an interrupt handler runs with
 * HARDIRQ_OFFSET).  Changing it is not a step; under --preempt full its
 * drop to 0 with irqs on is a point where another task of the CPU may take
 * over (preempt_schedule()), see sim/preempt.c.
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/irqflags.h>

#include "sim/lock.h"
#include "sim/sched.h"

#define PREEMPT_MASK		0x000000ff
#define SOFTIRQ_MASK		0x0000ff00
#define HARDIRQ_MASK		0x000f0000
#define NMI_MASK		0x00f00000
#define PREEMPT_OFFSET		0x00000001
#define SOFTIRQ_OFFSET		0x00000100
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define HARDIRQ_OFFSET		0x00010000

#define preempt_disable() sim_preempt_disable()
#define preempt_enable() sim_preempt_enable(SIM_SITE("preempt_enable", ""))
/* No preemption point: the caller schedules soon itself. */
#define preempt_enable_no_resched() \
	sim_preempt_enable_no_resched(SIM_SITE("preempt_enable_no_resched", ""))
#define preempt_count() (sim_current()->preempt_count)
#define preemptible() (preempt_count() == 0 && !irqs_disabled())

#define hardirq_count() (preempt_count() & HARDIRQ_MASK)
#define softirq_count() (preempt_count() & SOFTIRQ_MASK)
#define irq_count() (preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))
/* As in the kernel, true with bottom halves disabled too. */
#define in_interrupt() (irq_count() != 0)
#define in_irq() (hardirq_count() != 0)
#define in_hardirq() in_irq()
#define in_softirq() (softirq_count() != 0)
#define in_serving_softirq() ((softirq_count() & SOFTIRQ_OFFSET) != 0)
#define in_task() (!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_atomic() (preempt_count() != 0)

/* The task stays on its CPU, but may be preempted there. */
#define migrate_disable() sim_migrate_disable()
#define migrate_enable() sim_migrate_enable(SIM_SITE("migrate_enable", ""))

#endif /* _LINUX_PREEMPT_H */

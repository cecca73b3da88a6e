/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU's interrupt flag, kept by the task that runs (sim/irq.c).  With
 * irqs off no interrupt handler runs on the CPU and no other task takes it;
 * turning them back on is where a pending interrupt comes in (a point where
 * only the CPU's interrupts -- and under --preempt full its other tasks --
 * may run).  flags is 1 when irqs were off, 0 when on (the kernel keeps
 * EFLAGS there): irqs_disabled_flags() and local_irq_restore() read it.
 */
#ifndef _LINUX_IRQFLAGS_H
#define _LINUX_IRQFLAGS_H

#include <stdbool.h>

#include "sim/site.h"

void sim_local_irq_disable(void);
void sim_local_irq_enable(const struct sim_site *site);
unsigned long sim_local_irq_save(void);
void sim_local_irq_restore(const struct sim_site *site, unsigned long flags);
bool sim_irqs_disabled(void);

#define local_irq_disable() sim_local_irq_disable()
#define local_irq_enable() sim_local_irq_enable(SIM_SITE("local_irq_enable", ""))
#define local_irq_save(flags) ((flags) = sim_local_irq_save())
#define local_irq_restore(flags) \
	sim_local_irq_restore(SIM_SITE("local_irq_restore", #flags), flags)
#define irqs_disabled() sim_irqs_disabled()
#define irqs_disabled_flags(flags) ((flags) != 0)
#define raw_local_irq_disable() local_irq_disable()
#define raw_local_irq_enable() local_irq_enable()
#define raw_local_irq_save(flags) local_irq_save(flags)
#define raw_local_irq_restore(flags) local_irq_restore(flags)

#endif /* _LINUX_IRQFLAGS_H */

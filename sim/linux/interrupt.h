/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt context and bottom halves (sim/irq.c).  A scenario makes a
 * device interrupt of a CPU in its setup,
 *
 *	sim_irq_create("timer0", 0, timer_interrupt, ctx, 3);
 *
 * which may come up to 3 times a run wherever cpu0 has interrupts on (a
 * decision of the stream), and runs timer_interrupt(ctx) there in hardirq
 * context.  in_interrupt() and friends are in <linux/preempt.h>.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/irqflags.h>
#include <linux/preempt.h>

typedef enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
} irqreturn_t;

struct sim_task *sim_irq_create(const char *name, unsigned int cpu, void (*handler)(void *),
				void *arg, unsigned int count);

void sim_local_bh_disable(void);
void sim_local_bh_enable(const struct sim_site *site);

/* Bottom halves off: SOFTIRQ_DISABLE_OFFSET in preempt_count (no softirqs run yet). */
#define local_bh_disable() sim_local_bh_disable()
#define local_bh_enable() sim_local_bh_enable(SIM_SITE("local_bh_enable", ""))

#endif /* _LINUX_INTERRUPT_H */

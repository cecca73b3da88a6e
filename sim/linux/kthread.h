/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel threads created while the scenario runs (sim/kthread.c).  A
 * thread's function takes its data and returns an int, which kthread_stop()
 * returns.  kthread_create() leaves the thread asleep until
 * wake_up_process(); it is free to move between CPUs unless bound.
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <stdbool.h>

#include <linux/sched.h>

struct sim_task *sim_kthread_create(const struct sim_site *site, int (*threadfn)(void *data),
				    void *data, int cpu, const char *namefmt, ...)
	__attribute__((format(printf, 5, 6)));
void sim_kthread_bind(const struct sim_site *site, struct sim_task *t, unsigned int cpu);
bool sim_kthread_should_stop(const struct sim_site *site);
int sim_kthread_stop(const struct sim_site *site, struct sim_task *t);

#define kthread_create(threadfn, data, namefmt, ...) \
	sim_kthread_create(SIM_SITE("kthread_create", #threadfn), threadfn, data, -1, namefmt, \
			   ##__VA_ARGS__)
#define kthread_create_on_cpu(threadfn, data, cpu, namefmt) \
	sim_kthread_create(SIM_SITE("kthread_create_on_cpu", #threadfn), threadfn, data, \
			   (int)(cpu), namefmt, cpu)
#define kthread_run(threadfn, data, namefmt, ...)                                       \
	({                                                                              \
		struct task_struct *__k = kthread_create(threadfn, data, namefmt,       \
							 ##__VA_ARGS__);                \
		wake_up_process(__k);                                                   \
		__k;                                                                    \
	})
#define kthread_bind(k, cpu) sim_kthread_bind(SIM_SITE("kthread_bind", #k), k, cpu)
#define kthread_should_stop() sim_kthread_should_stop(SIM_SITE("kthread_should_stop", ""))
#define kthread_stop(k) sim_kthread_stop(SIM_SITE("kthread_stop", #k), k)

#endif /* _LINUX_KTHREAD_H */

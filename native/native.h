/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The native back end: the engine functions sim/linux/ and algos/ call,
 * implemented with real threads, C11 atomics and fences (README.md).  This
 * header is what its files share; ports never see it.
 *
 * One iteration: the scenario's setup runs on the main thread and creates
 * tasks; each task runs on a pool thread pinned to the real CPU its
 * simulated CPU maps to; all start together behind a spinning barrier; the
 * main thread waits (with a watchdog), then runs check() and finish().
 */
#ifndef NATIVE_NATIVE_H
#define NATIVE_NATIVE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/scenario.h"
#include "sim/sched.h"

/* Objects kmalloc'ed by one thread in this iteration: freed after it. */
struct native_obj {
	struct native_obj *next;
	uint32_t state;		/* OBJ_LIVE or OBJ_FREED, changed atomically */
	uint32_t size;
};

struct native_heap {
	struct native_obj *head;
};

/* A pool thread: runs task number @index of every iteration. */
struct native_thread {
	unsigned int index;
	unsigned int seen;	/* the last generation it has seen */
	int real_cpu;		/* what it is pinned to, -1 before the first pin */
	struct sim_task *task;	/* this iteration's, or NULL for the main thread */
	jmp_buf abandon;	/* back to the pool loop when the task must stop */
	struct native_heap heap;
	uint64_t rng;
	unsigned long points;	/* for --yield-every */
};

/* What a run is configured with (the command line). */
struct native_config {
	const struct sim_scenario *scenario;
	enum sim_mm mm;
	long params[SIM_MAX_PARAMS];
	unsigned long yield_every;	/* sched_yield() every N points; 0: never */
	double gfp_fail;		/* probability that a GFP_NOWAIT kmalloc fails */
	bool cpu_exclusion;		/* preempt_disable() excludes the CPU's other tasks */
	double hang_seconds;		/* the watchdog */
	uint64_t seed;
};

#define NATIVE_NAME_MAX 48
#define NATIVE_MESSAGE_MAX 512

/* The first failure of an iteration. */
struct native_failure {
	const char *kind;		/* "invariant", "bug", "sanitizer", "hang"; NULL: none */
	char name[NATIVE_NAME_MAX];
	char message[NATIVE_MESSAGE_MAX];
};

/* Per simulated CPU: who has preemption off on it, and who waits to. */
struct native_cpu {
	unsigned int owner;	/* task id + 1, 0 when preemptible */
	unsigned int waiters;
};

struct native_run {
	const struct native_config *cfg;
	struct sim_task tasks[SIM_MAX_TASKS];
	bool kworker[SIM_MAX_TASKS];
	unsigned int nr_tasks;
	bool in_tasks;			/* the tasks run: no more may be created */
	struct native_cpu cpu[SIM_MAX_CPUS];
	unsigned int busy;		/* tasks other than kworkers not yet returned */
	unsigned int stop;		/* a failure: every task stops at its next point */
	unsigned int claimed;		/* the failure slot is taken */
	unsigned int failure_ready;	/* ... and filled in */
	struct native_failure failure;
};

extern struct native_run native_run;
extern __thread struct native_thread *native_self;

/* ---- threads and iterations (pool.c) ---- */

/* One iteration of the configured scenario; the failure, if any. */
const struct native_failure *native_iterate(const struct native_config *cfg, uint64_t nr);
/* The pool threads' real CPUs: @cpu of the scenario maps to this one. */
int native_real_cpu(unsigned int cpu);

/* ---- RCU (rcu.c) ---- */

void native_rcu_reset(void);
/* Every task has returned: the callbacks still queued run. */
void native_rcu_quiesce(void);

/* ---- the current task (sched.c) ---- */

/* Every kernel-API call: stop here if the iteration failed. */
void native_point(const struct sim_site *site);
/* Leave the current task at once (after a failure): back to its pool loop. */
void native_abandon(void) __attribute__((noreturn));
/* One round of a busy-wait: relax, yield now and then, stop on a failure. */
void native_wait_step(unsigned int *spins, unsigned int yield_every);
/* A task created by the workqueue code rather than by the scenario. */
struct sim_task *native_kworker_create(const char *name, unsigned int cpu, void (*fn)(void *),
				       void *arg);
/* While the task waits at @site: what a hang report names. */
void native_waiting(const struct sim_site *site);

/* ---- failures (report.c) ---- */

/* Record the iteration's failure if it is the first; true if it was. */
bool native_record(const char *kind, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void native_failure_reset(void);

/* ---- the heap (alloc.c) ---- */

/* Free every object the iteration allocated, kfree()d or not. */
void native_heap_release(struct native_heap *heap);
/* The heap kmalloc() uses on this thread. */
void native_heap_use(struct native_heap *heap);

/* ---- preemption (lock.c) ---- */

void native_cpus_reset(void);

static inline void native_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

#define NATIVE_LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define NATIVE_STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#endif /* NATIVE_NATIVE_H */

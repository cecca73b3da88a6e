// SPDX-License-Identifier: GPL-2.0
/*
 * Iterations on a pool of threads.  Thread i runs task i of every
 * iteration, pinned to the real CPU of the task's simulated CPU (cpu c on
 * the c % n-th of the n CPUs we may use), so tasks of one simulated CPU
 * share a real one, as they share a CPU in the kernel.  Creating threads
 * per iteration would cost more than most iterations take.
 *
 * The main thread runs setup and publishes the iteration (a generation
 * number; threads spin for it a while, then sleep on it with a futex).
 * Tasks meet at a start line, and the last to arrive lets them all go:
 * they spin on the flag, so they overlap for real.  It waits for the last task with a watchdog:
 * past it, the iteration is a hang -- natively, a deadlock looks like that.
 * Then check() once and finish(), on the main thread: check() cannot run
 * after every step natively, and running it alongside the tasks would race
 * with them.
 *
 * What orders what for TSan: the generation's release/acquire carries
 * setup to the tasks, the count of tasks left (acq_rel) carries them to
 * the main thread; nothing here orders one task after another.
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "native.h"

/* Pauses between yields at the start line and between iterations. */
#define START_YIELD 256
/*
 * How long a thread spins for the next iteration before it sleeps: waking
 * a sleeping thread costs tens of microseconds (more in a VM), longer than
 * most iterations take.
 */
#define SPIN_SECONDS 0.002
/* How long stopped tasks have to reach a point after a hang. */
#define STOP_GRACE_SECONDS 5.0

static struct {
	struct native_thread threads[SIM_MAX_TASKS];
	pthread_t ids[SIM_MAX_TASKS];
	unsigned int nr_threads;
	unsigned int gen;	/* the iteration published; futex word */
	unsigned int go;	/* the generation allowed to start */
	unsigned int ready;	/* tasks at the start line */
	unsigned int left;	/* tasks not yet back; futex word */
	int cpus[CPU_SETSIZE];	/* the real CPUs we may use */
	int nr_cpus;
} pool;

static struct native_thread main_thread;

static long futex(unsigned int *word, int op, unsigned int val, const struct timespec *timeout)
{
	return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The real CPUs we may use, before any pool thread reads them. */
static void cpus_init(void)
{
	cpu_set_t set;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set))
		CPU_ZERO(&set);
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			pool.cpus[pool.nr_cpus++] = c;
	if (!pool.nr_cpus)
		pool.cpus[pool.nr_cpus++] = 0;
}

int native_real_cpu(unsigned int cpu)
{
	return pool.cpus[cpu % (unsigned int)pool.nr_cpus];
}

static void pin(struct native_thread *th, unsigned int cpu)
{
	int real = native_real_cpu(cpu);
	cpu_set_t set;

	if (th->real_cpu == real)
		return;
	CPU_ZERO(&set);
	CPU_SET(real, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0)
		th->real_cpu = real;
}

static void run_task(struct native_thread *th, unsigned int gen)
{
	struct sim_task *t = &native_run.tasks[th->index];
	unsigned int spins = 0;

	pin(th, t->cpu);
	__atomic_store_n(&th->task, t, __ATOMIC_RELAXED);
	th->points = 0;
	/* The last one at the start line starts everyone: no third thread adds skew. */
	if (__atomic_add_fetch(&pool.ready, 1, __ATOMIC_RELAXED) == native_run.nr_tasks)
		__atomic_store_n(&pool.go, gen, __ATOMIC_RELEASE);
	while (__atomic_load_n(&pool.go, __ATOMIC_ACQUIRE) != gen) {
		if (++spins % START_YIELD)
			native_pause();
		else
			sched_yield();
	}
	if (!setjmp(th->abandon))
		t->fn(t->arg);
	if (!native_run.kworker[t->id])
		__atomic_fetch_sub(&native_run.busy, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&th->task, NULL, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&pool.left, 1, __ATOMIC_ACQ_REL) == 0)
		futex(&pool.left, FUTEX_WAKE_PRIVATE, 1, NULL);
}

static void *pool_thread(void *arg)
{
	struct native_thread *th = arg;
	unsigned int gen;

	native_self = th;
	native_heap_use(&th->heap);
	for (;;) {
		double spin_until = now() + SPIN_SECONDS;
		unsigned int spins = 0;

		while ((gen = __atomic_load_n(&pool.gen, __ATOMIC_ACQUIRE)) == th->seen) {
			if (++spins % START_YIELD)
				native_pause();
			else if (now() < spin_until)
				sched_yield();
			else
				futex(&pool.gen, FUTEX_WAIT_PRIVATE, th->seen, NULL);
		}
		th->seen = gen;
		if (th->index < native_run.nr_tasks)
			run_task(th, gen);
	}
	return NULL;
}

static void pool_grow(unsigned int nr)
{
	if (!pool.nr_cpus)
		cpus_init();
	while (pool.nr_threads < nr) {
		struct native_thread *th = &pool.threads[pool.nr_threads];

		th->index = pool.nr_threads;
		th->real_cpu = -1;
		/* Before the thread runs: the iteration about to be published is its first. */
		th->seen = pool.gen;
		if (pthread_create(&pool.ids[pool.nr_threads], NULL, pool_thread, th)) {
			fprintf(stderr, "schedfuzz-native: cannot create a thread\n");
			exit(2);
		}
		pool.nr_threads++;
	}
}

/* "cpu0: ab waits at take_ab:19 mutex_lock(&ctx->b)", for every task not back. */
static void describe_stuck(char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < native_run.nr_tasks && n < len; i++) {
		struct sim_task *t = &native_run.tasks[i];
		const struct sim_site *wait = __atomic_load_n(&t->wait_site, __ATOMIC_RELAXED);
		const struct sim_site *at = __atomic_load_n(&t->at, __ATOMIC_RELAXED);
		const struct sim_site *s = wait ? wait : at;

		if (!__atomic_load_n(&pool.threads[i].task, __ATOMIC_RELAXED))
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s %s %s:%u %s(%s)", n ? "; " : "",
				      t->name, wait ? "waits at" : "runs past",
				      s ? s->func : "start", s ? s->line : 0, s ? s->op : "",
				      s ? s->expr : "");
	}
}

/* Wait until every task is back, or @deadline passes; whether they are. */
static bool wait_tasks(double deadline)
{
	double spin_until = now() + SPIN_SECONDS;
	unsigned int left;

	while ((left = __atomic_load_n(&pool.left, __ATOMIC_ACQUIRE))) {
		double t = now(), rest = deadline - t;
		struct timespec ts;

		if (rest <= 0)
			return false;
		if (t < spin_until) {
			sched_yield();
			continue;
		}
		if (rest > 0.01)
			rest = 0.01;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(rest * 1e9);
		futex(&pool.left, FUTEX_WAIT_PRIVATE, left, &ts);
	}
	return true;
}

/*
 * The tasks did not come back in time: a hang, and every task is told to
 * stop.  Whether they did; one stuck outside every point cannot be joined,
 * and the caller must end the process.
 */
static bool watchdog_fire(const struct native_config *cfg)
{
	char stuck[NATIVE_MESSAGE_MAX - 64];
	bool mine;

	describe_stuck(stuck, sizeof(stuck));
	mine = native_record("hang", "deadlock", "no progress in %.1f s: %s", cfg->hang_seconds,
			     stuck);
	if (wait_tasks(now() + STOP_GRACE_SECONDS))
		return true;
	if (mine)
		snprintf(native_run.failure.message, sizeof(native_run.failure.message),
			 "no progress in %.1f s, and tasks did not stop: %s", cfg->hang_seconds,
			 stuck);
	return false;
}

static void run_reset(const struct native_config *cfg)
{
	native_run.cfg = cfg;
	native_run.nr_tasks = 0;
	native_run.in_tasks = false;
	native_failure_reset();
	native_cpus_reset();
	native_rcu_reset();
	native_self = &main_thread;
	native_heap_use(&main_thread.heap);
}

/* Tasks that did not come back after a hang still own their heaps: leak them. */
static void release_heaps(bool tasks_back)
{
	unsigned int i;

	native_heap_release(&main_thread.heap);
	for (i = 0; tasks_back && i < pool.nr_threads; i++)
		native_heap_release(&pool.threads[i].heap);
}

const struct native_failure *native_iterate(const struct native_config *cfg, uint64_t nr)
{
	const struct sim_scenario *s = cfg->scenario;
	unsigned int i;
	void *ctx;
	bool back = true;

	run_reset(cfg);
	ctx = s->setup();
	if (!native_run.claimed && native_run.nr_tasks) {
		native_run.in_tasks = true;
		native_run.busy = 0;
		for (i = 0; i < native_run.nr_tasks; i++)
			native_run.busy += !native_run.kworker[i];
		for (i = 0; i < native_run.nr_tasks; i++)
			pool.threads[i].rng = (cfg->seed ^ (nr * 0x9e3779b97f4a7c15ULL) ^ i) | 1;
		pool_grow(native_run.nr_tasks);
		pool.ready = 0;
		pool.left = native_run.nr_tasks;
		__atomic_add_fetch(&pool.gen, 1, __ATOMIC_RELEASE);
		futex(&pool.gen, FUTEX_WAKE_PRIVATE, (unsigned int)pool.nr_threads, NULL);
		if (!wait_tasks(now() + cfg->hang_seconds))
			back = watchdog_fire(cfg);
	}
	if (back && !native_run.claimed) {
		native_rcu_quiesce();
		if (s->check)
			s->check(ctx);
		if (s->finish && !native_run.claimed)
			s->finish(ctx);
	}
	if (back && s->teardown)
		s->teardown(ctx);
	release_heaps(back);
	if (!__atomic_load_n(&native_run.claimed, __ATOMIC_ACQUIRE))
		return NULL;
	while (!__atomic_load_n(&native_run.failure_ready, __ATOMIC_ACQUIRE))
		native_pause();
	return &native_run.failure;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A lost wake-up, written out of schedfuzz's tree against the installed
 * library: a producer hands a value to a consumer and wakes it.
 *
 * pipe/consumer-buggy tests the flag, then queues itself and sleeps: a
 * producer that sets the flag and calls wake_up() in between finds nobody
 * to wake, and the consumer sleeps for good -- a deadlock that names it and
 * its wait queue.  pipe/consumer uses wait_event(), which tests the flag
 * after prepare_to_wait(): the wake-up either comes after the consumer is
 * queued, or the flag is already seen.
 *
 *	cc pipe.c $(pkg-config --cflags --libs schedfuzz) -o pipe-fuzz
 *	./pipe-fuzz explore pipe/consumer-buggy
 */
#include <linux/barrier.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include <schedfuzz/scenario.h>

struct pipe {
	wait_queue_head_t wq;
	int ready;
	int value;		/* plain: published by the release of ready */
	int got;
};

static const struct sim_field pipe_fields[] = {
	SIM_FIELD(struct pipe, wq),
	SIM_FIELD(struct pipe, ready),
	SIM_FIELD(struct pipe, value),
};

static void producer(void *arg)
{
	struct pipe *p = arg;

	p->value = 42;
	smp_store_release(&p->ready, 1);
	wake_up(&p->wq);
}

static void consumer_buggy(void *arg)
{
	struct pipe *p = arg;
	DEFINE_WAIT(wait);

	if (!smp_load_acquire(&p->ready)) {
		/* The producer may set ready and wake the queue here: too early. */
		prepare_to_wait(&p->wq, &wait, TASK_UNINTERRUPTIBLE);
		schedule();
		finish_wait(&p->wq, &wait);
	}
	p->got = p->value;
	sim_note("got %d", p->got);
}

static void consumer(void *arg)
{
	struct pipe *p = arg;

	wait_event(p->wq, smp_load_acquire(&p->ready));
	p->got = p->value;
	sim_note("got %d", p->got);
}

static void *pipe_setup(void (*consume)(void *))
{
	struct pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	sim_name(p, "pipe");
	sim_fields(p, pipe_fields);
	init_waitqueue_head(&p->wq);
	sim_task_create("producer", 0, producer, p);
	sim_task_create("consumer", 1, consume, p);
	return p;
}

static void *consumer_buggy_setup(void)
{
	return pipe_setup(consumer_buggy);
}

static void *consumer_setup(void)
{
	return pipe_setup(consumer);
}

static void pipe_finish(void *arg)
{
	struct pipe *p = arg;

	if (p->got != 42)
		sim_violation("value", "the consumer got %d, not 42", p->got);
}

SIM_SCENARIO(pipe_consumer_buggy) = {
	.name = "pipe/consumer-buggy",
	.description = "tests the flag before prepare_to_wait(): a wake-up is lost",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY },
	.bug = "deadlock",
	.fixed_by = "pipe/consumer",
	.setup = consumer_buggy_setup,
	.finish = pipe_finish,
};

SIM_SCENARIO(pipe_consumer) = {
	.name = "pipe/consumer",
	.description = "wait_event(): the flag tested after prepare_to_wait()",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT },
	.setup = consumer_setup,
	.finish = pipe_finish,
};

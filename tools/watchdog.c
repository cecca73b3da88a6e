// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sim/sched.h"
#include "sim/trace.h"
#include "watchdog.h"

static struct {
	unsigned int limit, idle;
	double deadline;
	int fd;
	const char *prefix;
	uint64_t runs, last_runs, last_steps;
} dog;

static void put(const char *s)
{
	if (write(dog.fd, s, strlen(s)) < 0)
		_exit(WATCHDOG_EXIT);
}

static void put_uint(unsigned int v)
{
	char buf[12];
	int n = (int)sizeof(buf);

	buf[--n] = '\0';
	do
		buf[--n] = (char)('0' + v % 10);
	while ((v /= 10) && n);
	put(buf + n);
}

/* A signal handler: clock_gettime and write(2) only. */
static void on_alarm(int sig)
{
	uint64_t steps = sim_trace_steps();
	struct timespec ts;
	struct sim_task *t;
	bool late;

	(void)sig;
	if (steps != dog.last_steps || dog.runs != dog.last_runs) {
		dog.last_steps = steps;
		dog.last_runs = dog.runs;
		dog.idle = 0;
		return;
	}
	dog.idle++;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	late = dog.deadline && (double)ts.tv_sec + ts.tv_nsec / 1e9 >= dog.deadline;
	if (dog.idle < dog.limit && !late)
		return;
	t = sim_in_task() ? sim_current() : NULL;
	put(dog.prefix);
	put("runaway: task ");
	put(t ? t->name : "(none)");
	put(" made no kernel-API call in ");
	put_uint(dog.idle);
	put(" s");
	if (late && dog.idle < dog.limit)
		put(" (the end of --time)");
	put("\n");
	_exit(WATCHDOG_EXIT);
}

void watchdog_start(unsigned int limit, double deadline, int fd, const char *prefix)
{
	struct itimerval every_second = { { 1, 0 }, { 1, 0 } };
	struct sigaction sa;

	dog.limit = limit ? limit : 1;
	dog.deadline = deadline;
	dog.fd = fd;
	dog.prefix = prefix;
	dog.idle = 0;
	dog.last_steps = sim_trace_steps();
	dog.last_runs = dog.runs;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every_second, NULL);
}

void watchdog_stop(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_DFL);
}

void watchdog_beat(void)
{
	dog.runs++;
}

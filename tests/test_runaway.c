// SPDX-License-Identifier: GPL-2.0
/*
 * A task that loops without a kernel-API call never returns to the
 * scheduler: the watchdog ends the process with exit status 3 and says which
 * task, within --time or the step limit (issue 17.6).  Not under TSan, which
 * delivers an asynchronous signal only when the thread next calls into its
 * runtime, and a loop like this one never does.
 */
#include <linux/compiler.h>
#include <linux/sched.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../sim/engine.h"
#include "../tools/cli.h"
#include "../tools/watchdog.h"
#include "helpers.h"

static int spin_forever;

static void spinner(void *arg)
{
	(void)arg;
	WRITE_ONCE(spin_forever, 1);	/* a step first: the loop comes after progress */
	while (*(volatile int *)&spin_forever)
		;
}

static void quiet(void *arg)
{
	(void)arg;
	WRITE_ONCE(spin_forever, 1);
}

static void *runaway_setup(void)
{
	sim_task_create("spinner", 0, spinner, NULL);
	sim_task_create("quiet", 1, quiet, NULL);
	return NULL;
}

static const struct sim_scenario runaway = {
	.name = "test/runaway",
	.nr_cpus = 2,
	.setup = runaway_setup,
};

/* Run @fn in a child with stderr on a pipe: its exit status and what it said. */
static int in_child(void (*fn)(void), char *said, size_t len, double *seconds)
{
	struct timespec a, b;
	int fds[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (!pid) {
		close(fds[0]);
		dup2(fds[1], 2);
		alarm(60);	/* the watchdog failing must not hang the test */
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], said + got, len - 1 - (size_t)got)) > 0)
		got += n;
	said[got] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	*seconds = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static struct sim_run_config cfg;
static struct sim_source src;

static void search_for_two_seconds(void)
{
	struct search search = { .strategy = "random", .seed = 1, .seconds = 2,
				 .out_dir = "/nonexistent", .cfg = &cfg };

	sim_config_defaults(&cfg, &runaway, &src);
	search_run(&search);
}

START_TEST(test_time_ends_a_runaway)
{
	char said[1024];
	double seconds;
	int status = in_child(search_for_two_seconds, said, sizeof(said), &seconds);

	ck_assert_msg(status == WATCHDOG_EXIT, "exit %d: %s", status, said);
	ck_assert_msg(strstr(said, "runaway: task spinner made no kernel-API call in "), "%s",
		      said);
	ck_assert_msg(strstr(said, "(the end of --time)"), "%s", said);
	ck_assert_msg(seconds < WATCHDOG_SECONDS, "%.1f s", seconds);
}
END_TEST

static void one_run_watched(void)
{
	struct sim_result res;

	sim_config_defaults(&cfg, &runaway, &src);
	sim_source_bytes(&src, NULL, 0);
	watchdog_start(2, 0, 2, "");
	sim_run(&cfg, &res);
}

START_TEST(test_no_step_for_the_limit_is_a_runaway)
{
	char said[1024];
	double seconds;
	int status = in_child(one_run_watched, said, sizeof(said), &seconds);

	ck_assert_msg(status == WATCHDOG_EXIT, "exit %d: %s", status, said);
	ck_assert_msg(strstr(said, "runaway: task spinner made no kernel-API call in 2 s"), "%s",
		      said);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("runaway");
	TCase *tc = tcase_create("runaway");

	tcase_set_timeout(tc, 60);
	if (!SIM_TSAN) {
		tcase_add_test(tc, test_time_ends_a_runaway);
		tcase_add_test(tc, test_no_step_for_the_limit_is_a_runaway);
	}
	suite_add_tcase(s, tc);
	return run_suite(s);
}

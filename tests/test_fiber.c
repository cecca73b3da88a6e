// SPDX-License-Identifier: GPL-2.0
/* Fibers: switching, restarting a stack, and a stack overflow caught by name. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../sim/engine.h"
#include "../sim/fiber.h"
#include "../sim/report.h"
#include "../tools/cli.h"
#include "helpers.h"
#include "sched.h"

static struct sim_fiber thread_fiber, fibers[2];
static int trail[64], trail_len;

/*
 * Switches do not synchronise for TSan (that is the point of them): the
 * trail is handed over with the annotations the scheduler itself uses.
 */
static void hand_over(struct sim_fiber *from, struct sim_fiber *to)
{
	sim_hb_release(&trail_len);
	sim_fiber_switch(from, to);
	sim_hb_acquire(&trail_len);
}

static void ping(void *arg)
{
	int id = (int)(intptr_t)arg, i;

	sim_hb_acquire(&trail_len);
	for (i = 0; i < 5; i++) {
		trail[trail_len++] = id * 100 + i;
		hand_over(&fibers[id], id ? &fibers[0] : &fibers[1]);
	}
	sim_hb_release(&trail_len);
	sim_fiber_exit(&fibers[id], &thread_fiber);
}

START_TEST(test_switch_and_restart)
{
	int round, i;

	sim_fiber_init_thread(&thread_fiber);
	ck_assert_int_eq(sim_fiber_create(&fibers[0], 64 * 1024, "f0"), 0);
	ck_assert_int_eq(sim_fiber_create(&fibers[1], 64 * 1024, "f1"), 0);
	/* Twice on the same stacks: a prepared fiber starts afresh. */
	for (round = 0; round < 2; round++) {
		trail_len = 0;
		sim_fiber_prepare(&fibers[0], ping, (void *)0);
		sim_fiber_prepare(&fibers[1], ping, (void *)1);
		hand_over(&thread_fiber, &fibers[0]);
		ck_assert_int_eq(trail_len, 10);
		for (i = 0; i < 10; i++)
			ck_assert_int_eq(trail[i], (i % 2) * 100 + i / 2);
	}
	sim_fiber_destroy(&fibers[0]);
	sim_fiber_destroy(&fibers[1]);
}
END_TEST

/* Deep enough to pass any stack, and opaque enough that no compiler ends it. */
static int recurse(volatile char *prev, int depth)
{
	volatile char frame[512];

	frame[0] = prev ? prev[0] : 1;
	if (depth < 0)
		return 0;
	return depth + recurse(frame, depth + 1) + frame[0];
}

static void overflow(void *arg)
{
	(void)arg;
	sim_yield();
	recurse(NULL, 0);
}

static void *overflow_setup(void)
{
	sim_task_create("deep", 0, overflow, NULL);
	return NULL;
}

static const struct sim_scenario overflow_scenario = {
	.name = "test/overflow",
	.nr_cpus = 1,
	.setup = overflow_setup,
};

static int report_fd;

static void report_to_parent(void)
{
	const struct sim_failure *f = sim_run_failure();
	char line[600];
	int n = snprintf(line, sizeof(line), "%s %s: %s", sim_fail_kind_name[f->kind], f->name,
			 f->message);

	if (write(report_fd, line, (size_t)n) < 0)
		_exit(3);
}

START_TEST(test_stack_overflow_reported)
{
	char line[600] = "";
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	if (!pid) {
		struct outcome o;

		close(fds[0]);
		report_fd = fds[1];
		sim_install_fatal_handlers(report_to_parent);
		run_bytes(&overflow_scenario, NULL, 0, &o);
		_exit(0);	/* not reached: the overflow ends the process */
	}
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(n > 0, "the child reported nothing (status %d)", status);
	line[n] = '\0';
	ck_assert(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
	/* Caught on the guard page, or by ASan, which sees the overflow first. */
	ck_assert_msg(strstr(line, "stack-overflow") &&
		      (strstr(line, "task deep") || strstr(line, "sanitizer")), "%s", line);
}
END_TEST

/*
 * The search's own fatal hook, from the SIGSEGV handler: the reproducer
 * written whole with write(2), nothing allocated or opened with stdio -- so
 * TSan has no signal-unsafe call to report (issue 17.1).
 */
START_TEST(test_overflow_saves_reproducer)
{
	char dir[] = "/tmp/sf-overflow-XXXXXX", log[64], buf[4096] = "", cmd[200];
	struct sim_run_config cfg;
	struct sim_source src;
	int status, fd;
	pid_t pid;
	ssize_t n;
	FILE *ls;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(log, sizeof(log), "%s.log", dir);
	pid = fork();
	if (!pid) {
		struct search search = { .strategy = "random", .seed = 1, .runs = 1,
					 .out_dir = dir, .cfg = &cfg };

		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		sim_config_defaults(&cfg, &overflow_scenario, &src);
		search_run(&search);
		_exit(0);	/* not reached */
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(!WIFEXITED(status) || WEXITSTATUS(status) != 0);
	fd = open(log, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	/* ASan sees the overflow first and says so; TSan must have nothing to say. */
	ck_assert_msg(strstr(buf, "reproducer: ") && !strstr(buf, "ThreadSanitizer"), "%.300s", buf);
	snprintf(cmd, sizeof(cmd), "grep -l '^expect ' %s/test-overflow-*.repro && rm -rf %s %s",
		 dir, dir, log);
	ls = popen(cmd, "r");
	n = (ssize_t)fread(buf, 1, sizeof(buf) - 1, ls);
	ck_assert_int_eq(pclose(ls), 0);
	ck_assert_int_gt(n, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fiber");
	TCase *tc = tcase_create("fiber");

	tcase_add_test(tc, test_switch_and_restart);
	tcase_add_test(tc, test_stack_overflow_reported);
	tcase_add_test(tc, test_overflow_saves_reproducer);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Failures, and the ways they reach us besides sim_fail(): a sanitizer's
 * report (its summary hook), a sanitizer's death, a fault on a task stack's
 * guard page.  The last two end the process, so they hand the run to the
 * caller's fatal hook first, which writes the reproducer.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decide.h"
#include "engine.h"
#include "report.h"
#include "sanitizer.h"
#include "sched.h"
#include "trace.h"

#if SIM_ASAN || SIM_TSAN || defined(SIM_BUILD_UBSAN)
#include <sanitizer/common_interface_defs.h>
#endif

const char *const sim_fail_kind_name[SIM_FAIL_NR] = {
	[SIM_OK] = "clean",
	[SIM_FAIL_INVARIANT] = "invariant",
	[SIM_FAIL_BUG] = "bug",
	[SIM_FAIL_DEADLOCK] = "deadlock",
	[SIM_FAIL_NO_PROGRESS] = "no-progress",
	[SIM_FAIL_SANITIZER] = "sanitizer",
	[SIM_FAIL_STACK_OVERFLOW] = "stack-overflow",
};

enum sim_fail_kind sim_fail_kind_parse(const char *s)
{
	int k;

	for (k = 0; k < SIM_FAIL_NR; k++)
		if (!strcmp(s, sim_fail_kind_name[k]))
			return (enum sim_fail_kind)k;
	return SIM_FAIL_NR;
}

/* Record the run's first failure; the caller decides whether the run goes on. */
static struct sim_failure *failure_record(enum sim_fail_kind kind, const char *name)
{
	struct sim_failure *f = sim_run_failure();
	struct sim_task *t = sim_running_task();

	if (f->kind != SIM_OK)
		return NULL;
	f->kind = kind;
	/* A bounded copy, not snprintf: the guard-page fault handler comes here. */
	strncpy(f->name, name, sizeof(f->name) - 1);
	f->name[sizeof(f->name) - 1] = '\0';
	f->step = sim_trace_steps();
	f->task = t ? (int)t->id : -1;
	if (sim_in_task())
		sim_dfs_run_cut();	/* the run ends before its tasks do */
	return f;
}

static void vfail(enum sim_fail_kind kind, const char *name, const char *fmt, va_list ap)
{
	struct sim_failure *f;

	if (!sim_in_run()) {
		fprintf(stderr, "schedfuzz: %s outside a run: ", name);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		abort();
	}
	f = failure_record(kind, name);
	if (f) {
		vsnprintf(f->message, sizeof(f->message), fmt, ap);
		sim_trace_event(SIM_EV_FAIL, NULL, 0, f->message, -1);
	}
	if (sim_in_task())
		sim_abandon_run();
}

void sim_fail(enum sim_fail_kind kind, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(kind, name, fmt, ap);
	va_end(ap);
}

void sim_violation(const char *invariant, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(SIM_FAIL_INVARIANT, invariant, fmt, ap);
	va_end(ap);
}

/*
 * "SUMMARY: ThreadSanitizer: data race plain_race.c:20 in plain_race_task"
 * names the failure "data-race": the words before the first location.
 */
static void summary_name(const char *summary, char *name, size_t len)
{
	const char *p = strstr(summary, "Sanitizer: ");
	size_t n = 0;

	p = p ? p + strlen("Sanitizer: ") : summary;
	while (*p && n + 1 < len) {
		const char *end = p;

		while (*end && *end != ' ')
			end++;
		if (memchr(p, '/', (size_t)(end - p)) || memchr(p, '.', (size_t)(end - p)) ||
		    memchr(p, ':', (size_t)(end - p)) || (end - p == 2 && !strncmp(p, "in", 2)))
			break;
		if (n)
			name[n++] = '-';
		while (p < end && n + 1 < len)
			name[n++] = *p++;
		while (*p == ' ')
			p++;
	}
	name[n] = '\0';
}

/*
 * Called by every sanitizer after a report, from inside its runtime: no
 * switching here, the next preemption point ends the run.
 */
void __sanitizer_report_error_summary(const char *summary);
void __sanitizer_report_error_summary(const char *summary)
{
	struct sim_failure *f;
	char name[sizeof(f->name)];

	if (!sim_in_run())
		return;
	summary_name(summary, name, sizeof(name));
	f = failure_record(SIM_FAIL_SANITIZER, name[0] ? name : "report");
	if (f)
		snprintf(f->message, sizeof(f->message), "%s", summary);
}

static void (*fatal_hook)(void);

static void on_sanitizer_death(void)
{
	struct sim_failure *f;

	if (!sim_in_run())
		return;
	f = failure_record(SIM_FAIL_SANITIZER, "fatal");
	if (f)
		snprintf(f->message, sizeof(f->message), "the sanitizer ended the process");
	if (fatal_hook)
		fatal_hook();
}

static struct sigaction segv_previous;

static void on_segv(int sig, siginfo_t *info, void *uctx)
{
	const char *task;
	struct sim_failure *f;

	if (!sim_in_run() || !sim_fault_in_guard(info->si_addr, &task)) {
		/* Not ours: let whoever handled it before (a sanitizer) report it. */
		if (segv_previous.sa_flags & SA_SIGINFO) {
			segv_previous.sa_sigaction(sig, info, uctx);
			return;
		}
		signal(sig, SIG_DFL);
		return;
	}
	f = failure_record(SIM_FAIL_STACK_OVERFLOW, "stack-overflow");
	if (f) {
		/* No snprintf in a signal handler. */
		const char *parts[] = { "task ", task, " overflowed its stack (hit the guard page)" };
		size_t n = 0, i, j;

		for (i = 0; i < 3; i++)
			for (j = 0; parts[i][j] && n + 1 < sizeof(f->message); j++)
				f->message[n++] = parts[i][j];
		f->message[n] = '\0';
	}
	if (fatal_hook)
		fatal_hook();
	_exit(1);
}

void sim_install_fatal_handlers(void (*hook)(void))
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;

	fatal_hook = hook;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &segv_previous);
#if SIM_ASAN || SIM_TSAN || defined(SIM_BUILD_UBSAN)
	__sanitizer_set_death_callback(on_sanitizer_death);
#else
	(void)on_sanitizer_death;
#endif
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What went wrong in a run.  A failure stops the run at once: from a task it
 * abandons every fiber and returns to the caller of sim_run().
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdint.h>

enum sim_fail_kind {
	SIM_OK,
	SIM_FAIL_INVARIANT,	/* a scenario's invariant */
	SIM_FAIL_BUG,		/* BUG_ON, WARN_ON, sleeping in atomic context */
	SIM_FAIL_DEADLOCK,	/* every unfinished task waits */
	SIM_FAIL_NO_PROGRESS,	/* past the scenario's step budget */
	SIM_FAIL_SANITIZER,	/* ASan, TSan or UBSan reported */
	SIM_FAIL_STACK_OVERFLOW,
	SIM_FAIL_NR,
};

struct sim_failure {
	enum sim_fail_kind kind;
	char name[48];		/* the invariant, or what the kind needs to be told apart */
	char message[512];
	uint64_t step;
	int task;		/* the task it happened in, -1 at the end of a run */
};

extern const char *const sim_fail_kind_name[SIM_FAIL_NR];

/* An invariant of the scenario does not hold. */
void sim_violation(const char *invariant, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void sim_fail(enum sim_fail_kind kind, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * For a tool: turn a sanitizer's death or a task's stack overflow into a
 * failure of the current run and call @hook (to write the reproducer)
 * before the process ends.
 */
void sim_install_fatal_handlers(void (*hook)(void));

/* Parse "invariant" etc.; SIM_FAIL_NR when unknown. */
enum sim_fail_kind sim_fail_kind_parse(const char *s);

#endif /* SIM_REPORT_H */

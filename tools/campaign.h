/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of `schedfuzz campaign` share: one job per scenario and
 * model, run in a child process (the built-in strategies, or libFuzzer's
 * target), whose failures are grouped into signatures afterwards.
 */
#ifndef TOOLS_CAMPAIGN_H
#define TOOLS_CAMPAIGN_H

#include <stdbool.h>
#include <sys/types.h>

#include "sim/scenario.h"

#define CAMPAIGN_PATH 1024
#define CAMPAIGN_MAX_SIGNATURES 8

/* One distinct bug: what failed, and where the racing steps were. */
struct signature {
	struct sim_failure failure;	/* kind, name, message of the representative */
	char functions[256];		/* where tasks were interrupted, in order */
	unsigned int files;		/* failing schedules with this kind and name */
	char reproducer[CAMPAIGN_PATH];	/* minimized */
	unsigned long long switches_before, switches_after;
};

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE };

struct job {
	const struct sim_scenario *scenario;
	enum sim_mm mm;
	enum sim_preempt preempt;	/* the campaign's --preempt */
	char dir[CAMPAIGN_PATH / 2];	/* OUT/<scenario>-<mm>: corpus/, crashes/, log */
	enum job_state state;
	bool libfuzzer;
	double budget, started;
	unsigned long long seed;
	unsigned int forks;		/* libFuzzer -fork=N, 0: in process */

	/* The child, and what it has said so far. */
	pid_t pid;
	int progress_fd;		/* built-in: the child's progress lines */
	long log_offset;		/* libFuzzer: how far its log is read */
	char partial[256];
	unsigned long long runs, runs_before;	/* runs_before: of the children that ended */
	double elapsed, child_started;
	unsigned int failures;
	bool found;
	unsigned long long first_runs;
	double first_seconds;

	struct signature signature[CAMPAIGN_MAX_SIGNATURES];
	unsigned int nr_signatures;
	const char *status;		/* "agrees", "DISAGREES", "not in this build", or an error */
	/* Why this job has no verdict: a failure it could not save, a fuzzer that ran nothing. */
	char error[CAMPAIGN_PATH + 128];
	bool stopped;			/* ended early by Ctrl-C or SIGTERM */
};

/* fork() with stdio flushed first, or the child writes the parent's buffers again. */
pid_t campaign_fork(bool quiet);

/* Start the job's child; 0, or -1 with a message printed. */
int job_start(struct job *job, const char *fuzzer);
/* Read what the child said; true once it (and any restart) has ended. */
bool job_poll(struct job *job, const char *fuzzer);

/* End the job's child and everything it started (libFuzzer's -fork workers). */
void job_kill(struct job *job);

/* Group the job's failing schedules by signature and minimize one of each. */
void job_classify(struct job *job);

#endif /* TOOLS_CAMPAIGN_H */

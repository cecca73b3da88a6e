/* SPDX-License-Identifier: GPL-2.0 */
/* What the schedfuzz subcommands share: argument parsing, reproducers, the search loop. */
#ifndef TOOLS_CLI_H
#define TOOLS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/repro.h"
#include "sim/scenario.h"

extern const char *progname;

/* A one-line complaint about the command line or an input file; exits 2. */
void die_usage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

const struct sim_scenario *find_scenario(const char *name);
/* The value after flag argv[*i], which must be there. */
const char *flag_value(int argc, char **argv, int *i);
unsigned long long parse_count(const char *flag, const char *arg, unsigned long long max);
/* Seconds, fractions allowed: more than 0, at most a million. */
double parse_seconds(const char *flag, const char *arg);
/* @path ends in @ext (".svg"), in any case. */
bool has_extension(const char *path, const char *ext);
enum sim_mm parse_mm(const char *arg);
enum sim_preempt parse_preempt(const char *arg);
void set_param(struct sim_run_config *cfg, const char *assignment);
double now_seconds(void);
void json_string(FILE *out, const char *s);
void describe_failure(FILE *out, const struct sim_failure *f);
/* "deadlock", "invariant final-count": the kind, and the name when it adds one. */
const char *failure_label(const struct sim_failure *f, char *buf, size_t len);

/* @bug as scenarios spell it ("invariant:final-count", "deadlock") matches @f. */
bool bug_matches(const char *bug, const struct sim_failure *f);
/* This build's detectors can find @bug (a data race needs TSan, a heap error ASan). */
bool build_can_find(const char *bug);

/* replay's pictures of the run just done (picture.h): an SVG or HTML timeline, Chrome JSON. */
struct pic_info;
void timeline_write(FILE *out, const char *path, const struct pic_info *info);
void chrome_trace_write(FILE *out, const struct pic_info *info);

/* A raw schedule file (a libFuzzer crash file), whole; dies on error. */
uint8_t *read_raw(const char *path, size_t *len);
/*
 * A failing schedule: a reproducer, or with @raw_scenario a raw file run
 * under that scenario, @mm and its defaults.  Dies on a bad file; free
 * with sim_repro_free().
 */
void schedule_read(const char *path, const char *raw_scenario, enum sim_mm mm,
		   struct sim_repro *r);
/* The run @r asks for: its scenario, model and parameters. */
void schedule_config(struct sim_run_config *cfg, const struct sim_repro *r,
		     struct sim_source *src);

/* A search: runs of one strategy until a failure or the budget. */
struct search {
	const struct sim_run_config *cfg;
	const char *strategy;		/* "random", "pct" or "dfs" */
	unsigned long long seed, depth;
	unsigned long long preemption_bound;	/* dfs; SIM_DFS_UNBOUNDED: none */
	unsigned long long runs;	/* 0: no limit */
	double seconds;			/* 0: no limit */
	const char *out_dir;		/* where a reproducer goes */
	int runaway_fd;			/* where a runaway is told: 0, stderr */
	const char *runaway_prefix;	/* before "runaway: ...": NULL, nothing */
	/* Stop only at this failure ("invariant:NAME", as .bug spells it); count the others. */
	const char *want;
	unsigned long long other_failures;

	unsigned long long runs_done, steps, max_nonpreempt;
	bool complete;			/* dfs ran every schedule (within the bound) */
	double elapsed;
	unsigned long long runs_hash;	/* of every run's trace */
	struct sim_result result;	/* of the last run */
	char found_by[128];
	char reproducer[4096];		/* "" unless a failure was saved */
	char save_error[4200];		/* why a failure could not be saved, or "" */
};

void search_run(struct search *search);

int cmd_explore(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_campaign(int argc, char **argv);
int cmd_litmus(int argc, char **argv);
int cmd_minimize(int argc, char **argv);

#endif /* TOOLS_CLI_H */

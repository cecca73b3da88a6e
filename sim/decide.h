/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decision stream: every choice the engine makes goes through
 * sim_choose(), answered by a source, and every answer among two or more
 * options is recorded as one byte.  Replaying the recorded bytes with the
 * bytes source gives the same answers, whatever source first gave them.
 *
 * Encoding: one byte per decision with n >= 2 options, answer = byte % n.
 * When the bytes run out every answer is 0.  Option 0 is always the default
 * (keep running the current task, flush nothing, let the allocation succeed,
 * read the newest store, place a store after the newest),
 * so a short schedule means "no more interference".
 */
#ifndef SIM_DECIDE_H
#define SIM_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_MAX_CHOICES 256

enum sim_choice {
	SIM_CHOICE_TASK,	/* which task runs the next step */
	SIM_CHOICE_FLUSH,	/* which store-buffer entry becomes visible, if any */
	SIM_CHOICE_ALLOC,	/* whether a GFP_NOWAIT allocation fails */
	SIM_CHOICE_READ,	/* lkmm: which store a load reads, 0 the newest */
	SIM_CHOICE_CO,		/* lkmm: where a store goes in coherence order, 0 last */
	SIM_CHOICE_MIGRATE,	/* an unpinned task moves k CPUs on, 0 stays */
};

enum sim_strategy {
	SIM_STRATEGY_BYTES,
	SIM_STRATEGY_RANDOM,
	SIM_STRATEGY_PCT,
	SIM_STRATEGY_DFS,
};

#define SIM_PCT_MAX_DEPTH 8
#define SIM_PCT_MAX_TASKS 256	/* SIM_MAX_TASKS */
#define SIM_PCT_SHUFFLED 64	/* priorities drawn at a run's start; the rest when first seen */
#define SIM_DFS_UNBOUNDED UINT32_MAX

struct sim_source {
	enum sim_strategy strategy;
	/* bytes */
	const uint8_t *bytes;
	size_t len, pos;
	/* random and pct */
	uint64_t seed;
	uint64_t rng;
	/* pct (Burckhardt et al., ASPLOS 2010) */
	unsigned int depth;
	unsigned int expected_steps;	/* k: the run length change points are drawn from */
	unsigned int priority[SIM_PCT_MAX_TASKS];	/* by task id, the first nr_prioritized */
	unsigned int nr_prioritized;
	uint64_t change_point[SIM_PCT_MAX_DEPTH];
	/* dfs (dfs.c): the path of the current run; the next run takes the next sibling */
	size_t path_len;
	uint32_t preemption_bound, preemptions;
	uint32_t delay_bound, delays;
	bool reduce;		/* sleep sets (por.c), unless a bound or the run says no */
	bool exhausted;		/* every path (within the bound) has run */
	bool truncated;		/* some run was longer than the path: not all was explored */
	bool prune;		/* this run has reached a state whose every next step sleeps */
	uint64_t pruned;	/* runs cut short so, over the search */
};

void sim_source_bytes(struct sim_source *src, const uint8_t *bytes, size_t len);
void sim_source_random(struct sim_source *src, uint64_t seed);
void sim_source_pct(struct sim_source *src, uint64_t seed, unsigned int depth);
/*
 * Exhaustive search (dfs.c): run after run, in depth-first order, one
 * schedule of every class of equivalent ones (sleep sets, see por.c) --
 * or, with a bound or without reduction, every sequence of answers.
 * @preemption_bound limits the switches away from a task that could go on
 * (SIM_DFS_UNBOUNDED: no bound).  Flushes and allocation failures are
 * explored in full whatever the bound.  Only one dfs source is in use at a
 * time: its path is dfs.c's.
 */
void sim_source_dfs(struct sim_source *src, uint32_t preemption_bound);
/*
 * A delay bound (Emmi, Qadeer, Rakamaric, POPL 2011): taking option k of a
 * task choice, the k-th task after the default in the cyclic order the
 * engine offers them, costs k delays; a run has at most @delay_bound.
 */
void sim_source_dfs_delay_bound(struct sim_source *src, uint32_t delay_bound);
/* Every sequence of answers, as before the reduction (for comparisons). */
void sim_source_dfs_no_reduction(struct sim_source *src);
/* DFS has run every schedule; with !truncated and no bound, a proof. */
bool sim_source_exhausted(const struct sim_source *src);
/* A dfs with a preemption or delay bound: its end proves nothing. */
bool sim_source_bounded(const struct sim_source *src);

/* Start run number @run of a search: reseed, redraw PCT priorities and change points. */
void sim_source_begin_run(struct sim_source *src, uint64_t run);
/* After a run of @steps steps: PCT draws later change points from runs this long. */
void sim_source_end_run(struct sim_source *src, uint64_t steps);

/*
 * Answer a choice among @n options (2 <= n <= SIM_MAX_CHOICES).  For
 * SIM_CHOICE_TASK, @tasks[i] is the task id option i stands for, @current
 * the task that reached the preemption point (or -1), @step the step
 * number, and @relaxing says @current busy-waits (cpu_relax); PCT needs
 * them, the others ignore them.
 */
unsigned int sim_source_choose(struct sim_source *src, enum sim_choice kind, unsigned int n,
			       const uint8_t *tasks, int current, uint64_t step, bool relaxing);

/* dfs.c's side of the dfs source, for decide.c. */
void sim_source_dfs_reset(struct sim_source *src, uint32_t preemption_bound);
void sim_dfs_begin_run(struct sim_source *src);
void sim_dfs_leave(void);
unsigned int sim_dfs_choose(struct sim_source *src, enum sim_choice kind, unsigned int n,
			    const uint8_t *tasks, int current);
void sim_dfs_backtrack(struct sim_source *src);
/* A fence, an RMW, a context switch... makes @cpu's buffered stores visible at once. */
void sim_dfs_drain(unsigned int cpu);
/* Task @id waits at a point whose step begins with such a drain (@on), or no longer. */
void sim_dfs_point_drains(unsigned int id, bool on);
/* A failure ends the run in progress before its tasks have: report.c. */
void sim_dfs_run_cut(void);

/*
 * A choice with one option, not recorded: for TASK, @id is the task that
 * runs next.  dfs needs it to tell one task's step from another's.
 */
void sim_source_single(struct sim_source *src, enum sim_choice kind, unsigned int id);
void sim_dfs_single(struct sim_source *src, enum sim_choice kind, unsigned int id);

/* The recorded answers of one run: a schedule. */
struct sim_schedule {
	uint8_t *bytes;
	size_t len, cap;
};

void sim_schedule_push(struct sim_schedule *s, uint8_t answer);
void sim_schedule_free(struct sim_schedule *s);

#endif /* SIM_DECIDE_H */

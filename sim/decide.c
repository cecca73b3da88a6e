// SPDX-License-Identifier: GPL-2.0
/*
 * Sources of decisions: a byte string (libFuzzer's input, a reproducer), a
 * seeded PRNG, or PCT.  Nothing here reads a clock or an address: a source
 * and its seed determine every answer.
 */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "decide.h"
#include "own_mem.h"
#include "prng.h"

static void source_reset(struct sim_source *src, enum sim_strategy strategy)
{
	memset(src, 0, sizeof(*src));
	src->strategy = strategy;
}

void sim_source_bytes(struct sim_source *src, const uint8_t *bytes, size_t len)
{
	source_reset(src, SIM_STRATEGY_BYTES);
	src->bytes = bytes;
	src->len = len;
}

void sim_source_random(struct sim_source *src, uint64_t seed)
{
	source_reset(src, SIM_STRATEGY_RANDOM);
	src->seed = seed;
}

void sim_source_pct(struct sim_source *src, uint64_t seed, unsigned int depth)
{
	source_reset(src, SIM_STRATEGY_PCT);
	src->seed = seed;
	src->depth = depth < 1 ? 1 : depth > SIM_PCT_MAX_DEPTH ? SIM_PCT_MAX_DEPTH : depth;
	src->expected_steps = 64;
}

void sim_source_dfs(struct sim_source *src, uint32_t preemption_bound)
{
	source_reset(src, SIM_STRATEGY_DFS);
	sim_source_dfs_reset(src, preemption_bound);
}

bool sim_source_exhausted(const struct sim_source *src)
{
	return src->exhausted;
}

void sim_source_begin_run(struct sim_source *src, uint64_t run)
{
	const unsigned int nr_tasks = SIM_PCT_SHUFFLED;
	unsigned int i, d = src->depth;
	uint64_t mix = src->seed * 0x9e3779b97f4a7c15ULL ^ run;

	src->pos = 0;
	src->preemptions = 0;
	src->rng = splitmix64(&mix);
	if (src->strategy == SIM_STRATEGY_DFS)
		sim_dfs_begin_run(src);
	else
		sim_dfs_leave();
	if (src->strategy != SIM_STRATEGY_PCT)
		return;

	/*
	 * Distinct initial priorities d .. d+n-1, shuffled (Fisher-Yates); a
	 * run's tasks get a uniformly random order whatever their number.
	 */
	for (i = 0; i < nr_tasks; i++)
		src->priority[i] = d + i;
	for (i = nr_tasks; i > 1; i--) {
		unsigned int j = prng_below(&src->rng, i);
		unsigned int tmp = src->priority[i - 1];

		src->priority[i - 1] = src->priority[j];
		src->priority[j] = tmp;
	}
	src->nr_prioritized = nr_tasks;
	/* d-1 change points uniform over the expected run length. */
	for (i = 0; i < SIM_PCT_MAX_DEPTH; i++)
		src->change_point[i] = i + 1 < d ? 1 + prng_below(&src->rng, src->expected_steps)
						 : UINT64_MAX;
}

void sim_source_end_run(struct sim_source *src, uint64_t steps)
{
	if (src->strategy == SIM_STRATEGY_DFS)
		sim_dfs_backtrack(src);
	if (steps > src->expected_steps && steps < (1u << 30))
		src->expected_steps = (unsigned int)steps;
}

/*
 * A task past the first SIM_PCT_SHUFFLED (a run of many tasks, or one
 * created at run time) gets its priority when first offered: the
 * inside-out shuffle's next step, which keeps the initial priorities a
 * uniform permutation (a task whose priority a change point has lowered
 * keeps it).  Runs with fewer tasks draw exactly what they drew before.
 */
static void pct_prioritize_next(struct sim_source *src)
{
	unsigned int m = src->nr_prioritized++, j = prng_below(&src->rng, m + 1);

	src->priority[m] = src->depth + m;
	if (j < m && src->priority[j] >= src->depth) {
		src->priority[m] = src->priority[j];
		src->priority[j] = src->depth + m;
	}
}

static unsigned int pct_choose_task(struct sim_source *src, unsigned int n, const uint8_t *tasks,
				    int current, uint64_t step, bool relaxing)
{
	unsigned int i, best = 0;

	while (current >= (int)src->nr_prioritized)
		pct_prioritize_next(src);
	for (i = 0; i < n; i++)
		while (tasks[i] >= src->nr_prioritized)
			pct_prioritize_next(src);
	/*
	 * A busy-waiting task drops below all others, or the highest priority
	 * would spin forever waiting for a lower one: fairness, as in CHESS.
	 */
	if (relaxing && current >= 0)
		src->priority[current] = 0;

	/* At the i-th change point the running task drops below every initial priority. */
	for (i = 0; i + 1 < src->depth; i++) {
		if (step >= src->change_point[i]) {
			if (current >= 0)
				src->priority[current] = src->depth - 1 - i;
			src->change_point[i] = UINT64_MAX;
		}
	}
	for (i = 1; i < n; i++)
		if (src->priority[tasks[i]] > src->priority[tasks[best]])
			best = i;
	return best;
}

unsigned int sim_source_choose(struct sim_source *src, enum sim_choice kind, unsigned int n,
			       const uint8_t *tasks, int current, uint64_t step, bool relaxing)
{
	switch (src->strategy) {
	case SIM_STRATEGY_DFS:
		return sim_dfs_choose(src, kind, n, tasks, current);
	case SIM_STRATEGY_BYTES:
		if (src->pos >= src->len)
			return 0;
		return src->bytes[src->pos++] % n;
	case SIM_STRATEGY_PCT:
		if (kind == SIM_CHOICE_TASK)
			return pct_choose_task(src, n, tasks, current, step, relaxing);
		/* PCT only orders tasks; other choices stay random */
		/* fall through */
	case SIM_STRATEGY_RANDOM:
		return prng_below(&src->rng, n);
	}
	return 0;
}

void sim_source_single(struct sim_source *src, enum sim_choice kind, unsigned int id)
{
	if (src->strategy == SIM_STRATEGY_DFS)
		sim_dfs_single(src, kind, id);
}

void sim_schedule_push(struct sim_schedule *s, uint8_t answer)
{
	if (s->len == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		s->bytes = sim_own_realloc(s->bytes, cap);
		s->cap = cap;
	}
	s->bytes[s->len++] = answer;
}

void sim_schedule_free(struct sim_schedule *s)
{
	sim_own_free(s->bytes);
	memset(s, 0, sizeof(*s));
}

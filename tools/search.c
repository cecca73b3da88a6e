// SPDX-License-Identifier: GPL-2.0
/*
 * The search loop under explore and campaign: run after run of one
 * strategy until a failure or the budget, the failure saved as a
 * reproducer.  A sanitizer's death or a stack overflow ends the process
 * mid-run, so the run in flight is watched and saved from the fatal hook.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sim/engine.h"
#include "sim/hash.h"
#include "sim/trace.h"
#include "watchdog.h"

/* Bounded copies and appends that allocate nothing: the fatal hook runs in a signal handler. */
static void copy_str(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

static void append(char *dst, size_t len, size_t *pos, const char *src)
{
	for (; *src && *pos + 1 < len; src++)
		dst[(*pos)++] = (*src == '/' || *src == ' ') ? '-' : *src;
	dst[*pos] = '\0';
}

static void append_long(char *dst, size_t len, size_t *pos, long v, int base, int width)
{
	char digits[24], s[26];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0, i = 0;

	do
		digits[n++] = "0123456789abcdef"[u % (unsigned long)base];
	while ((u /= (unsigned long)base) || n < width);
	if (v < 0)
		s[i++] = '-';
	while (n)
		s[i++] = digits[--n];
	s[i] = '\0';
	append(dst, len, pos, s);
}

static void fill_repro(struct sim_repro *r, const struct sim_run_config *cfg,
		       const struct sim_failure *f, const uint8_t *schedule, size_t len,
		       const char *found_by)
{
	const struct sim_scenario *s = cfg->scenario;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	copy_str(r->scenario, sizeof(r->scenario), s->name);
	r->mm = cfg->mm;
	r->preempt = cfg->preempt;
	r->tso_v2 = cfg->tso_v2;
	for (i = 0; i < s->nr_params; i++) {
		copy_str(r->param_name[i], sizeof(r->param_name[i]), s->params[i].name);
		r->param_value[i] = cfg->params[i];
	}
	r->nr_params = s->nr_params;
	r->expect_kind = f->kind;
	copy_str(r->expect_name, sizeof(r->expect_name), f->name);
	copy_str(r->found_by, sizeof(r->found_by), found_by);
	r->schedule = (uint8_t *)schedule;
	/* Trailing zeros say what running out of bytes says: keep the file short. */
	while (len && !schedule[len - 1])
		len--;
	r->len = len;
}

/*
 * Under @dir, named by scenario, parameters, model, failure and a hash of
 * the schedule: "demo-lost-update-tasks3-sc-final-count-1a2b3c4d.repro".
 * Runs that differ only in a parameter keep a file each.
 */
static int save_repro(const char *dir, const struct sim_repro *r, char *path, size_t pathlen)
{
	uint64_t h = fnv1a(FNV1A_BASIS, r->schedule, r->len);
	size_t pos = 0;
	unsigned int i;

	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	/* The directory as given; the rest file-safe ("demo/lost-update" -> "demo-lost-update"). */
	copy_str(path, pathlen, dir);
	pos = strlen(path);
	if (pos + 1 < pathlen)
		path[pos++] = '/';
	append(path, pathlen, &pos, r->scenario);
	for (i = 0; i < r->nr_params; i++) {
		append(path, pathlen, &pos, "-");
		append(path, pathlen, &pos, r->param_name[i]);
		append_long(path, pathlen, &pos, r->param_value[i], 10, 1);
	}
	append(path, pathlen, &pos, "-");
	append(path, pathlen, &pos, sim_mm_name[r->mm]);
	append(path, pathlen, &pos, "-");
	/* Another model than the default is another schedule: another file. */
	if (r->preempt != SIM_PREEMPT_DEFAULT) {
		append(path, pathlen, &pos, sim_preempt_name[r->preempt]);
		append(path, pathlen, &pos, "-");
	}
	append(path, pathlen, &pos, r->expect_name);
	append(path, pathlen, &pos, "-");
	append_long(path, pathlen, &pos, (long)(uint32_t)(h ^ h >> 32), 16, 8);
	append(path, pathlen, &pos, ".repro");
	if (pos + 1 >= pathlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return sim_repro_write(path, r, NULL, 0);
}

static void say(const char *a, const char *b, const char *c)
{
	const char *parts[] = { progname, ": ", a, b, c, "\n" };
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (write(2, parts[i], strlen(parts[i])) < 0)
			return;
}

static struct search *watched;

/* From a signal handler or a sanitizer's death: write(2), no stdio, no malloc. */
static void search_fatal(void)
{
	static struct sim_repro r;
	static char path[4096];
	const struct sim_failure *f = sim_run_failure();
	const uint8_t *schedule;
	size_t len;

	if (!watched)
		return;
	sim_current_schedule(&schedule, &len);
	fill_repro(&r, watched->cfg, f, schedule, len, watched->found_by);
	say(watched->cfg->scenario->name, ": ", f->message);
	if (!save_repro(watched->out_dir, &r, path, sizeof(path)))
		say("reproducer: ", path, "");
	else
		say("could not write the reproducer under ", watched->out_dir, "");
}

void search_run(struct search *search)
{
	const struct sim_run_config *cfg = search->cfg;
	struct sim_source *src = cfg->source;
	double start = now_seconds();
	unsigned long long run;

	if (!strcmp(search->strategy, "pct"))
		sim_source_pct(src, search->seed, (unsigned int)search->depth);
	else if (!strcmp(search->strategy, "dfs"))
		sim_source_dfs(src, (uint32_t)search->preemption_bound);
	else
		sim_source_random(src, search->seed);
	if (!strcmp(search->strategy, "dfs")) {
		if (search->delay_bounded)
			sim_source_dfs_delay_bound(src, (uint32_t)search->delay_bound);
		if (search->no_reduction)
			sim_source_dfs_no_reduction(src);
	}
	search->runs_done = search->steps = search->max_nonpreempt = search->pruned = 0;
	search->other_failures = 0;
	search->runs_hash = FNV1A_BASIS;
	search->reproducer[0] = '\0';
	search->save_error[0] = '\0';
	memset(&search->result, 0, sizeof(search->result));
	watched = search;
	sim_install_fatal_handlers(search_fatal);
	watchdog_start(WATCHDOG_SECONDS, search->seconds ? start + search->seconds : 0,
		       search->runaway_fd ? search->runaway_fd : 2,
		       search->runaway_prefix ? search->runaway_prefix : "");

	for (run = 0; (!search->runs || run < search->runs) && !sim_source_exhausted(src); run++) {
		struct sim_result *res = &search->result;

		if (search->seconds && (run & 63) == 0 && now_seconds() - start >= search->seconds)
			break;
		if (!strcmp(search->strategy, "pct"))
			snprintf(search->found_by, sizeof(search->found_by),
				 "pct depth %llu seed %llu run %llu", search->depth, search->seed,
				 run + 1);
		else if (!strcmp(search->strategy, "dfs"))
			snprintf(search->found_by, sizeof(search->found_by), "dfs run %llu", run + 1);
		else
			snprintf(search->found_by, sizeof(search->found_by), "%s seed %llu run %llu",
				 search->strategy, search->seed, run + 1);
		sim_source_begin_run(src, run);
		watchdog_beat();
		sim_run(cfg, res);
		sim_source_end_run(src, res->steps);
		search->runs_done++;
		search->pruned += res->pruned;
		search->steps += res->steps;
		if (res->max_nonpreempt_steps > search->max_nonpreempt)
			search->max_nonpreempt = res->max_nonpreempt_steps;
		search->runs_hash = (search->runs_hash ^ sim_trace_hash()) * FNV1A_PRIME;
		/* Another failure than the one wanted: counted, and the search goes on. */
		if (res->failure.kind != SIM_OK && search->want &&
		    !bug_matches(search->want, &res->failure)) {
			search->other_failures++;
			res->failure.kind = SIM_OK;
			continue;
		}
		if (res->failure.kind != SIM_OK) {
			struct sim_repro r;

			/* The time to find it, not to write it down. */
			search->elapsed = now_seconds() - start;

			fill_repro(&r, cfg, &res->failure, res->schedule, res->schedule_len,
				   search->found_by);
			if (save_repro(search->out_dir, &r, search->reproducer,
				       sizeof(search->reproducer))) {
				snprintf(search->save_error, sizeof(search->save_error),
					 "could not write the reproducer %s: %s",
					 search->reproducer[0] ? search->reproducer : search->out_dir,
					 strerror(errno));
				search->reproducer[0] = '\0';
			}
			break;
		}
	}
	watchdog_stop();
	watched = NULL;
	search->complete = sim_source_exhausted(src) && !src->truncated && !sim_source_bounded(src);
	if (search->result.failure.kind == SIM_OK)
		search->elapsed = now_seconds() - start;
}

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

#include "cli.h"
#include "sim/engine.h"
#include "sim/hash.h"
#include "sim/trace.h"

static void fill_repro(struct sim_repro *r, const struct sim_run_config *cfg,
		       const struct sim_failure *f, const uint8_t *schedule, size_t len,
		       const char *found_by)
{
	const struct sim_scenario *s = cfg->scenario;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	snprintf(r->scenario, sizeof(r->scenario), "%s", s->name);
	r->mm = cfg->mm;
	for (i = 0; i < s->nr_params; i++) {
		snprintf(r->param_name[i], sizeof(r->param_name[i]), "%s", s->params[i].name);
		r->param_value[i] = cfg->params[i];
	}
	r->nr_params = s->nr_params;
	r->expect_kind = f->kind;
	snprintf(r->expect_name, sizeof(r->expect_name), "%s", f->name);
	snprintf(r->found_by, sizeof(r->found_by), "%s", found_by);
	r->schedule = (uint8_t *)schedule;
	/* Trailing zeros say what running out of bytes says: keep the file short. */
	while (len && !schedule[len - 1])
		len--;
	r->len = len;
}

/* "demo/lost-update" -> "demo-lost-update" */
static void file_safe(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = (src[i] == '/' || src[i] == ' ') ? '-' : src[i];
	dst[i] = '\0';
}

/* Under @dir, named by scenario, model, failure and a hash of the schedule. */
static int save_repro(const char *dir, const struct sim_repro *r, char *path, size_t pathlen)
{
	uint64_t h = fnv1a(FNV1A_BASIS, r->schedule, r->len);
	char name[128], err[512];

	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", progname, dir, strerror(errno));
		return -1;
	}
	file_safe(name, sizeof(name), r->scenario);
	snprintf(path, pathlen, "%s/%s-%s-%s-%08" PRIx32 ".repro", dir, name, sim_mm_name[r->mm],
		 r->expect_name, (uint32_t)(h ^ h >> 32));
	if (sim_repro_write(path, r, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return -1;
	}
	return 0;
}

static struct search *watched;

static void search_fatal(void)
{
	const struct sim_failure *f = sim_run_failure();
	const uint8_t *schedule;
	struct sim_repro r;
	char path[4096];
	size_t len;

	if (!watched)
		return;
	sim_current_schedule(&schedule, &len);
	fill_repro(&r, watched->cfg, f, schedule, len, watched->found_by);
	fprintf(stderr, "%s: %s: %s %s: %s\n", progname, watched->cfg->scenario->name,
		sim_fail_kind_name[f->kind], f->name, f->message);
	if (!save_repro(watched->out_dir, &r, path, sizeof(path)))
		fprintf(stderr, "%s: reproducer: %s\n%s: replay: %s replay %s --trace\n", progname,
			path, progname, progname, path);
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
	search->runs_done = search->steps = search->max_nonpreempt = 0;
	search->runs_hash = FNV1A_BASIS;
	search->reproducer[0] = '\0';
	memset(&search->result, 0, sizeof(search->result));
	watched = search;
	sim_install_fatal_handlers(search_fatal);

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
		sim_run(cfg, res);
		sim_source_end_run(src, res->steps);
		search->runs_done++;
		search->steps += res->steps;
		if (res->max_nonpreempt_steps > search->max_nonpreempt)
			search->max_nonpreempt = res->max_nonpreempt_steps;
		search->runs_hash = (search->runs_hash ^ sim_trace_hash()) * FNV1A_PRIME;
		if (res->failure.kind != SIM_OK) {
			struct sim_repro r;

			/* The time to find it, not to write it down. */
			search->elapsed = now_seconds() - start;

			fill_repro(&r, cfg, &res->failure, res->schedule, res->schedule_len,
				   search->found_by);
			if (save_repro(search->out_dir, &r, search->reproducer,
				       sizeof(search->reproducer)))
				search->reproducer[0] = '\0';
			break;
		}
	}
	watched = NULL;
	search->complete = sim_source_exhausted(src) && !src->truncated;
	if (search->result.failure.kind == SIM_OK)
		search->elapsed = now_seconds() - start;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What .clusterfuzzlite/build.sh builds.  OSS-Fuzz runs a target with no
 * environment of ours, so each configuration is its own binary: every
 * scenario x model with a verdict, with the default parameters, and every
 * configuration a reproducer in corpus/ was recorded with (its schedule
 * fails only with its own parameters, so it seeds a target of its own).
 *
 *	oss-fuzz-plan SEED-DIR [FILE...]
 *	oss-fuzz-plan SEED-DIR - <LIST	(the files, one a line)
 *
 * prints one line per target, then one per reproducer, whose schedule it
 * writes (raw bytes, the fuzzer's input) to SEED-DIR/NAME/:
 *
 *	target NAME SCENARIO MM PARAMS|- MAX-LEN EXPECT|-
 *	seed NAME FILE EXPECT
 *
 * EXPECT is "kind:name" as in a scenario's bug.  A FILE that is not a
 * reproducer is skipped; a reproducer it cannot read or place is an error.
 * Built for the build machine, uninstrumented: it is not a fuzz target.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/scenario.h"
#include "sim/hash.h"
#include "sim/repro.h"

#define MAX_TARGETS 512

struct target {
	char name[160];
	const struct sim_scenario *scenario;
	enum sim_mm mm;
	char params[256];		/* "name=value,..." or "" for the defaults */
	char expect[96];
};

static struct target targets[MAX_TARGETS];
static unsigned int nr_targets;

/* purge/rewrite-noflush under sc: schedfuzz_purge_rewrite_noflush_sc */
static void target_name(char *buf, size_t len, const char *scenario, enum sim_mm mm,
			const char *suffix)
{
	char *p;

	snprintf(buf, len, "schedfuzz_%s_%s%s%s", scenario, sim_mm_name[mm], *suffix ? "_" : "",
		 suffix);
	for (p = buf; *p; p++)
		if (*p == '/' || *p == '-')
			*p = '_';
}

static struct target *target_add(const char *name, const struct sim_scenario *s, enum sim_mm mm,
				 const char *params, const char *expect)
{
	struct target *t;

	if (nr_targets == MAX_TARGETS) {
		fprintf(stderr, "oss-fuzz-plan: more than %d targets\n", MAX_TARGETS);
		exit(1);
	}
	t = &targets[nr_targets++];
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->scenario = s;
	t->mm = mm;
	snprintf(t->params, sizeof(t->params), "%s", params);
	snprintf(t->expect, sizeof(t->expect), "%s", expect);
	return t;
}

static struct target *target_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_targets; i++)
		if (!strcmp(targets[i].name, name))
			return &targets[i];
	return NULL;
}

static void default_targets(void)
{
	const struct sim_scenario *const *s;
	char name[160], expect[96];
	int mm;

	for (s = sim_scenario_list(); *s; s++) {
		for (mm = 0; mm < SIM_MM_NR; mm++) {
			enum sim_verdict v = (*s)->verdict[mm];

			if (v == SIM_VERDICT_NONE)
				continue;
			target_name(name, sizeof(name), (*s)->name, (enum sim_mm)mm, "");
			/* "deadlock" is kind and name at once: the report says "deadlock deadlock". */
			if (v != SIM_VERDICT_BUGGY || !(*s)->bug)
				snprintf(expect, sizeof(expect), "-");
			else if (strchr((*s)->bug, ':'))
				snprintf(expect, sizeof(expect), "%s", (*s)->bug);
			else
				snprintf(expect, sizeof(expect), "%s:%s", (*s)->bug, (*s)->bug);
			target_add(name, *s, (enum sim_mm)mm, "", expect);
		}
	}
}

/*
 * The parameters a reproducer was recorded with, in the scenario's order:
 * "" when they are all the defaults.  -1 when it names one the scenario lacks.
 */
static int repro_params(const struct sim_repro *r, const struct sim_scenario *s, char *buf,
			size_t len)
{
	bool all_default = true;
	unsigned int i, j;
	size_t used = 0;

	for (j = 0; j < r->nr_params; j++) {
		for (i = 0; i < s->nr_params; i++)
			if (!strcmp(s->params[i].name, r->param_name[j]))
				break;
		if (i == s->nr_params)
			return -1;
	}
	buf[0] = '\0';
	for (i = 0; i < s->nr_params; i++) {
		long v = s->params[i].def;

		for (j = 0; j < r->nr_params; j++)
			if (!strcmp(s->params[i].name, r->param_name[j]))
				v = r->param_value[j];
		all_default &= v == s->params[i].def;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s=%ld",
					 i ? "," : "", s->params[i].name, v);
	}
	if (all_default)
		buf[0] = '\0';
	return used < len ? 0 : -1;
}

/* The target a reproducer seeds: the defaults', or one for its parameters. */
static struct target *repro_target(const struct sim_repro *r, const struct sim_scenario *s,
				   const char *params, const char *expect)
{
	char name[160], suffix[64];
	struct target *t;
	unsigned int n;
	char *p;

	if (!*params) {
		target_name(name, sizeof(name), s->name, r->mm, "");
		return target_find(name);
	}
	snprintf(suffix, sizeof(suffix), "%s", r->expect_name);
	for (n = 1;; n++) {
		char numbered[80];

		snprintf(numbered, sizeof(numbered), n > 1 ? "%s_%u" : "%s", suffix, n);
		for (p = numbered; *p; p++)
			if (*p == '-')
				*p = '_';
		target_name(name, sizeof(name), s->name, r->mm, numbered);
		t = target_find(name);
		if (!t)
			return target_add(name, s, r->mm, params, expect);
		if (!strcmp(t->params, params))
			return t;
	}
}

/* A reproducer's first line that is not a comment names the format. */
static bool is_reproducer(const char *path)
{
	char line[256];
	bool yes = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		yes = !strncmp(line, "schedfuzz-reproducer", strlen("schedfuzz-reproducer"));
		break;
	}
	fclose(f);
	return yes;
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "oss-fuzz-plan: mkdir %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* Write the schedule into SEED-DIR/NAME/, named by its hash as libFuzzer would by its SHA-1. */
static void write_seed(const char *dir, const struct target *t, const struct sim_repro *r)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, t->name);
	make_dir(path);
	snprintf(path, sizeof(path), "%s/%s/%016llx", dir, t->name,
		 (unsigned long long)fnv1a(FNV1A_BASIS, r->schedule, r->len));
	f = fopen(path, "wb");
	if (!f || fwrite(r->schedule, 1, r->len, f) != r->len || fclose(f)) {
		fprintf(stderr, "oss-fuzz-plan: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* Parse, place and write one reproducer; prints its seed line into @seeds. */
static void add_reproducer(const char *dir, const char *path, FILE *seeds)
{
	const struct sim_scenario *s;
	char err[256], params[256], expect[96];
	struct sim_repro r;
	struct target *t;

	if (!is_reproducer(path))
		return;
	if (sim_repro_read(path, &r, err, sizeof(err))) {
		fprintf(stderr, "oss-fuzz-plan: %s: %s\n", path, err);
		exit(1);
	}
	s = sim_scenario_find(r.scenario);
	if (!s || repro_params(&r, s, params, sizeof(params))) {
		fprintf(stderr, "oss-fuzz-plan: %s: unknown scenario or parameter\n", path);
		exit(1);
	}
	snprintf(expect, sizeof(expect), "%s:%s", sim_fail_kind_name[r.expect_kind],
		 r.expect_name);
	t = repro_target(&r, s, params, expect);
	if (!t) {
		fprintf(stderr, "oss-fuzz-plan: %s: %s has no verdict under %s\n", path, s->name,
			sim_mm_name[r.mm]);
		exit(1);
	}
	write_seed(dir, t, &r);
	fprintf(seeds, "seed %s %s %s\n", t->name, path, expect);
	sim_repro_free(&r);
}

/*
 * Room for every decision a run makes, twice over: the longest of a few
 * random runs.  A longer input's tail is never read, a shorter one cannot
 * say when the last interference happens.
 */
static unsigned int max_len(const struct target *t)
{
	struct sim_run_config cfg;
	struct sim_result res;
	struct sim_source src;
	char buf[256], err[256], *p;
	uint64_t longest = 0;
	unsigned int len = 64, seed;

	for (seed = 1; seed <= 64; seed++) {
		sim_source_random(&src, seed);
		sim_config_defaults(&cfg, t->scenario, &src);
		cfg.mm = t->mm;
		snprintf(buf, sizeof(buf), "%s", t->params);
		for (p = strtok(buf, ","); p; p = strtok(NULL, ","))
			if (sim_config_set_param(&cfg, p, err, sizeof(err))) {
				fprintf(stderr, "oss-fuzz-plan: %s: %s\n", t->name, err);
				exit(1);
			}
		sim_run(&cfg, &res);
		if (res.decisions > longest)
			longest = res.decisions;
	}
	while (len < 2 * longest && len < 8192)
		len *= 2;
	return len;
}

int main(int argc, char **argv)
{
	FILE *seeds = tmpfile();
	char line[4096];
	unsigned int i;
	int a;

	if (argc < 2 || !seeds) {
		fprintf(stderr, "usage: oss-fuzz-plan SEED-DIR [FILE...|-]\n");
		return 2;
	}
	make_dir(argv[1]);
	default_targets();
	if (argc == 3 && !strcmp(argv[2], "-")) {
		while (fgets(line, sizeof(line), stdin)) {
			line[strcspn(line, "\n")] = '\0';
			if (*line)
				add_reproducer(argv[1], line, seeds);
		}
	}
	for (a = 2; a < argc && strcmp(argv[2], "-"); a++)
		add_reproducer(argv[1], argv[a], seeds);
	for (i = 0; i < nr_targets; i++) {
		const struct target *t = &targets[i];

		printf("target %s %s %s %s %u %s\n", t->name, t->scenario->name, sim_mm_name[t->mm],
		       *t->params ? t->params : "-", max_len(t), t->expect);
	}
	rewind(seeds);
	while (fgets(line, sizeof(line), seeds))
		fputs(line, stdout);
	sim_shutdown();
	return 0;
}

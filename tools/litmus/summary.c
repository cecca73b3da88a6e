// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz litmus --summary DIR...: every *.litmus under the folders, in
 * path order, under each model; a row per test, then the conformance
 * totals.  sc and x86-TSO are at least as strong as LKMM, so any "Never"
 * outcome they reach (or "Always" one they miss) is a bug in the engine or
 * in this runner: the exit status is 1 then, as it is when a run fails or a
 * verdict is not the one a header's "Expect:" pins.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "litmus.h"
#include "tools/cli.h"

#define MAX_DIR_DEPTH 32

struct file_list {
	char **paths;
	size_t nr, cap;
};

static bool is_litmus(const char *name)
{
	size_t n = strlen(name);

	return n > 7 && !strcmp(name + n - 7, ".litmus");
}

static void add_file(struct file_list *l, const char *path)
{
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->paths = realloc(l->paths, l->cap * sizeof(*l->paths));
		if (!l->paths)
			die_usage("out of memory");
	}
	l->paths[l->nr] = strdup(path);
	if (!l->paths[l->nr++])
		die_usage("out of memory");
}

static void collect(const char *path, struct file_list *l, unsigned int depth)
{
	struct dirent *ent;
	struct stat st;
	DIR *d;

	if (stat(path, &st))
		die_usage("cannot read %s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (!depth || (S_ISREG(st.st_mode) && is_litmus(path)))
			add_file(l, path);
		return;
	}
	if (depth > MAX_DIR_DEPTH)
		die_usage("%s: folders nested more than %d deep", path, MAX_DIR_DEPTH);
	d = opendir(path);
	if (!d)
		die_usage("cannot read folder %s: %s", path, strerror(errno));
	while ((ent = readdir(d))) {
		char sub[4096];

		if (ent->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, ent->d_name) >= sizeof(sub))
			die_usage("%s/%s: path too long", path, ent->d_name);
		if (stat(sub, &st))
			continue;
		if (S_ISDIR(st.st_mode) || is_litmus(ent->d_name))
			collect(sub, l, depth + 1);
	}
	closedir(d);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- the totals ------------------------------------------------------------- */

struct name_list {
	char *text;
	size_t len, cap;
	unsigned int nr;
};

static void name_add(struct name_list *l, const char *name)
{
	size_t n = strlen(name) + 1;

	if (l->len + n + 1 > l->cap) {
		l->cap = 2 * (l->len + n + 1);
		l->text = realloc(l->text, l->cap);
		if (!l->text)
			die_usage("out of memory");
	}
	memcpy(l->text + l->len, name, n);
	l->len += n;
	l->nr++;
}

/* Names one after another, NUL-separated. */
#define for_each_name(l, s) for ((s) = (l)->text; (s) && (s) < (l)->text + (l)->len; \
				 (s) += strlen(s) + 1)

/* The tests a model is listed with in the totals. */
enum listing {
	NEVER_REACHED,		/* LKMM says Never, the model reached it: nonconforming */
	ALWAYS_MISSED,		/* LKMM says Always, a run missed it: nonconforming */
	SOMETIMES_REACHED,
	FAILED,			/* some run failed: a bad pointer, a bad unlock */
	UNEXPECTED,		/* the header's "Expect:" says otherwise */
	NR_LISTINGS,
};

static const char *const listing_key[NR_LISTINGS] = {
	[NEVER_REACHED] = "never_reached",
	[ALWAYS_MISSED] = "always_missed",
	[SOMETIMES_REACHED] = "sometimes_reached",
	[FAILED] = "failed",
	[UNEXPECTED] = "unexpected",
};

static const char *const listing_label[NR_LISTINGS] = {
	[NEVER_REACHED] = "Never reached",
	[ALWAYS_MISSED] = "Always missed",
	[SOMETIMES_REACHED] = "Sometimes reached",
	[FAILED] = "failed runs",
	[UNEXPECTED] = "not as the header expects",
};

struct model_totals {
	struct name_list listed[NR_LISTINGS];
	unsigned int incomplete;
};

struct construct_count {
	char name[64];
	unsigned int count;
};

struct totals {
	unsigned int tests, ran, unsupported, malformed, sometimes;
	struct model_totals model[SIM_MM_NR];
	struct construct_count constructs[64];
	unsigned int nr_constructs;
};

static void count_construct(struct totals *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_constructs; i++) {
		if (!strcmp(t->constructs[i].name, name)) {
			t->constructs[i].count++;
			return;
		}
	}
	if (t->nr_constructs == sizeof(t->constructs) / sizeof(t->constructs[0]))
		i = t->nr_constructs - 1;	/* the table is long enough for any corpus seen */
	else
		i = t->nr_constructs++;
	snprintf(t->constructs[i].name, sizeof(t->constructs[i].name), "%s", name);
	t->constructs[i].count++;
}

/* ---- one test ----------------------------------------------------------------- */

struct summary {
	const struct litmus_options *opt;
	const enum sim_mm *models;
	unsigned int nr_models;
	bool json;
	struct totals totals;
};

static const char *lkmm_word(const struct litmus_test *test)
{
	return litmus_verdict_name[litmus_verdict_parse(test->lkmm)];
}

static void print_header(const struct summary *s)
{
	unsigned int m;

	printf("%-46s %-10s", "test", "LKMM");
	for (m = 0; m < s->nr_models; m++)
		printf(" %-10s", sim_mm_name[s->models[m]]);
	printf(" %-22s %s\n", "schedules", "complete");
}

static void print_refused(const struct summary *s, const char *path,
			  const struct litmus_test *test)
{
	const char *name = test->name[0] ? test->name : path;

	if (s->json) {
		printf("{\"test\":");
		json_string(stdout, name);
		printf(",\"file\":");
		json_string(stdout, path);
		printf(",\"lkmm\":");
		json_string(stdout, test->lkmm[0] ? lkmm_word(test) : NULL);
		printf(",\"status\":\"%s\",\"why\":", test->error.kind == LITMUS_UNSUPPORTED ?
		       "unsupported" : "malformed");
		json_string(stdout, test->error.what);
		printf(",\"line\":%u}\n", test->error.line);
		return;
	}
	printf("%-46s %-10s ", name, lkmm_word(test));
	if (test->error.kind == LITMUS_UNSUPPORTED)
		printf("%s\n", test->error.what);
	else
		printf("malformed: line %u: %s\n", test->error.line, test->error.what);
}

static void print_row(const struct summary *s, const char *path, const struct litmus_test *test,
		      const struct litmus_result *res)
{
	char schedules[64] = "";
	bool complete = true;
	size_t at = 0;
	unsigned int m;

	if (s->json) {
		printf("{\"test\":");
		json_string(stdout, test->name);
		printf(",\"file\":");
		json_string(stdout, path);
		printf(",\"lkmm\":");
		json_string(stdout, test->lkmm[0] ? lkmm_word(test) : NULL);
		printf(",\"status\":\"ran\"");
		for (m = 0; m < s->nr_models; m++)
			printf(",\"%s\":{\"verdict\":\"%s\",\"schedules\":%llu,\"complete\":%s,"
			       "\"exists_reached\":%s,\"conforms\":%s,\"errors\":%llu}",
			       sim_mm_name[s->models[m]],
			       litmus_verdict_name[litmus_result_verdict(test, &res[m])],
			       res[m].schedules, res[m].complete ? "true" : "false",
			       litmus_result_reached(test, &res[m]) ? "true" : "false",
			       litmus_nonconformance(test, &res[m]) ? "false" : "true",
			       res[m].errors);
		printf("}\n");
		return;
	}
	printf("%-46s %-10s", test->name, lkmm_word(test));
	for (m = 0; m < s->nr_models; m++) {
		printf(" %-10s", litmus_verdict_name[litmus_result_verdict(test, &res[m])]);
		at += (size_t)snprintf(schedules + at, sizeof(schedules) - at, "%s%llu",
				       m ? "/" : "", res[m].schedules);
		complete &= res[m].complete;
		if (at >= sizeof(schedules))
			at = sizeof(schedules) - 1;
	}
	printf(" %-22s %s", schedules, complete ? "yes" : "no");
	for (m = 0; m < s->nr_models; m++) {
		const char *why = litmus_nonconformance(test, &res[m]);

		if (why)
			printf("  NOT CONFORMING under %s: %s", sim_mm_name[s->models[m]], why);
		if (res[m].errors)
			printf("  %llu runs failed under %s: %s", res[m].errors,
			       sim_mm_name[s->models[m]], res[m].first_error);
		if (!litmus_expectation_met(test, s->models[m], &res[m]))
			printf("  UNEXPECTED under %s: the header expects %s",
			       sim_mm_name[s->models[m]], test->expect[s->models[m]]);
	}
	putchar('\n');
}

static void count_result(struct summary *s, const struct litmus_test *test, enum sim_mm mm,
			 const struct litmus_result *res)
{
	struct model_totals *mt = &s->totals.model[mm];
	enum litmus_verdict lkmm = litmus_verdict_parse(test->lkmm);

	if (lkmm == LITMUS_NEVER && res->satisfied)
		name_add(&mt->listed[NEVER_REACHED], test->name);
	if (lkmm == LITMUS_ALWAYS && litmus_nonconformance(test, res))
		name_add(&mt->listed[ALWAYS_MISSED], test->name);
	if (lkmm == LITMUS_SOMETIMES && res->satisfied)
		name_add(&mt->listed[SOMETIMES_REACHED], test->name);
	if (res->errors)
		name_add(&mt->listed[FAILED], test->name);
	if (!litmus_expectation_met(test, mm, res))
		name_add(&mt->listed[UNEXPECTED], test->name);
	mt->incomplete += !res->complete;
}

static void run_file(struct summary *s, const char *path)
{
	struct litmus_test *test = litmus_load(path);
	struct litmus_result res[SIM_MM_NR];
	struct litmus_options opt = *s->opt;
	unsigned int m;

	s->totals.tests++;
	if (test->error.kind != LITMUS_OK) {
		if (test->error.kind == LITMUS_UNSUPPORTED) {
			s->totals.unsupported++;
			count_construct(&s->totals, test->error.construct);
		} else {
			s->totals.malformed++;
		}
		print_refused(s, path, test);
		litmus_free(test);
		return;
	}
	s->totals.ran++;
	s->totals.sometimes += litmus_verdict_parse(test->lkmm) == LITMUS_SOMETIMES;
	for (m = 0; m < s->nr_models; m++) {
		opt.mm = s->models[m];
		litmus_run(test, &opt, &res[m]);
		count_result(s, test, opt.mm, &res[m]);
	}
	print_row(s, path, test, res);
	fflush(stdout);
	for (m = 0; m < s->nr_models; m++)
		litmus_result_free(&res[m]);
	litmus_free(test);
}

/* ---- the totals, printed --------------------------------------------------------- */

static void print_names(const char *label, const struct name_list *l)
{
	const char *name;

	if (!l->nr)
		return;
	printf("  %s:", label);
	for_each_name(l, name)
		printf(" %s", name);
	putchar('\n');
}

static void json_names(const struct name_list *l)
{
	const char *name;
	bool first = true;

	putchar('[');
	for_each_name(l, name) {
		if (!first)
			putchar(',');
		json_string(stdout, name);
		first = false;
	}
	putchar(']');
}

static void print_totals_json(const struct summary *s)
{
	const struct totals *t = &s->totals;
	unsigned int i, m;

	printf("{\"tests\":%u,\"ran\":%u,\"unsupported\":%u,\"malformed\":%u,"
	       "\"sometimes_tests\":%u", t->tests, t->ran, t->unsupported, t->malformed,
	       t->sometimes);
	for (i = 0; i < NR_LISTINGS; i++) {
		printf(",\"%s\":{", listing_key[i]);
		for (m = 0; m < s->nr_models; m++) {
			printf("%s\"%s\":", m ? "," : "", sim_mm_name[s->models[m]]);
			json_names(&t->model[s->models[m]].listed[i]);
		}
		putchar('}');
	}
	printf(",\"incomplete\":{");
	for (m = 0; m < s->nr_models; m++)
		printf("%s\"%s\":%u", m ? "," : "", sim_mm_name[s->models[m]],
		       t->model[s->models[m]].incomplete);
	printf("},\"unsupported_constructs\":{");
	for (i = 0; i < t->nr_constructs; i++) {
		if (i)
			putchar(',');
		json_string(stdout, t->constructs[i].name);
		printf(":%u", t->constructs[i].count);
	}
	printf("}}\n");
}

static void print_totals(const struct summary *s)
{
	const struct totals *t = &s->totals;
	unsigned int m, i;

	printf("\n%u tests: %u ran, %u unsupported, %u malformed (%s, at most %llu schedules "
	       "per test and model)\n", t->tests, t->ran, t->unsupported, t->malformed,
	       s->opt->strategy, s->opt->runs);
	for (m = 0; m < s->nr_models; m++) {
		const struct model_totals *mt = &t->model[s->models[m]];
		const char *mm = sim_mm_name[s->models[m]];

		printf("%s: %u Never outcomes reached, %u Always outcomes missed, %u of %u "
		       "Sometimes outcomes reached, %u tests with failed runs, %u explorations "
		       "incomplete\n", mm, mt->listed[NEVER_REACHED].nr,
		       mt->listed[ALWAYS_MISSED].nr, mt->listed[SOMETIMES_REACHED].nr,
		       t->sometimes, mt->listed[FAILED].nr, mt->incomplete);
		for (i = 0; i < NR_LISTINGS; i++)
			print_names(listing_label[i], &mt->listed[i]);
	}
	if (t->nr_constructs) {
		printf("unsupported:");
		for (i = 0; i < t->nr_constructs; i++)
			printf(" %s (%u)", t->constructs[i].name, t->constructs[i].count);
		putchar('\n');
	}
}

static void free_totals(struct totals *t)
{
	unsigned int m;

	unsigned int i;

	for (m = 0; m < SIM_MM_NR; m++)
		for (i = 0; i < NR_LISTINGS; i++)
			free(t->model[m].listed[i].text);
}

int litmus_summary(int nr_dirs, char **dirs, const struct litmus_options *opt,
		   const enum sim_mm *models, unsigned int nr_models, bool json)
{
	struct summary s = { .opt = opt, .models = models, .nr_models = nr_models, .json = json };
	struct file_list files = { 0 };
	bool failure = false;
	unsigned int m;
	size_t i;
	int d;

	for (d = 0; d < nr_dirs; d++)
		collect(dirs[d], &files, 0);
	if (!files.nr)
		die_usage("no *.litmus file under %s", dirs[0]);
	qsort(files.paths, files.nr, sizeof(files.paths[0]), path_cmp);
	if (!json)
		print_header(&s);
	for (i = 0; i < files.nr; i++) {
		run_file(&s, files.paths[i]);
		free(files.paths[i]);
	}
	free(files.paths);
	if (json)
		print_totals_json(&s);
	else
		print_totals(&s);
	for (m = 0; m < nr_models; m++) {
		const struct model_totals *mt = &s.totals.model[models[m]];

		failure |= mt->listed[NEVER_REACHED].nr || mt->listed[ALWAYS_MISSED].nr ||
			   mt->listed[FAILED].nr || mt->listed[UNEXPECTED].nr;
	}
	free_totals(&s.totals);
	return failure;
}

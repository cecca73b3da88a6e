// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz litmus --summary DIR...: every *.litmus under the folders (or
 * a deterministic 1 in N of them), in path order, under each model; a row
 * per test, then the conformance totals and a table by folder and model
 * (tally.c).  What each count means, and which must be 0, is in README.md.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "summary.h"
#include "tools/cli.h"

#define MAX_DIR_DEPTH 32

struct file_list {
	struct summary_file *files;
	size_t nr, cap;
	const char *folder;	/* of the files being added */
	const char *root;	/* the argument they are under */
	const char *label;	/* its last two folders, as the table names it */
	char **names;		/* every folder and root, to free */
	size_t nr_names;
};

static bool is_litmus(const char *name)
{
	size_t n = strlen(name);

	return n > 7 && !strcmp(name + n - 7, ".litmus");
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die_usage("out of memory");
	return d;
}

/* FNV-1a: the sample is the same on every machine, and adding a file moves no other. */
static uint32_t path_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *keep_name(struct file_list *l, const char *name)
{
	l->names = realloc(l->names, (l->nr_names + 1) * sizeof(*l->names));
	if (!l->names)
		die_usage("out of memory");
	return l->names[l->nr_names++] = xstrdup(name);
}

static void add_file(struct file_list *l, const char *path, unsigned int sample)
{
	const char *rel = path + strlen(l->root);

	while (*rel == '/')
		rel++;
	if (sample > 1 && path_hash(rel) % sample)
		return;
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->files = realloc(l->files, l->cap * sizeof(*l->files));
		if (!l->files)
			die_usage("out of memory");
	}
	l->files[l->nr].path = xstrdup(path);
	l->files[l->nr++].folder = l->folder;
}

static void collect(const char *path, struct file_list *l, unsigned int depth,
		    unsigned int sample)
{
	struct dirent *ent;
	struct stat st;
	DIR *d;

	if (stat(path, &st))
		die_usage("cannot read %s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (!depth || (S_ISREG(st.st_mode) && is_litmus(path)))
			add_file(l, path, sample);
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
		/* A table row per subfolder of an argument: "shared/lkmm-corpus/auto". */
		if (depth == 0 && S_ISDIR(st.st_mode)) {
			char label[4096];

			snprintf(label, sizeof(label), "%s/%s", l->label, ent->d_name);
			l->folder = keep_name(l, label);
		} else if (depth == 0) {
			l->folder = l->label;
		}
		if (S_ISDIR(st.st_mode) || is_litmus(ent->d_name))
			collect(sub, l, depth + 1, sample);
	}
	closedir(d);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct summary_file *)a)->path,
		      ((const struct summary_file *)b)->path);
}


/* ---- one test ----------------------------------------------------------------- */

static const char *lkmm_word(const struct litmus_test *test)
{
	if (test->lkmm_conflict[0])
		return "conflict";
	return litmus_verdict_name[litmus_verdict_parse(test->lkmm)];
}

static void print_header(const struct summary *s)
{
	unsigned int m;

	printf("%-46s %-10s", "test", "LKMM");
	for (m = 0; m < s->sopt->nr_models; m++)
		printf(" %-10s", sim_mm_name[s->sopt->models[m]]);
	printf(" %-22s %s\n", "schedules", "complete");
}

static void json_lkmm(FILE *out, const struct litmus_test *test)
{
	fprintf(out, ",\"lkmm\":");
	json_string(out, test->lkmm[0] ? lkmm_word(test) : NULL);
	fprintf(out, ",\"lkmm_from\":");
	json_string(out, !test->lkmm[0] ? NULL : test->lkmm_from_index ? "index" : "header");
	if (test->lkmm_conflict[0]) {
		fprintf(out, ",\"conflict\":");
		json_string(out, test->lkmm_conflict);
	}
}

static void print_refused(FILE *out, const struct summary *s, const char *path,
			  const struct litmus_test *test)
{
	const char *name = test->name[0] ? test->name : path;

	if (s->sopt->json) {
		fprintf(out, "{\"test\":");
		json_string(out, name);
		fprintf(out, ",\"file\":");
		json_string(out, path);
		json_lkmm(out, test);
		fprintf(out, ",\"status\":\"%s\",\"why\":",
			test->error.kind == LITMUS_UNSUPPORTED ? "unsupported" : "malformed");
		json_string(out, test->error.what);
		fprintf(out, ",\"line\":%u}\n", test->error.line);
		return;
	}
	fprintf(out, "%-46s %-10s ", name, lkmm_word(test));
	if (test->error.kind == LITMUS_UNSUPPORTED)
		fprintf(out, "%s\n", test->error.what);
	else if (test->error.line)
		fprintf(out, "malformed: %s:%u: %s\n", path, test->error.line, test->error.what);
	else
		fprintf(out, "malformed: %s: %s\n", path, test->error.what);
}

static void print_row(FILE *out, const struct summary *s, const char *path,
		      const struct litmus_test *test, const struct litmus_result *res)
{
	const enum sim_mm *models = s->sopt->models;
	unsigned int m, nr = s->sopt->nr_models;
	char schedules[96] = "";
	bool complete = true;
	size_t at = 0;

	if (s->sopt->json) {
		fprintf(out, "{\"test\":");
		json_string(out, test->name);
		fprintf(out, ",\"file\":");
		json_string(out, path);
		json_lkmm(out, test);
		fprintf(out, ",\"status\":\"ran\"");
		for (m = 0; m < nr; m++)
			fprintf(out, ",\"%s\":{\"verdict\":\"%s\",\"schedules\":%llu,"
				"\"complete\":%s,\"exists_reached\":%s,\"conforms\":%s,"
				"\"errors\":%llu}", sim_mm_name[models[m]],
				litmus_verdict_name[litmus_result_verdict(test, &res[m])],
				res[m].schedules, res[m].complete ? "true" : "false",
				litmus_result_reached(test, &res[m]) ? "true" : "false",
				litmus_nonconformance(test, &res[m]) ? "false" : "true",
				res[m].errors);
		fprintf(out, "}\n");
		return;
	}
	fprintf(out, "%-46s %-10s", test->name, lkmm_word(test));
	for (m = 0; m < nr; m++) {
		fprintf(out, " %-10s", litmus_verdict_name[litmus_result_verdict(test, &res[m])]);
		at += (size_t)snprintf(schedules + at, sizeof(schedules) - at, "%s%llu",
				       m ? "/" : "", res[m].schedules);
		complete &= res[m].complete;
		if (at >= sizeof(schedules))
			at = sizeof(schedules) - 1;
	}
	fprintf(out, " %-22s %s", schedules, complete ? "yes" : "no");
	if (test->lkmm_conflict[0])
		fprintf(out, "  not judged: %s", test->lkmm_conflict);
	for (m = 0; m < nr; m++) {
		const char *why = litmus_nonconformance(test, &res[m]);

		if (why)
			fprintf(out, "  NOT CONFORMING under %s: %s", sim_mm_name[models[m]], why);
		if (res[m].errors)
			fprintf(out, "  %llu runs failed under %s: %s", res[m].errors,
				sim_mm_name[models[m]], res[m].first_error);
		if (!litmus_expectation_met(test, models[m], &res[m]))
			fprintf(out, "  UNEXPECTED under %s: the header expects %s",
				sim_mm_name[models[m]], test->expect[models[m]]);
	}
	fputc('\n', out);
}

static unsigned int listings(const struct litmus_test *test, enum sim_mm mm,
			     const struct litmus_result *res)
{
	enum litmus_verdict lkmm = litmus_lkmm_verdict(test);
	unsigned int l = 0;

	if (lkmm == LITMUS_NEVER && res->satisfied)
		l |= 1u << NEVER_REACHED;
	if (lkmm == LITMUS_ALWAYS && litmus_nonconformance(test, res))
		l |= 1u << ALWAYS_MISSED;
	if (lkmm == LITMUS_SOMETIMES)
		l |= 1u << (res->satisfied ? SOMETIMES_REACHED : SOMETIMES_MISSED);
	if (res->errors)
		l |= 1u << FAILED;
	if (!litmus_expectation_met(test, mm, res))
		l |= 1u << UNEXPECTED;
	if (!res->complete)
		l |= 1u << INCOMPLETE;
	return l;
}

static bool has_outcome(const struct litmus_result *res, const char *key)
{
	unsigned int lo = 0, hi = res->nr_outcomes;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		int c = strcmp(res->outcomes[mid].key, key);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * A weaker model allows every execution a stronger one does: once it has
 * run every schedule, each final state the stronger one reached must be
 * among its own, or it would call clean what the stronger model shows.
 */
static bool lost_outcome(const struct summary *s, const struct litmus_result *res,
			 unsigned int weak)
{
	int rank = summary_model_rank(s->sopt->models[weak]);
	unsigned int m, o;

	if (rank < 0 || !res[weak].complete)
		return false;
	for (m = 0; m < s->sopt->nr_models; m++) {
		int r = summary_model_rank(s->sopt->models[m]);

		if (r < 0 || r >= rank)
			continue;
		for (o = 0; o < res[m].nr_outcomes; o++)
			if (!has_outcome(&res[weak], res[m].outcomes[o].key))
				return true;
	}
	return false;
}

void summary_evaluate(const struct summary *s, size_t i, struct test_record *rec, char **text)
{
	const char *path = s->files[i].path;
	struct litmus_test *test = litmus_load(path);
	struct litmus_result res[SIM_MM_NR];
	struct litmus_options opt = *s->opt;
	size_t len = 0;
	unsigned int m;
	FILE *out;

	memset(rec, 0, sizeof(*rec));
	out = open_memstream(text, &len);
	if (!out)
		die_usage("out of memory");
	litmus_verdicts_apply(test);
	snprintf(rec->name, sizeof(rec->name), "%s", test->name[0] ? test->name : path);
	rec->lkmm = litmus_lkmm_verdict(test);
	rec->conflict = test->lkmm_conflict[0];
	if (test->error.kind != LITMUS_OK) {
		rec->status = test->error.kind == LITMUS_UNSUPPORTED ? TEST_UNSUPPORTED :
			      TEST_MALFORMED;
		snprintf(rec->construct, sizeof(rec->construct), "%s", test->error.construct);
		print_refused(out, s, path, test);
	} else {
		for (m = 0; m < s->sopt->nr_models; m++) {
			opt.mm = s->sopt->models[m];
			litmus_run(test, &opt, &res[m]);
			rec->listed[m] = listings(test, opt.mm, &res[m]);
			rec->schedules[m] = res[m].schedules;
		}
		for (m = 0; m < s->sopt->nr_models; m++)
			if (lost_outcome(s, res, m))
				rec->listed[m] |= 1u << LOST_OUTCOME;
		print_row(out, s, path, test, res);
		for (m = 0; m < s->sopt->nr_models; m++)
			litmus_result_free(&res[m]);
	}
	if (fclose(out))
		die_usage("out of memory");
	rec->text_len = len;
	litmus_free(test);
}

void summary_account(struct summary *s, size_t i, const struct test_record *rec, const char *text)
{
	tally_add(s->tally, s, &s->files[i], rec);
	if (!s->sopt->table_only)
		fputs(text, stdout);
	fflush(stdout);
}

/* ---- the command ------------------------------------------------------------------ */

/* "tests/litmus" for ./tests/litmus, "shared/lkmm-corpus" for ../shared/lkmm-corpus/. */
static const char *folder_label(struct file_list *l, const char *dir)
{
	char real[PATH_MAX], *last, *before;

	if (!realpath(dir, real))
		die_usage("cannot read %s: %s", dir, strerror(errno));
	last = strrchr(real, '/');
	if (!last || last == real)
		return keep_name(l, real);
	*last = '\0';
	before = strrchr(real, '/');
	*last = '/';
	return keep_name(l, before ? before + 1 : real);
}

static char *strip_slashes(struct file_list *l, const char *dir)
{
	size_t n = strlen(dir);
	char *d;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	d = (char *)keep_name(l, dir);
	d[n] = '\0';
	return d;
}

int litmus_summary(int nr_dirs, char **dirs, const struct litmus_options *opt,
		   const struct litmus_summary_options *sopt)
{
	struct summary s = { .opt = opt, .sopt = sopt };
	struct file_list files = { 0 };
	int d, status;
	size_t i;

	if (sopt->verdicts)
		litmus_verdicts_load(sopt->verdicts, true);
	for (d = 0; d < nr_dirs; d++) {
		files.root = strip_slashes(&files, dirs[d]);
		files.folder = files.label = folder_label(&files, files.root);
		if (!sopt->verdicts)
			litmus_verdicts_find_near(files.root);
		collect(files.root, &files, 0, sopt->sample);
	}
	if (!files.nr)
		die_usage(sopt->sample > 1 ? "no *.litmus file under %s in the sample" :
			  "no *.litmus file under %s", dirs[0]);
	qsort(files.files, files.nr, sizeof(files.files[0]), path_cmp);
	s.files = files.files;
	s.nr_files = files.nr;
	s.tally = tally_new();
	if (!sopt->json && !sopt->table_only)
		print_header(&s);
	summary_run_jobs(&s, sopt->jobs ? sopt->jobs : 1);
	if (sopt->json)
		tally_print_json(s.tally, &s);
	else
		tally_print(s.tally, &s);
	status = tally_status(s.tally, &s);
	tally_free(s.tally);
	for (i = 0; i < files.nr; i++)
		free(files.files[i].path);
	free(files.files);
	for (i = 0; i < files.nr_names; i++)
		free(files.names[i]);
	free(files.names);
	litmus_verdicts_free();
	return status;
}

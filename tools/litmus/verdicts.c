// SPDX-License-Identifier: GPL-2.0
/*
 * A verdict index: a TSV file whose first line is "path<TAB>condition<TAB>lkmm"
 * and whose other lines give, for a test at a path relative to the index's
 * folder, its condition's kind (exists, ~exists, forall) and herd7's LKMM
 * verdict (../shared/lkmm-corpus/INDEX.tsv: half its files have no
 * "Result:" line).  A test's own "Result:" comes first; the index speaks
 * where the header has no verdict word ("Maybe", "Free" or none).
 *
 * The indexes are loaded once, before any test runs, so the children of
 * --jobs inherit them.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "litmus.h"
#include "lex.h"
#include "tools/cli.h"

#define INDEX_HEADER	"path\tcondition\tlkmm"
#define MAX_INDEXES	16

struct verdict_entry {
	char *path;		/* relative to the index's folder */
	char condition[16];
	char verdict[16];
};

struct verdict_index {
	char *file;		/* as given, for messages */
	char *base;		/* the real path of its folder */
	struct verdict_entry *entries;	/* sorted by path */
	size_t nr;
};

static struct verdict_index indexes[MAX_INDEXES];
static unsigned int nr_indexes;

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct verdict_entry *)a)->path,
		      ((const struct verdict_entry *)b)->path);
}

/* Split @line at tabs into exactly three fields. */
static bool split3(char *line, char **f)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		f[i] = line;
		line = strchr(line, '\t');
		if (i < 2) {
			if (!line)
				return false;
			*line++ = '\0';
		}
	}
	return !line;
}

static bool known_condition(const char *s)
{
	return !strcmp(s, "exists") || !strcmp(s, "~exists") || !strcmp(s, "forall");
}

/*
 * Load @file.  Given on the command line (@explicit), any problem is a
 * usage error; found beside a folder, a file that does not start with our
 * header is some other INDEX.tsv and is left alone.
 */
bool litmus_verdicts_load(const char *file, bool explicit)
{
	struct verdict_index *ix = &indexes[nr_indexes];
	char line[4096], real[PATH_MAX], *slash;
	unsigned int lineno = 0;
	size_t cap = 0;
	FILE *f;

	if (nr_indexes == MAX_INDEXES)
		die_usage("more than %d verdict indexes", MAX_INDEXES);
	f = fopen(file, "r");
	if (!f) {
		if (explicit)
			die_usage("cannot read %s: %s", file, strerror(errno));
		return false;
	}
	if (!fgets(line, sizeof(line), f) || strncmp(line, INDEX_HEADER, strlen(INDEX_HEADER)) ||
	    (line[strlen(INDEX_HEADER)] != '\n' && line[strlen(INDEX_HEADER)] != '\r' &&
	     line[strlen(INDEX_HEADER)])) {
		fclose(f);
		if (explicit)
			die_usage("%s: not a verdict index: its first line is not '%s'", file,
				  "path<TAB>condition<TAB>lkmm");
		return false;
	}
	if (!realpath(file, real))
		die_usage("cannot resolve %s: %s", file, strerror(errno));
	slash = strrchr(real, '/');
	*slash = '\0';
	ix->file = strdup(file);
	ix->base = strdup(real[0] ? real : "/");
	if (!ix->file || !ix->base)
		die_usage("out of memory");
	lineno = 1;
	while (fgets(line, sizeof(line), f)) {
		struct verdict_entry *e;
		size_t n = strlen(line);
		char *field[3];

		lineno++;
		if (n && line[n - 1] != '\n' && !feof(f))
			die_usage("%s:%u: line too long", file, lineno);
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (!split3(line, field) || !field[0][0] || !known_condition(field[1]) ||
		    litmus_verdict_parse(field[2]) == LITMUS_NO_VERDICT ||
		    strlen(field[2]) >= sizeof(e->verdict))
			die_usage("%s:%u: expected PATH<TAB>exists|~exists|forall<TAB>VERDICT",
				  file, lineno);
		if (ix->nr == cap) {
			cap = cap ? 2 * cap : 1024;
			ix->entries = realloc(ix->entries, cap * sizeof(*ix->entries));
			if (!ix->entries)
				die_usage("out of memory");
		}
		e = &ix->entries[ix->nr++];
		e->path = strdup(field[0]);
		if (!e->path)
			die_usage("out of memory");
		snprintf(e->condition, sizeof(e->condition), "%s", field[1]);
		snprintf(e->verdict, sizeof(e->verdict), "%s", field[2]);
	}
	fclose(f);
	qsort(ix->entries, ix->nr, sizeof(*ix->entries), entry_cmp);
	for (cap = 1; cap < ix->nr; cap++)
		if (!strcmp(ix->entries[cap - 1].path, ix->entries[cap].path))
			die_usage("%s: %s is listed twice", file, ix->entries[cap].path);
	nr_indexes++;
	return true;
}

/* Messages name an index found by itself as a path from here, when it is below here. */
static const char *relative_to_cwd(const char *real)
{
	char cwd[PATH_MAX];
	size_t n;

	if (!getcwd(cwd, sizeof(cwd)))
		return real;
	n = strlen(cwd);
	if (n > 1 && !strncmp(real, cwd, n) && real[n] == '/')
		return real + n + 1;
	return real;
}

/* DIR/INDEX.tsv, if there is one of ours; true if DIR has one (loaded now or before). */
static bool find_in(const char *dir)
{
	char file[PATH_MAX];
	unsigned int i;

	for (i = 0; i < nr_indexes; i++)
		if (!strcmp(indexes[i].base, dir))
			return true;
	if ((size_t)snprintf(file, sizeof(file), "%s/INDEX.tsv", dir) >= sizeof(file))
		return false;
	return litmus_verdicts_load(relative_to_cwd(file), false);
}

/* In @path's folder (@path itself if it is one) or the nearest one above it. */
void litmus_verdicts_find_near(const char *path)
{
	char dir[PATH_MAX], *slash;
	struct stat st;

	if (!realpath(path, dir) || stat(dir, &st))
		return;
	if (S_ISDIR(st.st_mode) && find_in(dir))
		return;
	while ((slash = strrchr(dir, '/'))) {
		if (slash == dir) {
			find_in("/");
			return;
		}
		*slash = '\0';
		if (find_in(dir))
			return;
	}
}

static const struct verdict_entry *find(const char *path, const char **index_file)
{
	char real[PATH_MAX];
	unsigned int i;

	if (!nr_indexes || !realpath(path, real))
		return NULL;
	for (i = 0; i < nr_indexes; i++) {
		const struct verdict_index *ix = &indexes[i];
		size_t n = strlen(ix->base);
		struct verdict_entry key, *e;

		if (strncmp(real, ix->base, n) || real[n] != '/')
			continue;
		key.path = real + n + 1;
		e = bsearch(&key, ix->entries, ix->nr, sizeof(*e), entry_cmp);
		if (e) {
			*index_file = ix->file;
			return e;
		}
	}
	return NULL;
}

static const char *const quantifier_word[] = {
	[LITMUS_Q_NONE] = "no condition",
	[LITMUS_Q_EXISTS] = "exists",
	[LITMUS_Q_NOT_EXISTS] = "~exists",
	[LITMUS_Q_FORALL] = "forall",
};

static bool contradict(enum litmus_verdict a, enum litmus_verdict b)
{
	/*
	 * An index's "Sometimes" for exists means reachable: herd's Sometimes
	 * or Always; its "Never" and a header's DEADLOCK (no execution) agree.
	 */
	if (a == LITMUS_DEADLOCK || b == LITMUS_DEADLOCK)
		return false;
	return (a == LITMUS_NEVER) != (b == LITMUS_NEVER) ||
	       (b == LITMUS_ALWAYS && a != LITMUS_ALWAYS);
}

void litmus_verdicts_apply(struct litmus_test *test)
{
	enum litmus_verdict header = litmus_verdict_parse(test->lkmm), indexed;
	const char *index_file = NULL;
	const struct verdict_entry *e;

	if (test->error.kind != LITMUS_OK)
		return;
	e = find(test->path, &index_file);
	if (!e)
		return;
	if (strcmp(e->condition, quantifier_word[test->quantifier])) {
		litmus_error_set(&test->error, 0, "%s says its condition is '%s', the file's is "
				 "'%s'", index_file, e->condition,
				 quantifier_word[test->quantifier]);
		return;
	}
	indexed = litmus_verdict_parse(e->verdict);
	if (header == LITMUS_NO_VERDICT) {
		snprintf(test->lkmm, sizeof(test->lkmm), "%s", e->verdict);
		test->lkmm_from_index = true;
	} else if (contradict(header, indexed)) {
		snprintf(test->lkmm_conflict, sizeof(test->lkmm_conflict),
			 "the header says %s, %s %s", litmus_verdict_name[header], index_file,
			 e->verdict);
	}
}

void litmus_verdicts_free(void)
{
	unsigned int i;
	size_t e;

	for (i = 0; i < nr_indexes; i++) {
		for (e = 0; e < indexes[i].nr; e++)
			free(indexes[i].entries[e].path);
		free(indexes[i].entries);
		free(indexes[i].file);
		free(indexes[i].base);
	}
	memset(indexes, 0, sizeof(indexes));
	nr_indexes = 0;
}

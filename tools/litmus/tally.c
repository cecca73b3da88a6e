// SPDX-License-Identifier: GPL-2.0
/*
 * The conformance totals of litmus --summary, overall and by folder and
 * model: tests run, refused (by construct: RCU, SRCU, the others by name),
 * Never outcomes reached, Always outcomes missed, Sometimes outcomes
 * reached, explorations incomplete.  README.md says which must be 0.
 */
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "tools/cli.h"

#define MAX_FOLDERS	256
#define MAX_CONSTRUCTS	32

struct name_list {
	char *text;
	size_t len, cap;
	unsigned int nr;
};

struct construct_count {
	char name[64];
	unsigned int count;
};

struct counts {
	const char *folder;
	unsigned int tests, ran, unsupported, malformed, died, conflicts;
	unsigned int lkmm[LITMUS_INCOMPLETE + 1];	/* ran tests, by LKMM verdict */
	unsigned int listed[SIM_MM_NR][NR_LISTINGS];
	struct construct_count constructs[MAX_CONSTRUCTS];
	unsigned int nr_constructs;
};

struct tally {
	struct counts all;
	struct counts folders[MAX_FOLDERS];
	unsigned int nr_folders;
	struct name_list names[SIM_MM_NR][NR_LISTINGS];
	struct name_list died, conflicts;
};

static const char *const listing_key[NR_LISTINGS] = {
	[NEVER_REACHED] = "never_reached",
	[ALWAYS_MISSED] = "always_missed",
	[SOMETIMES_REACHED] = "sometimes_reached",
	[SOMETIMES_MISSED] = "sometimes_missed",
	[FAILED] = "failed",
	[UNEXPECTED] = "unexpected",
	[INCOMPLETE] = "incomplete_tests",
	[LOST_OUTCOME] = "lost_outcomes",
};

static const char *const listing_label[NR_LISTINGS] = {
	[NEVER_REACHED] = "Never reached",
	[ALWAYS_MISSED] = "Always missed",
	[SOMETIMES_MISSED] = "Sometimes missed",
	[FAILED] = "failed runs",
	[UNEXPECTED] = "not as the header expects",
	[LOST_OUTCOME] = "an outcome a stronger model reaches, missed by every schedule",

};

int summary_model_rank(enum sim_mm mm)
{
	static const char *const by_strength[] = { "sc", "tso", "lkmm" };
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(sim_mm_name[mm], by_strength[i]))
			return i;
	return -1;
}

/* sc and x86-TSO are stronger than LKMM: the weak outcomes they miss are theirs to miss. */
static bool stronger_than_lkmm(enum sim_mm mm)
{
	int rank = summary_model_rank(mm);

	return rank == 0 || rank == 1;
}

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

/* RCU and SRCU are families of constructs; any other is its own name. */
static const char *construct_family(const char *name)
{
	if (strstr(name, "srcu"))
		return "SRCU";
	if (strstr(name, "rcu"))
		return "RCU";
	return name;
}

static void count_construct(struct counts *c, const char *construct)
{
	const char *name = construct_family(construct);
	unsigned int i;

	for (i = 0; i < c->nr_constructs; i++) {
		if (!strcmp(c->constructs[i].name, name)) {
			c->constructs[i].count++;
			return;
		}
	}
	if (c->nr_constructs == MAX_CONSTRUCTS)
		name = "others";	/* the last entry gathers the rest */
	i = c->nr_constructs < MAX_CONSTRUCTS ? c->nr_constructs++ : MAX_CONSTRUCTS - 1;
	snprintf(c->constructs[i].name, sizeof(c->constructs[i].name), "%s", name);
	c->constructs[i].count++;
}

struct tally *tally_new(void)
{
	struct tally *t = calloc(1, sizeof(*t));

	if (!t)
		die_usage("out of memory");
	return t;
}

static struct counts *folder_counts(struct tally *t, const char *folder)
{
	unsigned int i;

	for (i = 0; i < t->nr_folders; i++)
		if (!strcmp(t->folders[i].folder, folder))
			return &t->folders[i];
	if (t->nr_folders == MAX_FOLDERS)
		die_usage("more than %d folders", MAX_FOLDERS);
	t->folders[t->nr_folders].folder = folder;
	return &t->folders[t->nr_folders++];
}

static void count(struct counts *c, const struct summary *s, const struct test_record *rec)
{
	unsigned int m, l;

	c->tests++;
	switch (rec->status) {
	case TEST_UNSUPPORTED:
		c->unsupported++;
		count_construct(c, rec->construct);
		return;
	case TEST_MALFORMED:
		c->malformed++;
		return;
	case TEST_DIED:
		c->died++;
		return;
	case TEST_RAN:
		break;
	}
	c->ran++;
	c->conflicts += rec->conflict;
	c->lkmm[rec->lkmm]++;
	for (m = 0; m < s->sopt->nr_models; m++)
		for (l = 0; l < NR_LISTINGS; l++)
			c->listed[m][l] += !!(rec->listed[m] & (1u << l));
}

void tally_add(struct tally *t, const struct summary *s, const struct summary_file *f,
	       const struct test_record *rec)
{
	unsigned int m, l;

	count(&t->all, s, rec);
	count(folder_counts(t, f->folder), s, rec);
	if (rec->status == TEST_DIED)
		name_add(&t->died, rec->name);
	if (rec->conflict)
		name_add(&t->conflicts, rec->name);
	for (m = 0; m < s->sopt->nr_models; m++)
		for (l = 0; l < NR_LISTINGS; l++)
			if (rec->listed[m] & (1u << l))
				name_add(&t->names[m][l], rec->name);
}

/* ---- text ----------------------------------------------------------------------- */

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

static void print_constructs(const struct counts *c)
{
	unsigned int i;

	for (i = 0; i < c->nr_constructs; i++)
		printf("%s%s %u", i ? ", " : "", c->constructs[i].name, c->constructs[i].count);
}

static void print_table(const struct tally *t, const struct summary *s)
{
	unsigned int f, m;

	printf("\n%-36s %-5s %5s %5s %7s %13s %13s %17s %4s %10s  %s\n", "folder", "model",
	       "tests", "ran", "refused", "Never reached", "Always missed", "Sometimes reached",
	       "lost", "incomplete", "refused by construct");
	for (f = 0; f <= t->nr_folders; f++) {
		const struct counts *c = f < t->nr_folders ? &t->folders[f] : &t->all;

		for (m = 0; m < s->sopt->nr_models; m++) {
			char never[32], always[32], sometimes[32];

			snprintf(never, sizeof(never), "%u/%u", c->listed[m][NEVER_REACHED],
				 c->lkmm[LITMUS_NEVER]);
			snprintf(always, sizeof(always), "%u/%u", c->listed[m][ALWAYS_MISSED],
				 c->lkmm[LITMUS_ALWAYS]);
			snprintf(sometimes, sizeof(sometimes), "%u/%u",
				 c->listed[m][SOMETIMES_REACHED], c->lkmm[LITMUS_SOMETIMES]);
			printf("%-36s %-5s %5u %5u %7u %13s %13s %17s %4u %10u", m ? "" :
			       f < t->nr_folders ? c->folder : "all", sim_mm_name[s->sopt->models[m]],
			       c->tests, c->ran, c->unsupported + c->malformed + c->died, never,
			       always, sometimes, c->listed[m][LOST_OUTCOME],
			       c->listed[m][INCOMPLETE]);
			if (!m && c->nr_constructs) {
				printf("  ");
				print_constructs(c);
			}
			if (!m && (c->malformed || c->died))
				printf("%s%u malformed, %u died", c->nr_constructs ? "; " : "  ",
				       c->malformed, c->died);
			putchar('\n');
		}
	}
}

void tally_print(const struct tally *t, const struct summary *s)
{
	const struct counts *c = &t->all;
	unsigned int m, l;

	printf("\n%u tests: %u ran, %u unsupported, %u malformed", c->tests, c->ran,
	       c->unsupported, c->malformed);
	if (c->died)
		printf(", %u died", c->died);
	printf(" (%s, at most %llu schedules per test and model", s->opt->strategy, s->opt->runs);
	if (s->sopt->sample > 1)
		printf("; the sample of 1 in %u", s->sopt->sample);
	printf(")\n");
	printf("LKMM verdicts of the tests run: %u Never, %u Sometimes, %u Always, %u without "
	       "one, %u not judged (header and index disagree)\n", c->lkmm[LITMUS_NEVER],
	       c->lkmm[LITMUS_SOMETIMES], c->lkmm[LITMUS_ALWAYS],
	       c->lkmm[LITMUS_NO_VERDICT] + c->lkmm[LITMUS_DEADLOCK] - c->conflicts,
	       c->conflicts);
	for (m = 0; m < s->sopt->nr_models; m++) {
		enum sim_mm mm = s->sopt->models[m];

		printf("%s: %u Never outcomes reached, %u Always outcomes missed, %u of %u "
		       "Sometimes outcomes reached, %u tests with failed runs, %u with outcomes "
		       "of a stronger model lost, %u explorations incomplete\n", sim_mm_name[mm],
		       c->listed[m][NEVER_REACHED], c->listed[m][ALWAYS_MISSED],
		       c->listed[m][SOMETIMES_REACHED], c->lkmm[LITMUS_SOMETIMES],
		       c->listed[m][FAILED], c->listed[m][LOST_OUTCOME], c->listed[m][INCOMPLETE]);
		for (l = 0; l < NR_LISTINGS; l++) {
			if (!listing_label[l] || (l == SOMETIMES_MISSED && stronger_than_lkmm(mm)))
				continue;
			print_names(listing_label[l], &t->names[m][l]);
		}
	}
	print_names("died", &t->died);
	print_names("not judged, header and index disagree", &t->conflicts);
	if (c->nr_constructs) {
		printf("unsupported: ");
		print_constructs(c);
		putchar('\n');
	}
	print_table(t, s);
}

/* ---- JSON ------------------------------------------------------------------------ */

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

static void json_constructs(const struct counts *c)
{
	unsigned int i;

	putchar('{');
	for (i = 0; i < c->nr_constructs; i++) {
		if (i)
			putchar(',');
		json_string(stdout, c->constructs[i].name);
		printf(":%u", c->constructs[i].count);
	}
	putchar('}');
}

static void json_counts(const struct counts *c, const struct summary *s)
{
	unsigned int m, l;

	printf("{\"tests\":%u,\"ran\":%u,\"unsupported\":%u,\"malformed\":%u,\"died\":%u,"
	       "\"lkmm\":{\"Never\":%u,\"Sometimes\":%u,\"Always\":%u},\"refused_by\":",
	       c->tests, c->ran, c->unsupported, c->malformed, c->died, c->lkmm[LITMUS_NEVER],
	       c->lkmm[LITMUS_SOMETIMES], c->lkmm[LITMUS_ALWAYS]);
	json_constructs(c);
	for (m = 0; m < s->sopt->nr_models; m++) {
		printf(",\"%s\":{", sim_mm_name[s->sopt->models[m]]);
		for (l = 0; l < NR_LISTINGS; l++)
			printf("%s\"%s\":%u", l ? "," : "", listing_key[l], c->listed[m][l]);
		putchar('}');
	}
	putchar('}');
}

void tally_print_json(const struct tally *t, const struct summary *s)
{
	const struct counts *c = &t->all;
	unsigned int f, m, l;

	printf("{\"tests\":%u,\"ran\":%u,\"unsupported\":%u,\"malformed\":%u,\"died\":%u,"
	       "\"sometimes_tests\":%u,\"sample\":%u,\"runs\":%llu", c->tests, c->ran,
	       c->unsupported, c->malformed, c->died, c->lkmm[LITMUS_SOMETIMES],
	       s->sopt->sample > 1 ? s->sopt->sample : 1, s->opt->runs);
	for (l = 0; l < NR_LISTINGS; l++) {
		printf(",\"%s\":{", l == INCOMPLETE ? "incomplete_tests" : listing_key[l]);
		for (m = 0; m < s->sopt->nr_models; m++) {
			printf("%s\"%s\":", m ? "," : "", sim_mm_name[s->sopt->models[m]]);
			json_names(&t->names[m][l]);
		}
		putchar('}');
	}
	printf(",\"incomplete\":{");
	for (m = 0; m < s->sopt->nr_models; m++)
		printf("%s\"%s\":%u", m ? "," : "", sim_mm_name[s->sopt->models[m]],
		       c->listed[m][INCOMPLETE]);
	printf("},\"died_tests\":");
	json_names(&t->died);
	printf(",\"not_judged\":");
	json_names(&t->conflicts);
	printf(",\"unsupported_constructs\":");
	json_constructs(c);
	printf(",\"all\":");
	json_counts(c, s);
	printf(",\"folders\":{");
	for (f = 0; f < t->nr_folders; f++) {
		if (f)
			putchar(',');
		json_string(stdout, t->folders[f].folder);
		putchar(':');
		json_counts(&t->folders[f], s);
	}
	printf("}}\n");
}

int tally_status(const struct tally *t, const struct summary *s)
{
	unsigned int m;

	if (t->all.died)
		return 1;
	for (m = 0; m < s->sopt->nr_models; m++) {
		const unsigned int *l = t->all.listed[m];

		if (l[NEVER_REACHED] || l[ALWAYS_MISSED] || l[FAILED] || l[UNEXPECTED] ||
		    l[LOST_OUTCOME])
			return 1;
	}
	return t->all.malformed ? 2 : 0;
}

void tally_free(struct tally *t)
{
	unsigned int m, l;

	for (m = 0; m < SIM_MM_NR; m++)
		for (l = 0; l < NR_LISTINGS; l++)
			free(t->names[m][l].text);
	free(t->died.text);
	free(t->conflicts.text);
	free(t);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * litmus --summary, between its files: what one test did (a record, which
 * a --jobs child sends its parent), the tallies by folder and model, and
 * the children.
 */
#ifndef TOOLS_LITMUS_SUMMARY_H
#define TOOLS_LITMUS_SUMMARY_H

#include <stddef.h>

#include "litmus.h"

enum test_status {
	TEST_RAN,
	TEST_UNSUPPORTED,	/* refused by the name of a construct */
	TEST_MALFORMED,
	TEST_DIED,		/* the child that ran it died: a crash */
};

/* What a model did with a test; a record holds a bit of each per model. */
enum listing {
	NEVER_REACHED,		/* LKMM says Never, the model reached it: nonconforming */
	ALWAYS_MISSED,		/* LKMM says Always, a run missed it: nonconforming */
	SOMETIMES_REACHED,
	SOMETIMES_MISSED,	/* legitimate under sc and tso; a goal missed under others */
	FAILED,			/* some run failed: a bad pointer, a bad unlock */
	UNEXPECTED,		/* the header's "Expect:" says otherwise */
	INCOMPLETE,		/* the budget stopped it: no Never or Always is proven */
	LOST_OUTCOME,		/* every schedule ran, yet a stronger model's outcome is not */
	NR_LISTINGS,
};

struct test_record {
	enum test_status status;
	enum litmus_verdict lkmm;	/* judged against: LITMUS_NO_VERDICT for none */
	bool conflict;			/* the header and the index contradict */
	char name[128];
	char construct[64];		/* TEST_UNSUPPORTED */
	unsigned int listed[SIM_MM_NR];	/* by the model's position: 1 << enum listing */
	unsigned long long schedules[SIM_MM_NR];
	size_t text_len;		/* the row as printed, which follows in a message */
};

struct summary_file {
	char *path;
	const char *folder;		/* the table's row: the argument, and its subfolder */
};

struct summary {
	const struct litmus_options *opt;
	const struct litmus_summary_options *sopt;
	struct summary_file *files;
	size_t nr_files;
	struct tally *tally;
};

/* Run test @i of @s into @rec, its row into *@text (malloc'ed). */
void summary_evaluate(const struct summary *s, size_t i, struct test_record *rec, char **text);
/* Test @i is done: count and print it, in file order. */
void summary_account(struct summary *s, size_t i, const struct test_record *rec, const char *text);
/* Every test, @jobs children at a time, accounted in file order. */
void summary_run_jobs(struct summary *s, unsigned int jobs);

/* 0 for sc, 1 for tso, 2 for lkmm: a model allows what a stronger one does; -1 unknown. */
int summary_model_rank(enum sim_mm mm);

struct tally *tally_new(void);
void tally_add(struct tally *t, const struct summary *s, const struct summary_file *f,
	       const struct test_record *rec);
void tally_print(const struct tally *t, const struct summary *s);
void tally_print_json(const struct tally *t, const struct summary *s);
/* 0 clean; 1 a result contradicts LKMM, a header, or a run failed; 2 a malformed file. */
int tally_status(const struct tally *t, const struct summary *s);
void tally_free(struct tally *t);

#endif /* TOOLS_LITMUS_SUMMARY_H */

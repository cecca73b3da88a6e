// SPDX-License-Identifier: GPL-2.0
/*
 * Cache-line ownership (contention.h).  The table of a run holds each line
 * a marked store touched: its last writer's CPU and the transfers; the
 * object and the member of its first store name it ("vma1.vm_ref_count").  Lines of a freed object are retired.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "contention.h"
#include "names.h"
#include "own_mem.h"

struct line {
	uintptr_t line;
	unsigned int cpu;
	bool heap, retired;
	uint32_t id, offset;	/* the line's offset in the object */
	uint32_t first;		/* the offset of its first store: its name */
	uint64_t transfers;
};

static struct {
	struct line *lines;
	size_t nr, cap;
	uint64_t total;
	bool named;		/* last[] holds this run's names */
	struct sim_contention *last;
	size_t nr_last;
} run;

static struct {
	struct sim_contention *e;
	size_t nr, cap;
	uint64_t total, runs;
} sum;

/*
 * A heap object's lines count from its start, as if every allocation were
 * cache-aligned (kmalloc's are, from 64 bytes up): the figure is the same
 * in every build, whatever alignment malloc gave.
 */
void sim_contention_store(const volatile void *addr, unsigned int cpu)
{
	uintptr_t line = (uintptr_t)addr & ~(uintptr_t)(SIM_CACHE_LINE - 1);
	uint32_t id = 0, offset = 0;
	bool heap = sim_alloc_lookup((uintptr_t)addr, &id, &offset);
	struct line *l;
	size_t i;

	uint32_t first = offset;

	if (heap) {
		line = (uintptr_t)id;
		offset &= ~(uint32_t)(SIM_CACHE_LINE - 1);
	}
	for (i = 0; i < run.nr; i++) {
		l = &run.lines[i];
		if (l->line != line || l->heap != heap || l->retired ||
		    (heap && l->offset != offset))
			continue;
		if (l->cpu != cpu) {
			l->transfers++;
			run.total++;
			l->cpu = cpu;
		}
		return;
	}
	if (run.nr == run.cap) {
		run.cap = run.cap ? 2 * run.cap : 64;
		run.lines = sim_own_realloc(run.lines, run.cap * sizeof(*run.lines));
	}
	l = &run.lines[run.nr++];
	l->line = line;
	l->cpu = cpu;
	l->retired = false;
	l->transfers = 0;
	l->heap = heap;
	l->id = id;
	l->offset = offset;
	l->first = first;
}

void sim_contention_forget(const volatile void *addr, size_t size)
{
	uintptr_t start = (uintptr_t)addr, end = start + size;
	size_t i;

	uint32_t id, offset;

	/* kfree(): the object's lines go; it is always whole. */
	if (!sim_alloc_lookup(start, &id, &offset))
		return;
	(void)end;
	for (i = 0; i < run.nr; i++)
		if (run.lines[i].heap && run.lines[i].id == id)
			run.lines[i].retired = true;
}

void sim_contention_reset(void)
{
	run.nr = 0;
	run.total = 0;
	run.named = false;
}

static void name_line(const struct line *l, char *buf, size_t len)
{
	if (l->heap)
		sim_names_format(buf, len, l->id, l->first);
	else
		snprintf(buf, len, "(static)");
}

/* Into @v (of *nr, growing): add @n transfers under @name. */
static void add(struct sim_contention **v, size_t *nr, size_t *cap, const char *name,
		uint64_t n)
{
	size_t i;

	for (i = 0; i < *nr; i++) {
		if (!strcmp((*v)[i].name, name)) {
			(*v)[i].transfers += n;
			return;
		}
	}
	if (*nr == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		*v = sim_own_realloc(*v, *cap * sizeof(**v));
	}
	snprintf((*v)[*nr].name, sizeof((*v)[*nr].name), "%s", name);
	(*v)[(*nr)++].transfers = n;
}

/* The run's lines by name (lines of one member of one object are one entry). */
static void name_run(void)
{
	static size_t cap;
	char name[48];
	size_t i;

	if (run.named)
		return;
	run.nr_last = 0;
	for (i = 0; i < run.nr; i++) {
		if (!run.lines[i].transfers)
			continue;
		name_line(&run.lines[i], name, sizeof(name));
		add(&run.last, &run.nr_last, &cap, name, run.lines[i].transfers);
	}
	run.named = true;
}

void sim_contention_run_end(void)
{
	size_t i;

	name_run();
	for (i = 0; i < run.nr_last; i++)
		add(&sum.e, &sum.nr, &sum.cap, run.last[i].name, run.last[i].transfers);
	sum.total += run.total;
	sum.runs++;
}

static int by_transfers(const void *a, const void *b)
{
	const struct sim_contention *x = a, *y = b;

	if (x->transfers != y->transfers)
		return x->transfers < y->transfers ? 1 : -1;
	return strcmp(x->name, y->name);
}

static size_t copy_sorted(struct sim_contention *v, size_t nr, struct sim_contention *out,
			  size_t max)
{
	/* Nothing written by a marked store yet: v may be NULL (qsort's nonnull). */
	if (!nr)
		return 0;
	qsort(v, nr, sizeof(*v), by_transfers);
	if (nr > max)
		nr = max;
	memcpy(out, v, nr * sizeof(*v));
	return nr;
}

size_t sim_contention_last(struct sim_contention *out, size_t max, uint64_t *total)
{
	name_run();
	*total = run.total;
	return copy_sorted(run.last, run.nr_last, out, max);
}

size_t sim_contention_totals(struct sim_contention *out, size_t max, uint64_t *total,
			     uint64_t *runs)
{
	*total = sum.total;
	*runs = sum.runs;
	return copy_sorted(sum.e, sum.nr, out, max);
}

void sim_contention_clear(void)
{
	sum.nr = 0;
	sum.total = 0;
	sum.runs = 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The layout both pictures of a run share.  Time is the event index, packed:
 * every event but a switch takes a column of its own, a switch marks where
 * its task's run begins.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "picture.h"

#define SB_MAX_ROWS 64		/* > SIM_STORE_BUFFER_ENTRIES: a row for each live entry */
#define SB_LABEL_COLS 8		/* after a short entry's end: its words */

static void *pic_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die_usage("out of memory drawing the run");
	return p;
}

const char *pic_expr(const struct sim_event *ev)
{
	const char *e = ev->site ? ev->site->expr : "";

	return e[0] == '&' ? e + 1 : e;
}

void pic_where(const struct sim_event *ev, char *buf, size_t len)
{
	if (ev->site)
		snprintf(buf, len, "%s:%u", ev->site->func, ev->site->line);
	else
		snprintf(buf, len, "%s", "");
}

static size_t append(char *buf, size_t len, size_t at, const char *s)
{
	if (at < len)
		snprintf(buf + at, len - at, "%s", s);
	return at + strlen(s);
}

static size_t append_value(char *buf, size_t len, size_t at, const char *prefix, uint64_t v,
			   unsigned int flags)
{
	char value[48];

	sim_trace_format_value(value, sizeof(value), v, flags);
	at = append(buf, len, at, prefix);
	return append(buf, len, at, value);
}

static size_t append_site(char *buf, size_t len, size_t at, const struct sim_site *site)
{
	at = append(buf, len, at, site->op);
	if (site->expr[0]) {
		at = append(buf, len, at, "(");
		at = append(buf, len, at, site->expr);
		at = append(buf, len, at, ")");
	}
	return at;
}

static void describe_op(const struct sim_event *ev, char *buf, size_t len)
{
	size_t at = append_site(buf, len, 0, ev->site);

	if (ev->flags & SIM_EV_READ)
		at = append_value(buf, len, at, " = ", ev->value, ev->flags);
	if (ev->flags & SIM_EV_WRITE)
		append_value(buf, len, at, ev->flags & SIM_EV_READ ? ", := " : " := ", ev->value2,
			     ev->flags);
}

/* The words of sim_trace_print's "what" column, so a picture and --trace agree. */
void pic_describe(const struct sim_event *ev, char *buf, size_t len)
{
	size_t at;

	switch (ev->kind) {
	case SIM_EV_OP:
		describe_op(ev, buf, len);
		break;
	case SIM_EV_FLUSH:
		at = append_site(buf, len, 0, ev->site);
		at = append_value(buf, len, at, " := ", ev->value2, ev->flags);
		append(buf, len, at, " becomes visible");
		break;
	case SIM_EV_SWITCH:
		snprintf(buf, len, "%s runs on cpu%u", sim_trace_task_name(ev->task), ev->cpu);
		if (ev->other >= 0) {
			at = append(buf, len, strlen(buf), ", ");
			at = append(buf, len, at, sim_trace_task_name(ev->other));
			append(buf, len, at, ev->flags & SIM_EV_PREEMPT ? " preempted" :
					     " off the CPU");
		}
		break;
	case SIM_EV_BLOCK:
		at = append(buf, len, 0, ev->note ? ev->note :
					 ev->flags & SIM_EV_MIGRATED ? "moves to another CPU" :
					 "blocks");
		if (ev->other >= 0) {
			at = append(buf, len, at, " (held by ");
			at = append(buf, len, at, sim_trace_task_name(ev->other));
			append(buf, len, at, ")");
		}
		break;
	case SIM_EV_EXIT:
		snprintf(buf, len, "returns");
		break;
	default:
		snprintf(buf, len, "%s", ev->note ? ev->note : "fails");
		break;
	}
}

static void assign_columns(struct picture *pic)
{
	unsigned int c = 0;
	size_t i;

	for (i = 0; i < pic->nr; i++) {
		pic->col[i] = c;
		if (pic->ev[i].kind != SIM_EV_SWITCH)
			c++;
		if (pic->ev[i].cpu >= pic->nr_cpus)
			pic->nr_cpus = pic->ev[i].cpu + 1u;
	}
	pic->nr_cols = c;
	if (!pic->nr_cpus)
		pic->nr_cpus = 1;
}

/* The run on @cpu ends before event @i (column @col). */
static void close_run(struct picture *pic, int *open, unsigned int cpu, size_t i, unsigned int col)
{
	if (open[cpu] >= 0) {
		pic->runs[open[cpu]].end = col;
		pic->runs[open[cpu]].end_ev = i;
	}
	open[cpu] = -1;
}

static void open_run(struct picture *pic, int *open, size_t i, bool switched)
{
	const struct sim_event *ev = &pic->ev[i];

	close_run(pic, open, ev->cpu, i, pic->col[i]);
	open[ev->cpu] = (int)pic->nr_runs;
	pic->runs[pic->nr_runs++] = (struct pic_run){
		.cpu = ev->cpu, .task = ev->task, .first = pic->col[i], .end = pic->col[i],
		.first_ev = i, .end_ev = i, .switch_event = switched ? (int32_t)i : -1,
	};
}

/*
 * A store becomes visible whatever its task is doing, so a FLUSH neither
 * starts nor ends a run; every other event shows its task on the CPU.
 */
static void find_runs(struct picture *pic)
{
	int *open = pic_calloc(pic->nr_cpus, sizeof(*open));
	unsigned int cpu;
	size_t i;

	pic->runs = pic_calloc(pic->nr, sizeof(*pic->runs));
	for (cpu = 0; cpu < pic->nr_cpus; cpu++)
		open[cpu] = -1;
	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_FLUSH)
			continue;
		if (ev->kind == SIM_EV_SWITCH)
			open_run(pic, open, i, true);
		else if (open[ev->cpu] < 0 || pic->runs[open[ev->cpu]].task != ev->task)
			open_run(pic, open, i, false);
		if (ev->kind == SIM_EV_EXIT)
			close_run(pic, open, ev->cpu, i + 1, pic->col[i] + 1);
	}
	for (cpu = 0; cpu < pic->nr_cpus; cpu++)
		close_run(pic, open, cpu, pic->nr, pic->nr_cols);
	free(open);
}

/* Rows are reused first-fit: entries that overlap in time get rows of their own. */
static void place_store_buffers(struct picture *pic)
{
	unsigned int *row_end = pic_calloc((size_t)pic->nr_cpus * SB_MAX_ROWS, sizeof(*row_end));
	size_t i;

	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_FLUSH && ev->from >= 0 && (size_t)ev->from < i)
			pic->flush_of[ev->from] = (int32_t)i;
	}
	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];
		unsigned int *ends = &row_end[(size_t)ev->cpu * SB_MAX_ROWS];
		unsigned int end, r;

		if (ev->kind != SIM_EV_OP || !(ev->flags & SIM_EV_BUFFERED))
			continue;
		end = pic->flush_of[i] >= 0 ? pic->col[pic->flush_of[i]] : pic->nr_cols;
		for (r = 0; r < SB_MAX_ROWS - 1 && r < pic->sb_rows[ev->cpu] &&
			    ends[r] + SB_LABEL_COLS >= pic->col[i]; r++)
			;
		ends[r] = end;
		pic->sb_row[i] = r;
		if (r + 1 > pic->sb_rows[ev->cpu])
			pic->sb_rows[ev->cpu] = r + 1;
	}
	free(row_end);
}

static bool is_load(const struct sim_event *ev)
{
	return ev->kind == SIM_EV_OP && (ev->flags & SIM_EV_READ);
}

/*
 * The trace marks every operation that returns a value as a read, kmalloc
 * and trylock too, and gives all of them no source; only a variable some
 * store of the run writes can have been read from setup.
 */
static bool written_in_run(const struct picture *pic, const struct sim_event *load)
{
	const char *expr = pic_expr(load);
	size_t i;

	if (!expr[0])
		return false;
	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_OP && (ev->flags & SIM_EV_WRITE) &&
		    !strcmp(pic_expr(ev), expr))
			return true;
	}
	return false;
}

static enum pic_rf classify_read(const struct picture *pic, const struct sim_event *ev)
{
	const struct sim_event *src;

	if (!is_load(ev))
		return PIC_RF_NONE;
	if (ev->from < 0)
		return written_in_run(pic, ev) ? PIC_RF_INIT : PIC_RF_NONE;
	src = &pic->ev[ev->from];
	if (ev->flags & SIM_EV_FORWARDED)
		return PIC_RF_FORWARD;
	return src->task != ev->task || src->cpu != ev->cpu ? PIC_RF_CROSS : PIC_RF_OWN;
}

/*
 * A load misses a store another CPU has made but still buffers.  The trace
 * has no addresses, so "the same variable" is the same expression as
 * written: exact for the ports' shared variables, blind to aliases.
 */
static int32_t missed_store(const struct picture *pic, const struct sim_event *load,
			    const int32_t *pending, size_t nr_pending)
{
	size_t k;

	if (!is_load(load) || (load->flags & SIM_EV_FORWARDED) || !pic_expr(load)[0])
		return -1;
	for (k = nr_pending; k-- > 0;) {
		const struct sim_event *store = &pic->ev[pending[k]];

		if (store->cpu != load->cpu && !strcmp(pic_expr(store), pic_expr(load)))
			return pending[k];
	}
	return -1;
}

/* lkmm: the newer store a stale load did not see, the last one of its task to it. */
static int32_t unpropagated_store(const struct picture *pic, size_t load)
{
	const struct sim_event *ev = &pic->ev[load];
	size_t k;

	for (k = load; k-- > 0;) {
		const struct sim_event *st = &pic->ev[k];

		if (st->kind == SIM_EV_OP && (st->flags & SIM_EV_WRITE) && st->task == ev->other &&
		    !strcmp(pic_expr(st), pic_expr(ev)))
			return (int32_t)k;
	}
	return -1;
}

static void find_reads(struct picture *pic)
{
	int32_t *pending = pic_calloc(pic->nr, sizeof(*pending));
	size_t nr_pending = 0, i, k;

	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		pic->rf[i] = classify_read(pic, ev);
		pic->missed[i] = ev->flags & SIM_EV_STALE ? unpropagated_store(pic, i) :
				 missed_store(pic, ev, pending, nr_pending);
		if (ev->kind == SIM_EV_OP && (ev->flags & SIM_EV_BUFFERED))
			pending[nr_pending++] = (int32_t)i;
		if (ev->kind != SIM_EV_FLUSH)
			continue;
		for (k = 0; k < nr_pending && pending[k] != ev->from; k++)
			;
		if (k < nr_pending)
			memmove(&pending[k], &pending[k + 1], (nr_pending - k - 1) * sizeof(*pending));
		nr_pending -= k < nr_pending;
	}
	free(pending);
}

/* A failure at the end of a run has no event: it gets a column of its own. */
static void find_failure(struct picture *pic)
{
	const struct sim_failure *f = pic->info->failure;
	size_t i;

	pic->fail = -1;
	pic->failing_op = -1;
	pic->fail_col = -1;
	if (!f || f->kind == SIM_OK)
		return;
	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_FAIL)
			pic->fail = (int32_t)i;
		if (ev->kind == SIM_EV_OP && f->task >= 0 && ev->task == (unsigned int)f->task &&
		    ev->step == f->step)
			pic->failing_op = (int32_t)i;
	}
	if (pic->fail >= 0)
		pic->fail_col = (int)pic->col[pic->fail];
	else
		pic->fail_col = (int)pic->nr_cols++;
}

void pic_build(struct picture *pic, const struct pic_info *info)
{
	memset(pic, 0, sizeof(*pic));
	pic->info = info;
	pic->ev = sim_trace_events(&pic->nr);
	pic->col = pic_calloc(pic->nr, sizeof(*pic->col));
	pic->rf = pic_calloc(pic->nr, sizeof(*pic->rf));
	pic->flush_of = pic_calloc(pic->nr, sizeof(*pic->flush_of));
	pic->missed = pic_calloc(pic->nr, sizeof(*pic->missed));
	pic->sb_row = pic_calloc(pic->nr, sizeof(*pic->sb_row));
	memset(pic->flush_of, 0xff, pic->nr * sizeof(*pic->flush_of));
	assign_columns(pic);
	pic->sb_rows = pic_calloc(pic->nr_cpus, sizeof(*pic->sb_rows));
	find_runs(pic);
	place_store_buffers(pic);
	find_reads(pic);
	find_failure(pic);
}

void pic_free(struct picture *pic)
{
	free(pic->col);
	free(pic->rf);
	free(pic->flush_of);
	free(pic->missed);
	free(pic->sb_row);
	free(pic->sb_rows);
	free(pic->runs);
	memset(pic, 0, sizeof(*pic));
}

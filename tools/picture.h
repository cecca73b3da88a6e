/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run's trace laid out for a picture: which column each event takes, who
 * runs where, how long each buffered store waited, what every load read.
 * The SVG timeline (timeline.c) and the Chrome trace (chrome_trace.c) draw
 * the same layout, so the two never tell different stories.
 */
#ifndef TOOLS_PICTURE_H
#define TOOLS_PICTURE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/report.h"
#include "sim/trace.h"

/* Where a load's value came from, as the picture draws the arrow. */
enum pic_rf {
	PIC_RF_NONE,		/* not a load, or nothing to point at */
	PIC_RF_INIT,		/* the value setup left */
	PIC_RF_OWN,		/* a visible store of the same task */
	PIC_RF_CROSS,		/* a store of another task (or CPU) */
	PIC_RF_FORWARD,		/* the CPU's own store buffer */
};

/* A task on a CPU, from the switch to it until it leaves or returns. */
struct pic_run {
	unsigned int cpu, task;
	unsigned int first, end;	/* columns [first, end) */
	size_t first_ev, end_ev;	/* events [first_ev, end_ev) */
	int32_t switch_event;		/* the SWITCH that started it, or -1 */
};

struct pic_info {
	const char *scenario, *mm, *source;	/* source: the reproducer, as named */
	const struct sim_failure *failure;
	uint64_t steps;
};

struct picture {
	const struct pic_info *info;
	const struct sim_event *ev;
	size_t nr;
	unsigned int nr_cpus, nr_cols;
	unsigned int *col;		/* each event's column; a SWITCH shares the next's */
	enum pic_rf *rf;
	int32_t *flush_of;		/* a buffered store's FLUSH, or -1: still buffered */
	int32_t *missed;		/* a load: another CPU's buffered (tso) or unpropagated
					 * (lkmm) store it could not see */
	unsigned int *sb_row;		/* a buffered store: its row in the store-buffer lane */
	unsigned int *sb_rows;		/* per CPU: rows its store-buffer lane needs */
	struct pic_run *runs;
	size_t nr_runs;
	int32_t fail;			/* the FAIL event, or -1 */
	int fail_col;			/* where the failure is drawn, or -1: the run is clean */
	int32_t failing_op;		/* the step the failure names, or -1 */
};

/* Lay out the current run's trace; dies if out of memory. */
void pic_build(struct picture *pic, const struct pic_info *info);
void pic_free(struct picture *pic);

/* "READ_ONCE(ctx->x) = 0", "-- WRITE_ONCE(ctx->x) := 1 becomes visible", as --trace says. */
void pic_describe(const struct sim_event *ev, char *buf, size_t len);
/* The site's expression without a leading '&': loads and RMWs of one variable match. */
const char *pic_expr(const struct sim_event *ev);
/* "lru_add_drain_all:24", or "" for an event with no site. */
void pic_where(const struct sim_event *ev, char *buf, size_t len);

#endif /* TOOLS_PICTURE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * replay --timeline: the run as an SVG swimlane, one lane per CPU.  Time
 * flows right, one column per event; under each lane a band says which task
 * runs and a store-buffer lane holds each buffered store until it becomes
 * visible; arrows go from each store to the loads that read it.  Everything
 * is inline (no fonts, scripts or style sheets to fetch) and every number
 * is an integer, so one run always gives the same bytes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "picture.h"

#define LEFT		190	/* lane names and the "setup" source */
#define COLW		36
#define TAIL		330	/* room for the last columns' slanted labels */
#define LABEL_MAX	58	/* characters; the whole text is in the tooltip */
#define CHAR_W10	66	/* 11px monospace: 6.6px a character, in tenths */
#define SLANT_H100	64	/* sin 40 degrees, in hundredths: a label's height per width */
#define BAND_H		16
#define SB_ROW_H	18
#define MSG_WRAP	150	/* characters on a caption line */
#define INIT_REACH	(14 * COLW)	/* the longest arrow from what setup left */
#define LEGEND_W	1200	/* its longest row, and the caption's */

#define INK		"#222"
#define RED		"#d11a1a"
#define SB_FILL		"#ffd38a"
#define SB_EDGE		"#d08400"
#define CROSS		"#1565c0"
#define OWN		"#8a8a8a"
#define FWD		"#2e8b3a"
#define INIT		"#666"

struct lane {
	int top, mark_y, band_y, sb_y, bottom;
	unsigned int sb_rows;
	bool has_init;
};

struct svg {
	FILE *out;
	const struct picture *pic;
	struct lane *lanes;
	int header_h, axis_y, legend_y, width, height;
	unsigned int msg_lines;
};

static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			/* XML 1.0 has no place for other control characters. */
			fputc((unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s, out);
		}
	}
}

static int x_of(unsigned int col)
{
	return LEFT + (int)col * COLW + COLW / 2;
}

static int text_w(size_t chars)
{
	return (int)(chars * CHAR_W10 / 10);
}

static bool tso(const struct picture *pic)
{
	return !strcmp(pic->info->mm, "tso");
}

/* The label of an event drawn in the lane, "" for none; returns its length. */
static size_t label_of(const struct picture *pic, size_t i, char *buf, size_t len)
{
	const struct sim_event *ev = &pic->ev[i];
	char label[96];

	buf[0] = '\0';
	if (ev->kind == SIM_EV_SWITCH || ev->kind == SIM_EV_FLUSH)
		return 0;
	if (ev->kind == SIM_EV_FAIL) {
		snprintf(buf, len, "FAILS: %s", failure_label(pic->info->failure, label,
							     sizeof(label)));
		return strlen(buf);
	}
	pic_describe(ev, buf, len);
	if (pic->missed[i] >= 0 && strlen(buf) + 8 < len)
		strcat(buf, " (stale)");
	if (strlen(buf) > LABEL_MAX)
		strcpy(buf + LABEL_MAX - 3, "...");
	return strlen(buf);
}

static unsigned int wrap_lines(const char *s)
{
	size_t n = strlen(s);

	return n ? (unsigned int)((n + MSG_WRAP - 1) / MSG_WRAP) : 1;
}

static void lay_out_lane(struct svg *g, unsigned int cpu, int top)
{
	const struct picture *pic = g->pic;
	struct lane *l = &g->lanes[cpu];
	size_t longest = 0, i;
	char buf[512];

	for (i = 0; i < pic->nr; i++) {
		if (pic->ev[i].cpu != cpu)
			continue;
		if (label_of(pic, i, buf, sizeof(buf)) > longest)
			longest = strlen(buf);
		if (pic->rf[i] == PIC_RF_INIT)
			l->has_init = true;
	}
	l->top = top;
	l->mark_y = top + 34 + text_w(longest) * SLANT_H100 / 100;
	l->band_y = l->mark_y + 12;
	l->sb_y = l->band_y + BAND_H + 8;
	l->sb_rows = pic->sb_rows[cpu] ? pic->sb_rows[cpu] : tso(pic);
	l->bottom = l->sb_y + (int)l->sb_rows * SB_ROW_H + 14;
}

static void lay_out(struct svg *g)
{
	const struct picture *pic = g->pic;
	const char *msg = pic->info->failure ? pic->info->failure->message : "";
	unsigned int cpu;
	int y;

	g->msg_lines = pic->fail_col >= 0 ? wrap_lines(msg) : 0;
	g->header_h = 40 + 17 * (int)g->msg_lines + 26;
	y = g->header_h;
	for (cpu = 0; cpu < pic->nr_cpus; cpu++) {
		lay_out_lane(g, cpu, y);
		y = g->lanes[cpu].bottom;
	}
	g->axis_y = y + 14;
	g->legend_y = g->axis_y + 30;
	g->height = g->legend_y + 66;
	g->width = LEFT + (int)pic->nr_cols * COLW + TAIL;
	if (g->width < LEGEND_W)
		g->width = LEGEND_W;
}

static int sb_row_y(const struct svg *g, unsigned int cpu, unsigned int row)
{
	return g->lanes[cpu].sb_y + (int)row * SB_ROW_H + SB_ROW_H / 2;
}

/* Where an arrow starts or ends at event @i: its mark, or a FLUSH's end of bar. */
static void point_of(const struct svg *g, int32_t i, int *x, int *y)
{
	const struct sim_event *ev = &g->pic->ev[i];

	*x = x_of(g->pic->col[i]);
	if (ev->kind == SIM_EV_FLUSH && ev->from >= 0)
		*y = sb_row_y(g, ev->cpu, g->pic->sb_row[ev->from]);
	else
		*y = g->lanes[ev->cpu].mark_y;
}

static void put_marker(FILE *out, const char *id, const char *colour)
{
	fprintf(out, "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
		"markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
		"<path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>\n", id, colour);
}

static void put_head(struct svg *g)
{
	FILE *out = g->out;

	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
		g->width, g->height, g->width, g->height);
	fputs("<defs>\n", out);
	put_marker(out, "a-cross", CROSS);
	put_marker(out, "a-own", OWN);
	put_marker(out, "a-fwd", FWD);
	put_marker(out, "a-init", INIT);
	put_marker(out, "a-stale", RED);
	fputs("</defs>\n", out);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", g->width, g->height);
}

static void put_wrapped(FILE *out, const char *s, int x, int y)
{
	size_t n = strlen(s), at = 0;
	char line[MSG_WRAP + 1];

	while (at < n) {
		size_t take = n - at < MSG_WRAP ? n - at : MSG_WRAP;

		memcpy(line, s + at, take);
		line[take] = '\0';
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"%s\">", x, y, RED);
		put_escaped(out, line);
		fputs("</text>\n", out);
		at += take;
		y += 17;
	}
}

static void put_caption(struct svg *g)
{
	const struct picture *pic = g->pic;
	const struct pic_info *info = pic->info;
	FILE *out = g->out;
	char label[96];
	int y = 26;

	fprintf(out, "<text x=\"16\" y=\"%d\" font-size=\"17\" font-weight=\"bold\" fill=\"%s\">",
		y, INK);
	put_escaped(out, info->scenario);
	fprintf(out, " under %s: ", info->mm);
	if (pic->fail_col >= 0)
		fprintf(out, "<tspan fill=\"%s\">", RED);
	put_escaped(out, pic->fail_col >= 0 ? failure_label(info->failure, label, sizeof(label)) :
					     "clean");
	fprintf(out, "%s after %llu steps</text>\n", pic->fail_col >= 0 ? "</tspan>" : "",
		(unsigned long long)info->steps);
	if (pic->fail_col >= 0)
		put_wrapped(out, info->failure->message, 16, y + 20);
	fprintf(out, "<text x=\"16\" y=\"%d\" font-size=\"12\" fill=\"#555\">reproducer ",
		g->header_h - 14);
	put_escaped(out, info->source);
	fputs(" -- time flows right, one column per event; hover a mark for its source line"
	      "</text>\n", out);
}

static void put_lane_frame(struct svg *g, unsigned int cpu)
{
	const struct lane *l = &g->lanes[cpu];
	FILE *out = g->out;
	int right = x_of(g->pic->nr_cols) - COLW / 2;

	fprintf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", l->top,
		g->width, l->bottom - l->top, cpu % 2 ? "#fafafa" : "#f3f5f8");
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>\n", LEFT,
		l->mark_y, right, l->mark_y);
	fprintf(out, "<text x=\"14\" y=\"%d\" font-size=\"17\" font-weight=\"bold\" "
		"fill=\"%s\">cpu%u</text>\n", l->mark_y + 6, INK, cpu);
	fprintf(out, "<text x=\"14\" y=\"%d\" font-size=\"11\" fill=\"#555\">task</text>\n",
		l->band_y + 12);
	if (l->sb_rows)
		fprintf(out, "<text x=\"14\" y=\"%d\" font-size=\"11\" fill=\"%s\">"
			"cpu%u store buffer</text>\n", l->sb_y + 13, SB_EDGE, cpu);
	if (l->has_init)
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"%s\" "
			"text-anchor=\"end\">setup</text>\n", LEFT - 26, l->mark_y - 4, INIT,
			LEFT - 30, l->mark_y + 4, INIT);
}

static void put_grid(struct svg *g)
{
	const struct picture *pic = g->pic;
	unsigned int c, cpu;

	for (cpu = 0; cpu < pic->nr_cpus; cpu++) {
		const struct lane *l = &g->lanes[cpu];

		for (c = 0; c < pic->nr_cols; c++)
			fprintf(g->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"stroke=\"#e2e2e2\"/>\n", x_of(c), l->mark_y - 10, x_of(c),
				l->bottom - 6);
	}
}

static void put_fail_column(struct svg *g)
{
	const struct picture *pic = g->pic;
	FILE *out = g->out;
	int x = x_of((unsigned int)pic->fail_col) - COLW / 2;

	if (pic->fail_col < 0)
		return;
	fprintf(out, "<rect class=\"fail\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		"fill=\"%s\" fill-opacity=\"0.13\" stroke=\"%s\" stroke-width=\"1.5\"><title>",
		x, g->header_h - 4, COLW, g->axis_y - g->header_h + 4, RED, RED);
	put_escaped(out, pic->info->failure->message);
	fputs("</title></rect>\n", out);
	if (pic->fail < 0)
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\" "
			"font-weight=\"bold\">fails at the end of the run</text>\n",
			x + COLW + 6, g->axis_y, RED);
}

static const char *const task_colours[] = {
	"#cfe3ff", "#ffd9d0", "#d7f2d0", "#eadcff", "#fff0b3", "#d0f0f0", "#f5d5ea", "#e3e3e3",
};

static void put_runs(struct svg *g)
{
	const struct picture *pic = g->pic;
	FILE *out = g->out;
	size_t i;

	for (i = 0; i < pic->nr_runs; i++) {
		const struct pic_run *run = &pic->runs[i];
		const struct lane *l = &g->lanes[run->cpu];
		int x = x_of(run->first) - COLW / 2;
		char what[160];

		if (run->end <= run->first)
			continue;
		if (run->switch_event >= 0)
			pic_describe(&pic->ev[run->switch_event], what, sizeof(what));
		else
			snprintf(what, sizeof(what), "%s runs on cpu%u",
				 sim_trace_task_name((int)run->task), run->cpu);
		fprintf(out, "<g class=\"run\"><title>");
		put_escaped(out, what);
		fprintf(out, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" "
			"fill=\"%s\" stroke=\"#888\" stroke-width=\"0.6\"/>", x, l->band_y,
			(int)(run->end - run->first) * COLW, BAND_H,
			task_colours[run->task % (sizeof(task_colours) / sizeof(task_colours[0]))]);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"bold\" "
			"fill=\"%s\">", x + 4, l->band_y + 12, INK);
		put_escaped(out, sim_trace_task_name((int)run->task));
		fputs("</text></g>\n", out);
	}
}

static void put_bar(struct svg *g, size_t i)
{
	const struct picture *pic = g->pic;
	const struct sim_event *ev = &pic->ev[i];
	int32_t flush = pic->flush_of[i];
	int y = sb_row_y(g, ev->cpu, pic->sb_row[i]), x0 = x_of(pic->col[i]);
	int x1 = flush >= 0 ? x_of(pic->col[flush]) : x_of(pic->nr_cols) - COLW / 2;
	FILE *out = g->out;
	char what[256];

	fprintf(out, "<g><title>step %llu: ", (unsigned long long)ev->step);
	pic_describe(ev, what, sizeof(what));
	put_escaped(out, what);
	fputs(flush >= 0 ? ", in the store buffer until it becomes visible" :
			   ", still in the store buffer when the run ended", out);
	fprintf(out, "</title><rect class=\"sb\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		"rx=\"3\" fill=\"%s\" stroke=\"%s\"%s/>", x0, y - 7, x1 - x0, 14, SB_FILL, SB_EDGE,
		flush >= 0 ? "" : " stroke-dasharray=\"4 2\"");
	/* A bar too short for its words has them after its end (the row leaves room). */
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\" font-family=\"DejaVu Sans Mono, "
		"monospace\" fill=\"#5a3a00\">",
		x1 - x0 >= text_w(strlen(what)) * 10 / 11 + 20 ? x0 + 8 : x1 + 11, y + 4);
	put_escaped(out, what);
	fputs("</text></g>\n", out);
}

static void put_flush(struct svg *g, size_t i)
{
	const struct sim_event *ev = &g->pic->ev[i];
	char what[256], where[96];
	int x, y;

	point_of(g, (int32_t)i, &x, &y);
	pic_describe(ev, what, sizeof(what));
	pic_where(ev, where, sizeof(where));
	fprintf(g->out, "<path class=\"flush\" d=\"M%d,%d l7,7 l-7,7 l-7,-7 z\" fill=\"%s\" "
		"stroke=\"#7a4d00\"><title>", x, y - 7, SB_EDGE);
	put_escaped(g->out, what);
	fputs(" (", g->out);
	put_escaped(g->out, where);
	fputs(")</title></path>\n", g->out);
}

static void put_store_buffers(struct svg *g)
{
	const struct picture *pic = g->pic;
	size_t i;

	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_OP && (ev->flags & SIM_EV_BUFFERED))
			put_bar(g, i);
	}
	for (i = 0; i < pic->nr; i++)
		if (pic->ev[i].kind == SIM_EV_FLUSH && pic->ev[i].from >= 0)
			put_flush(g, i);
}

/*
 * One curve for every arrow: along a row it arcs above the marks, between
 * rows it leaves level and arrives upright, so it never hides in a lane.
 */
static void put_curve(FILE *out, const char *cls, int sx, int sy, int tx, int ty,
		      const char *colour, const char *marker, const char *style)
{
	int d = tx - sx;

	fprintf(out, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" %s marker-end=\"url(#%s)\" ",
		cls, colour, style, marker);
	if (sy == ty) {
		int h = 16 + d / 6 < 70 ? 16 + d / 6 : 70;

		fprintf(out, "d=\"M%d,%d C%d,%d %d,%d %d,%d\">", sx, sy - 6, sx + d / 3, sy - h,
			tx - d / 4, ty - h, tx, ty - 7);
	} else {
		int dir = sy > ty ? 1 : -1, end = ty + 7 * dir;

		fprintf(out, "d=\"M%d,%d C%d,%d %d,%d %d,%d\">", sx, sy, sx + (d > 24 ? d / 2 : 12),
			sy, tx, end + (sy - ty) / 2, tx, end);
	}
}

static void put_arrow(struct svg *g, size_t i)
{
	static const char *const cls[] = {
		[PIC_RF_INIT] = "rf init", [PIC_RF_OWN] = "rf own", [PIC_RF_CROSS] = "rf cross",
		[PIC_RF_FORWARD] = "rf fwd",
	};
	const struct picture *pic = g->pic;
	const struct sim_event *ev = &pic->ev[i];
	enum pic_rf rf = pic->rf[i];
	bool stale = pic->missed[i] >= 0;
	const char *colour, *marker, *style;
	int sx, sy, tx, ty;
	char what[256];

	point_of(g, (int32_t)i, &tx, &ty);
	if (rf == PIC_RF_INIT) {
		/* Far from the lane's "setup" mark, an arrow starts at one of its own. */
		sx = tx - INIT_REACH > LEFT - 22 ? tx - INIT_REACH : LEFT - 22;
		sy = ty;
		if (sx != LEFT - 22)
			fprintf(g->out, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" "
				"fill=\"%s\"><title>setup</title></rect>\n", sx - 4, sy - 4, INIT);
	} else {
		point_of(g, ev->from, &sx, &sy);
	}
	colour = stale ? RED : rf == PIC_RF_CROSS ? CROSS : rf == PIC_RF_FORWARD ? FWD :
		 rf == PIC_RF_OWN ? OWN : INIT;
	marker = stale ? "a-stale" : rf == PIC_RF_CROSS ? "a-cross" : rf == PIC_RF_FORWARD ?
		 "a-fwd" : rf == PIC_RF_OWN ? "a-own" : "a-init";
	style = rf == PIC_RF_CROSS || stale ? "stroke-width=\"2.4\"" :
		rf == PIC_RF_FORWARD ? "stroke-width=\"1.8\" stroke-dasharray=\"6 3\"" :
		rf == PIC_RF_INIT ? "stroke-width=\"1.3\" stroke-dasharray=\"2 3\"" :
		"stroke-width=\"1.5\"";
	put_curve(g->out, cls[rf], sx, sy, tx, ty, colour, marker, style);
	pic_describe(ev, what, sizeof(what));
	fprintf(g->out, "<title>step %llu ", (unsigned long long)ev->step);
	put_escaped(g->out, what);
	if (rf == PIC_RF_INIT) {
		fputs(": the value setup left", g->out);
	} else {
		pic_describe(&pic->ev[ev->from], what, sizeof(what));
		fputs(" read from: ", g->out);
		put_escaped(g->out, what);
	}
	fputs("</title></path>\n", g->out);
}

/* The other CPU's store the load could not see: a red line to its entry. */
static void put_missed(struct svg *g, size_t i)
{
	const struct picture *pic = g->pic;
	int32_t store = pic->missed[i];
	const struct sim_event *st = &pic->ev[store];
	bool buffered = st->flags & SIM_EV_BUFFERED;
	/* lkmm: the store itself, on its own lane. */
	int entry_y = buffered ? sb_row_y(g, st->cpu, pic->sb_row[store]) : g->lanes[st->cpu].mark_y;
	int x = x_of(pic->col[i]), mark_y = g->lanes[pic->ev[i].cpu].mark_y;
	int dir = entry_y > mark_y ? 1 : -1;
	/* From the entry's edge, so its words stay readable. */
	int y0 = entry_y - 7 * dir, y1 = mark_y + 7 * dir;
	char what[256];

	pic_describe(st, what, sizeof(what));
	fprintf(g->out, "<g class=\"stale\"><title>stale: cpu%u's ", st->cpu);
	put_escaped(g->out, what);
	if (buffered)
		fprintf(g->out, " (step %llu) is still in its store buffer",
			(unsigned long long)st->step);
	else
		fprintf(g->out, " (step %llu) has not propagated to cpu%u yet",
			(unsigned long long)st->step, pic->ev[i].cpu);
	fprintf(g->out, "</title><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"2\" stroke-dasharray=\"5 3\"/>", x, y0, x, y1, RED);
	fprintf(g->out, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/></g>\n", x, y0, RED);
}

static void put_links(struct svg *g)
{
	const struct picture *pic = g->pic;
	size_t i;

	for (i = 0; i < pic->nr; i++) {
		if (pic->missed[i] >= 0)
			put_missed(g, i);
		if (pic->rf[i] != PIC_RF_NONE)
			put_arrow(g, i);
	}
}

static void put_shape(FILE *out, const struct picture *pic, size_t i, int x, int y)
{
	const struct sim_event *ev = &pic->ev[i];
	bool rd = ev->flags & SIM_EV_READ, wr = ev->flags & SIM_EV_WRITE;

	if (ev->kind == SIM_EV_FAIL)
		fprintf(out, "<path d=\"M%d,%d l12,12 m0,-12 l-12,12\" stroke=\"%s\" "
			"stroke-width=\"3.5\"/>", x - 6, y - 6, RED);
	else if (ev->kind == SIM_EV_EXIT)
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"4\" height=\"16\" fill=\"%s\"/>",
			x - 2, y - 8, INK);
	else if (ev->kind == SIM_EV_BLOCK)
		fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#ddd\" stroke=\"#777\" "
			"stroke-dasharray=\"2 1.5\"/>", x, y);
	else if (rd && wr)
		fprintf(out, "<path d=\"M%d,%d l6,6 l-6,6 l-6,-6 z\" fill=\"#555\"/>", x, y - 6);
	else if (wr)
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\" "
			"stroke=\"%s\"/>", x - 5, y - 5,
			ev->flags & SIM_EV_BUFFERED ? SB_FILL : INK,
			ev->flags & SIM_EV_BUFFERED ? SB_EDGE : INK);
	else if (rd)
		fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\" stroke=\"%s\" "
			"stroke-width=\"1.6\"/>", x, y, pic->missed[i] >= 0 ? "#ffc9c9" : "#fff",
			pic->missed[i] >= 0 ? RED : INK);
	else
		fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#999\"/>", x, y);
}

static void put_mark(struct svg *g, size_t i)
{
	const struct picture *pic = g->pic;
	const struct sim_event *ev = &pic->ev[i];
	int x = x_of(pic->col[i]), y = g->lanes[ev->cpu].mark_y;
	bool red = ev->kind == SIM_EV_FAIL || pic->missed[i] >= 0;
	char label[512], where[96], what[512];

	label_of(pic, i, label, sizeof(label));
	pic_describe(ev, what, sizeof(what));
	pic_where(ev, where, sizeof(where));
	fprintf(g->out, "<g class=\"op\"><title>");
	if (ev->kind == SIM_EV_OP)
		fprintf(g->out, "step %llu, ", (unsigned long long)ev->step);
	fprintf(g->out, "cpu%u, ", ev->cpu);
	put_escaped(g->out, sim_trace_task_name(ev->task));
	fputs(where[0] ? ", " : "", g->out);
	put_escaped(g->out, where);
	fputs(": ", g->out);
	put_escaped(g->out, what);
	fputs("</title>", g->out);
	if ((int32_t)i == pic->failing_op)
		fprintf(g->out, "<circle class=\"fail-step\" cx=\"%d\" cy=\"%d\" r=\"10\" "
			"fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>", x, y, RED);
	put_shape(g->out, pic, i, x, y);
	fprintf(g->out, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-40 %d %d)\" font-size=\"11\" "
		"font-family=\"DejaVu Sans Mono, monospace\" fill=\"%s\"%s>", x + 9, y - 8,
		x + 9, y - 8, red ? RED : INK, red ? " font-weight=\"bold\"" : "");
	put_escaped(g->out, label);
	fputs("</text></g>\n", g->out);
}

static void put_marks(struct svg *g)
{
	const struct picture *pic = g->pic;
	size_t i;

	for (i = 0; i < pic->nr; i++)
		if (pic->ev[i].kind != SIM_EV_SWITCH && pic->ev[i].kind != SIM_EV_FLUSH)
			put_mark(g, i);
}

static void put_axis(struct svg *g)
{
	const struct picture *pic = g->pic;
	size_t i;

	fprintf(g->out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\" "
		"text-anchor=\"end\">step</text>\n", LEFT - 8, g->axis_y);
	for (i = 0; i < pic->nr; i++)
		if (pic->ev[i].kind == SIM_EV_OP)
			fprintf(g->out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\" "
				"text-anchor=\"middle\">%llu</text>\n", x_of(pic->col[i]),
				g->axis_y, (unsigned long long)pic->ev[i].step);
}

static int legend_line(FILE *out, int x, int y, const char *colour, const char *marker,
		       const char *style, const char *text)
{
	fprintf(out, "<path d=\"M%d,%d l34,0\" stroke=\"%s\" %s marker-end=\"url(#%s)\"/>", x,
		y - 4, colour, style, marker);
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n", x + 40,
		y, INK, text);
	return x + 40 + (int)strlen(text) * 7 + 22;
}

static int legend_glyph(FILE *out, int x, int y, const char *glyph, const char *text)
{
	fprintf(out, "<g transform=\"translate(%d,%d)\">%s</g>", x + 6, y - 4, glyph);
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n", x + 16,
		y, INK, text);
	return x + 16 + (int)strlen(text) * 7 + 20;
}

/* Under sc and lkmm there are no store buffers: the legend leaves out what cannot appear. */
static void put_legend(struct svg *g)
{
	bool buffers = tso(g->pic), lkmm = !strcmp(g->pic->info->mm, "lkmm");
	FILE *out = g->out;
	int y = g->legend_y, x = 16;

	x = legend_glyph(out, x, y, "<circle r=\"5\" fill=\"#fff\" stroke=\"#222\" "
			 "stroke-width=\"1.6\"/>", "load");
	x = legend_glyph(out, x, y, "<rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\" "
			 "fill=\"#222\"/>", "store");
	x = legend_glyph(out, x, y, "<path d=\"M0,-6 l6,6 l-6,6 l-6,-6 z\" fill=\"#555\"/>",
			 "atomic read-modify-write");
	if (buffers) {
		x = legend_glyph(out, x, y, "<rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\" "
				 "fill=\"" SB_FILL "\" stroke=\"" SB_EDGE "\"/>",
				 "store into the store buffer");
		x = legend_glyph(out, x, y, "<rect x=\"-4\" y=\"-7\" width=\"40\" height=\"14\" "
				 "rx=\"3\" fill=\"" SB_FILL "\" stroke=\"" SB_EDGE "\"/>", "");
		legend_glyph(out, x + 24, y, "<path d=\"M0,-7 l7,7 l-7,7 l-7,-7 z\" fill=\""
			     SB_EDGE "\"/>", "in the store buffer until it becomes visible");
	}
	y += 24;
	x = legend_line(out, 16, y, CROSS, "a-cross", "stroke-width=\"2.4\"",
			"read another task's store");
	x = legend_line(out, x, y, OWN, "a-own", "stroke-width=\"1.5\"", "read its own store");
	if (buffers)
		x = legend_line(out, x, y, FWD, "a-fwd",
				"stroke-width=\"1.8\" stroke-dasharray=\"6 3\"",
				"forwarded from its own store buffer");
	legend_line(out, x, y, INIT, "a-init", "stroke-width=\"1.3\" stroke-dasharray=\"2 3\"",
		    "read what setup left");
	y += 24;
	x = 16;
	if (buffers || lkmm) {
		x = legend_line(out, x, y, RED, "a-stale", "stroke-width=\"2.4\"", "a stale read");
		x = legend_glyph(out, x, y, "<path d=\"M0,-9 l0,18\" stroke=\"" RED "\" "
				 "stroke-width=\"2\" stroke-dasharray=\"5 3\"/><circle cy=\"9\" r=\"4\" "
				 "fill=\"" RED "\"/>", lkmm ? "the newer store it missed: not yet "
				 "propagated to its CPU" : "the other CPU's store it missed: still in "
				 "that CPU's store buffer");
	}
	x = legend_glyph(out, x, y, "<circle r=\"10\" fill=\"none\" stroke=\"" RED "\" "
			 "stroke-width=\"2.5\"/>", " the failing step");
	legend_glyph(out, x, y, "<rect x=\"-6\" y=\"-9\" width=\"12\" height=\"18\" fill=\""
		     RED "\" fill-opacity=\"0.13\" stroke=\"" RED "\"/>", "the failure");
}

static void put_svg(struct svg *g)
{
	unsigned int cpu;

	put_head(g);
	put_caption(g);
	for (cpu = 0; cpu < g->pic->nr_cpus; cpu++)
		put_lane_frame(g, cpu);
	put_grid(g);
	put_fail_column(g);
	put_runs(g);
	put_store_buffers(g);
	put_marks(g);
	put_links(g);
	put_axis(g);
	put_legend(g);
	fputs("</svg>\n", g->out);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

void timeline_write(FILE *out, const char *path, const struct pic_info *info)
{
	bool html = ends_with(path, ".html") || ends_with(path, ".htm");
	struct picture pic;
	struct svg g = { .out = out, .pic = &pic };

	pic_build(&pic, info);
	g.lanes = calloc(pic.nr_cpus, sizeof(*g.lanes));
	if (!g.lanes)
		die_usage("out of memory drawing the run");
	lay_out(&g);
	if (html) {
		/* XHTML-clean, so the page parses as XML too. */
		fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
		      "<meta charset=\"utf-8\"/><title>", out);
		put_escaped(out, info->scenario);
		fprintf(out, " (%s)</title></head>\n<body style=\"margin:0\">\n", info->mm);
	} else {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	}
	put_svg(&g);
	if (html)
		fputs("</body></html>\n", out);
	free(g.lanes);
	pic_free(&pic);
}

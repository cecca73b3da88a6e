// SPDX-License-Identifier: GPL-2.0
/*
 * replay --chrome-trace: the timeline's story as Chrome Trace Event JSON,
 * for Perfetto or chrome://tracing.  One thread per CPU carries its tasks'
 * runs and their operations; each CPU's store buffer gets threads of its
 * own, one per row of the timeline's store-buffer lane, because entries
 * that overlap without nesting cannot share a thread.  A timestamp is the
 * event's index in the run: 1 us is one event.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "picture.h"

#define TIDS_PER_CPU 100	/* the CPU, then its store-buffer rows */

struct chrome {
	FILE *out;
	const struct picture *pic;
	bool first;
};

static unsigned int cpu_tid(unsigned int cpu)
{
	return 1 + cpu * TIDS_PER_CPU;
}

static unsigned int sb_tid(unsigned int cpu, unsigned int row)
{
	return cpu_tid(cpu) + 1 + row;
}

/* Every event opens the same way; the caller adds its fields and the closing brace. */
static void open_event(struct chrome *c, const char *ph, const char *name, unsigned int tid,
		       size_t ts)
{
	fputs(c->first ? "\n" : ",\n", c->out);
	c->first = false;
	fprintf(c->out, "{\"ph\":\"%s\",\"pid\":1,\"tid\":%u,\"ts\":%zu,\"name\":", ph, tid, ts);
	json_string(c->out, name);
}

static void put_thread(struct chrome *c, unsigned int tid, const char *name)
{
	open_event(c, "M", "thread_name", tid, 0);
	fputs(",\"args\":{\"name\":", c->out);
	json_string(c->out, name);
	fputs("}}", c->out);
	open_event(c, "M", "thread_sort_index", tid, 0);
	fprintf(c->out, ",\"args\":{\"sort_index\":%u}}", tid);
}

static void put_metadata(struct chrome *c)
{
	const struct picture *pic = c->pic;
	unsigned int cpu, row;
	char name[160];

	snprintf(name, sizeof(name), "schedfuzz %s (%s)", pic->info->scenario, pic->info->mm);
	open_event(c, "M", "process_name", 0, 0);
	fputs(",\"args\":{\"name\":", c->out);
	json_string(c->out, name);
	fputs("}}", c->out);
	for (cpu = 0; cpu < pic->nr_cpus; cpu++) {
		snprintf(name, sizeof(name), "cpu%u", cpu);
		put_thread(c, cpu_tid(cpu), name);
		for (row = 0; row < pic->sb_rows[cpu]; row++) {
			snprintf(name, sizeof(name), row ? "cpu%u store buffer (%u)" :
				 "cpu%u store buffer", cpu, row + 1);
			put_thread(c, sb_tid(cpu, row), name);
		}
	}
}

static void put_runs(struct chrome *c)
{
	const struct picture *pic = c->pic;
	size_t i;

	for (i = 0; i < pic->nr_runs; i++) {
		const struct pic_run *run = &pic->runs[i];

		if (run->end_ev <= run->first_ev)
			continue;
		open_event(c, "X", sim_trace_task_name((int)run->task), cpu_tid(run->cpu),
			   run->first_ev);
		fprintf(c->out, ",\"cat\":\"task\",\"dur\":%zu}", run->end_ev - run->first_ev);
	}
}

static void put_arg(FILE *out, const char *key, const char *value)
{
	fprintf(out, ",\"%s\":", key);
	json_string(out, value);
}

/* What an op slice says when selected: where, what it read and from whom. */
static void put_op_args(struct chrome *c, size_t i)
{
	const struct picture *pic = c->pic;
	const struct sim_event *ev = &pic->ev[i];
	char buf[512];

	pic_where(ev, buf, sizeof(buf));
	fprintf(c->out, ",\"args\":{\"step\":%llu", (unsigned long long)ev->step);
	put_arg(c->out, "task", sim_trace_task_name(ev->task));
	put_arg(c->out, "site", buf);
	if (ev->flags & SIM_EV_READ) {
		sim_trace_format_value(buf, sizeof(buf), ev->value, ev->flags);
		put_arg(c->out, "value", buf);
	}
	if (ev->flags & SIM_EV_WRITE) {
		sim_trace_format_value(buf, sizeof(buf), ev->value2, ev->flags);
		put_arg(c->out, "stored", buf);
	}
	if (ev->flags & SIM_EV_BUFFERED)
		put_arg(c->out, "store_buffer", "into the store buffer");
	if (pic->rf[i] == PIC_RF_INIT)
		put_arg(c->out, "read_from", "setup");
	else if (pic->rf[i] != PIC_RF_NONE)
		fprintf(c->out, ",\"read_from_event\":%d", ev->from);
	if (pic->missed[i] >= 0) {
		const struct sim_event *st = &pic->ev[pic->missed[i]];
		char what[448];

		pic_describe(st, what, sizeof(what));
		if (st->flags & SIM_EV_BUFFERED)
			snprintf(buf, sizeof(buf), "cpu%u still buffers %s", st->cpu, what);
		else
			snprintf(buf, sizeof(buf), "cpu%u's %s not yet propagated to cpu%u",
				 st->cpu, what, ev->cpu);
		put_arg(c->out, "stale", buf);
	}
	fputs("}}", c->out);
}

static void put_op(struct chrome *c, size_t i)
{
	const struct picture *pic = c->pic;
	const struct sim_event *ev = &pic->ev[i];
	char what[512];

	pic_describe(ev, what, sizeof(what));
	open_event(c, "X", what, cpu_tid(ev->cpu), i);
	fprintf(c->out, ",\"cat\":\"%s\",\"dur\":1", pic->missed[i] >= 0 ? "op,stale" : "op");
	put_op_args(c, i);
}

/* A FLUSH marks the end of its store's residency, on the residency's thread. */
static void put_instant(struct chrome *c, size_t i, const char *cat)
{
	const struct picture *pic = c->pic;
	const struct sim_event *ev = &pic->ev[i];
	unsigned int tid = cpu_tid(ev->cpu);
	char what[512];

	if (ev->kind == SIM_EV_FLUSH)
		tid = sb_tid(ev->cpu, pic->sb_row[ev->from]);
	pic_describe(ev, what, sizeof(what));
	open_event(c, "i", what, tid, i);
	fprintf(c->out, ",\"cat\":\"%s\",\"s\":\"t\"}", cat);
}

static void put_failure(struct chrome *c)
{
	const struct picture *pic = c->pic;
	char label[96], name[128];
	size_t ts = pic->fail >= 0 ? (size_t)pic->fail : pic->nr;

	if (pic->fail_col < 0)
		return;
	snprintf(name, sizeof(name), "FAIL: %s",
		 failure_label(pic->info->failure, label, sizeof(label)));
	if (pic->fail >= 0) {
		open_event(c, "X", name, cpu_tid(pic->ev[pic->fail].cpu), ts);
		fputs(",\"cat\":\"fail\",\"dur\":1", c->out);
	} else {
		open_event(c, "i", name, cpu_tid(0), ts);
		fputs(",\"cat\":\"fail\",\"s\":\"g\"", c->out);
	}
	fputs(",\"args\":{", c->out);
	fputs("\"message\":", c->out);
	json_string(c->out, pic->info->failure->message);
	fputs("}}", c->out);
}

static void put_store_buffer(struct chrome *c, size_t i)
{
	const struct picture *pic = c->pic;
	const struct sim_event *ev = &pic->ev[i];
	int32_t flush = pic->flush_of[i];
	size_t end = flush >= 0 ? (size_t)flush + 1 : pic->nr;
	char what[512];

	pic_describe(ev, what, sizeof(what));
	open_event(c, "X", what, sb_tid(ev->cpu, pic->sb_row[i]), i);
	fprintf(c->out, ",\"cat\":\"store_buffer\",\"dur\":%zu,\"args\":{\"step\":%llu", end - i,
		(unsigned long long)ev->step);
	put_arg(c->out, "visible", flush >= 0 ? "at the end of this slice" :
						"never: still buffered when the run ended");
	fputs("}}", c->out);
}

/* Where a reads-from arrow leaves: a FLUSH from its store-buffer slice. */
static unsigned int source_tid(const struct picture *pic, int32_t from)
{
	const struct sim_event *src = &pic->ev[from];

	if (src->kind == SIM_EV_FLUSH && src->from >= 0)
		return sb_tid(src->cpu, pic->sb_row[src->from]);
	return cpu_tid(src->cpu);
}

static void put_flow(struct chrome *c, size_t i)
{
	static const char *const cat[] = {
		[PIC_RF_OWN] = "rf,own", [PIC_RF_CROSS] = "rf,cross", [PIC_RF_FORWARD] = "rf,fwd",
	};
	const struct picture *pic = c->pic;
	const struct sim_event *ev = &pic->ev[i];

	open_event(c, "s", "reads-from", source_tid(pic, ev->from), (size_t)ev->from);
	fprintf(c->out, ",\"cat\":\"%s\",\"id\":%zu}", cat[pic->rf[i]], i);
	open_event(c, "f", "reads-from", cpu_tid(ev->cpu), i);
	fprintf(c->out, ",\"cat\":\"%s\",\"id\":%zu,\"bp\":\"e\"}", cat[pic->rf[i]], i);
}

static void put_events(struct chrome *c)
{
	const struct picture *pic = c->pic;
	size_t i;

	for (i = 0; i < pic->nr; i++) {
		const struct sim_event *ev = &pic->ev[i];

		if (ev->kind == SIM_EV_OP)
			put_op(c, i);
		else if (ev->kind == SIM_EV_BLOCK || ev->kind == SIM_EV_EXIT)
			put_instant(c, i, ev->kind == SIM_EV_BLOCK ? "block" : "exit");
		else if (ev->kind == SIM_EV_FLUSH && ev->from >= 0)
			put_instant(c, i, "visible");
		if (ev->kind == SIM_EV_OP && (ev->flags & SIM_EV_BUFFERED))
			put_store_buffer(c, i);
		if (pic->rf[i] != PIC_RF_NONE && pic->rf[i] != PIC_RF_INIT)
			put_flow(c, i);
	}
	put_failure(c);
}

static void put_other_data(struct chrome *c)
{
	const struct pic_info *info = c->pic->info;
	char label[96];

	fputs("\"otherData\":{\"scenario\":", c->out);
	json_string(c->out, info->scenario);
	put_arg(c->out, "mm", info->mm);
	put_arg(c->out, "reproducer", info->source);
	put_arg(c->out, "result", c->pic->fail_col >= 0 ?
		failure_label(info->failure, label, sizeof(label)) : "clean");
	put_arg(c->out, "timestamps", "1 us = one trace event");
	fputs("},\n", c->out);
}

void chrome_trace_write(FILE *out, const struct pic_info *info)
{
	struct picture pic;
	struct chrome c = { .out = out, .pic = &pic, .first = true };

	pic_build(&pic, info);
	fputs("{\"displayTimeUnit\":\"ns\",", out);
	put_other_data(&c);
	fputs("\"traceEvents\":[", out);
	put_metadata(&c);
	put_runs(&c);
	put_events(&c);
	fputs("\n]}\n", out);
	pic_free(&pic);
}

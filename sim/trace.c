// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "hash.h"
#include "names.h"
#include "own_mem.h"
#include "sched.h"
#include "trace.h"

/* A pointer as recorded: 0 is NULL, (n + 1) << 32 | offset is object n, else unknown. */
#define PTR_UNKNOWN UINT64_MAX

static struct {
	struct sim_event *events;
	size_t nr, cap;
	uint64_t steps;
} trace;

void sim_trace_reset(void)
{
	trace.nr = 0;
	trace.steps = 0;
}

uint64_t sim_trace_steps(void)
{
	return trace.steps;
}

static uint64_t encode_ptr(uint64_t p)
{
	uint32_t id, offset;

	if (!p)
		return 0;
	if (!sim_alloc_lookup((uintptr_t)p, &id, &offset))
		return PTR_UNKNOWN;
	return (uint64_t)(id + 1) << 32 | offset;
}

static struct sim_event *trace_append(void)
{
	if (trace.nr == trace.cap) {
		size_t cap = trace.cap ? 2 * trace.cap : 4096;
		trace.events = sim_own_realloc(trace.events, cap * sizeof(*trace.events));
		trace.cap = cap;
	}
	return &trace.events[trace.nr++];
}

static void record(unsigned int task, unsigned int cpu, enum sim_event_kind kind,
		   const struct sim_site *site, unsigned int flags, uint64_t value, uint64_t value2,
		   const char *note, int other, int32_t from)
{
	struct sim_event *ev = trace_append();

	if (flags & SIM_EV_PTR) {
		value = encode_ptr(value);
		value2 = encode_ptr(value2);
	}
	*ev = (struct sim_event){
		.site = site,
		.note = note,
		.step = trace.steps,
		.value = value,
		.value2 = value2,
		.kind = (uint16_t)kind,
		.flags = (uint16_t)flags,
		.task = (uint8_t)task,
		.cpu = (uint8_t)cpu,
		.other = (int16_t)other,
		.from = from,
	};
}

void sim_trace_op_from(const struct sim_site *site, unsigned int flags, uint64_t value,
		       uint64_t value2, int32_t from)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	trace.steps++;
	record(t->id, t->cpu, SIM_EV_OP, site, flags, value, value2, NULL, -1, from);
}

void sim_trace_read(const struct sim_site *site, unsigned int flags, uint64_t value, int32_t from,
		    int newer_task, uint64_t newer_value)
{
	struct sim_task *t = sim_current();

	if (!t)
		return;
	trace.steps++;
	record(t->id, t->cpu, SIM_EV_OP, site, flags, value, newer_value, NULL, newer_task, from);
}

void sim_trace_op(const struct sim_site *site, unsigned int flags, uint64_t value,
		  uint64_t value2)
{
	sim_trace_op_from(site, flags, value, value2, -1);
}

int32_t sim_trace_next(void)
{
	return (int32_t)trace.nr;
}

const struct sim_event *sim_trace_events(size_t *nr)
{
	*nr = trace.nr;
	return trace.events;
}

void sim_trace_event_of(unsigned int task, unsigned int cpu, enum sim_event_kind kind,
			unsigned int flags, const char *note, int other)
{
	record(task, cpu, kind, NULL, flags, 0, 0, note, other, -1);
}

void sim_trace_event_value(unsigned int task, unsigned int cpu, enum sim_event_kind kind,
			   unsigned int flags, int other, uint64_t value)
{
	record(task, cpu, kind, NULL, flags, value, 0, NULL, other, -1);
}

void sim_trace_flush(unsigned int task, unsigned int cpu, const struct sim_site *site,
		     unsigned int flags, uint64_t value, int32_t from)
{
	record(task, cpu, SIM_EV_FLUSH, site, (flags & SIM_EV_PTR) | SIM_EV_WRITE, 0, value, NULL,
	       -1, from);
}

void sim_trace_event(enum sim_event_kind kind, const struct sim_site *site, unsigned int flags,
		     const char *note, int other)
{
	struct sim_task *t = sim_current();

	if (t)
		record(t->id, t->cpu, kind, site, flags, 0, 0, note, other, -1);
}

static uint64_t fnv1a_str(uint64_t h, const char *s)
{
	return fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t fnv1a_u64(uint64_t h, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return fnv1a(h, b, sizeof(b));
}

uint64_t sim_trace_hash(void)
{
	uint64_t h = FNV1A_BASIS;
	size_t i;

	for (i = 0; i < trace.nr; i++) {
		const struct sim_event *ev = &trace.events[i];

		/* A note tells what the run did; adding one to a port changes no run. */
		if (ev->kind == SIM_EV_NOTE)
			continue;
		h = fnv1a_u64(h, ev->step);
		h = fnv1a_u64(h, (uint64_t)ev->kind << 48 | (uint64_t)ev->flags << 32 |
				 (uint64_t)ev->task << 24 | (uint64_t)ev->cpu << 16 |
				 (uint16_t)ev->other);
		h = fnv1a_u64(h, ev->value);
		h = fnv1a_u64(h, ev->value2);
		h = fnv1a_str(h, ev->note);
		/*
		 * The site by what it says, not by its line: gcc and clang give a
		 * call written over two lines different __LINE__s, and a hash must be
		 * the same in every build.
		 */
		if (ev->site) {
			h = fnv1a_str(h, ev->site->func);
			h = fnv1a_str(h, ev->site->op);
			h = fnv1a_str(h, ev->site->expr);
		}
	}
	return h;
}

int sim_trace_format_value(char *buf, size_t len, uint64_t v, unsigned int flags)
{
	if (!(flags & SIM_EV_PTR))
		return snprintf(buf, len, "%" PRId64, (int64_t)v);
	if (!v)
		return snprintf(buf, len, "NULL");
	if (v == PTR_UNKNOWN)
		return snprintf(buf, len, "(pointer)");
	return sim_names_format(buf, len, (uint32_t)((v >> 32) - 1), (uint32_t)v);
}

static void print_value(FILE *out, uint64_t v, unsigned int flags)
{
	char buf[96];

	sim_trace_format_value(buf, sizeof(buf), v, flags);
	fputs(buf, out);
}

const char *sim_trace_task_name(int id)
{
	struct sim_task *t = id >= 0 ? sim_task((unsigned int)id) : NULL;

	return t ? t->name : "?";
}

static void print_event(FILE *out, const struct sim_event *ev)
{
	const char *task = sim_trace_task_name(ev->task);
	char where[96] = "";

	if (ev->site)
		snprintf(where, sizeof(where), "%s:%u", ev->site->func, ev->site->line);
	if (ev->kind == SIM_EV_OP)
		fprintf(out, "%6" PRIu64 "  cpu%u  %-10s %-34s ", ev->step, ev->cpu,
			task, where);
	else
		fprintf(out, "%6s  cpu%u  %-10s %-34s ", "", ev->cpu, task, where);

	switch (ev->kind) {
	case SIM_EV_OP:
		fprintf(out, "%s", ev->site->op);
		if (ev->site->expr[0])
			fprintf(out, "(%s)", ev->site->expr);
		if (ev->flags & SIM_EV_READ) {
			fputs(" = ", out);
			print_value(out, ev->value, ev->flags);
		}
		if (ev->flags & SIM_EV_WRITE) {
			fputs(ev->flags & SIM_EV_READ ? ", := " : " := ", out);
			print_value(out, ev->value2, ev->flags);
		}
		if (ev->flags & SIM_EV_BUFFERED)
			fputs("  (into the store buffer)", out);
		if (ev->flags & SIM_EV_FORWARDED)
			fputs("  (from its own store buffer)", out);
		if (ev->flags & SIM_EV_STALE) {
			const struct sim_task *w = ev->other >= 0 ? sim_task((unsigned int)ev->other)
								  : NULL;

			fprintf(out, "  (%s := ", ev->site->expr);
			print_value(out, ev->value2, ev->flags);
			fprintf(out, " by cpu%u not yet propagated to cpu%u)", w ? w->cpu : 0,
				ev->cpu);
		}
		break;
	case SIM_EV_FLUSH:
		fprintf(out, "-- %s(%s) := ", ev->site->op, ev->site->expr);
		print_value(out, ev->value2, ev->flags);
		fputs(" becomes visible", out);
		break;
	case SIM_EV_SWITCH:
		if (ev->flags & SIM_EV_IRQ) {
			fprintf(out, "-- interrupt on cpu%u", ev->cpu);
			if (ev->other >= 0)
				fprintf(out, ", %s interrupted", sim_trace_task_name(ev->other));
			break;
		}
		fprintf(out, "-- runs on cpu%u", ev->cpu);
		if (ev->flags & SIM_EV_MIGRATED)
			fprintf(out, " (moved from cpu%llu)", (unsigned long long)ev->value);
		if (ev->other >= 0)
			fprintf(out, ", %s %s", sim_trace_task_name(ev->other),
				ev->flags & SIM_EV_PREEMPT ? "preempted" : "off the CPU");
		break;
	case SIM_EV_BLOCK:
		if (ev->flags & SIM_EV_MIGRATED) {
			fprintf(out, "-- moves to cpu%llu", (unsigned long long)ev->value);
			break;
		}
		fprintf(out, "-- %s", ev->note);
		if (ev->other >= 0)
			fprintf(out, " (held by %s)", sim_trace_task_name(ev->other));
		break;
	case SIM_EV_EXIT:
		fputs("-- returns", out);
		break;
	case SIM_EV_FAIL:
		fprintf(out, "!! %s", ev->note);
		break;
	case SIM_EV_NOTE:
		fprintf(out, "note: %s", ev->note);
		break;
	}
	fputc('\n', out);
}

void sim_trace_print(FILE *out)
{
	size_t i;

	fprintf(out, "%6s  %-4s  %-10s %-34s %s\n", "step", "cpu", "task", "where", "what");
	for (i = 0; i < trace.nr; i++)
		print_event(out, &trace.events[i]);
}

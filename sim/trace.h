/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The story of a run: one event per step (a kernel-API operation) and the
 * engine's own events between them (a switch, a task blocking or ending).
 * Every run keeps its events until the next run, so a failure can be told
 * and a run hashed without running it again.  Nothing recorded depends on an
 * address: pointers are kept as (allocation number, offset).
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "site.h"

enum sim_event_kind {
	SIM_EV_OP,		/* a step: the operation at a preemption point */
	SIM_EV_SWITCH,		/* a CPU starts running another task */
	SIM_EV_BLOCK,		/* the task spins or sleeps */
	SIM_EV_EXIT,		/* the task's function returned */
	SIM_EV_FLUSH,		/* a buffered store becomes visible (tso) */
	SIM_EV_FAIL,
	SIM_EV_NOTE,		/* the scenario's own words: sim_note() */
};

#define SIM_EV_READ	(1u << 0)	/* value: what was read or returned */
#define SIM_EV_WRITE	(1u << 1)	/* value2: what was written */
#define SIM_EV_PTR	(1u << 2)	/* the values are pointers */
#define SIM_EV_PREEMPT	(1u << 3)	/* SWITCH: the CPU's previous task is still runnable */
#define SIM_EV_BUFFERED	(1u << 4)	/* the store went into the store buffer (tso) */
#define SIM_EV_FORWARDED (1u << 5)	/* the load read the CPU's own buffered store (tso) */
#define SIM_EV_STALE	(1u << 6)	/* lkmm: a newer store (value2, by task other) existed */
#define SIM_EV_MIGRATED	(1u << 7)	/* SWITCH: from another CPU; BLOCK: leaves for one */
#define SIM_EV_IRQ	(1u << 8)	/* SWITCH: an interrupt handler, on top of task other */

struct sim_event {
	const struct sim_site *site;
	const char *note;		/* a few words the engine adds: "spins (held by ...)" */
	uint64_t step;
	uint64_t value, value2;
	uint16_t kind, flags;
	uint8_t task, cpu;
	int16_t other;			/* a second task the note speaks of, or -1 */
	/*
	 * The event this one's value came from, or -1: for a load or RMW the
	 * store it read (its FLUSH under tso), for a FLUSH its buffered store.
	 * Not hashed: the rest of the run determines it.
	 */
	int32_t from;
};

void sim_trace_reset(void);

/* A step: count it and record what it did. */
void sim_trace_op(const struct sim_site *site, unsigned int flags, uint64_t value,
		  uint64_t value2);
/* A step that read the value event @from wrote. */
void sim_trace_op_from(const struct sim_site *site, unsigned int flags, uint64_t value,
		       uint64_t value2, int32_t from);
/* A load that read @from; if SIM_EV_STALE, @newer_task's @newer_value was newer. */
void sim_trace_read(const struct sim_site *site, unsigned int flags, uint64_t value, int32_t from,
		    int newer_task, uint64_t newer_value);
/* The index the next event will have. */
int32_t sim_trace_next(void);
/* An engine event of the current task, not a step. */
void sim_trace_event(enum sim_event_kind kind, const struct sim_site *site, unsigned int flags,
		     const char *note, int other);
/* An engine event of task @task on @cpu. */
void sim_trace_event_of(unsigned int task, unsigned int cpu, enum sim_event_kind kind,
			unsigned int flags, const char *note, int other);

/*
 * An engine event with a value: a SWITCH with SIM_EV_MIGRATED (@value the
 * CPU it left), a BLOCK with SIM_EV_MIGRATED (it leaves @cpu for @value).
 */
void sim_trace_event_value(unsigned int task, unsigned int cpu, enum sim_event_kind kind,
			   unsigned int flags, int other, uint64_t value);

/* The store of task @task at @site becomes visible on @cpu's memory bus. */
void sim_trace_flush(unsigned int task, unsigned int cpu, const struct sim_site *site,
		     unsigned int flags, uint64_t value, int32_t from);

uint64_t sim_trace_steps(void);
/* The current run's events, valid until the next run. */
const struct sim_event *sim_trace_events(size_t *nr);
const char *sim_trace_task_name(int id);
uint64_t sim_trace_hash(void);
/* @v of an event with @flags as the trace prints it: "-1", "NULL", "node3.next" (names.h). */
int sim_trace_format_value(char *buf, size_t len, uint64_t v, unsigned int flags);
void sim_trace_print(FILE *out);

#endif /* SIM_TRACE_H */

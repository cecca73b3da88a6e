// SPDX-License-Identifier: GPL-2.0
/*
 * Fair busy-waiting: see spin.h.  Per task, the marked reads since its last
 * cpu_relax() and whether it wrote.  "Changed" is judged on what the
 * task's CPU would read now: its own newest buffered store under tso, what
 * every CPU sees otherwise, memory's newest store under lkmm (cpu_relax()
 * raises the CPU's view to it, see lkmm.c).  A location freed since counts
 * as changed, so the engine never reads freed memory for the task.
 */
#include <stddef.h>

#include "engine.h"
#include "spin.h"
#include "store_buffer.h"

#define SPIN_READS 8	/* more distinct reads an iteration: not a plain busy-wait */

struct spin_read {
	const volatile void *addr;
	uint64_t value;
	unsigned int size;
};

static struct spin_state {
	unsigned int nr;
	bool wrote, overflow, freed;
	struct spin_read read[SPIN_READS];
} spin[SIM_MAX_TASKS];

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* What @t would read at @addr now. */
static uint64_t value_now(const struct sim_task *t, const volatile void *addr, unsigned int size)
{
	switch (sim_run_mm()) {
	case SIM_MM_TSO: {
		const struct sim_buffered_store *s = store_buffer_forward(t->cpu, addr, size);

		if (s)
			return s->value & size_mask(size);
		return sim_mm_visible_load(addr, size) & size_mask(size);
	}
	case SIM_MM_LKMM:
	default:
		return sim_mm_raw_load(addr, size) & size_mask(size);
	}
}

void sim_spin_read(const struct sim_task *t, const volatile void *addr, unsigned int size,
		   uint64_t value)
{
	struct spin_state *s;
	unsigned int i;

	if (!t)
		return;
	s = &spin[t->id];
	for (i = 0; i < s->nr; i++) {
		/* Read twice: the first value is what it decided on. */
		if (s->read[i].addr == addr && s->read[i].size == size) {
			if (s->read[i].value != (value & size_mask(size)))
				s->overflow = true;	/* it saw a change itself */
			return;
		}
	}
	if (s->nr == SPIN_READS) {
		s->overflow = true;
		return;
	}
	s->read[s->nr].addr = addr;
	s->read[s->nr].size = size;
	s->read[s->nr].value = value & size_mask(size);
	s->nr++;
}

void sim_spin_write(const struct sim_task *t)
{
	if (t)
		spin[t->id].wrote = true;
}

void sim_spin_forget(const volatile void *addr, size_t size)
{
	const char *start = (const char *)addr, *end = start + size;
	unsigned int t, i;

	for (t = 0; t < SIM_MAX_TASKS; t++) {
		for (i = 0; i < spin[t].nr; i++) {
			const char *a = (const char *)spin[t].read[i].addr;

			if (a < end && start < a + spin[t].read[i].size)
				spin[t].freed = true;
		}
	}
}

static bool any_changed(const struct sim_task *t)
{
	const struct spin_state *s = &spin[t->id];
	unsigned int i;

	if (s->freed)
		return true;
	for (i = 0; i < s->nr; i++)
		if (value_now(t, s->read[i].addr, s->read[i].size) != s->read[i].value)
			return true;
	return false;
}

bool sim_spin_would_repeat(const struct sim_task *t)
{
	const struct spin_state *s = &spin[t->id];

	/* Reading nothing is not waiting for anything: leave such a loop alone. */
	if (!s->nr || s->wrote || s->overflow)
		return false;
	return !any_changed(t);
}

bool sim_spin_changed(const void *task)
{
	return any_changed(task);
}

void sim_spin_next(const struct sim_task *t)
{
	struct spin_state *s = &spin[t->id];

	s->nr = 0;
	s->wrote = s->overflow = s->freed = false;
}

void sim_spin_reset(void)
{
	unsigned int t;

	for (t = 0; t < SIM_MAX_TASKS; t++) {
		spin[t].nr = 0;
		spin[t].wrote = spin[t].overflow = spin[t].freed = false;
	}
}

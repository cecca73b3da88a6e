// SPDX-License-Identifier: GPL-2.0
#include "engine.h"
#include "sched.h"
#include "store_buffer.h"
#include "trace.h"

static struct store_buffer {
	struct sim_buffered_store entry[SIM_STORE_BUFFER_ENTRIES];
	unsigned int head, len;
} buffers[SIM_MAX_CPUS];

static struct sim_buffered_store *entry_at(struct store_buffer *b, unsigned int i)
{
	return &b->entry[(b->head + i) % SIM_STORE_BUFFER_ENTRIES];
}

void store_buffer_flush_oldest(unsigned int cpu)
{
	struct store_buffer *b = &buffers[cpu];
	struct sim_buffered_store *s;

	if (!b->len)
		return;
	s = entry_at(b, 0);
	b->head = (b->head + 1) % SIM_STORE_BUFFER_ENTRIES;
	b->len--;
	sim_mm_flush_visible(s->addr, s->size, s->value, s->hb_token);
	sim_trace_flush(s->task, cpu, s->site, s->flags, s->value, s->event);
}

void store_buffer_push(unsigned int cpu, const struct sim_buffered_store *store)
{
	struct store_buffer *b = &buffers[cpu];
	struct sim_buffered_store *e;

	if (b->len == SIM_STORE_BUFFER_ENTRIES)
		store_buffer_flush_oldest(cpu);
	e = entry_at(b, b->len++);
	*e = *store;
	e->event = sim_trace_next();
}

const struct sim_buffered_store *store_buffer_forward(unsigned int cpu, const volatile void *addr,
						      unsigned int size)
{
	struct store_buffer *b = &buffers[cpu];
	unsigned int i;

	for (i = b->len; i-- > 0;) {
		const struct sim_buffered_store *s = entry_at(b, i);

		if (s->addr == addr && s->size == size)
			return s;
	}
	return NULL;
}

bool store_buffer_overlaps(unsigned int cpu, const volatile void *addr, unsigned int size)
{
	const char *start = (const char *)addr, *end = start + size;
	struct store_buffer *b = &buffers[cpu];
	unsigned int i;

	for (i = 0; i < b->len; i++) {
		const struct sim_buffered_store *s = entry_at(b, i);
		const char *s_start = (const char *)s->addr;

		if (s_start < end && start < s_start + s->size)
			return true;
	}
	return false;
}

void store_buffer_drain(unsigned int cpu)
{
	while (buffers[cpu].len)
		store_buffer_flush_oldest(cpu);
}

unsigned int store_buffer_len(unsigned int cpu)
{
	return buffers[cpu].len;
}

void store_buffer_reset(void)
{
	unsigned int c, n = sim_nr_cpus() < SIM_MAX_CPUS ? sim_nr_cpus() : SIM_MAX_CPUS;

	/* The entries past len are never read: clearing them was most of a short run's cost. */
	for (c = 0; c < n; c++)
		buffers[c].head = buffers[c].len = 0;
}

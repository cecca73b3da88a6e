// SPDX-License-Identifier: GPL-2.0
/*
 * Footprints of steps and their independence: see por.h.  The pool grows
 * with own_mem and is written element by element: it is mutated on the
 * tasks' stacks, where TSan would see a libc memset or memcpy of it.
 */
#include "alloc.h"
#include "own_mem.h"
#include "por.h"

#define POR_ACCESSES 12	/* distinct ranges a step touches; more is "global" */

struct por_access {
	uint64_t key;		/* address, or 1 << 63 | object number << 32 | offset */
	uint32_t size;
	bool write;
};

struct por_fp {
	unsigned int nr;
	bool global;
	bool flush;		/* a store-buffer entry becoming visible */
	uint32_t cpus;		/* CPUs whose tasks the step ran */
	int flush_cpu;		/* the flush's CPU, or -1 */
	struct por_access acc[POR_ACCESSES];
};

static struct {
	struct por_fp *pool;
	uint32_t top, cap;
	int32_t current;
} por = { .current = -1 };

uint32_t sim_por_new(void)
{
	struct por_fp *f;

	if (por.top == por.cap) {
		uint32_t cap = por.cap ? 2 * por.cap : 1024;

		por.pool = sim_own_realloc(por.pool, cap * sizeof(*por.pool));
		por.cap = cap;
	}
	f = &por.pool[por.top];
	f->nr = 0;
	f->global = f->flush = false;
	f->cpus = 0;
	f->flush_cpu = -1;
	return por.top++;
}

uint32_t sim_por_top(void)
{
	return por.top;
}

void sim_por_truncate(uint32_t top)
{
	if (top < por.top)
		por.top = top;
}

void sim_por_record(int32_t fp, int cpu)
{
	por.current = fp;
	if (fp >= 0 && cpu >= 0)
		por.pool[fp].cpus |= 1u << cpu;
	else if (fp >= 0)
		por.pool[fp].flush = true;
}

void sim_por_record_flush(int32_t fp, unsigned int cpu)
{
	sim_por_record(fp, -1);
	if (fp >= 0)
		por.pool[fp].flush_cpu = (int)cpu;
}

/* A flush, and a step of a task on the flush's CPU. */
static bool own_pair(const struct por_fp *x, const struct por_fp *y)
{
	return (x->flush_cpu >= 0 && (y->cpus & 1u << x->flush_cpu)) ||
	       (y->flush_cpu >= 0 && (x->cpus & 1u << y->flush_cpu));
}

bool sim_por_own_flush(uint32_t a, uint32_t b)
{
	const struct por_fp *x = &por.pool[a], *y = &por.pool[b];

	return !x->global && !y->global && own_pair(x, y);
}

/* A store-buffer entry's number, not an address (sim_por_buffered()). */
static bool buffer_key(uint64_t key)
{
	return key >> 62 == 1;
}

static uint64_t key_of(const volatile void *addr)
{
	uint32_t id, offset;

	if (buffer_key((uintptr_t)addr))
		return (uintptr_t)addr;	/* a store-buffer entry */
	if (sim_alloc_lookup((uintptr_t)addr, &id, &offset))
		return 1ULL << 63 | (uint64_t)id << 32 | offset;
	return (uintptr_t)addr;
}

void sim_por_access(const volatile void *addr, size_t size, bool write)
{
	struct por_fp *f;
	uint64_t key;
	unsigned int i;

	if (por.current < 0)
		return;
	f = &por.pool[por.current];
	if (f->global)
		return;
	key = key_of(addr);
	for (i = 0; i < f->nr; i++) {
		if (f->acc[i].key == key && f->acc[i].size == size) {
			f->acc[i].write |= write;
			return;
		}
	}
	if (f->nr == POR_ACCESSES || size > UINT32_MAX) {
		f->global = true;
		return;
	}
	f->acc[f->nr].key = key;
	f->acc[f->nr].size = (uint32_t)size;
	f->acc[f->nr].write = write;
	f->nr++;
}

void sim_por_buffered(unsigned int cpu, uint32_t seq)
{
	uint64_t key = 1ULL << 62 | (uint64_t)cpu << 32 | seq;

	sim_por_access((const volatile void *)(uintptr_t)key, 1, true);
}

void sim_por_buffer_flushed(unsigned int cpu, uint32_t seq)
{
	uint64_t key = 1ULL << 62 | (uint64_t)cpu << 32 | seq;

	sim_por_access((const volatile void *)(uintptr_t)key, 1, false);
}

void sim_por_global(void)
{
	if (por.current >= 0)
		por.pool[por.current].global = true;
}

static bool overlap(const struct por_access *a, const struct por_access *b)
{
	return a->key < b->key + b->size && b->key < a->key + a->size;
}

bool sim_por_independent(uint32_t a, uint32_t b)
{
	const struct por_fp *x = &por.pool[a], *y = &por.pool[b];
	unsigned int i, j;
	bool own;

	if (x->global || y->global || (x->cpus & y->cpus))
		return false;
	/*
	 * A CPU's own loads read the same before and after its flush (from
	 * the buffer, then from memory): a flush and its CPU's step depend
	 * only through the entries the step pushes or drains.
	 */
	own = own_pair(x, y);
	for (i = 0; i < x->nr; i++)
		for (j = 0; j < y->nr; j++)
			if ((x->acc[i].write || y->acc[j].write) && overlap(&x->acc[i], &y->acc[j]) &&
			    (!own || buffer_key(x->acc[i].key)))
				return false;
	return true;
}

void sim_por_reset(void)
{
	por.top = 0;
	por.current = -1;
}

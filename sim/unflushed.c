// SPDX-License-Identifier: GPL-2.0
/*
 * The bytes buffered stores changed in memory: see unflushed.h.  A short
 * array, searched in full: at most SIM_STORE_BUFFER_ENTRIES stores a CPU are
 * buffered, and runs keep few at a time.  Cleared word by word, so a reset
 * costs what the run used.
 */
#include "sched.h"
#include "store_buffer.h"
#include "unflushed.h"

/* An 8-byte store covers at most two words. */
#define NR_WORDS (2 * SIM_MAX_CPUS * SIM_STORE_BUFFER_ENTRIES)

struct held_word {
	uintptr_t word;			/* address / 8 */
	uint8_t visible[8];		/* what other CPUs read */
	uint8_t latest[8];		/* the newest marked store's byte: memory, unless a plain store */
	uint16_t holders[8];		/* buffered stores covering the byte; 0: not held */
};

static struct {
	struct held_word word[NR_WORDS];
	unsigned int nr;
} held;

static struct held_word *find(uintptr_t a)
{
	unsigned int i;

	for (i = 0; i < held.nr; i++)
		if (held.word[i].word == a / 8)
			return &held.word[i];
	return NULL;
}

static void drop_if_free(struct held_word *w)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (w->holders[i])
			return;
	*w = held.word[--held.nr];
}

void unflushed_hold(const volatile void *addr, unsigned int size, uint64_t value)
{
	const volatile uint8_t *p = addr;
	unsigned int i;

	for (i = 0; i < size; i++) {
		uintptr_t a = (uintptr_t)(p + i);
		struct held_word *w = find(a);

		if (!w) {
			w = &held.word[held.nr++];
			*w = (struct held_word){ .word = a / 8 };
		}
		if (!w->holders[a % 8]++)
			w->visible[a % 8] = p[i];
		w->latest[a % 8] = (uint8_t)(value >> (8 * i));
	}
}

void unflushed_write_through(const volatile void *addr, unsigned int size, uint64_t value)
{
	unsigned int i;

	for (i = 0; i < size && held.nr; i++) {
		uintptr_t a = (uintptr_t)addr + i;
		struct held_word *w = find(a);

		if (w && w->holders[a % 8])
			w->visible[a % 8] = w->latest[a % 8] = (uint8_t)(value >> (8 * i));
	}
}

void unflushed_flush(volatile void *addr, unsigned int size, uint64_t value)
{
	volatile uint8_t *p = addr;
	unsigned int i;

	for (i = 0; i < size; i++) {
		uintptr_t a = (uintptr_t)(p + i);
		struct held_word *w = find(a);
		uint8_t byte = (uint8_t)(value >> (8 * i));

		if (!w || !w->holders[a % 8])
			continue;
		w->visible[a % 8] = byte;
		if (--w->holders[a % 8])
			continue;
		/*
		 * The byte's last buffered store is visible: memory holds what
		 * everyone sees, unless a plain store (not modelled) came after
		 * the newest marked one.
		 */
		if (p[i] == w->latest[a % 8])
			p[i] = byte;
		drop_if_free(w);
	}
}

uint64_t unflushed_visible(const volatile void *addr, unsigned int size, uint64_t memory)
{
	unsigned int i;

	for (i = 0; i < size && held.nr; i++) {
		uintptr_t a = (uintptr_t)addr + i;
		const struct held_word *w = find(a);

		if (w && w->holders[a % 8])
			memory = (memory & ~(0xffULL << (8 * i))) |
				 ((uint64_t)w->visible[a % 8] << (8 * i));
	}
	return memory;
}

bool unflushed_any(void)
{
	return held.nr != 0;
}

void unflushed_reset(void)
{
	held.nr = 0;
}

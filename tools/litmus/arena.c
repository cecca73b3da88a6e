// SPDX-License-Identifier: GPL-2.0
/*
 * A test's nodes and strings come from one arena, so a parse that stops at
 * its first error frees everything it built in one call.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "litmus.h"
#include "tools/cli.h"

struct litmus_arena {
	struct litmus_arena *next;
	max_align_t data[];
};

void *litmus_alloc(struct litmus_arena **arena, size_t size)
{
	struct litmus_arena *a = calloc(1, sizeof(*a) + size);

	if (!a)
		die_usage("out of memory");
	a->next = *arena;
	*arena = a;
	return a->data;
}

char *litmus_strndup(struct litmus_arena **arena, const char *s, size_t len)
{
	char *p = litmus_alloc(arena, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void litmus_arena_free(struct litmus_arena **arena)
{
	while (*arena) {
		struct litmus_arena *next = (*arena)->next;

		free(*arena);
		*arena = next;
	}
}

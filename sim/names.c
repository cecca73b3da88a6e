// SPDX-License-Identifier: GPL-2.0
/*
 * What the story calls things (names.h).  Every allocation of a run gets a
 * slot, by allocation number, that outlives the object: the trace is told
 * after the run, when everything has been freed.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "names.h"
#include "trace.h"

struct object_name {
	const struct sim_site *site;	/* where it was allocated */
	const char *name;		/* sim_name()'s, or NULL */
	const struct sim_field *fields;
	unsigned int nr_fields;
};

struct type_fields {
	const struct sim_field *fields;
	unsigned int nr;
};

static struct {
	struct object_name *objects;
	size_t nr, cap;
	char **strings;			/* kept until the next run */
	size_t nr_strings, cap_strings;
	struct type_fields *types;	/* registered for good */
	size_t nr_types;
} names;

static void *grow(void *array, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return array;
	*cap = *cap ? 2 * *cap : 64;
	if (*cap < need)
		*cap = need;
	array = realloc(array, *cap * size);
	if (!array)
		abort();
	return array;
}

const char *sim_names_keep(const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		abort();
	names.strings = grow(names.strings, &names.cap_strings, names.nr_strings + 1,
			     sizeof(*names.strings));
	names.strings[names.nr_strings++] = copy;
	return copy;
}

void sim_names_reset(void)
{
	size_t i;

	for (i = 0; i < names.nr_strings; i++)
		free(names.strings[i]);
	names.nr_strings = 0;
	names.nr = 0;
}

void sim_names_alloc(uint32_t id, const struct sim_site *site)
{
	names.objects = grow(names.objects, &names.cap, (size_t)id + 1, sizeof(*names.objects));
	while (names.nr <= id)
		names.objects[names.nr++] = (struct object_name){ NULL, NULL, NULL, 0 };
	names.objects[id].site = site;
}

void sim_fields_register(const struct sim_field *fields, unsigned int nr)
{
	static size_t cap;

	names.types = grow(names.types, &cap, names.nr_types + 1, sizeof(*names.types));
	names.types[names.nr_types++] = (struct type_fields){ fields, nr };
}

static struct object_name *object_of(const void *p)
{
	uint32_t id, offset;

	if (!sim_alloc_lookup((uintptr_t)p, &id, &offset) || id >= names.nr)
		return NULL;
	return &names.objects[id];
}

void sim_object_fields(const void *p, const struct sim_field *fields, unsigned int nr)
{
	struct object_name *o = object_of(p);

	if (o) {
		o->fields = fields;
		o->nr_fields = nr;
	}
}

void sim_name(const void *p, const char *fmt, ...)
{
	struct object_name *o = object_of(p);
	char buf[64];
	va_list ap;

	if (!o)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->name = sim_names_keep(buf);
}

void sim_note_at(const struct sim_site *site, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sim_trace_event(SIM_EV_NOTE, site, 0, sim_names_keep(buf), -1);
}

/* What sizeof( ... ) names in kmalloc(sizeof(struct vmap_area)): [start, start + *len). */
static const char *sizeof_operand(const char *expr, size_t *len)
{
	const char *end;
	int depth = 1;

	if (strncmp(expr, "sizeof(", 7))
		return NULL;
	expr += 7;
	for (end = expr; *end && depth; end++)
		depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
	if (depth)
		return NULL;
	*len = (size_t)(end - 1 - expr);
	return expr;
}

/* The last identifier of the operand: vmap_area, ctx, batch (of *tlb->batch). */
static int default_name(char *buf, size_t len, const struct sim_site *site)
{
	size_t n = 0;
	const char *op = site ? sizeof_operand(site->expr, &n) : NULL;
	const char *end, *start;

	if (!op)
		return snprintf(buf, len, "obj");
	end = op + n;
	while (end > op && !(isalnum((unsigned char)end[-1]) || end[-1] == '_'))
		end--;
	start = end;
	while (start > op && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
		start--;
	if (start == end || isdigit((unsigned char)*start))
		return snprintf(buf, len, "obj");
	return snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* The fields of @o: its own, else those registered for the type its size names. */
static const struct sim_field *fields_of(const struct object_name *o, unsigned int *nr)
{
	const char *op;
	size_t i, n;

	*nr = o->nr_fields;
	if (o->fields || !o->site)
		return o->fields;
	op = sizeof_operand(o->site->expr, &n);
	for (i = 0; op && i < names.nr_types; i++) {
		const struct type_fields *t = &names.types[i];

		if (strlen(t->fields[0].type) == n && !strncmp(t->fields[0].type, op, n)) {
			*nr = t->nr;
			return t->fields;
		}
	}
	return NULL;
}

/* @member0: a pointer to the object's start names its first member, not the object. */
static int format(char *buf, size_t len, uint32_t id, uint32_t offset, bool member0)
{
	const struct object_name *o = id < names.nr ? &names.objects[id] : NULL;
	const struct sim_field *fields = NULL;
	char name[80];
	unsigned int nr = 0, i;

	if (o && o->name)
		snprintf(name, sizeof(name), "%s", o->name);
	else if (o)
		snprintf(name + default_name(name, sizeof(name) - 12, o->site),
			 12, "%" PRIu32, id);
	else
		snprintf(name, sizeof(name), "obj%" PRIu32, id);
	if (o)
		fields = fields_of(o, &nr);
	for (i = 0; (offset || member0) && i < nr; i++) {
		const struct sim_field *f = &fields[i];

		if (offset < f->offset || offset >= f->offset + (f->size ? f->size : 1))
			continue;
		if (offset == f->offset)
			return snprintf(buf, len, "%s.%s", name, f->member);
		return snprintf(buf, len, "%s.%s+%zu", name, f->member, offset - f->offset);
	}
	if (offset)
		return snprintf(buf, len, "%s+%" PRIu32, name, offset);
	return snprintf(buf, len, "%s", name);
}

int sim_names_format(char *buf, size_t len, uint32_t id, uint32_t offset)
{
	return format(buf, len, id, offset, false);
}

int sim_names_format_ptr(char *buf, size_t len, const void *p)
{
	uint32_t id, offset;

	if (!p)
		return snprintf(buf, len, "NULL");
	if (!sim_alloc_lookup((uintptr_t)p, &id, &offset))
		return snprintf(buf, len, "(pointer)");
	return format(buf, len, id, offset, true);
}

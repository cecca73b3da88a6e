/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names in the story.  A heap object is named by its allocation --
 * kmalloc(sizeof(struct vmap_area)) makes vmap_area7, kzalloc(sizeof(*pvec))
 * pvec3, the number being its place in the run's allocation order -- or by
 * the scenario (sim_name(node, "node%d", i)).  A pointer into an object
 * names the member it points at when the object's type has its fields
 * registered: vmap_area6.purge_list, else vmap_area6+16.  sim_note() puts a
 * line of the scenario's own into the story, for what plain code did.
 * Names never change a run or its hash: they are looked up when printed.
 */
#ifndef SIM_NAMES_H
#define SIM_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "site.h"

struct sim_field {
	const char *type;	/* "struct vmap_area", as written */
	const char *member;
	size_t offset, size;
};

#define SIM_FIELD(type, member) \
	{ #type, #member, offsetof(type, member), sizeof(((type *)0)->member) }

/*
 * static const struct sim_field vmap_area_fields[] = {
 *	SIM_FIELD(struct vmap_area, va_start), SIM_FIELD(struct vmap_area, purge_list),
 * };
 * SIM_FIELDS(vmap_area_fields);
 *
 * registers the members of a type, for every object allocated with
 * sizeof(type); sim_fields() gives them to one object, however allocated.
 */
#define SIM_FIELDS(table)							\
	__attribute__((constructor)) static void sim_fields_register_##table(void) \
	{									\
		sim_fields_register(table, sizeof(table) / sizeof((table)[0]));	\
	}
void sim_fields_register(const struct sim_field *fields, unsigned int nr);

#define sim_fields(p, table) sim_object_fields(p, table, sizeof(table) / sizeof((table)[0]))
void sim_object_fields(const void *p, const struct sim_field *fields, unsigned int nr);

/* Name the live object @p points into, for the rest of the run. */
void sim_name(const void *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line of the scenario's own in the story, told where the task reached it. */
#define sim_note(...) sim_note_at(SIM_SITE("sim_note", ""), __VA_ARGS__)
void sim_note_at(const struct sim_site *site, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- for the engine ---- */
/* Object @id was allocated at @site: its default name comes from the size written there. */
void sim_names_alloc(uint32_t id, const struct sim_site *site);
/* Object @id at @offset as the trace prints it: "node1.busy", "vmap_area6+16", "node1". */
int sim_names_format(char *buf, size_t len, uint32_t id, uint32_t offset);
/*
 * Where @p points, as above, but a pointer to an object's start names its
 * first member (a report's &p->wq is pipe.wq); "(pointer)" for no heap object.
 */
int sim_names_format_ptr(char *buf, size_t len, const void *p);
/* A string kept until the next run: a note's text. */
const char *sim_names_keep(const char *s);
void sim_names_reset(void);

#endif /* SIM_NAMES_H */

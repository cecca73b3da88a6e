// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sim/scenario.h"
#include "cli.h"
#include "sim/number.h"
#include "sim/sanitizer.h"
#include "sim/sched.h"

const char *progname = "schedfuzz";

void die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

const struct sim_scenario *find_scenario(const char *name)
{
	const struct sim_scenario *s = sim_scenario_find(name);

	if (!s)
		die_usage("unknown scenario '%s' (schedfuzz list shows them)", name);
	return s;
}

const char *flag_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die_usage("%s needs a value", argv[*i]);
	return argv[++*i];
}

unsigned long long parse_count(const char *flag, const char *arg, unsigned long long max)
{
	uint64_t v;

	if (!sim_parse_u64(arg, max, &v))
		die_usage("%s takes a whole number up to %llu, not '%s'", flag, max, arg);
	return v;
}

double parse_seconds(const char *flag, const char *arg)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !(v > 0 && v <= 1e6))
		die_usage("%s takes seconds, more than 0 and up to 1000000 (0.5 is fine), not '%s'",
			  flag, arg);
	return v;
}

bool has_extension(const char *path, const char *ext)
{
	size_t n = strlen(path), m = strlen(ext);

	return n > m && !strcasecmp(path + n - m, ext);
}

enum sim_mm parse_mm(const char *arg)
{
	enum sim_mm mm = sim_mm_parse(arg);

	if (mm == SIM_MM_NR)
		die_usage("unknown memory model '%s' (sc, tso, lkmm)", arg);
	return mm;
}

enum sim_preempt parse_preempt(const char *arg)
{
	enum sim_preempt p = sim_preempt_parse(arg);

	if (p == SIM_PREEMPT_NR)
		die_usage("unknown preemption model '%s' (none, voluntary, full; full-v1 is the "
			  "rules of format-1 reproducers)", arg);
	return p;
}

void set_param(struct sim_run_config *cfg, const char *assignment)
{
	char err[256];

	if (sim_config_set_param(cfg, assignment, err, sizeof(err)))
		die_usage("%s", err);
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void json_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

const char *failure_label(const struct sim_failure *f, char *buf, size_t len)
{
	const char *kind = sim_fail_kind_name[f->kind];

	if (f->kind == SIM_OK || !strcmp(f->name, kind))
		snprintf(buf, len, "%s", kind);
	else
		snprintf(buf, len, "%s %s", kind, f->name);
	return buf;
}

void describe_failure(FILE *out, const struct sim_failure *f)
{
	char label[96];

	fprintf(out, "  %s: %s\n", failure_label(f, label, sizeof(label)), f->message);
	if (f->task >= 0)
		fprintf(out, "  in task %s at step %llu\n", sim_task((unsigned int)f->task)->name,
			(unsigned long long)f->step);
	else
		fprintf(out, "  at the end of the run, after step %llu\n",
			(unsigned long long)f->step);
}

static bool bug_is(const char *bug, const struct sim_failure *f)
{
	const char *kind = sim_fail_kind_name[f->kind];
	size_t n = strlen(kind);

	if (!bug || strncmp(bug, kind, n))
		return false;
	return bug[n] == '\0' ? !strcmp(f->name, kind) : bug[n] == ':' && !strcmp(bug + n + 1, f->name);
}

/*
 * Under TSan a use after kfree() by a task the free is not ordered after is
 * first TSan's race with the free (the plain access before it, or the free
 * before a plain access): the same bug, told before the engine's check.
 */
bool bug_matches(const char *bug, const struct sim_failure *f)
{
	if (bug_is(bug, f))
		return true;
	return SIM_TSAN && bug && !strcmp(bug, "bug:use-after-free") &&
	       bug_is("sanitizer:data-race", f);
}

bool build_can_find(const char *bug)
{
	if (!bug || strncmp(bug, "sanitizer:", 10))
		return true;
	return strcmp(bug, "sanitizer:data-race") ? SIM_ASAN : SIM_TSAN;
}

#define RAW_MAX (64u << 20)

uint8_t *read_raw(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	if (!f)
		die_usage("cannot read %s: %s", path, strerror(errno));
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			if (cap > RAW_MAX)
				die_usage("%s is larger than 64 MiB: not a schedule", path);
			buf = realloc(buf, cap);
			if (!buf)
				die_usage("out of memory reading %s", path);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return buf;
}

void schedule_read(const char *path, const char *raw_scenario, enum sim_mm mm,
		   struct sim_repro *r)
{
	char err[512];

	if (!raw_scenario) {
		if (sim_repro_read(path, r, err, sizeof(err)))
			die_usage("%s", err);
		return;
	}
	memset(r, 0, sizeof(*r));
	snprintf(r->scenario, sizeof(r->scenario), "%s", find_scenario(raw_scenario)->name);
	r->mm = mm;
	r->preempt = SIM_PREEMPT_DEFAULT;	/* the caller's --preempt, if any, replaces it */
	r->schedule = read_raw(path, &r->len);
}

void schedule_config(struct sim_run_config *cfg, const struct sim_repro *r,
		     struct sim_source *src)
{
	unsigned int i;

	sim_config_defaults(cfg, find_scenario(r->scenario), src);
	cfg->mm = r->mm;
	cfg->preempt = r->preempt;
	cfg->tso_v2 = r->tso_v2;
	for (i = 0; i < r->nr_params; i++) {
		char assignment[96];

		snprintf(assignment, sizeof(assignment), "%s=%ld", r->param_name[i],
			 r->param_value[i]);
		set_param(cfg, assignment);
	}
}

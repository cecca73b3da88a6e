// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "algos/registry.h"
#include "cli.h"
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
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (!*arg || *end || errno || v > max || arg[0] == '-')
		die_usage("%s takes a whole number up to %llu, not '%s'", flag, max, arg);
	return v;
}

enum sim_mm parse_mm(const char *arg)
{
	enum sim_mm mm = sim_mm_parse(arg);

	if (mm == SIM_MM_NR)
		die_usage("unknown memory model '%s' (sc, tso)", arg);
	return mm;
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

bool bug_matches(const char *bug, const struct sim_failure *f)
{
	const char *kind = sim_fail_kind_name[f->kind];
	size_t n = strlen(kind);

	if (!bug || strncmp(bug, kind, n))
		return false;
	return bug[n] == '\0' ? !strcmp(f->name, kind) : bug[n] == ':' && !strcmp(bug + n + 1, f->name);
}

bool build_can_find(const char *bug)
{
	if (!bug || strncmp(bug, "sanitizer:", 10))
		return true;
	return strcmp(bug, "sanitizer:data-race") ? SIM_ASAN : SIM_TSAN;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Failures, natively.  Any task may fail at any time, so the first one to
 * claim the slot wins; it then asks every task to stop at its next point
 * or wait.  A task that failed stops at once -- BUG_ON() must not go on
 * into the double free it just caught -- the main thread's check() and
 * finish() go on (the first failure is kept), as in the simulator.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "native.h"
#include "sim/names.h"
#include "sim/report.h"

static const char *const kind_name[SIM_FAIL_NR] = {
	[SIM_FAIL_INVARIANT] = "invariant",
	[SIM_FAIL_BUG] = "bug",
	[SIM_FAIL_DEADLOCK] = "deadlock",
	[SIM_FAIL_NO_PROGRESS] = "no-progress",
	[SIM_FAIL_SANITIZER] = "sanitizer",
	[SIM_FAIL_STACK_OVERFLOW] = "stack-overflow",
};

static bool vrecord(const char *kind, const char *name, const char *fmt, va_list ap)
{
	struct native_failure *f = &native_run.failure;

	if (__atomic_exchange_n(&native_run.claimed, 1, __ATOMIC_ACQ_REL))
		return false;
	f->kind = kind;
	snprintf(f->name, sizeof(f->name), "%s", name);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	__atomic_store_n(&native_run.failure_ready, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&native_run.stop, 1, __ATOMIC_RELEASE);
	return true;
}

bool native_record(const char *kind, const char *name, const char *fmt, ...)
{
	va_list ap;
	bool first;

	va_start(ap, fmt);
	first = vrecord(kind, name, fmt, ap);
	va_end(ap);
	return first;
}

void native_failure_reset(void)
{
	memset(&native_run.failure, 0, sizeof(native_run.failure));
	native_run.claimed = 0;
	native_run.failure_ready = 0;
	native_run.stop = 0;
}

static void vfail(enum sim_fail_kind kind, const char *name, const char *fmt, va_list ap)
{
	vrecord(kind_name[kind] ? kind_name[kind] : "bug", name, fmt, ap);
	if (sim_current())
		native_abandon();
}

void sim_fail(enum sim_fail_kind kind, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(kind, name, fmt, ap);
	va_end(ap);
}

void sim_violation(const char *invariant, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(SIM_FAIL_INVARIANT, invariant, fmt, ap);
	va_end(ap);
}

/*
 * "SUMMARY: ThreadSanitizer: data race plain_race.c:20 in plain_increment"
 * is failure "data-race": the words before the first location.  Called from
 * inside the sanitizer's runtime, on the racing thread: no leaving from
 * here, its next point stops it.
 */
void __sanitizer_report_error_summary(const char *summary);
void __sanitizer_report_error_summary(const char *summary)
{
	const char *p = strstr(summary, "Sanitizer: ");
	char name[NATIVE_NAME_MAX];
	size_t n = 0;

	p = p ? p + strlen("Sanitizer: ") : summary;
	while (*p && *p != '/' && n + 1 < sizeof(name)) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (memchr(p, '.', len) || memchr(p, ':', len) || memchr(p, '/', len))
			break;
		if (n)
			name[n++] = '-';
		while (len-- && n + 1 < sizeof(name))
			name[n++] = *p++;
		while (*p == ' ')
			p++;
	}
	name[n] = '\0';
	native_record("sanitizer", n ? name : "report", "%s", summary);
}

/* Natively there is no story to name things in or to note into. */
void sim_fields_register(const struct sim_field *fields, unsigned int nr)
{
	(void)fields;
	(void)nr;
}

void sim_object_fields(const void *p, const struct sim_field *fields, unsigned int nr)
{
	(void)p;
	(void)fields;
	(void)nr;
}

void sim_name(const void *p, const char *fmt, ...)
{
	(void)p;
	(void)fmt;
}

void sim_note_at(const struct sim_site *site, const char *fmt, ...)
{
	(void)site;
	(void)fmt;
}

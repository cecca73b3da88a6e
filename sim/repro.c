// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "number.h"
#include "repro.h"

#define REPRO_MAX_BYTES (16u << 20)
#define REPRO_MAX_LINE 4096

static int repro_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int repro_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Output that allocates nothing and calls no stdio, so that the fatal hook
 * of a stack overflow can write a reproducer from the signal handler: text
 * into a fixed buffer, written with write(2).
 */
struct repro_out {
	int fd;
	bool failed;
	int error;		/* errno of the first failure */
	size_t n;
	char buf[4096];
};

static void out_flush(struct repro_out *o)
{
	size_t done = 0;

	while (!o->failed && done < o->n) {
		ssize_t w = write(o->fd, o->buf + done, o->n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->failed = true;
			o->error = w < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)w;
	}
	o->n = 0;
}

static void out_char(struct repro_out *o, char c)
{
	if (o->n == sizeof(o->buf))
		out_flush(o);
	o->buf[o->n++] = c;
}

static void out_str(struct repro_out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

static void out_long(struct repro_out *o, long v)
{
	char digits[24];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0;

	if (v < 0)
		out_char(o, '-');
	do
		digits[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n)
		out_char(o, digits[--n]);
}

static void out_hex(struct repro_out *o, uint8_t b)
{
	static const char hex[] = "0123456789abcdef";

	out_char(o, hex[b >> 4]);
	out_char(o, hex[b & 15]);
}

static void repro_emit(struct repro_out *o, const struct sim_repro *r)
{
	unsigned int i;
	size_t pos;

	out_str(o, "# schedfuzz reproducer: `schedfuzz replay FILE --trace` tells its story\n");
	out_str(o, "schedfuzz-reproducer ");
	out_long(o, r->tso_v2 && r->mm == SIM_MM_TSO ? 2 : SIM_REPRO_VERSION);
	out_str(o, "\nscenario ");
	out_str(o, r->scenario);
	out_str(o, "\nmm ");
	out_str(o, sim_mm_name[r->mm]);
	out_str(o, "\npreempt ");
	out_str(o, sim_preempt_name[r->preempt]);
	out_char(o, '\n');
	for (i = 0; i < r->nr_params; i++) {
		out_str(o, "param ");
		out_str(o, r->param_name[i]);
		out_char(o, ' ');
		out_long(o, r->param_value[i]);
		out_char(o, '\n');
	}
	out_str(o, "expect ");
	if (r->expect_kind != SIM_OK) {
		out_str(o, sim_fail_kind_name[r->expect_kind]);
		out_char(o, ' ');
		out_str(o, r->expect_name);
	} else {
		out_str(o, "clean");
	}
	out_char(o, '\n');
	if (r->found_by[0]) {
		out_str(o, "found-by ");
		out_str(o, r->found_by);
		out_char(o, '\n');
	}
	out_str(o, "decisions ");
	out_long(o, (long)r->len);
	out_char(o, '\n');
	for (pos = 0; pos < r->len || pos == 0; pos += 32) {
		size_t j;

		out_str(o, "schedule ");
		for (j = pos; j < r->len && j < pos + 32; j++)
			out_hex(o, r->schedule[j]);
		out_char(o, '\n');
		if (!r->len)
			break;
	}
	out_flush(o);
}

/*
 * @path's directory and ".NAME.PID.tmp": hidden, this process's own (two
 * writers of one name do not share it), renamed over @path only when whole.
 */
static bool temp_name(char *tmp, size_t len, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t dir = base ? (size_t)(base - path) + 1 : 0;
	size_t rest = strlen(path + dir), n;
	char pid[24];
	long p = (long)getpid();
	int digits = 0;

	do
		pid[sizeof(pid) - 1 - ++digits] = (char)('0' + p % 10);
	while ((p /= 10) && digits < 20);
	if (dir + 1 + rest + 1 + (size_t)digits + 4 + 1 > len)
		return false;
	memcpy(tmp, path, dir);
	tmp[dir] = '.';
	memcpy(tmp + dir + 1, path + dir, rest);
	n = dir + 1 + rest;
	tmp[n++] = '.';
	memcpy(tmp + n, pid + sizeof(pid) - 1 - digits, (size_t)digits);
	n += (size_t)digits;
	memcpy(tmp + n, ".tmp", 5);
	return true;
}

int sim_repro_write(const char *path, const struct sim_repro *r, char *err, size_t errlen)
{
	static struct repro_out o;	/* static: the signal handler's stack is small */
	char tmp[4096 + 8];
	int saved;

	if (!temp_name(tmp, sizeof(tmp), path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	o.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o.fd < 0)
		goto fail;
	o.failed = false;
	o.n = 0;
	repro_emit(&o, r);
	if (!o.failed && fsync(o.fd)) {
		o.failed = true;
		o.error = errno;
	}
	if (close(o.fd) && !o.failed) {
		o.failed = true;
		o.error = errno;
	}
	if (!o.failed && rename(tmp, path)) {
		o.failed = true;
		o.error = errno;
	}
	if (!o.failed)
		return 0;
	unlink(tmp);
	errno = o.error;
fail:
	saved = errno;
	/* No message from the fatal hook: formatting one is not async-signal-safe. */
	if (err)
		repro_error(err, errlen, "could not write %s: %s", path, strerror(saved));
	errno = saved;
	return -1;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int push_hex(struct sim_repro *r, const char *hex, size_t *cap)
{
	while (*hex) {
		int hi = hex_digit(hex[0]), lo = hi < 0 ? -1 : hex_digit(hex[1]);

		if (lo < 0)
			return -1;
		if (r->len == *cap) {
			uint8_t *bytes;

			if (r->len >= REPRO_MAX_BYTES)
				return -2;
			*cap = *cap ? 2 * *cap : 256;
			bytes = realloc(r->schedule, *cap);
			if (!bytes)
				return -1;
			r->schedule = bytes;
		}
		r->schedule[r->len++] = (uint8_t)(hi << 4 | lo);
		hex += 2;
	}
	return 0;
}

static int parse_line(struct sim_repro *r, int version, char *key, char *rest, size_t *cap,
		      long *decisions, char *err, size_t errlen)
{
	uint64_t count;
	int64_t value;
	int pushed;

	if (!strcmp(key, "scenario")) {
		if (!*rest || strlen(rest) >= sizeof(r->scenario))
			return repro_error(err, errlen, "a scenario name is missing or too long");
		strcpy(r->scenario, rest);
	} else if (!strcmp(key, "mm")) {
		r->mm = sim_mm_parse(rest);
		if (r->mm == SIM_MM_NR)
			return repro_error(err, errlen, "unknown memory model '%s'", rest);
	} else if (!strcmp(key, "preempt") && version >= 2) {
		r->preempt = sim_preempt_parse(rest);
		if (r->preempt == SIM_PREEMPT_NR)
			return repro_error(err, errlen, "unknown preemption model '%s'", rest);
	} else if (!strcmp(key, "param")) {
		char *name = strtok(rest, " "), *text = strtok(NULL, " ");

		if (!name || !text || strtok(NULL, " "))
			return repro_error(err, errlen, "param wants NAME VALUE");
		if (r->nr_params == SIM_MAX_PARAMS)
			return repro_error(err, errlen, "more than %d params", SIM_MAX_PARAMS);
		if (strlen(name) >= sizeof(r->param_name[0]))
			return repro_error(err, errlen, "param name '%.40s...' is longer than %zu "
					   "characters", name, sizeof(r->param_name[0]) - 1);
		if (!sim_parse_i64(text, LONG_MIN, LONG_MAX, &value))
			return repro_error(err, errlen, "param %s: '%s' is not an integer", name, text);
		r->param_value[r->nr_params] = (long)value;
		strcpy(r->param_name[r->nr_params++], name);
	} else if (!strcmp(key, "expect")) {
		char *kind = strtok(rest, " "), *name = strtok(NULL, " ");

		r->expect_kind = kind ? sim_fail_kind_parse(kind) : SIM_FAIL_NR;
		if (r->expect_kind == SIM_FAIL_NR)
			return repro_error(err, errlen, "expect: unknown kind '%s'", kind ? kind : "");
		if (name && (strlen(name) >= sizeof(r->expect_name) || strtok(NULL, " ")))
			return repro_error(err, errlen, "expect: the name must be one word of at "
					   "most %zu characters", sizeof(r->expect_name) - 1);
		snprintf(r->expect_name, sizeof(r->expect_name), "%s", name ? name : "");
	} else if (!strcmp(key, "found-by")) {
		if (strlen(rest) >= sizeof(r->found_by))
			return repro_error(err, errlen, "found-by is longer than %zu characters",
					   sizeof(r->found_by) - 1);
		strcpy(r->found_by, rest);
	} else if (!strcmp(key, "decisions")) {
		if (!sim_parse_u64(rest, REPRO_MAX_BYTES, &count))
			return repro_error(err, errlen, "decisions: '%s' is not a count up to %u",
					   rest, REPRO_MAX_BYTES);
		*decisions = (long)count;
	} else if (!strcmp(key, "schedule")) {
		pushed = push_hex(r, rest, cap);
		if (pushed == -2)
			return repro_error(err, errlen, "schedule: more than %u decisions",
					   REPRO_MAX_BYTES);
		if (pushed)
			return repro_error(err, errlen, "schedule: not hex bytes");
	} else {
		return repro_error(err, errlen, "unknown field '%s'", key);
	}
	return 0;
}

/*
 * The next line of @f into @line (at most @cap - 1 characters, newline
 * dropped): its length, -1 at the end of the file, or -2 when it is longer,
 * in which case the rest is not read -- /dev/zero is one endless line.
 */
static long read_line(FILE *f, char *line, size_t cap)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n + 1 == cap)
			return -2;
		line[n++] = (char)c;
	}
	line[n] = '\0';
	return c == EOF && !n ? -1 : (long)n;
}

/* Printable text and tabs: a byte outside it means this is not a reproducer at all. */
static bool is_text(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isprint((unsigned char)line[i]) && line[i] != '\t')
			return false;
	return true;
}

int sim_repro_read(const char *path, struct sim_repro *r, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[REPRO_MAX_LINE + 2];
	char sub[256];
	size_t cap = 0;
	long decisions = -1, got;
	unsigned int lineno = 0;
	int version = -1, ret = -1;
	uint64_t count;
	int read_errno;

	memset(r, 0, sizeof(*r));
	r->mm = SIM_MM_SC;
	if (!f)
		return repro_error(err, errlen, "cannot read %s: %s", path, strerror(errno));
	while ((got = read_line(f, line, sizeof(line))) != -1) {
		size_t n = got < 0 ? sizeof(line) - 1 : (size_t)got;
		char *key = line, *rest;

		lineno++;
		while (n && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (!is_text(line, n)) {
			if (version < 0)
				goto not_a_reproducer;
			repro_error(err, errlen, "%s:%u: not a line of text", path, lineno);
			goto out;
		}
		if (got < 0 || n > REPRO_MAX_LINE) {
			if (version < 0)
				goto not_a_reproducer;
			repro_error(err, errlen, "%s:%u: a line longer than %d characters", path,
				    lineno, REPRO_MAX_LINE);
			goto out;
		}
		if (!n || line[0] == '#')
			continue;
		rest = strchr(line, ' ');
		if (rest)
			*rest++ = '\0';
		else
			rest = line + n;
		if (version < 0) {
			if (strcmp(key, "schedfuzz-reproducer"))
				goto not_a_reproducer;
			if (!sim_parse_u64(rest, SIM_REPRO_VERSION, &count) || count < 1) {
				repro_error(err, errlen, "%s: reproducer format version %s, this "
					    "schedfuzz reads versions 1 to %d", path, rest,
					    SIM_REPRO_VERSION);
				goto out;
			}
			version = (int)count;
			/*
			 * Version 1 came before the preemption models: it replays
			 * under the rules of then, full without preempt_enable() points.
			 */
			r->preempt = version == 1 ? SIM_PREEMPT_FULL_V1 : SIM_PREEMPT_NR;
			continue;
		}
		if (parse_line(r, version, key, rest, &cap, &decisions, sub, sizeof(sub))) {
			repro_error(err, errlen, "%s:%u: %s", path, lineno, sub);
			goto out;
		}
	}
	read_errno = errno;
	if (ferror(f) && read_errno == EISDIR)
		repro_error(err, errlen, "%s is a directory, not a reproducer", path);
	else if (ferror(f))
		repro_error(err, errlen, "cannot read %s: %s", path, strerror(read_errno));
	else if (version < 0)
		repro_error(err, errlen, "%s is empty, not a schedfuzz reproducer", path);
	else if (!r->scenario[0])
		repro_error(err, errlen, "%s: no scenario line", path);
	else if (r->preempt == SIM_PREEMPT_NR)
		repro_error(err, errlen, "%s: no preempt line (none, voluntary, full)", path);
	else if (decisions >= 0 && (size_t)decisions != r->len)
		repro_error(err, errlen, "%s: says %ld decisions but holds %zu (truncated?)", path,
			    decisions, r->len);
	else
		ret = 0;
	r->tso_v2 = version <= 2 && r->mm == SIM_MM_TSO;
	goto out;

not_a_reproducer:
	repro_error(err, errlen, "%s is not a schedfuzz reproducer (for a raw schedule such as "
		    "a libFuzzer crash file, pass --scenario)", path);
out:
	fclose(f);
	if (ret)
		sim_repro_free(r);
	return ret;
}

void sim_repro_free(struct sim_repro *r)
{
	free(r->schedule);
	r->schedule = NULL;
	r->len = 0;
}

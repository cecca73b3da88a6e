// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz-native: a scenario's tasks on real threads, iteration after
 * iteration, until the first failure or the budget.  Exit status: 1 a
 * failure found, 0 none, 2 bad input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/number.h"
#include "sim/scenario.h"
#include "native.h"

#define DEFAULT_SECONDS 10.0

static const char usage_text[] =
	"usage: schedfuzz-native SCENARIO [--mm sc|tso] [--time SECONDS] [--iterations N]\n"
	"                        [--param NAME=VALUE]... [--json] [--yield-every N]\n"
	"                        [--gfp-fail P] [--hang SECONDS] [--preempt exclusive|counter]\n"
	"                        [--seed N]\n";

static const char *const mm_names[SIM_MM_NR] = { [SIM_MM_SC] = "sc", [SIM_MM_TSO] = "tso" };

struct options {
	struct native_config cfg;
	double seconds;		/* 0: no time limit */
	unsigned long long iterations;	/* 0: no limit */
	bool json;
};

static void __attribute__((noreturn, format(printf, 1, 2))) die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("schedfuzz-native: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static double parse_double(const char *flag, const char *s, double min, double max)
{
	char *end;
	double v = s ? strtod(s, &end) : 0;

	/* strtod() skips blanks and takes '+': a number starts with a digit. */
	if (!s || !(*s >= '0' && *s <= '9') || *end || !(v >= min && v <= max))
		die_usage("%s takes a number from %g to %g, not '%s'", flag, min, max, s ? s : "");
	return v;
}

static unsigned long long parse_count(const char *flag, const char *s)
{
	uint64_t v;

	if (!sim_parse_u64(s, UINT64_MAX, &v))
		die_usage("%s takes a whole number, not '%s'", flag, s ? s : "");
	return v;
}

/* "name=value" for one of the scenario's parameters, in its range. */
static void set_param(struct native_config *cfg, const char *assignment)
{
	struct sim_run_config run = { .scenario = cfg->scenario };
	char err[256];

	memcpy(run.params, cfg->params, sizeof(run.params));
	if (sim_config_set_param(&run, assignment, err, sizeof(err)))
		die_usage("%s", err);
	memcpy(cfg->params, run.params, sizeof(cfg->params));
}

static void parse(int argc, char **argv, struct options *o)
{
	struct native_config *cfg = &o->cfg;
	bool time_given = false;
	unsigned int i;
	int a;

	if (argc < 2)
		die_usage("no scenario given\n%s", usage_text);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		exit(0);
	}
	memset(o, 0, sizeof(*o));
	cfg->scenario = sim_scenario_find(argv[1]);
	if (!cfg->scenario)
		die_usage("unknown scenario '%s' (schedfuzz list names them)", argv[1]);
	for (i = 0; i < cfg->scenario->nr_params && i < SIM_MAX_PARAMS; i++)
		cfg->params[i] = cfg->scenario->params[i].def;
	/* The hardware's model: x86 is TSO, and weaker machines are at least that weak. */
	cfg->mm = SIM_MM_TSO;
	cfg->cpu_exclusion = true;
	cfg->hang_seconds = 1.0;
	cfg->seed = (uint64_t)time(NULL);
	o->seconds = DEFAULT_SECONDS;

	for (a = 2; a < argc; a++) {
		const char *flag = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;

		if (!strcmp(flag, "--json")) {
			o->json = true;
			continue;
		}
		a++;
		if (!strcmp(flag, "--mm")) {
			if (val && !strcmp(val, "lkmm"))
				die_usage("--mm lkmm: x86 cannot show lkmm (its stores are "
					  "multicopy-atomic and ordered): use schedfuzz explore");
			if (!val || (strcmp(val, "sc") && strcmp(val, "tso")))
				die_usage("--mm takes sc or tso, not '%s'", val ? val : "");
			cfg->mm = strcmp(val, "sc") ? SIM_MM_TSO : SIM_MM_SC;
		} else if (!strcmp(flag, "--time")) {
			o->seconds = parse_double(flag, val, 0.001, 1e7);
			time_given = true;
		} else if (!strcmp(flag, "--iterations")) {
			o->iterations = parse_count(flag, val);
			if (!o->iterations)
				die_usage("--iterations takes at least 1");
		} else if (!strcmp(flag, "--param")) {
			set_param(cfg, val);
		} else if (!strcmp(flag, "--yield-every")) {
			cfg->yield_every = parse_count(flag, val);
		} else if (!strcmp(flag, "--gfp-fail")) {
			cfg->gfp_fail = parse_double(flag, val, 0, 1);
		} else if (!strcmp(flag, "--hang")) {
			cfg->hang_seconds = parse_double(flag, val, 0.001, 3600);
		} else if (!strcmp(flag, "--preempt")) {
			if (!val || (strcmp(val, "exclusive") && strcmp(val, "counter")))
				die_usage("--preempt takes exclusive or counter, not '%s'",
					  val ? val : "");
			cfg->cpu_exclusion = !strcmp(val, "exclusive");
		} else if (!strcmp(flag, "--seed")) {
			cfg->seed = parse_count(flag, val);
		} else {
			die_usage("unknown option '%s'\n%s", flag, usage_text);
		}
	}
	/* An iteration budget alone runs to the end of it. */
	if (o->iterations && !time_given)
		o->seconds = 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void report(const struct options *o, const struct native_failure *f,
		   unsigned long long iterations, double seconds)
{
	const char *name = o->cfg.scenario->name;

	if (o->json) {
		printf("{\"scenario\":");
		json_string(name);
		printf(",\"mm\":\"%s\",\"result\":\"%s\"", mm_names[o->cfg.mm],
		       f ? "violation" : "clean");
		if (f) {
			printf(",\"kind\":");
			json_string(f->kind);
			printf(",\"name\":");
			json_string(f->name);
		}
		printf(",\"iterations\":%llu,\"seconds\":%.6f", iterations, seconds);
		if (f) {
			printf(",\"message\":");
			json_string(f->message);
		}
		printf("}\n");
	} else if (f) {
		printf("%s: %s %s after %llu iterations, %.2f s\n  %s\n", name, f->kind, f->name,
		       iterations, seconds, f->message);
	} else if (o->seconds && (!o->iterations || iterations < o->iterations)) {
		printf("%s: not found in %g s (%llu iterations)\n", name, o->seconds, iterations);
	} else {
		printf("%s: not found in %llu iterations (%.2f s)\n", name, iterations, seconds);
	}
}

int main(int argc, char **argv)
{
	const struct native_failure *f = NULL;
	unsigned long long n = 0;
	struct options o;
	double start, elapsed = 0;

	parse(argc, argv, &o);
	if (o.cfg.mm == SIM_MM_SC)
		fprintf(stderr, "schedfuzz-native: note: the hardware's model is what it is (x86: "
			"tso); --mm sc only makes the scenario's checks expect sc, so an sc-only "
			"verdict is not what is tested\n");
	start = now();
	while (!f && (!o.iterations || n < o.iterations) && (!o.seconds || elapsed < o.seconds)) {
		f = native_iterate(&o.cfg, n++);
		elapsed = now() - start;
	}
	report(&o, f, n, elapsed);
	fflush(stdout);
	return f ? 1 : 0;
}

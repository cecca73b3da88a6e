// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz: list the scenarios, explore one with a strategy, replay a
 * failing schedule.  Exit status: 0 clean, 1 a failure found or replayed,
 * 2 a usage error or bad input.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "algos/registry.h"
#include "sim/decide.h"
#include "sim/engine.h"
#include "sim/repro.h"
#include "sim/scenario.h"
#include "sim/sched.h"
#include "sim/trace.h"

static const char *progname = "schedfuzz";

/*
 * A race TSan reports is a finding of the run, and exits 1 like any other;
 * TSan's own status for it (66) would say something else.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "exitcode=1";
}

static const char usage_text[] =
	"usage: schedfuzz list\n"
	"       schedfuzz explore SCENARIO [--strategy random|pct] [--depth D] [--seed N]\n"
	"                 [--runs N] [--time SECONDS] [--mm MODEL] [--param NAME=VALUE]...\n"
	"                 [--out DIR] [--json]\n"
	"       schedfuzz replay FILE [--trace] [--json]\n"
	"       schedfuzz replay --scenario SCENARIO [--mm MODEL] [--param NAME=VALUE]... FILE\n"
	"                 (FILE holds raw schedule bytes, such as a libFuzzer crash file)\n";

static void __attribute__((noreturn, format(printf, 1, 2))) die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static const struct sim_scenario *find_scenario(const char *name)
{
	const struct sim_scenario *s = sim_scenario_find(name);

	if (!s)
		die_usage("unknown scenario '%s' (schedfuzz list shows them)", name);
	return s;
}

/* The value after flag argv[*i], which must be there. */
static const char *flag_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die_usage("%s needs a value", argv[*i]);
	return argv[++*i];
}

static unsigned long long parse_count(const char *flag, const char *arg, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (!*arg || *end || errno || v > max || arg[0] == '-')
		die_usage("%s takes a whole number up to %llu, not '%s'", flag, max, arg);
	return v;
}

static enum sim_mm parse_mm(const char *arg)
{
	enum sim_mm mm;

	mm = sim_mm_parse(arg);
	if (mm == SIM_MM_NR)
		die_usage("unknown memory model '%s' (sc)", arg);
	if (mm != SIM_MM_SC)
		die_usage("memory model '%s' is not implemented yet (sc is)", arg);
	return mm;
}

static void set_param(struct sim_run_config *cfg, const char *arg)
{
	char err[256];

	if (sim_config_set_param(cfg, arg, err, sizeof(err)))
		die_usage("%s", err);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "demo/lost-update" -> "demo-lost-update" */
static void file_safe(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = (src[i] == '/' || src[i] == ' ') ? '-' : src[i];
	dst[i] = '\0';
}

static void json_string(FILE *out, const char *s)
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

static void describe_failure(FILE *out, const struct sim_failure *f)
{
	fprintf(out, "  %s %s: %s\n", sim_fail_kind_name[f->kind], f->name, f->message);
	if (f->task >= 0)
		fprintf(out, "  in task %s at step %" PRIu64 "\n", sim_task((unsigned int)f->task)->name,
			f->step);
	else
		fprintf(out, "  at the end of the run, after step %" PRIu64 "\n", f->step);
}

static void fill_repro(struct sim_repro *r, const struct sim_run_config *cfg,
		       const struct sim_failure *f, const uint8_t *schedule, size_t len)
{
	const struct sim_scenario *s = cfg->scenario;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	snprintf(r->scenario, sizeof(r->scenario), "%s", s->name);
	r->mm = cfg->mm;
	for (i = 0; i < s->nr_params; i++) {
		snprintf(r->param_name[i], sizeof(r->param_name[i]), "%s", s->params[i].name);
		r->param_value[i] = cfg->params[i];
	}
	r->nr_params = s->nr_params;
	r->expect_kind = f->kind;
	snprintf(r->expect_name, sizeof(r->expect_name), "%s", f->name);
	r->schedule = (uint8_t *)schedule;
	/* Trailing zeros say what running out of bytes says: keep the file short. */
	while (len && !schedule[len - 1])
		len--;
	r->len = len;
}

/* Write the reproducer of a failed run under @dir; the path goes to @path. */
static int save_repro(const char *dir, struct sim_repro *r, char *path, size_t pathlen)
{
	char name[128], err[512];
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", progname, dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < r->len; i++)
		h = (h ^ r->schedule[i]) * 0x100000001b3ULL;
	file_safe(name, sizeof(name), r->scenario);
	snprintf(path, pathlen, "%s/%s-%s-%08" PRIx32 ".repro", dir, name, r->expect_name,
		 (uint32_t)(h ^ h >> 32));
	if (sim_repro_write(path, r, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return -1;
	}
	return 0;
}

/* ---- explore ----------------------------------------------------------- */

static struct {
	const struct sim_run_config *cfg;
	const char *out_dir;
	const char *found_by;
} fatal_ctx;

/* A sanitizer's death or a stack overflow: save what the run had decided so far. */
static void explore_fatal(void)
{
	const struct sim_failure *f = sim_run_failure();
	const uint8_t *schedule;
	char path[4096];
	struct sim_repro r;
	size_t len;

	if (!fatal_ctx.cfg)
		return;
	sim_current_schedule(&schedule, &len);
	fill_repro(&r, fatal_ctx.cfg, f, schedule, len);
	snprintf(r.found_by, sizeof(r.found_by), "%s", fatal_ctx.found_by);
	fprintf(stderr, "%s: %s: %s %s: %s\n", progname, fatal_ctx.cfg->scenario->name,
		sim_fail_kind_name[f->kind], f->name, f->message);
	if (save_repro(fatal_ctx.out_dir, &r, path, sizeof(path)) == 0)
		fprintf(stderr, "%s: reproducer: %s\n%s: replay: %s replay %s --trace\n", progname,
			path, progname, progname, path);
}

static int cmd_explore(int argc, char **argv)
{
	const struct sim_scenario *s;
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	const char *strategy = "random", *out_dir = "schedfuzz-out";
	unsigned long long seed = 1, runs = 0, depth = 3, run, steps = 0, max_nonpreempt = 0;
	double time_budget = 0, start, elapsed;
	uint64_t runs_hash = 0xcbf29ce484222325ULL;
	char path[4096] = "", found_by[128];
	bool json = false, have_runs = false;
	int i;

	if (argc < 1 || argv[0][0] == '-')
		die_usage("explore needs a scenario (schedfuzz list shows them)");
	s = find_scenario(argv[0]);
	sim_config_defaults(&cfg, s, &src);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--strategy")) {
			strategy = flag_value(argc, argv, &i);
			if (strcmp(strategy, "random") && strcmp(strategy, "pct"))
				die_usage("unknown strategy '%s' (random, pct)", strategy);
		} else if (!strcmp(a, "--depth")) {
			depth = parse_count(a, flag_value(argc, argv, &i), SIM_PCT_MAX_DEPTH);
			if (!depth)
				die_usage("--depth takes 1 to %d", SIM_PCT_MAX_DEPTH);
		} else if (!strcmp(a, "--seed")) {
			seed = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
		} else if (!strcmp(a, "--runs")) {
			runs = parse_count(a, flag_value(argc, argv, &i), UINT64_MAX);
			have_runs = true;
		} else if (!strcmp(a, "--time")) {
			time_budget = (double)parse_count(a, flag_value(argc, argv, &i), 1000000);
		} else if (!strcmp(a, "--mm")) {
			cfg.mm = parse_mm(flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--param")) {
			set_param(&cfg, flag_value(argc, argv, &i));
		} else if (!strcmp(a, "--out")) {
			out_dir = flag_value(argc, argv, &i);
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else {
			die_usage("unknown argument '%s' to explore", a);
		}
	}
	if (!have_runs && !time_budget)
		runs = 10000;

	if (!strcmp(strategy, "pct"))
		sim_source_pct(&src, seed, (unsigned int)depth);
	else
		sim_source_random(&src, seed);

	fatal_ctx.cfg = &cfg;
	fatal_ctx.out_dir = out_dir;
	fatal_ctx.found_by = found_by;
	start = now_seconds();
	memset(&res, 0, sizeof(res));
	for (run = 0; !have_runs || run < runs; run++) {
		if (time_budget && (run & 63) == 0 && now_seconds() - start >= time_budget)
			break;
		snprintf(found_by, sizeof(found_by), "%s seed %llu run %llu", strategy, seed, run);
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		steps += res.steps;
		if (res.max_nonpreempt_steps > max_nonpreempt)
			max_nonpreempt = res.max_nonpreempt_steps;
		runs_hash = (runs_hash ^ sim_trace_hash()) * 0x100000001b3ULL;
		if (res.failure.kind != SIM_OK) {
			run++;
			break;
		}
	}
	elapsed = now_seconds() - start;
	fatal_ctx.cfg = NULL;

	if (res.failure.kind != SIM_OK) {
		struct sim_repro r;

		fill_repro(&r, &cfg, &res.failure, res.schedule, res.schedule_len);
		snprintf(r.found_by, sizeof(r.found_by), "%s", found_by);
		printf("%s: %s (mm %s), found by %s\n", s->name, sim_fail_kind_name[res.failure.kind],
		       sim_mm_name[cfg.mm], found_by);
		describe_failure(stdout, &res.failure);
		printf("  %" PRIu64 " steps, %" PRIu64 " decisions, %" PRIu64 " switches "
		       "(%" PRIu64 " preemptions); trace hash %016" PRIx64 "\n", res.steps,
		       res.decisions, res.switches, res.preemptions, sim_trace_hash());
		if (save_repro(out_dir, &r, path, sizeof(path)))
			path[0] = '\0';
		else
			printf("reproducer: %s\nreplay:     %s replay %s --trace\n", path, progname,
			       path);
	} else if (!json) {
		printf("%s: clean (mm %s) after %llu runs, %llu steps, %.1f s; "
		       "max non-preemptible stretch %llu steps\n", s->name, sim_mm_name[cfg.mm], run,
		       steps, elapsed, max_nonpreempt);
	}
	if (json) {
		bool failed = res.failure.kind != SIM_OK;

		printf("{\"scenario\":");
		json_string(stdout, s->name);
		printf(",\"mm\":\"%s\",\"strategy\":\"%s\",\"seed\":%llu,\"runs\":%llu,\"steps\":%llu,"
		       "\"elapsed_s\":%.3f,\"result\":\"%s\",\"kind\":", sim_mm_name[cfg.mm], strategy,
		       seed, run, steps, elapsed, failed ? "violation" : "clean");
		json_string(stdout, failed ? sim_fail_kind_name[res.failure.kind] : NULL);
		printf(",\"name\":");
		json_string(stdout, failed ? res.failure.name : NULL);
		printf(",\"reproducer\":");
		json_string(stdout, failed && path[0] ? path : NULL);
		printf(",\"max_nonpreempt_steps\":%llu,\"runs_hash\":\"%016" PRIx64 "\"}\n",
		       max_nonpreempt, runs_hash);
	}
	return res.failure.kind != SIM_OK;
}

/* ---- replay ------------------------------------------------------------ */

static uint8_t *read_raw(const char *path, size_t *len)
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
			if (cap > (64u << 20))
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

static int cmd_replay(int argc, char **argv)
{
	const char *file = NULL, *scenario = NULL;
	const char *params[SIM_MAX_PARAMS * 4];
	unsigned int nr_params = 0, i;
	enum sim_mm mm = SIM_MM_SC;
	bool trace = false, json = false, failed, as_recorded;
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	struct sim_repro r;
	char err[512];
	int a;

	for (a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "--trace")) {
			trace = true;
		} else if (!strcmp(argv[a], "--json")) {
			json = true;
		} else if (!strcmp(argv[a], "--scenario")) {
			scenario = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--mm")) {
			mm = parse_mm(flag_value(argc, argv, &a));
		} else if (!strcmp(argv[a], "--param")) {
			if (nr_params == sizeof(params) / sizeof(params[0]))
				die_usage("too many --param");
			params[nr_params++] = flag_value(argc, argv, &a);
		} else if (argv[a][0] == '-') {
			die_usage("unknown argument '%s' to replay", argv[a]);
		} else if (file) {
			die_usage("replay takes one file, not '%s' too", argv[a]);
		} else {
			file = argv[a];
		}
	}
	if (!file)
		die_usage("replay needs a reproducer file");

	if (scenario) {
		fill_repro(&r, &(struct sim_run_config){ .scenario = find_scenario(scenario) },
			   &(struct sim_failure){ .kind = SIM_OK }, NULL, 0);
		r.mm = mm;
		r.nr_params = 0;
		r.schedule = read_raw(file, &r.len);
	} else {
		if (nr_params)
			die_usage("--param goes with --scenario; a reproducer names its own");
		if (sim_repro_read(file, &r, err, sizeof(err)))
			die_usage("%s", err);
	}
	sim_config_defaults(&cfg, find_scenario(r.scenario), &src);
	cfg.mm = r.mm;
	if (r.mm != SIM_MM_SC)
		die_usage("%s: memory model %s is not implemented yet", file, sim_mm_name[r.mm]);
	for (i = 0; i < r.nr_params; i++) {
		char assignment[96];

		snprintf(assignment, sizeof(assignment), "%s=%ld", r.param_name[i], r.param_value[i]);
		set_param(&cfg, assignment);
	}
	for (i = 0; i < nr_params; i++)
		set_param(&cfg, params[i]);

	sim_source_bytes(&src, r.schedule, r.len);
	fatal_ctx.cfg = &cfg;
	fatal_ctx.out_dir = "schedfuzz-out";
	fatal_ctx.found_by = "replay";
	sim_run(&cfg, &res);
	fatal_ctx.cfg = NULL;

	failed = res.failure.kind != SIM_OK;
	as_recorded = scenario ? true : res.failure.kind == r.expect_kind &&
		      (!failed || !strcmp(res.failure.name, r.expect_name));
	if (trace)
		sim_trace_print(stdout);
	if (json) {
		printf("{\"scenario\":");
		json_string(stdout, cfg.scenario->name);
		printf(",\"mm\":\"%s\",\"result\":\"%s\",\"kind\":", sim_mm_name[cfg.mm],
		       failed ? "violation" : "clean");
		json_string(stdout, failed ? sim_fail_kind_name[res.failure.kind] : NULL);
		printf(",\"name\":");
		json_string(stdout, failed ? res.failure.name : NULL);
		printf(",\"as_recorded\":%s,\"steps\":%" PRIu64 ",\"decisions\":%zu,"
		       "\"max_nonpreempt_steps\":%" PRIu64 ",\"trace_hash\":\"%016" PRIx64 "\"}\n",
		       as_recorded ? "true" : "false", res.steps, r.len, res.max_nonpreempt_steps,
		       sim_trace_hash());
	} else {
		printf("%s (mm %s): %s after %" PRIu64 " steps, %zu decisions; trace hash %016" PRIx64
		       "\n", cfg.scenario->name, sim_mm_name[cfg.mm],
		       failed ? sim_fail_kind_name[res.failure.kind] : "clean", res.steps, r.len,
		       sim_trace_hash());
		if (failed)
			describe_failure(stdout, &res.failure);
		if (!as_recorded)
			printf("  NOT as recorded: the reproducer expects %s%s%s\n",
			       sim_fail_kind_name[r.expect_kind], r.expect_name[0] ? " " : "",
			       r.expect_name);
		printf("  max non-preemptible stretch: %" PRIu64 " steps\n",
		       res.max_nonpreempt_steps);
	}
	if (scenario)
		free(r.schedule);
	else
		sim_repro_free(&r);
	return failed;
}

/* ---- list -------------------------------------------------------------- */

static int cmd_list(int argc, char **argv)
{
	static const char *const verdict_name[] = { "-", "correct", "buggy" };
	const struct sim_scenario *const *s;
	int m;

	(void)argv;
	if (argc)
		die_usage("list takes no arguments");
	for (s = sim_scenarios; *s; s++) {
		printf("%-24s", (*s)->name);
		for (m = 0; m < SIM_MM_NR; m++)
			printf(" %s=%-7s", sim_mm_name[m], verdict_name[(*s)->verdict[m]]);
		printf(" %s\n", (*s)->description);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status;

	progname = argv[0];
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sim_install_fatal_handlers(explore_fatal);
	if (!strcmp(argv[1], "list"))
		status = cmd_list(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "explore"))
		status = cmd_explore(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "replay"))
		status = cmd_replay(argc - 2, argv + 2);
	else
		die_usage("unknown command '%s' (list, explore, replay)", argv[1]);
	sim_shutdown();
	return status;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz replay: run a reproducer's schedule again, tell its story
 * (--trace), and say whether it failed as recorded.  With --scenario, the
 * file is a raw schedule, as libFuzzer saves it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "picture.h"
#include "watchdog.h"
#include "sim/engine.h"
#include "sim/trace.h"

static void print_result(const struct sim_run_config *cfg, const struct sim_result *res,
			 const struct sim_repro *r, bool as_recorded, bool json);

/* Exit status of a replay that ran, but not as its file recorded. */
#define REPLAY_NOT_AS_RECORDED 4

static bool failed_as_recorded(const struct sim_repro *r, const struct sim_failure *f, bool raw)
{
	/* A raw schedule records no expectation: any failure is what it shows. */
	return raw || (f->kind == r->expect_kind &&
		       (f->kind == SIM_OK || !strcmp(f->name, r->expect_name)));
}

/* The pictures asked for: opened before the run, so a bad path costs no run. */
static struct picture_file {
	const char *path;
	char tmp[4200];		/* a hidden name beside it, renamed over it when whole */
	FILE *f;
} timeline, chrome_trace;

/* The same name, or two names of one existing file. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void open_picture(struct picture_file *p)
{
	const char *base;

	if (!p->path)
		return;
	base = strrchr(p->path, '/');
	base = base ? base + 1 : p->path;
	snprintf(p->tmp, sizeof(p->tmp), "%.*s.%s.%d.tmp", (int)(base - p->path), p->path, base,
		 (int)getpid());
	p->f = fopen(p->tmp, "w");
	if (!p->f)
		die_usage("cannot write %s: %s", p->path, strerror(errno));
}

/* On an error: no half-written picture stays. */
static void discard_pictures(void)
{
	struct picture_file *all[] = { &timeline, &chrome_trace };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (all[i]->f) {
			fclose(all[i]->f);
			all[i]->f = NULL;
			unlink(all[i]->tmp);
		}
	}
}

/* Whole or not at all: a full disk leaves no truncated picture behind. */
static void close_picture(struct picture_file *p)
{
	bool failed = ferror(p->f) || fflush(p->f) || fsync(fileno(p->f));
	int error = errno;

	if (fclose(p->f))
		failed = true, error = errno;
	p->f = NULL;
	if (!failed && rename(p->tmp, p->path))
		failed = true, error = errno;
	if (failed) {
		unlink(p->tmp);
		discard_pictures();
		die_usage("cannot write %s: %s", p->path, strerror(error ? error : EIO));
	}
}

static void write_pictures(const struct sim_run_config *cfg, const struct sim_result *res,
			   const char *source)
{
	const struct pic_info info = {
		.scenario = cfg->scenario->name, .mm = sim_mm_name[cfg->mm], .source = source,
		.failure = &res->failure, .steps = res->steps,
	};

	if (timeline.f) {
		timeline_write(timeline.f, timeline.path, &info);
		close_picture(&timeline);
	}
	if (chrome_trace.f) {
		chrome_trace_write(chrome_trace.f, &info);
		close_picture(&chrome_trace);
	}
}

/* What the fatal hook needs to report a replay a sanitizer ends. */
static struct {
	const struct sim_run_config *cfg;
	const struct sim_repro *repro;
	const char *file;
	bool raw, json;
} replaying;

static void replay_fatal(void)
{
	struct sim_result res = { .failure = *sim_run_failure(), .steps = sim_trace_steps() };

	write_pictures(replaying.cfg, &res, replaying.file);

	print_result(replaying.cfg, &res, replaying.repro,
		     failed_as_recorded(replaying.repro, &res.failure, replaying.raw),
		     replaying.json);
	fflush(stdout);
}

static void print_result(const struct sim_run_config *cfg, const struct sim_result *res,
			 const struct sim_repro *r, bool as_recorded, bool json)
{
	bool failed = res->failure.kind != SIM_OK;

	if (json) {
		printf("{\"scenario\":");
		json_string(stdout, cfg->scenario->name);
		printf(",\"mm\":\"%s\",\"preempt\":\"%s\",\"result\":\"%s\",\"kind\":",
		       sim_mm_name[cfg->mm], sim_preempt_name[cfg->preempt],
		       failed ? "violation" : "clean");
		json_string(stdout, failed ? sim_fail_kind_name[res->failure.kind] : NULL);
		printf(",\"name\":");
		json_string(stdout, failed ? res->failure.name : NULL);
		printf(",\"as_recorded\":%s,\"steps\":%" PRIu64 ",\"decisions\":%zu,"
		       "\"max_nonpreempt_steps\":%" PRIu64 ",\"trace_hash\":\"%016" PRIx64 "\"}\n",
		       as_recorded ? "true" : "false", res->steps, r->len, res->max_nonpreempt_steps,
		       sim_trace_hash());
		return;
	}
	printf("%s (mm %s, preempt %s): %s after %" PRIu64 " steps, %zu decisions; "
	       "trace hash %016" PRIx64 "\n", cfg->scenario->name, sim_mm_name[cfg->mm],
	       sim_preempt_name[cfg->preempt],
	       failed ? sim_fail_kind_name[res->failure.kind] : "clean", res->steps, r->len,
	       sim_trace_hash());
	if (failed)
		describe_failure(stdout, &res->failure);
	if (!as_recorded)
		printf("  NOT as recorded: the reproducer expects %s%s%s\n",
		       sim_fail_kind_name[r->expect_kind], r->expect_name[0] ? " " : "",
		       r->expect_name);
	printf("  max non-preemptible stretch: %" PRIu64 " steps\n", res->max_nonpreempt_steps);
}

int cmd_replay(int argc, char **argv)
{
	const char *file = NULL, *scenario = NULL, *against = NULL, *params[SIM_MAX_PARAMS];
	unsigned int nr_params = 0, i;
	enum sim_mm mm = SIM_MM_SC;
	enum sim_preempt preempt = SIM_PREEMPT_DEFAULT;
	bool trace = false, json = false, mm_given = false, preempt_given = false, as_recorded;
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	struct sim_repro r;
	int a;

	for (a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "--trace")) {
			trace = true;
		} else if (!strcmp(argv[a], "--json")) {
			json = true;
		} else if (!strcmp(argv[a], "--timeline")) {
			timeline.path = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--chrome-trace")) {
			chrome_trace.path = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--scenario")) {
			scenario = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--against")) {
			against = find_scenario(flag_value(argc, argv, &a))->name;
		} else if (!strcmp(argv[a], "--mm")) {
			mm = parse_mm(flag_value(argc, argv, &a));
			mm_given = true;
		} else if (!strcmp(argv[a], "--preempt")) {
			preempt = parse_preempt(flag_value(argc, argv, &a));
			preempt_given = true;
		} else if (!strcmp(argv[a], "--param")) {
			if (nr_params == SIM_MAX_PARAMS)
				die_usage("more than %d --param", SIM_MAX_PARAMS);
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
	if (timeline.path && chrome_trace.path && same_file(timeline.path, chrome_trace.path))
		die_usage("--timeline and --chrome-trace both name %s: one would overwrite the other",
			  timeline.path);
	/* A picture in a format its name does not say would mislead whoever opens it. */
	if (timeline.path && !has_extension(timeline.path, ".svg") &&
	    !has_extension(timeline.path, ".html") && !has_extension(timeline.path, ".htm"))
		die_usage("--timeline writes SVG (.svg) or HTML (.html, .htm), not '%s'",
			  timeline.path);
	if (chrome_trace.path && !has_extension(chrome_trace.path, ".json"))
		die_usage("--chrome-trace writes Chrome Trace JSON (.json), not '%s'",
			  chrome_trace.path);
	if (!scenario && nr_params)
		die_usage("--param goes with --scenario: a reproducer names its own");
	if (scenario && against)
		die_usage("--against takes a reproducer, whose parameters it keeps, not a raw file");

	schedule_read(file, scenario, mm, &r);
	/* A reproducer's model is part of its schedule: never silently run another. */
	if (!scenario && mm_given && mm != r.mm)
		die_usage("--mm %s, but %s was recorded under mm %s (--mm goes with --scenario; "
			  "the model of a reproducer is its own)", sim_mm_name[mm], file,
			  sim_mm_name[r.mm]);
	if (scenario)
		r.preempt = preempt;
	else if (preempt_given && preempt != r.preempt)
		die_usage("--preempt %s, but %s was recorded under preempt %s (--preempt goes with "
			  "--scenario; the model of a reproducer is its own)",
			  sim_preempt_name[preempt], file, sim_preempt_name[r.preempt]);
	/* The same schedule and parameters against another variant: does the fix hold? */
	if (against) {
		snprintf(r.scenario, sizeof(r.scenario), "%s", against);
		r.expect_kind = SIM_OK;
		r.expect_name[0] = '\0';
	}
	schedule_config(&cfg, &r, &src);
	for (i = 0; i < nr_params; i++)
		set_param(&cfg, params[i]);

	sim_source_bytes(&src, r.schedule, r.len);
	replaying.cfg = &cfg;
	replaying.repro = &r;
	replaying.file = file;
	replaying.raw = scenario != NULL;
	replaying.json = json;
	open_picture(&timeline);
	open_picture(&chrome_trace);
	sim_install_fatal_handlers(replay_fatal);
	watchdog_start(WATCHDOG_SECONDS, 0, 2, "");
	sim_run(&cfg, &res);
	watchdog_stop();
	as_recorded = failed_as_recorded(&r, &res.failure, scenario != NULL);
	write_pictures(&cfg, &res, file);
	if (trace)
		sim_trace_print(stdout);
	print_result(&cfg, &res, &r, as_recorded, json);
	sim_repro_free(&r);
	/*
	 * 0 clean, 1 failed; for a reproducer (not --against, whose question is
	 * whether the fix fails) 4 when the run did not end as recorded.
	 */
	if (!as_recorded && !against)
		return REPLAY_NOT_AS_RECORDED;
	return res.failure.kind != SIM_OK;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz campaign: every scenario (or those matching --scenario), under
 * every model it has a known verdict for, searched within a time budget,
 * --jobs at a time -- by libFuzzer's target where this build has one, by
 * random and PCT where not -- then each job's failing schedules grouped
 * into distinct bugs, one minimized reproducer each, and a table of what
 * was found beside what the seed threads say.  A clean run of a
 * known-buggy scenario is a finding as much as a failure of a correct one;
 * either makes the exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/scenario.h"
#include "campaign.h"
#include "cli.h"

#define MAX_GLOBS 16
#define MAX_JOBS 256
#define POLL_US 100000

static const char *const verdict_name[] = { "-", "correct", "buggy" };

struct campaign {
	struct job jobs[MAX_JOBS];
	unsigned int nr_jobs, parallel;
	double seconds, start;
	const char *out_dir, *fuzzer;
	bool json, live;	/* live: a status line on a terminal, else a line per event */
	FILE *events;
};

static bool selected(const char *name, const char *const *globs, unsigned int nr_globs)
{
	unsigned int i;

	for (i = 0; i < nr_globs; i++)
		if (!fnmatch(globs[i], name, 0))
			return true;
	return !nr_globs;
}

/* The libFuzzer target beside this build's schedfuzz, if the build has one. */
static const char *sibling_fuzzer(void)
{
	static char path[CAMPAIGN_PATH];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	strcpy(slash, "/../fuzz/schedfuzz-fuzzer");
	return access(path, X_OK) ? NULL : path;
}

static void job_name(const struct job *job, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", job->scenario->name, sim_mm_name[job->mm]);
}

static void clear_status(struct campaign *c)
{
	if (c->live)
		fputs("\r\033[K", c->events);
}

static void event(struct campaign *c, const struct job *job, const char *what)
{
	char name[96];

	job_name(job, name, sizeof(name));
	clear_status(c);
	fprintf(c->events, "[%6.1fs] %-34s %s\n", now_seconds() - c->start, name, what);
	fflush(c->events);
}

static void show_status(struct campaign *c, unsigned int done)
{
	char line[160];
	size_t used;
	unsigned int i;

	if (!c->live)
		return;
	used = (size_t)snprintf(line, sizeof(line), "[%u/%u, %.0fs]", done, c->nr_jobs,
				now_seconds() - c->start);
	for (i = 0; i < c->nr_jobs && used < sizeof(line); i++) {
		const struct job *j = &c->jobs[i];
		double rate = j->elapsed > 0 ? j->runs / j->elapsed : 0;

		if (j->state != JOB_RUNNING)
			continue;
		used += (size_t)snprintf(line + used, sizeof(line) - used,
					 "  %s %s: %.0f/s, %u failing", j->scenario->name,
					 sim_mm_name[j->mm], rate, j->failures);
	}
	fprintf(c->events, "\r\033[K%.119s", line);
	fflush(c->events);
}

/* Time left, shared by the jobs not yet finished; a quick find leaves more for the rest. */
static double job_budget(const struct campaign *c, unsigned int waiting)
{
	double left = c->seconds - (now_seconds() - c->start), share;

	if (left <= 0.1)
		return 0.1;
	share = left * c->parallel / waiting;
	return share < left ? share : left;
}

static void judge(struct job *job)
{
	const char *bug = job->scenario->bug;
	bool buggy = job->scenario->verdict[job->mm] == SIM_VERDICT_BUGGY;
	unsigned int i;

	/* A failure not on disk, or a search that never ran: no verdict at all. */
	if (job->error[0]) {
		job->status = "ERROR";
		return;
	}
	if (!buggy) {
		job->status = job->nr_signatures ? "DISAGREES" : job->stopped ? "stopped" : "agrees";
		return;
	}
	for (i = 0; i < job->nr_signatures; i++)
		if (bug_matches(bug, &job->signature[i].failure))
			break;
	if (i < job->nr_signatures)
		job->status = "agrees";
	else if (!job->nr_signatures && !build_can_find(bug))
		job->status = "not in this build";
	else if (job->stopped)
		job->status = "stopped";
	else
		job->status = "DISAGREES";
}

static void finish_job(struct campaign *c, struct job *job)
{
	char what[256];

	job_classify(job);
	judge(job);
	snprintf(what, sizeof(what), "%llu schedules in %.1f s, %u failing, %u distinct: %s",
		 job->runs, job->elapsed, job->failures, job->nr_signatures, job->status);
	if (!c->live || strcmp(job->status, "agrees"))
		event(c, job, what);
}

/* Ctrl-C or SIGTERM: stop the jobs, and still tell what was found. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void stop_jobs(struct campaign *c, unsigned int next)
{
	unsigned int i;

	for (i = 0; i < next; i++) {
		struct job *job = &c->jobs[i];

		if (job->state != JOB_RUNNING)
			continue;
		job->stopped = true;
		job->budget = 0;	/* no restart */
		job_kill(job);
	}
}

static void run_jobs(struct campaign *c)
{
	unsigned int next = 0, running = 0, done = 0, i;
	bool stopping = false;
	char what[128];

	while (done < c->nr_jobs) {
		if (stop_signal && !stopping) {
			stopping = true;
			stop_jobs(c, next);
			/* The jobs never started are not run: none of them has a verdict. */
			for (i = next; i < c->nr_jobs; i++) {
				c->jobs[i].state = JOB_DONE;
				c->jobs[i].status = "not run";
				done++;
			}
			next = c->nr_jobs;
		}
		while (!stopping && running < c->parallel && next < c->nr_jobs) {
			struct job *job = &c->jobs[next];

			job->budget = job_budget(c, c->nr_jobs - next);
			if (job_start(job, c->fuzzer)) {
				job->state = JOB_DONE;
				job->status = "ERROR";
				snprintf(job->error, sizeof(job->error), "could not start (see above)");
				done++;
			} else {
				running++;
				if (!c->live) {
					snprintf(what, sizeof(what), "starts (%s, %.1f s)",
						 job->libfuzzer ? "libFuzzer" : "random+pct",
						 job->budget);
					event(c, job, what);
				}
			}
			next++;
		}
		usleep(POLL_US);
		for (i = 0; i < next; i++) {
			struct job *job = &c->jobs[i];
			bool had_found = job->found;

			if (job->state != JOB_RUNNING)
				continue;
			if (job_poll(job, c->fuzzer)) {
				running--;
				done++;
			}
			if (job->found && !had_found && !c->live) {
				snprintf(what, sizeof(what),
					 "first failure after %llu schedules, %.2f s",
					 job->first_runs, job->first_seconds);
				event(c, job, what);
			}
			if (job->state == JOB_DONE)
				finish_job(c, job);
		}
		show_status(c, done);
	}
	clear_status(c);
}

static void print_signature(const struct signature *sig, bool first, const struct job *job)
{
	char label[96], found[128], after[48];

	failure_label(&sig->failure, label, sizeof(label));
	snprintf(found, sizeof(found), "%s (%u)", label, sig->files);
	after[0] = '\0';
	if (first && job->first_seconds < 1)
		snprintf(after, sizeof(after), "%llu sched, %.1f ms", job->first_runs,
			 job->first_seconds * 1000);
	else if (first)
		snprintf(after, sizeof(after), "%llu sched, %.2f s", job->first_runs,
			 job->first_seconds);
	printf("%-30s %-4s %-7s %-40s %-20s %s\n", first ? job->scenario->name : "",
	       first ? sim_mm_name[job->mm] : "", first ? verdict_name[job->scenario->verdict[job->mm]]
	       : "", found, after, sig->reproducer);
	if (sig->functions[0])
		printf("%-43s   racing steps: %s; %llu -> %llu switches\n", "", sig->functions,
		       sig->switches_before, sig->switches_after);
}

static void print_table(const struct campaign *c)
{
	unsigned int i, s;

	printf("\n%-30s %-4s %-7s %-40s %-20s %s\n", "scenario", "mm", "known", "found (schedules)",
	       "first after", "reproducer (minimized)");
	for (i = 0; i < c->nr_jobs; i++) {
		const struct job *job = &c->jobs[i];
		const char *bug = job->scenario->bug;

		for (s = 0; s < job->nr_signatures; s++)
			print_signature(&job->signature[s], !s, job);
		if (!job->nr_signatures) {
			char clean[64];

			/* "clean" only where the search ran and lost nothing. */
			if (strcmp(job->status, "agrees") && strcmp(job->status, "DISAGREES"))
				snprintf(clean, sizeof(clean), "-, %llu sched, %.1f s", job->runs,
					 job->elapsed);
			else
				snprintf(clean, sizeof(clean), "clean, %llu sched, %.1f s",
					 job->runs, job->elapsed);
			printf("%-30s %-4s %-7s %-40s %-20s %s\n", job->scenario->name,
			       sim_mm_name[job->mm], verdict_name[job->scenario->verdict[job->mm]],
			       clean, "-", "-");
		}
		if (!strcmp(job->status, "DISAGREES"))
			printf("  !! DISAGREES: the known verdict is %s%s%s\n",
			       verdict_name[job->scenario->verdict[job->mm]], bug ? ", " : "",
			       bug ? bug : "");
		else if (!strcmp(job->status, "ERROR"))
			printf("  !! no verdict: %s\n", job->error);
		else if (!strcmp(job->status, "not run"))
			printf("  (not run: the campaign was stopped)\n");
		else if (!strcmp(job->status, "stopped"))
			printf("  (stopped before the end of its budget: no verdict)\n");
		else if (strcmp(job->status, "agrees"))
			printf("  (%s needs a sanitizer this build lacks)\n", bug);
	}
}

static void print_json(const struct campaign *c)
{
	static const char *const verdict[] = { "none", "correct", "buggy" };
	unsigned int i, s;

	printf("[");
	for (i = 0; i < c->nr_jobs; i++) {
		const struct job *job = &c->jobs[i];

		printf("%s{\"scenario\":", i ? ",\n " : "");
		json_string(stdout, job->scenario->name);
		printf(",\"mm\":\"%s\",\"known\":\"%s\",\"bug\":", sim_mm_name[job->mm],
		       verdict[job->scenario->verdict[job->mm]]);
		json_string(stdout, job->scenario->bug);
		printf(",\"status\":");
		json_string(stdout, job->status);
		printf(",\"error\":");
		json_string(stdout, job->error[0] ? job->error : NULL);
		printf(",\"engine\":\"%s\",\"schedules\":%llu,\"seconds\":%.3f,",
		       job->libfuzzer ? "libfuzzer" : "builtin", job->runs, job->elapsed);
		if (job->found)
			printf("\"first_found_schedules\":%llu,\"first_found_seconds\":%.3f,",
			       job->first_runs, job->first_seconds);
		printf("\"failing\":%u,\"signatures\":[", job->failures);
		for (s = 0; s < job->nr_signatures; s++) {
			const struct signature *sig = &job->signature[s];

			printf("%s{\"kind\":\"%s\",\"name\":", s ? "," : "",
			       sim_fail_kind_name[sig->failure.kind]);
			json_string(stdout, sig->failure.name);
			printf(",\"functions\":");
			json_string(stdout, sig->functions);
			printf(",\"schedules\":%u,\"switches_before\":%llu,\"switches_after\":%llu,"
			       "\"reproducer\":", sig->files, sig->switches_before,
			       sig->switches_after);
			json_string(stdout, sig->reproducer);
			printf("}");
		}
		printf("]}");
	}
	printf("]\n");
}

/* "demo/lost-update" under "out" and "sc" -> "out/demo-lost-update-sc" */
static void job_dir(struct job *job, const char *out_dir)
{
	char *p;

	snprintf(job->dir, sizeof(job->dir), "%s/%s-%s", out_dir, job->scenario->name,
		 sim_mm_name[job->mm]);
	for (p = job->dir + strlen(out_dir) + 1; *p; p++)
		if (*p == '/')
			*p = '-';
}

static void add_jobs(struct campaign *c, const char *const *globs, unsigned int nr_globs,
		     int mm_wanted, enum sim_preempt preempt, unsigned long long seed,
		     bool libfuzzer)
{
	const struct sim_scenario *const *s;
	int m;

	for (s = sim_scenario_list(); *s; s++) {
		if (!selected((*s)->name, globs, nr_globs))
			continue;
		for (m = 0; m < SIM_MM_NR && c->nr_jobs < MAX_JOBS; m++) {
			struct job *job = &c->jobs[c->nr_jobs];

			if ((*s)->verdict[m] == SIM_VERDICT_NONE || (mm_wanted >= 0 && mm_wanted != m))
				continue;
			*job = (struct job){ .scenario = *s, .mm = (enum sim_mm)m,
					     .preempt = preempt, .seed = seed,
					     .libfuzzer = libfuzzer, .status = "agrees" };
			job_dir(job, c->out_dir);
			c->nr_jobs++;
		}
	}
}

/*
 * One campaign per out dir: two would count and classify each other's
 * crash files and minimize over each other's reproducers.  The lock lives
 * as long as the process (and the children, which inherit it).
 */
static void lock_out_dir(const char *dir)
{
	char path[CAMPAIGN_PATH];
	int fd;

	snprintf(path, sizeof(path), "%s/.campaign.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		die_usage("could not write %s: %s", path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB))
		die_usage("another campaign is using %s (its lock %s is held)", dir, path);
}

int cmd_campaign(int argc, char **argv)
{
	static struct campaign c;
	const char *globs[MAX_GLOBS], *engine = "auto";
	unsigned long long seed = 1;
	unsigned int nr_globs = 0, i, disagree = 0, unchecked = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int mm_wanted = -1, a, errors = 0, unverdicted = 0;
	enum sim_preempt preempt = SIM_PREEMPT_DEFAULT;
	struct sigaction sa = { .sa_handler = on_stop };
	struct stat st;

	c.seconds = 60;
	c.out_dir = "schedfuzz-out";
	c.parallel = cpus > 0 ? (unsigned int)cpus : 1;
	for (a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "--time")) {
			c.seconds = parse_seconds(argv[a], flag_value(argc, argv, &a));
		} else if (!strcmp(argv[a], "--jobs")) {
			c.parallel = (unsigned int)parse_count(argv[a], flag_value(argc, argv, &a), 256);
			if (!c.parallel)
				die_usage("--jobs must be at least 1");
		} else if (!strcmp(argv[a], "--scenario")) {
			if (nr_globs == MAX_GLOBS)
				die_usage("at most %d --scenario", MAX_GLOBS);
			globs[nr_globs++] = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--mm")) {
			const char *v = flag_value(argc, argv, &a);

			mm_wanted = strcmp(v, "all") ? (int)parse_mm(v) : -1;
		} else if (!strcmp(argv[a], "--preempt")) {
			preempt = parse_preempt(flag_value(argc, argv, &a));
		} else if (!strcmp(argv[a], "--seed")) {
			seed = parse_count(argv[a], flag_value(argc, argv, &a), UINT64_MAX / 2);
		} else if (!strcmp(argv[a], "--out")) {
			c.out_dir = flag_value(argc, argv, &a);
		} else if (!strcmp(argv[a], "--engine")) {
			engine = flag_value(argc, argv, &a);
			if (strcmp(engine, "auto") && strcmp(engine, "builtin") &&
			    strcmp(engine, "libfuzzer"))
				die_usage("unknown engine '%s' (auto, builtin, libfuzzer)", engine);
		} else if (!strcmp(argv[a], "--fuzzer")) {
			c.fuzzer = flag_value(argc, argv, &a);
			if (access(c.fuzzer, X_OK))
				die_usage("--fuzzer %s: not an executable", c.fuzzer);
		} else if (!strcmp(argv[a], "--json")) {
			c.json = true;
		} else {
			die_usage("unknown argument '%s' to campaign", argv[a]);
		}
	}
	if (!c.fuzzer && strcmp(engine, "builtin"))
		c.fuzzer = sibling_fuzzer();
	if (!c.fuzzer && !strcmp(engine, "libfuzzer"))
		die_usage("no libFuzzer target in this build: give --fuzzer PATH "
			  "(a clang build with -Dfuzzing=enabled has fuzz/schedfuzz-fuzzer)");
	if (strcmp(engine, "builtin") && c.fuzzer == NULL)
		engine = "builtin";
	add_jobs(&c, globs, nr_globs, mm_wanted, preempt, seed,
		 c.fuzzer && strcmp(engine, "builtin"));
	if (!c.nr_jobs)
		die_usage("no scenario matches (schedfuzz list shows them)");
	if (strlen(c.out_dir) > 256)
		die_usage("--out %.40s...: a shorter path, please", c.out_dir);
	if (mkdir(c.out_dir, 0777) && errno != EEXIST)
		die_usage("could not create %s: %s", c.out_dir, strerror(errno));
	if (stat(c.out_dir, &st) || !S_ISDIR(st.st_mode))
		die_usage("--out %s is not a directory", c.out_dir);
	lock_out_dir(c.out_dir);
	/* Fewer jobs than CPUs: libFuzzer's fork mode uses the rest. */
	for (i = 0; i < c.nr_jobs && c.nr_jobs < c.parallel; i++)
		c.jobs[i].forks = c.parallel / c.nr_jobs > 1 ? c.parallel / c.nr_jobs : 0;

	c.events = c.json ? stderr : stdout;
	c.live = isatty(fileno(c.events));
	c.start = now_seconds();
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run_jobs(&c);
	for (i = 0; i < c.nr_jobs; i++) {
		disagree += !strcmp(c.jobs[i].status, "DISAGREES");
		unchecked += !strcmp(c.jobs[i].status, "not in this build");
		errors += !strcmp(c.jobs[i].status, "ERROR");
		unverdicted += !strcmp(c.jobs[i].status, "not run") ||
			       !strcmp(c.jobs[i].status, "stopped");
	}
	if (c.json) {
		print_json(&c);
		return stop_signal ? 128 + stop_signal : errors ? 2 : disagree ? 1 : 0;
	}
	print_table(&c);
	printf("\n%u of %u results agree with the known verdicts, %u disagree%s%s (%.0f s)\n",
	       c.nr_jobs - disagree - unchecked - errors - unverdicted, c.nr_jobs, disagree,
	       disagree ? " (see !! above)" : "", unchecked ? ", the rest need another build" : "",
	       now_seconds() - c.start);
	if (stop_signal)
		printf("stopped by %s: the table holds what was found so far\n",
		       stop_signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM");
	if (errors)
		fprintf(stderr, "%s: %d result%s without a verdict (see !! above)\n", progname,
			errors, errors == 1 ? "" : "s");
	return stop_signal ? 128 + stop_signal : errors ? 2 : disagree ? 1 : 0;
}

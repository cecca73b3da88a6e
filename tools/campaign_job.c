// SPDX-License-Identifier: GPL-2.0
/*
 * A campaign job: one scenario under one model, searched in a child process
 * until its budget ends or it has enough failing schedules.  The built-in
 * child runs random and PCT in half-second slices, a fresh seed each, and
 * reports after each slice on a pipe; a libFuzzer child writes its log,
 * which is read for its run count.  Either leaves its failing schedules in
 * DIR/crashes/, where they are counted as they come.  A child that dies (a
 * sanitizer's report, a crash libFuzzer saved) is started again, with
 * other seeds, while budget is left.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "campaign.h"
#include "cli.h"

#define SLICE_SECONDS 0.5
/* Enough failing schedules to tell the bugs apart: the budget is better spent elsewhere. */
#define ENOUGH_FAILURES 100
#define MAX_SCHEDULE_BYTES 4096
#define SHA1_OF_NOTHING "da39a3ee5e6b4b0d3255bfef95601890afd80709"

static void path_in(char *buf, size_t len, const struct job *job, const char *name)
{
	snprintf(buf, len, "%s/%s", job->dir, name);
}

/* The filesystem of @path has (next to) no room left. */
static bool no_room(const char *path)
{
	struct statvfs fs;

	return !statvfs(path, &fs) && (unsigned long long)fs.f_bavail * fs.f_frsize < 65536;
}

/*
 * libFuzzer writes its crash files in place, named by the SHA-1 of their
 * bytes, so an empty one (but the empty input's) is being written or could
 * not be: not counted, and on a full disk, once the child has @ended, a
 * failure lost -- the job has no verdict.
 */
static unsigned int count_failures(struct job *job, bool ended)
{
	char crashes[CAMPAIGN_PATH];
	struct dirent *d;
	unsigned int n = 0;
	DIR *dir;

	path_in(crashes, sizeof(crashes), job, "crashes");
	dir = opendir(crashes);
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		char path[CAMPAIGN_PATH + 256];
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", crashes, d->d_name);
		if (stat(path, &st) || st.st_size || strstr(d->d_name, SHA1_OF_NOTHING)) {
			n++;
			continue;
		}
		if (ended && !job->stopped && !job->error[0] && no_room(crashes))
			snprintf(job->error, sizeof(job->error),
				 "could not write %.900s: an empty crash file on a full disk", path);
	}
	closedir(dir);
	return n;
}

static void builtin_child(const struct job *job, double budget, int fd)
{
	struct sim_run_config cfg;
	struct sim_source src;
	char crashes[CAMPAIGN_PATH];
	double start = now_seconds(), left;
	unsigned long long runs = 0, slice;
	unsigned int failures = 0;

	path_in(crashes, sizeof(crashes), job, "crashes");
	sim_config_defaults(&cfg, job->scenario, &src);
	cfg.mm = job->mm;
	cfg.preempt = job->preempt;
	for (slice = 0; failures < ENOUGH_FAILURES; slice++) {
		struct search search = {
			.cfg = &cfg,
			.strategy = slice % 2 ? "pct" : "random",
			.seed = job->seed + slice,
			.depth = 3,
			.out_dir = crashes,
			.runaway_fd = fd,
			.runaway_prefix = "error ",
		};

		left = budget - (now_seconds() - start);
		if (left <= 0 && slice)
			break;
		/* A zero budget would mean no limit: run once at least. */
		search.seconds = left < SLICE_SECONDS ? left : SLICE_SECONDS;
		if (search.seconds <= 0)
			search.runs = 1;
		search_run(&search);
		runs += search.runs_done;
		/* A failure with no file would be counted as none: the parent must know. */
		if (search.save_error[0])
			dprintf(fd, "unsaved %s\n", search.save_error);
		if (search.result.failure.kind != SIM_OK && !failures++)
			dprintf(fd, "found %llu %.3f\n", runs, now_seconds() - start);
		dprintf(fd, "progress %llu %.3f\n", runs, now_seconds() - start);
	}
	_exit(0);
}

/* @quiet: the child's own reports would scribble over the parent's table. */
pid_t campaign_fork(bool quiet)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		fprintf(stderr, "%s: fork: %s\n", progname, strerror(errno));
	/* Its own process group: Ctrl-C reaches the campaign, which ends the group. */
	if (!pid) {
		setpgid(0, 0);
		/* The campaign's stop handler is not the child's: a SIGTERM ends it. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	if (!pid && quiet &&
	    (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
		_exit(2);
	return pid;
}

void job_kill(struct job *job)
{
	if (job->state == JOB_RUNNING && job->pid > 0) {
		kill(-job->pid, SIGTERM);
		kill(job->pid, SIGTERM);
	}
}

static int start_builtin(struct job *job, double budget)
{
	int fds[2];

	if (pipe(fds)) {
		fprintf(stderr, "%s: pipe: %s\n", progname, strerror(errno));
		return -1;
	}
	job->pid = campaign_fork(true);
	if (job->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!job->pid) {
		close(fds[0]);
		builtin_child(job, budget, fds[1]);
	}
	close(fds[1]);
	job->child_started = now_seconds() - job->started;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	job->progress_fd = fds[0];
	return 0;
}

static int start_libfuzzer(struct job *job, const char *fuzzer, double left)
{
	char corpus[CAMPAIGN_PATH], log[CAMPAIGN_PATH], prefix[CAMPAIGN_PATH + 16];
	char total[32], seed[32], max_len[32], fork_arg[32];
	char *argv[12];
	int argc = 0, fd;

	path_in(corpus, sizeof(corpus), job, "corpus");
	path_in(log, sizeof(log), job, "fuzz.log");
	snprintf(prefix, sizeof(prefix), "-artifact_prefix=%s/crashes/", job->dir);
	snprintf(total, sizeof(total), "-max_total_time=%d", left < 1 ? 1 : (int)left);
	snprintf(seed, sizeof(seed), "-seed=%llu", job->seed);
	snprintf(max_len, sizeof(max_len), "-max_len=%d", MAX_SCHEDULE_BYTES);
	snprintf(fork_arg, sizeof(fork_arg), "-fork=%u", job->forks);
	argv[argc++] = (char *)fuzzer;
	argv[argc++] = total;
	argv[argc++] = seed;
	argv[argc++] = max_len;
	argv[argc++] = prefix;
	argv[argc++] = "-print_final_stats=1";
	if (job->forks) {
		argv[argc++] = fork_arg;
		argv[argc++] = "-ignore_crashes=1";
	}
	argv[argc++] = corpus;
	argv[argc] = NULL;

	job->pid = campaign_fork(false);
	if (job->pid < 0)
		return -1;
	if (!job->pid) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0666);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		setenv("SCHEDFUZZ_SCENARIO", job->scenario->name, 1);
		setenv("SCHEDFUZZ_MM", sim_mm_name[job->mm], 1);
		setenv("SCHEDFUZZ_PREEMPT", sim_preempt_name[job->preempt], 1);
		unsetenv("SCHEDFUZZ_PARAMS");
		execv(fuzzer, argv);
		dprintf(2, "%s: cannot run %s: %s\n", progname, fuzzer, strerror(errno));
		_exit(127);
	}
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create %s: %s\n", progname, path, strerror(errno));
		return -1;
	}
	return 0;
}

int job_start(struct job *job, const char *fuzzer)
{
	char sub[CAMPAIGN_PATH];

	job->started = now_seconds();
	job->state = JOB_RUNNING;
	job->progress_fd = -1;
	if (make_dir(job->dir))
		return -1;
	path_in(sub, sizeof(sub), job, "crashes");
	if (make_dir(sub))
		return -1;
	if (!job->libfuzzer)
		return start_builtin(job, job->budget);
	path_in(sub, sizeof(sub), job, "corpus");
	if (make_dir(sub))
		return -1;
	return start_libfuzzer(job, fuzzer, job->budget);
}

static void progress_line(struct job *job, const char *line)
{
	unsigned long long runs;
	double seconds;

	if (sscanf(line, "found %llu %lf", &runs, &seconds) == 2 && !job->found) {
		job->found = true;
		job->first_runs = job->runs_before + runs;
		job->first_seconds = job->child_started + seconds;
	} else if (!strncmp(line, "unsaved ", 8) || !strncmp(line, "error ", 6)) {
		if (!job->error[0])
			snprintf(job->error, sizeof(job->error), "%s", strchr(line, ' ') + 1);
	} else if (sscanf(line, "progress %llu %lf", &runs, &seconds) == 2) {
		job->runs = job->runs_before + runs;
		job->elapsed = job->child_started + seconds;
	}
}

/* libFuzzer: "#4096\tpulse ...", "#52: cov: ..." (-fork), and its final stats. */
static void log_line(struct job *job, const char *line)
{
	unsigned long long runs;

	if (sscanf(line, "#%llu", &runs) == 1 ||
	    sscanf(line, "stat::number_of_executed_units: %llu", &runs) == 1)
		job->runs = job->runs_before + runs;
}

/* Complete lines from @text; a partial one waits for the rest. */
static void take_lines(struct job *job, const char *text, size_t len,
		       void (*take)(struct job *, const char *))
{
	size_t i, have = strlen(job->partial);

	for (i = 0; i < len; i++) {
		if (text[i] != '\n') {
			if (have + 1 < sizeof(job->partial))
				job->partial[have++] = text[i];
			continue;
		}
		job->partial[have] = '\0';
		take(job, job->partial);
		have = 0;
	}
	job->partial[have] = '\0';
}

static void read_progress(struct job *job)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(job->progress_fd, buf, sizeof(buf))) > 0)
		take_lines(job, buf, (size_t)n, progress_line);
}

static void read_log(struct job *job)
{
	char log[CAMPAIGN_PATH], buf[4096];
	size_t n;
	FILE *f;

	path_in(log, sizeof(log), job, "fuzz.log");
	f = fopen(log, "r");
	if (!f)
		return;
	if (!fseek(f, job->log_offset, SEEK_SET)) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
			take_lines(job, buf, n, log_line);
			job->log_offset += (long)n;
		}
	}
	fclose(f);
}

/* libFuzzer's count of a failure's inputs is only known roughly: the last it printed. */
static void note_failures(struct job *job, bool ended)
{
	job->failures = count_failures(job, ended);
	if (job->failures && !job->found) {
		job->found = true;
		job->first_runs = job->runs;
		job->first_seconds = now_seconds() - job->started;
	}
}

bool job_poll(struct job *job, const char *fuzzer)
{
	double left;
	int status;
	pid_t pid;

	if (job->state != JOB_RUNNING)
		return job->state == JOB_DONE;
	if (job->libfuzzer) {
		read_log(job);
		job->elapsed = now_seconds() - job->started;
	} else {
		read_progress(job);
	}
	note_failures(job, false);
	pid = waitpid(job->pid, &status, WNOHANG);
	if (pid != job->pid)
		return false;
	/* Stopped: whatever of its group outlived SIGTERM (a -fork worker) goes now. */
	if (job->stopped)
		kill(-job->pid, SIGKILL);
	if (job->libfuzzer) {
		read_log(job);
	} else {
		read_progress(job);
		close(job->progress_fd);
	}
	job->runs_before = job->runs;
	note_failures(job, true);
	left = job->budget - (now_seconds() - job->started);
	/*
	 * A death is a failure it found (libFuzzer, a sanitizer): go on with
	 * other seeds.  127 is a child that could not start: no use retrying.
	 */
	if (!(WIFEXITED(status) && (!WEXITSTATUS(status) || WEXITSTATUS(status) == 127)) &&
	    left >= 1 && job->failures < ENOUGH_FAILURES && !job->error[0]) {
		job->seed += 1000;
		if (!(job->libfuzzer ? start_libfuzzer(job, fuzzer, left) : start_builtin(job, left)))
			return false;
	}
	job->state = JOB_DONE;
	job->elapsed = now_seconds() - job->started;
	/* Nothing run is no evidence of clean: a fuzzer that is not one, a log it cannot write. */
	if (!job->runs && !job->failures && !job->error[0])
		snprintf(job->error, sizeof(job->error), "%s ran no schedule (exit status %d)%s",
			 job->libfuzzer ? fuzzer : "the search", WIFEXITED(status) ?
			 WEXITSTATUS(status) : 128 + WTERMSIG(status),
			 job->libfuzzer ? ": is it a libFuzzer target of this schedfuzz?" : "");
	return true;
}

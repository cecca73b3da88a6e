// SPDX-License-Identifier: GPL-2.0
/*
 * From a job's failing schedules to its distinct bugs.  Every schedule in
 * DIR/crashes/ is replayed, in a child (a sanitizer's report ends the
 * process that sees it), and grouped by failure kind and name; the first of
 * each group, in name order, is minimized by `schedfuzz minimize` and its
 * story says where the racing steps were: the functions where tasks were
 * preempted, then the one where it failed.  That is the signature.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "campaign.h"
#include "cli.h"
#include "sim/engine.h"
#include "sim/repro.h"
#include "sim/trace.h"
#include "watchdog.h"

#define MAX_CLASSIFIED 1000

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The file names in DIR/crashes/, sorted: the order, and so the result, are the same each time. */
static char **list_crashes(const struct job *job, size_t *nr)
{
	char dir_path[CAMPAIGN_PATH];
	char **names = NULL;
	struct dirent *d;
	size_t cap = 0;
	DIR *dir;

	*nr = 0;
	snprintf(dir_path, sizeof(dir_path), "%s/crashes", job->dir);
	dir = opendir(dir_path);
	if (!dir)
		return NULL;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (*nr == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[(*nr)++] = strdup(d->d_name);
	}
	closedir(dir);
	if (names)
		qsort(names, *nr, sizeof(*names), by_name);
	return names;
}

/* Its first line that is not a comment says so; anything else is a raw schedule. */
static bool is_reproducer(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");
	bool text = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		text = !strncmp(line, "schedfuzz-reproducer ", 21);
		break;
	}
	fclose(f);
	return text;
}

/* Replay @path for @job: a reproducer names its own parameters, a raw file takes the defaults. */
static void replay_file(const struct job *job, const char *path, struct sim_result *res)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_repro r;

	schedule_read(path, is_reproducer(path) ? NULL : job->scenario->name, job->mm, &r);
	if (!is_reproducer(path))
		r.preempt = job->preempt;
	schedule_config(&cfg, &r, &src);
	sim_source_bytes(&src, r.schedule, r.len);
	sim_run(&cfg, res);
	sim_repro_free(&r);
}

static int classify_fd = -1;
static const char *classifying;

static void write_class(const struct sim_failure *f, const char *name)
{
	dprintf(classify_fd, "%s\t%s\t%s\n", sim_fail_kind_name[f->kind], f->name[0] ? f->name : "-",
		name);
}

static void classify_fatal(void)
{
	if (classifying)
		write_class(sim_run_failure(), classifying);
}

static void classify_child(const struct job *job, char **names, size_t from, size_t nr)
{
	char path[CAMPAIGN_PATH];
	struct sim_result res;
	size_t i;

	sim_install_fatal_handlers(classify_fatal);
	/* A schedule whose task runs away would hang the campaign: it is counted out instead. */
	watchdog_start(WATCHDOG_SECONDS, 0, 2, "");
	for (i = from; i < nr; i++) {
		snprintf(path, sizeof(path), "%s/crashes/%s", job->dir, names[i]);
		classifying = names[i];
		watchdog_beat();
		memset(&res, 0, sizeof(res));
		replay_file(job, path, &res);
		write_class(&res.failure, names[i]);
	}
	_exit(0);
}

static struct signature *signature_of(struct job *job, enum sim_fail_kind kind, const char *name)
{
	struct signature *sig;
	unsigned int i;

	for (i = 0; i < job->nr_signatures; i++) {
		sig = &job->signature[i];
		if (sig->failure.kind == kind && !strcmp(sig->failure.name, name))
			return sig;
	}
	if (job->nr_signatures == CAMPAIGN_MAX_SIGNATURES)
		return NULL;
	sig = &job->signature[job->nr_signatures++];
	memset(sig, 0, sizeof(*sig));
	sig->failure.kind = kind;
	snprintf(sig->failure.name, sizeof(sig->failure.name), "%s", name);
	return sig;
}

static void take_class(struct job *job, char *line, char **first)
{
	char *kind = strtok(line, "\t"), *name = strtok(NULL, "\t"), *file = strtok(NULL, "\n");
	enum sim_fail_kind k;
	struct signature *sig;

	if (!kind || !name || !file)
		return;
	k = sim_fail_kind_parse(kind);
	/* A schedule that no longer fails (a crash of the tool itself) is not a bug found. */
	if (k == SIM_FAIL_NR || k == SIM_OK)
		return;
	sig = signature_of(job, k, strcmp(name, "-") ? name : "");
	if (sig && !sig->files++)
		first[sig - job->signature] = strdup(file);
}

/* Replay in children until every file is classified; one that dies is skipped past. */
static void classify_all(struct job *job, char **names, size_t nr, char **first)
{
	size_t done = 0;

	while (done < nr) {
		char buf[8192], *line, *save;
		size_t len = 0, before = done;
		int fds[2];
		pid_t pid;
		ssize_t n;

		if (pipe(fds))
			return;
		pid = campaign_fork(true);
		if (pid < 0) {
			close(fds[0]);
			close(fds[1]);
			return;
		}
		if (!pid) {
			close(fds[0]);
			classify_fd = fds[1];
			classify_child(job, names, done, nr);
		}
		close(fds[1]);
		/* One line per file; collect all, the child may die after any. */
		for (;;) {
			n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
			if (n <= 0)
				break;
			len += (size_t)n;
			buf[len] = '\0';
			while ((line = strchr(buf, '\n'))) {
				*line = '\0';
				save = strdup(buf);
				take_class(job, save, first);
				free(save);
				done++;
				memmove(buf, line + 1, len - (size_t)(line + 1 - buf) + 1);
				len -= (size_t)(line + 1 - buf);
			}
		}
		close(fds[0]);
		waitpid(pid, NULL, 0);
		/* Died on a file without a word (the fatal hook says one): count it out. */
		if (done == before)
			done++;
	}
}

/*
 * Where a task was interrupted -- another task's step came between two of
 * its own -- in the minimized run: the functions a fix has to look at.
 */
static void racing_functions(char *buf, size_t len)
{
	const struct sim_event *ev;
	size_t nr, i, used = 0;
	const char *last = NULL;
	int prev = -1;

	buf[0] = '\0';
	ev = sim_trace_events(&nr);
	for (i = 0; i < nr; i++) {
		const char *func;

		if (ev[i].kind == SIM_EV_EXIT && prev >= 0 && ev[prev].task == ev[i].task)
			prev = -1;
		if (ev[i].kind != SIM_EV_OP)
			continue;
		func = prev >= 0 && ev[prev].task != ev[i].task ? ev[prev].site->func : NULL;
		prev = (int)i;
		if (!func || (last && !strcmp(last, func)))
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
					 used ? " > " : "", func);
		last = func;
	}
	if (used >= len && len > 4)
		strcpy(buf + len - 4, "...");
}

/* `schedfuzz minimize` in a child: it replays, and a replay may end its process. */
static bool minimize(const struct job *job, const char *in, const char *out)
{
	char self[CAMPAIGN_PATH];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int status;
	pid_t pid;

	if (n <= 0)
		return false;
	self[n] = '\0';
	pid = campaign_fork(true);
	if (pid < 0)
		return false;
	if (!pid) {
		if (is_reproducer(in))
			execl(self, self, "minimize", in, "-o", out, (char *)NULL);
		else
			execl(self, self, "minimize", "--scenario", job->scenario->name, "--mm",
			      sim_mm_name[job->mm], "--preempt", sim_preempt_name[job->preempt], in,
			      "-o", out, (char *)NULL);
		_exit(127);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* "DIR/invariant-final-count.repro", "DIR/deadlock.repro" */
static void minimized_path(char *buf, size_t len, const struct job *job,
			   const struct sim_failure *f)
{
	const char *kind = sim_fail_kind_name[f->kind];

	if (!f->name[0] || !strcmp(f->name, kind))
		snprintf(buf, len, "%s/%s.repro", job->dir, kind);
	else
		snprintf(buf, len, "%s/%s-%s.repro", job->dir, kind, f->name);
}

static void describe_signature(const struct job *job, struct signature *sig, const char *file)
{
	char in[CAMPAIGN_PATH], out[CAMPAIGN_PATH];
	struct sim_result res;

	snprintf(in, sizeof(in), "%s/crashes/%s", job->dir, file);
	minimized_path(out, sizeof(out), job, &sig->failure);
	/* A sanitizer's finding would end this process on replay: it keeps its crash file. */
	if (sig->failure.kind == SIM_FAIL_SANITIZER || !minimize(job, in, out)) {
		snprintf(sig->reproducer, sizeof(sig->reproducer), "%s", in);
		return;
	}
	snprintf(sig->reproducer, sizeof(sig->reproducer), "%s", out);
	memset(&res, 0, sizeof(res));
	replay_file(job, in, &res);
	sig->switches_before = res.switches;
	memset(&res, 0, sizeof(res));
	replay_file(job, out, &res);
	sig->switches_after = res.switches;
	sig->failure = res.failure;
	racing_functions(sig->functions, sizeof(sig->functions));
}

void job_classify(struct job *job)
{
	char *first[CAMPAIGN_MAX_SIGNATURES] = { 0 };
	size_t nr, i;
	char **names = list_crashes(job, &nr);

	job->nr_signatures = 0;
	classify_all(job, names, nr < MAX_CLASSIFIED ? nr : MAX_CLASSIFIED, first);
	for (i = 0; i < job->nr_signatures; i++) {
		describe_signature(job, &job->signature[i], first[i]);
		free(first[i]);
	}
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

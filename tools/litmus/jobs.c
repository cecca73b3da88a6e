// SPDX-License-Identifier: GPL-2.0
/*
 * litmus --summary --jobs N: each test in a child of its own, N at a time.
 * A child runs its test exactly as the serial loop would (it is forked
 * from a parent that has run none) and sends back the record and its row;
 * the parent prints and counts them in file order, so the output is the
 * same bytes whatever N is.  A child that dies (a crash in the engine or
 * the runner) is a test that failed, named, not a lost row.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "summary.h"
#include "tools/cli.h"

#define MAX_JOBS 256

struct child {
	pid_t pid;
	int fd;
	size_t test;
	char *buf;
	size_t len, cap;
};

struct slot {
	bool done;
	struct test_record rec;
	char *text;
};

static void write_all(int fd, const void *p, size_t len)
{
	const char *c = p;

	while (len) {
		ssize_t n = write(fd, c, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		c += n;
		len -= (size_t)n;
	}
}

static void spawn(const struct summary *s, struct child *c, size_t test)
{
	int fds[2];

	if (pipe(fds))
		die_usage("pipe: %s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	c->pid = fork();
	if (c->pid < 0)
		die_usage("fork: %s", strerror(errno));
	if (!c->pid) {
		struct test_record rec;
		char *text;

		close(fds[0]);
		summary_evaluate(s, test, &rec, &text);
		write_all(fds[1], &rec, sizeof(rec));
		write_all(fds[1], text, rec.text_len);
		_exit(0);
	}
	close(fds[1]);
	c->fd = fds[0];
	c->test = test;
	c->len = 0;
}

/* The child's message, or a record that says how it died. */
static void collect_child(const struct summary *s, struct child *c, struct slot *slot)
{
	const struct test_record *rec = (const void *)c->buf;
	int status = 0;
	char why[96];

	close(c->fd);
	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR)
			die_usage("waitpid: %s", strerror(errno));
	slot->done = true;
	if (WIFEXITED(status) && !WEXITSTATUS(status) && c->len >= sizeof(*rec) &&
	    c->len - sizeof(*rec) == rec->text_len) {
		slot->rec = *rec;
		slot->text = malloc(rec->text_len + 1);
		if (!slot->text)
			die_usage("out of memory");
		memcpy(slot->text, c->buf + sizeof(*rec), rec->text_len);
		slot->text[rec->text_len] = '\0';
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(why, sizeof(why), "exited with status %d, its result incomplete",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	memset(&slot->rec, 0, sizeof(slot->rec));
	slot->rec.status = TEST_DIED;
	snprintf(slot->rec.name, sizeof(slot->rec.name), "%s", s->files[c->test].path);
	if (asprintf(&slot->text, "%-46s DIED: the child running it %s\n",
		     s->files[c->test].path, why) < 0)
		die_usage("out of memory");
	slot->rec.text_len = strlen(slot->text);
}

/* Read what is there; true at the end of the child's message. */
static bool read_child(struct child *c)
{
	ssize_t n;

	if (c->cap - c->len < 4096) {
		c->cap = c->cap ? 2 * c->cap : 16384;
		c->buf = realloc(c->buf, c->cap);
		if (!c->buf)
			die_usage("out of memory");
	}
	n = read(c->fd, c->buf + c->len, c->cap - c->len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	if (n <= 0)
		return true;
	c->len += (size_t)n;
	return false;
}

static void run_serial(struct summary *s)
{
	struct test_record rec;
	char *text;
	size_t i;

	for (i = 0; i < s->nr_files; i++) {
		summary_evaluate(s, i, &rec, &text);
		summary_account(s, i, &rec, text);
		free(text);
	}
}

void summary_run_jobs(struct summary *s, unsigned int jobs)
{
	struct child kids[MAX_JOBS] = { 0 };
	struct pollfd pfd[MAX_JOBS];
	size_t next = 0, printed = 0;
	unsigned int running = 0, k;
	struct slot *slots;

	if (jobs > MAX_JOBS)
		die_usage("--jobs takes at most %d", MAX_JOBS);
	if (jobs <= 1) {
		run_serial(s);
		return;
	}
	slots = calloc(s->nr_files, sizeof(*slots));
	if (!slots)
		die_usage("out of memory");
	while (printed < s->nr_files) {
		while (running < jobs && next < s->nr_files)
			spawn(s, &kids[running++], next++);
		for (k = 0; k < running; k++)
			pfd[k] = (struct pollfd){ .fd = kids[k].fd, .events = POLLIN };
		if (poll(pfd, running, -1) < 0 && errno != EINTR)
			die_usage("poll: %s", strerror(errno));
		for (k = 0; k < running; k++) {
			if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) || !read_child(&kids[k]))
				continue;
			collect_child(s, &kids[k], &slots[kids[k].test]);
			free(kids[k].buf);
			/* Keep the running children first: the last takes this place. */
			kids[k] = kids[--running];
			pfd[k] = pfd[running];
			kids[running] = (struct child){ 0 };
			k--;
		}
		for (; printed < s->nr_files && slots[printed].done; printed++) {
			summary_account(s, printed, &slots[printed].rec, slots[printed].text);
			free(slots[printed].text);
		}
	}
	free(slots);
}

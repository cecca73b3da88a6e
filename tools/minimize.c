// SPDX-License-Identifier: GPL-2.0
/*
 * schedfuzz minimize: shrink a failing schedule to the fewest context
 * switches and flushes that still fail the same way (the same kind and
 * name), so that its story fits on a screen.  Deterministic delta
 * debugging over the decision stream: the same input gives the same bytes.
 *
 * The moves work on the canonical form of the best schedule so far: the
 * answers the engine recorded while running it, each reduced mod its number
 * of options, the decisions after the failure gone, trailing defaults
 * dropped.  A candidate is taken only when its key is strictly smaller, so
 * the moves reach a fixed point; a candidate once refused stays refused
 * (the key only falls), so refusals are remembered by hash and not rerun.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sim/engine.h"
#include "sim/hash.h"
#include "sim/trace.h"

#define DEFAULT_MAX_REPLAYS 20000

/* What a failing schedule costs its reader; the key compares the first five in order. */
struct shape {
	uint64_t interference;	/* switches + flushes */
	uint64_t non_default;	/* answers other than 0 */
	uint64_t decisions;
	uint64_t steps;
	uint64_t weight;	/* the answers' sum: lower options where the rest ties */
	uint64_t switches, preemptions, flushes;
};

struct minimizer {
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_failure target;	/* the kind and name every candidate must keep */
	uint8_t *cur, *cand;		/* the best schedule, canonical; scratch */
	size_t len, cap;
	struct shape best;
	size_t input_len;		/* bytes in the file, read or not */
	unsigned long long replays, max_replays;
	bool capped;
	uint64_t *refused;		/* hashes of refused candidates; 0 is a free slot */
	size_t nr_refused, refused_cap;
};

struct minimize_args {
	const char *file, *out, *scenario, *params[SIM_MAX_PARAMS];
	unsigned int nr_params;
	bool have_mm, have_preempt, json;
	enum sim_mm mm;
	enum sim_preempt preempt;
	unsigned long long max_replays;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die_usage("out of memory");
	return p;
}

static void reserve(struct minimizer *m, size_t len)
{
	if (len <= m->cap && m->cur)
		return;
	m->cap = len < 256 ? 256 : len;
	m->cur = xrealloc(m->cur, m->cap);
	m->cand = xrealloc(m->cand, m->cap);
}

/* Running out of bytes answers 0: trailing zeros say nothing. */
static size_t trimmed(const uint8_t *bytes, size_t len)
{
	while (len && !bytes[len - 1])
		len--;
	return len;
}

static bool same_failure(const struct sim_failure *f, const struct sim_failure *target)
{
	return f->kind == target->kind && !strcmp(f->name, target->name);
}

/*
 * Flushes as the trace tells them: every buffered store that became
 * visible, by a flush decision or drained by a barrier, a locked
 * instruction, a switch or a task's end.  The trace does not say which.
 */
static uint64_t count_flushes(void)
{
	const struct sim_event *ev;
	uint64_t n = 0;
	size_t nr, i;

	ev = sim_trace_events(&nr);
	for (i = 0; i < nr; i++)
		n += ev[i].kind == SIM_EV_FLUSH;
	return n;
}

static struct shape shape_of(const struct sim_result *res)
{
	struct shape s = {
		.decisions = res->decisions,
		.steps = res->steps,
		.switches = res->switches,
		.preemptions = res->preemptions,
		.flushes = count_flushes(),
	};
	size_t i;

	for (i = 0; i < res->schedule_len; i++) {
		s.non_default += res->schedule[i] != 0;
		s.weight += res->schedule[i];
	}
	s.interference = s.switches + s.flushes;
	return s;
}

#define KEY_LEN 5

/* The order that decides: less interference first, then fewer answers, then shorter. */
static void shape_key(const struct shape *s, uint64_t key[KEY_LEN])
{
	key[0] = s->interference;
	key[1] = s->non_default;
	key[2] = s->decisions;
	key[3] = s->steps;
	key[4] = s->weight;
}

static bool shape_less(const struct shape *a, const struct shape *b)
{
	uint64_t ka[KEY_LEN], kb[KEY_LEN];
	unsigned int i;

	shape_key(a, ka);
	shape_key(b, kb);
	for (i = 0; i < KEY_LEN; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i];
	return false;
}

static void run_schedule(struct minimizer *m, const uint8_t *bytes, size_t len,
			 struct sim_result *res)
{
	sim_source_bytes(&m->src, bytes, len);
	sim_run(&m->cfg, res);
}

/* The run's recorded schedule becomes the best: res->schedule dies with the next run. */
static void adopt(struct minimizer *m, const struct sim_result *res, const struct shape *s)
{
	size_t len = trimmed(res->schedule, res->schedule_len);

	reserve(m, len);
	memcpy(m->cur, res->schedule, len);
	m->len = len;
	m->best = *s;
}

/* Open addressing, linear probing; the table is at most half full. */
static bool refused_slot(struct minimizer *m, uint64_t h, bool insert)
{
	size_t i;

	if (insert && 2 * (m->nr_refused + 1) > m->refused_cap) {
		uint64_t *old = m->refused;
		size_t old_cap = m->refused_cap;

		m->refused_cap = old_cap ? 2 * old_cap : 1024;
		m->refused = calloc(m->refused_cap, sizeof(*m->refused));
		if (!m->refused)
			die_usage("out of memory");
		m->nr_refused = 0;
		for (i = 0; i < old_cap; i++)
			if (old[i])
				refused_slot(m, old[i], true);
		free(old);
	}
	if (!m->refused_cap)
		return false;
	for (i = h & (m->refused_cap - 1); m->refused[i]; i = (i + 1) & (m->refused_cap - 1))
		if (m->refused[i] == h)
			return true;
	if (insert) {
		m->refused[i] = h;
		m->nr_refused++;
	}
	return false;
}

/* Replay @bytes; take it if it fails the same way and its shape is strictly better. */
static bool try_candidate(struct minimizer *m, const uint8_t *bytes, size_t len)
{
	struct sim_result res;
	struct shape s;
	uint64_t h;

	len = trimmed(bytes, len);
	if (len == m->len && !memcmp(bytes, m->cur, len))
		return false;
	h = fnv1a(fnv1a(FNV1A_BASIS, &len, sizeof(len)), bytes, len);
	h += !h;
	if (refused_slot(m, h, false))
		return false;
	if (m->replays >= m->max_replays) {
		m->capped = true;
		return false;
	}
	m->replays++;
	run_schedule(m, bytes, len, &res);
	if (res.failure.kind != SIM_OK && same_failure(&res.failure, &m->target)) {
		s = shape_of(&res);
		if (shape_less(&s, &m->best)) {
			adopt(m, &res, &s);
			return true;
		}
	}
	refused_slot(m, h, true);
	return false;
}

/* Shorter: every decision after the cut takes its default.  Binary search for the cut. */
static bool pass_truncate(struct minimizer *m)
{
	size_t lo = 0, hi = m->len;
	bool better = false;

	while (lo < hi && !m->capped) {
		size_t mid = lo + (hi - lo) / 2;

		memcpy(m->cand, m->cur, mid);
		if (try_candidate(m, m->cand, mid)) {
			better = true;
			hi = m->len < mid ? m->len : mid;
		} else {
			lo = mid + 1;
		}
	}
	return better;
}

static bool all_zero(const uint8_t *bytes, size_t len)
{
	while (len--)
		if (bytes[len])
			return false;
	return true;
}

/* ddmin: chunks of halving size set to the default. */
static bool pass_chunks(struct minimizer *m)
{
	bool better = false;
	size_t k, start;

	for (k = m->len / 2 ? m->len / 2 : 1; k && !m->capped; k /= 2) {
		for (start = 0; start < m->len && !m->capped;) {
			size_t n = m->len - start < k ? m->len - start : k;

			if (all_zero(m->cur + start, n)) {
				start += k;
				continue;
			}
			memcpy(m->cand, m->cur, m->len);
			memset(m->cand + start, 0, n);
			/* Taken: the same place now holds other decisions, try it again. */
			if (try_candidate(m, m->cand, m->len))
				better = true;
			else
				start += k;
		}
	}
	return better;
}

/* One answer at a time: the default, then each lower option. */
static bool pass_values(struct minimizer *m)
{
	bool better = false;
	size_t i;

	for (i = 0; i < m->len && !m->capped; i++) {
		unsigned int v, answer = m->cur[i];

		for (v = 0; v < answer && !m->capped; v++) {
			memcpy(m->cand, m->cur, m->len);
			m->cand[i] = (uint8_t)v;
			if (try_candidate(m, m->cand, m->len)) {
				better = true;
				break;
			}
		}
	}
	return better;
}

/*
 * Drop decisions, chunks of halving size down to one: every later answer
 * moves earlier.  This is what brings a late switch forward past a long
 * stretch of defaults, which setting bytes to 0 never does.
 */
static bool pass_remove(struct minimizer *m)
{
	bool better = false;
	size_t k, start;

	for (k = m->len / 2 ? m->len / 2 : 1; k && !m->capped; k /= 2) {
		for (start = 0; start < m->len && !m->capped;) {
			size_t n = m->len - start < k ? m->len - start : k;

			memcpy(m->cand, m->cur, start);
			memcpy(m->cand + start, m->cur + start + n, m->len - start - n);
			if (try_candidate(m, m->cand, m->len - n))
				better = true;
			else
				start += k;
		}
	}
	return better;
}

/* @cur with answer @zero (none past the end) set to 0 and answer @from moved to @to. */
static void build_slide(struct minimizer *m, size_t n, size_t zero, size_t from, size_t to)
{
	uint8_t v;

	memset(m->cand, 0, n);
	memcpy(m->cand, m->cur, m->len);
	if (zero < m->len)
		m->cand[zero] = 0;
	v = m->cand[from];
	memmove(m->cand + from, m->cand + from + 1, n - from - 1);
	memmove(m->cand + to + 1, m->cand + to, n - to - 1);
	m->cand[to] = v;
}

/*
 * Zero one answer (or none) and move another anywhere, later ones too:
 * from a schedule with a needless switch the way to one without it often
 * takes both at once (start the other task first, and switch later),
 * neither of which fails alone.  The costliest move: only when the others
 * are stuck, and back to them after any gain.
 */
static bool pass_slide(struct minimizer *m)
{
	size_t zero, from, to, n = 2 * m->len + 16;

	reserve(m, n);
	for (zero = 0; zero <= m->len; zero++) {
		if (zero < m->len && !m->cur[zero])
			continue;
		for (from = 0; from < m->len; from++) {
			if (from == zero || !m->cur[from])
				continue;
			for (to = 0; to < n && !m->capped; to++) {
				if (to == from)
					continue;
				build_slide(m, n, zero, from, to);
				if (try_candidate(m, m->cand, n))
					return true;
			}
		}
	}
	return false;
}

static void minimize(struct minimizer *m)
{
	bool better;

	do {
		better = pass_truncate(m);
		better |= pass_chunks(m);
		better |= pass_values(m);
		better |= pass_remove(m);
		if (!better && !m->capped)
			better = pass_slide(m);
	} while (better && !m->capped);
}

static void parse_args(int argc, char **argv, struct minimize_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->max_replays = DEFAULT_MAX_REPLAYS;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			a->json = true;
		} else if (!strcmp(argv[i], "-o")) {
			a->out = flag_value(argc, argv, &i);
		} else if (!strcmp(argv[i], "--max-replays")) {
			const char *flag = argv[i];

			a->max_replays = parse_count(flag, flag_value(argc, argv, &i), UINT32_MAX);
			if (!a->max_replays)
				die_usage("--max-replays takes 1 or more");
		} else if (!strcmp(argv[i], "--scenario")) {
			a->scenario = flag_value(argc, argv, &i);
		} else if (!strcmp(argv[i], "--mm")) {
			a->mm = parse_mm(flag_value(argc, argv, &i));
			a->have_mm = true;
		} else if (!strcmp(argv[i], "--preempt")) {
			a->preempt = parse_preempt(flag_value(argc, argv, &i));
			a->have_preempt = true;
		} else if (!strcmp(argv[i], "--param")) {
			if (a->nr_params == SIM_MAX_PARAMS)
				die_usage("too many --param");
			a->params[a->nr_params++] = flag_value(argc, argv, &i);
		} else if (argv[i][0] == '-') {
			die_usage("unknown argument '%s' to minimize", argv[i]);
		} else if (a->file) {
			die_usage("minimize takes one file, not '%s' too", argv[i]);
		} else {
			a->file = argv[i];
		}
	}
	if (!a->file)
		die_usage("minimize needs a reproducer file, or --scenario and a raw schedule");
	if (!a->scenario && (a->nr_params || a->have_mm || a->have_preempt))
		die_usage("--mm, --preempt and --param go with --scenario: a reproducer names its "
			  "own");
}

/*
 * The input as a reproducer: a raw file gets the scenario, model and
 * parameters of the command line and no expectation.
 */
static void load_input(const struct minimize_args *a, struct minimizer *m, struct sim_repro *r)
{
	unsigned int i;

	schedule_read(a->file, a->scenario, a->mm, r);
	if (a->scenario && a->have_preempt)
		r->preempt = a->preempt;
	schedule_config(&m->cfg, r, &m->src);
	for (i = 0; i < a->nr_params; i++)
		set_param(&m->cfg, a->params[i]);
}

/* Whether the input fails as it must to be minimized; says why not on stderr. */
static bool check_target(const struct minimize_args *a, const struct sim_repro *r,
			 const struct sim_failure *f)
{
	char got[96];

	if (!a->scenario && r->expect_kind == SIM_OK) {
		fprintf(stderr, "%s: minimize: %s expects a clean run: no failure to keep\n",
			progname, a->file);
		return false;
	}
	if (f->kind == SIM_OK) {
		fprintf(stderr, "%s: minimize: %s does not fail (%s, mm %s)%s%s%s%s\n", progname,
			a->file, r->scenario, sim_mm_name[r->mm],
			a->scenario ? "" : ": its header expects ",
			a->scenario ? "" : sim_fail_kind_name[r->expect_kind],
			a->scenario ? "" : " ", a->scenario ? "" : r->expect_name);
		return false;
	}
	if (!a->scenario && (f->kind != r->expect_kind || strcmp(f->name, r->expect_name))) {
		fprintf(stderr, "%s: minimize: %s fails with %s, not %s %s as its header says\n",
			progname, a->file, failure_label(f, got, sizeof(got)),
			sim_fail_kind_name[r->expect_kind], r->expect_name);
		return false;
	}
	/* A sanitizer tells of a bug once a process: every later replay would look clean. */
	if (f->kind == SIM_FAIL_SANITIZER) {
		fprintf(stderr, "%s: minimize: %s fails with %s, which a sanitizer reports once a "
			"process: minimize cannot replay it again\n", progname, a->file,
			failure_label(f, got, sizeof(got)));
		return false;
	}
	return true;
}

/* FILE.repro -> FILE.min.repro; a raw file, or one without an extension: FILE.min.repro */
static char *default_out(const char *file, bool raw)
{
	const char *base = strrchr(file, '/'), *dot;
	size_t len = strlen(file) + sizeof(".min.repro");
	char *out = xrealloc(NULL, len);

	base = base ? base + 1 : file;
	dot = strrchr(base, '.');
	if (raw || !dot || dot == base)
		snprintf(out, len, "%s.min.repro", file);
	else
		snprintf(out, len, "%.*s.min%s", (int)(dot - file), file, dot);
	return out;
}

static int write_best(const struct minimizer *m, const char *file, const char *out)
{
	const struct sim_scenario *s = m->cfg.scenario;
	const char *base = strrchr(file, '/');
	struct sim_repro r;
	char err[512];
	unsigned int i;

	memset(&r, 0, sizeof(r));
	snprintf(r.scenario, sizeof(r.scenario), "%s", s->name);
	r.mm = m->cfg.mm;
	r.preempt = m->cfg.preempt;
	r.tso_v2 = m->cfg.tso_v2;
	for (i = 0; i < s->nr_params; i++) {
		snprintf(r.param_name[i], sizeof(r.param_name[i]), "%s", s->params[i].name);
		r.param_value[i] = m->cfg.params[i];
	}
	r.nr_params = s->nr_params;
	r.expect_kind = m->target.kind;
	snprintf(r.expect_name, sizeof(r.expect_name), "%s", m->target.name);
	snprintf(r.found_by, sizeof(r.found_by), "minimize of %s", base ? base + 1 : file);
	r.schedule = m->cur;
	r.len = m->len;
	if (sim_repro_write(out, &r, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return -1;
	}
	return 0;
}

/* A sanitizer or a stack overflow ends the process mid-run: keep what was won. */
static struct {
	const struct minimizer *m;
	const char *file, *out;
	bool have_best;
} minimizing;

static void minimize_fatal(void)
{
	const struct sim_failure *f = sim_run_failure();
	char label[96];

	fprintf(stderr, "%s: minimize: a replay ended the process (%s): minimize runs every "
		"schedule in one process and cannot go on\n", progname,
		failure_label(f, label, sizeof(label)));
	if (!minimizing.have_best || write_best(minimizing.m, minimizing.file, minimizing.out))
		return;
	fprintf(stderr, "%s: minimize: wrote the smallest schedule so far to %s\n", progname,
		minimizing.out);
}

static void print_shape_json(const char *name, const struct shape *s)
{
	printf("\"%s\":{\"decisions\":%" PRIu64 ",\"non_default\":%" PRIu64
	       ",\"switches\":%" PRIu64 ",\"preemptions\":%" PRIu64 ",\"flushes\":%" PRIu64
	       ",\"steps\":%" PRIu64 "}", name, s->decisions, s->non_default, s->switches,
	       s->preemptions, s->flushes, s->steps);
}

static void print_shape(const char *name, const struct shape *s)
{
	printf("  %-6s %13" PRIu64 " %12" PRIu64 " %9" PRIu64 " %12" PRIu64 " %8" PRIu64
	       " %6" PRIu64 "\n", name, s->decisions, s->non_default, s->switches, s->preemptions,
	       s->flushes, s->steps);
}

static void print_report(const struct minimizer *m, const struct shape *before, const char *out,
			 bool json)
{
	char label[96];

	if (json) {
		printf("{\"scenario\":");
		json_string(stdout, m->cfg.scenario->name);
		printf(",\"mm\":\"%s\",\"kind\":\"%s\",\"name\":", sim_mm_name[m->cfg.mm],
		       sim_fail_kind_name[m->target.kind]);
		json_string(stdout, m->target.name);
		putchar(',');
		print_shape_json("before", before);
		putchar(',');
		print_shape_json("after", &m->best);
		printf(",\"input_bytes\":%zu,\"replays\":%llu,\"capped\":%s,\"reproducer\":",
		       m->input_len, m->replays, m->capped ? "true" : "false");
		json_string(stdout, out);
		printf("}\n");
		return;
	}
	/* The run reads what it needs: a long file can make a short "before". */
	printf("minimize: %s %s %s, from %zu bytes\n", m->cfg.scenario->name,
	       sim_mm_name[m->cfg.mm], failure_label(&m->target, label, sizeof(label)),
	       m->input_len);
	printf("  %-6s %13s %12s %9s %12s %8s %6s\n", "", "decisions", "non-default", "switches",
	       "preemptions", "flushes", "steps");
	print_shape("before", before);
	print_shape("after", &m->best);
	if (m->capped)
		printf("  stopped at --max-replays %llu: a smaller schedule may exist\n",
		       m->max_replays);
	printf("  wrote %s (%llu replay%s)\n", out, m->replays, m->replays == 1 ? "" : "s");
}

/*
 * The best schedule, replayed from its canonical bytes, must be what was
 * measured.  Not counted against --max-replays: it is a check, not a try.
 */
static bool verify(struct minimizer *m)
{
	struct sim_result res;
	struct shape s;

	run_schedule(m, m->cur, m->len, &res);
	s = shape_of(&res);
	return same_failure(&res.failure, &m->target) && !shape_less(&s, &m->best) &&
	       !shape_less(&m->best, &s);
}

static int shrink_and_write(struct minimizer *m, const struct minimize_args *a, bool raw)
{
	char *out = a->out ? NULL : default_out(a->file, raw);
	const char *path = a->out ? a->out : out;
	struct shape before = m->best;
	int status = 0;

	minimizing.out = path;
	minimizing.have_best = true;
	minimize(m);
	if (!verify(m)) {
		fprintf(stderr, "%s: minimize: the minimized schedule does not replay as it ran: "
			"the engine is not deterministic here; nothing written\n", progname);
		status = 1;
	} else if (write_best(m, a->file, path)) {
		status = 2;
	} else {
		print_report(m, &before, path, a->json);
	}
	free(out);
	return status;
}

int cmd_minimize(int argc, char **argv)
{
	struct minimizer m = { 0 };
	struct minimize_args a;
	struct sim_result res;
	struct sim_repro r;
	struct shape first;
	int status = 1;

	parse_args(argc, argv, &a);
	load_input(&a, &m, &r);
	m.max_replays = a.max_replays;
	m.input_len = r.len;
	minimizing.m = &m;
	minimizing.file = a.file;
	sim_install_fatal_handlers(minimize_fatal);

	m.replays = 1;
	run_schedule(&m, r.schedule, r.len, &res);
	if (check_target(&a, &r, &res.failure)) {
		m.target = res.failure;
		first = shape_of(&res);
		adopt(&m, &res, &first);
		status = shrink_and_write(&m, &a, a.scenario != NULL);
	}
	sim_repro_free(&r);
	free(m.cur);
	free(m.cand);
	free(m.refused);
	return status;
}

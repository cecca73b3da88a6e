// SPDX-License-Identifier: GPL-2.0
/*
 * A litmus file, top down: "C name", the header comment with its
 * "Result:" (and our "Expect:"), the initial state, the processes, and
 * herd's clauses.  The first error stops the parse; every function keeps
 * going harmlessly after it, so none needs to check.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "tools/cli.h"

bool litmus_accept(struct litmus_parser *p, int punct)
{
	if (!litmus_tok_is(peek(p, 0), punct))
		return false;
	litmus_lex_next(&p->lex);
	return true;
}

static void describe(const struct litmus_token *tok, char *buf, size_t len)
{
	if (tok->kind == LITMUS_TOK_EOF)
		snprintf(buf, len, "the end of the file");
	else
		snprintf(buf, len, "'%.*s'", tok->len > 32 ? 32 : (int)tok->len, tok->start);
}

void litmus_fail_at(struct litmus_parser *p, const struct litmus_token *tok, const char *what)
{
	char found[48];

	describe(tok, found, sizeof(found));
	litmus_error_set(&p->test->error, tok->line, "expected %s, found %s", what, found);
}

void litmus_expect(struct litmus_parser *p, int punct)
{
	char want[8];

	if (litmus_accept(p, punct))
		return;
	snprintf(want, sizeof(want), "'%c'", punct);
	litmus_fail_at(p, peek(p, 0), want);
}

void litmus_unsupported(struct litmus_parser *p, const struct litmus_token *tok)
{
	litmus_error_unsupported(&p->test->error, tok->line, tok->start, tok->len);
}

bool litmus_nest(struct litmus_parser *p, unsigned int line)
{
	if (p->depth >= LITMUS_MAX_NESTING) {
		litmus_error_set(&p->test->error, line, "nested more than %d deep",
				 LITMUS_MAX_NESTING);
		return false;
	}
	p->depth++;
	return true;
}

char *litmus_token_text(struct litmus_parser *p, const struct litmus_token *tok)
{
	return litmus_strndup(&p->test->arena, tok->start ? tok->start : "", tok->len);
}

int litmus_loc_find(const struct litmus_test *test, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < test->nr_locs; i++)
		if (strlen(test->locs[i].name) == len && !memcmp(test->locs[i].name, name, len))
			return (int)i;
	return -1;
}

int litmus_loc(struct litmus_parser *p, const char *name, size_t len, unsigned int line)
{
	struct litmus_test *t = p->test;
	int i = litmus_loc_find(t, name, len);

	if (i >= 0)
		return i;
	if (t->nr_locs == LITMUS_MAX_LOCS) {
		litmus_error_set(&t->error, line, "more than %d shared locations",
				 LITMUS_MAX_LOCS);
		return -1;
	}
	t->locs[t->nr_locs].name = litmus_strndup(&t->arena, name, len);
	return (int)t->nr_locs++;
}

int litmus_reg_find(const struct litmus_proc *proc, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < proc->nr_regs; i++)
		if (strlen(proc->regs[i].name) == len && !memcmp(proc->regs[i].name, name, len))
			return (int)i;
	return -1;
}

int litmus_reg_add(struct litmus_parser *p, struct litmus_proc *proc, const char *name,
		   size_t len, unsigned int line)
{
	int i = litmus_reg_find(proc, name, len);

	if (i >= 0)
		return i;
	if (proc->nr_regs == LITMUS_MAX_REGS) {
		litmus_error_set(&p->test->error, line, "%s has more than %d registers",
				 proc->name, LITMUS_MAX_REGS);
		return -1;
	}
	proc->regs[proc->nr_regs].name = litmus_strndup(&p->test->arena, name, len);
	return (int)proc->nr_regs++;
}

bool litmus_is_type(const struct litmus_token *tok)
{
	static const char *const types[] = {
		"int", "long", "short", "char", "unsigned", "signed", "void", "bool", "_Bool",
		"const", "volatile", "intptr_t", "uintptr_t", "size_t", "u8", "u16", "u32",
		"u64", "s8", "s16", "s32", "s64", "atomic_t", "atomic_long_t", "atomic64_t",
		"spinlock_t", "raw_spinlock_t", "struct",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (litmus_tok_is_ident(tok, types[i]))
			return true;
	return false;
}

unsigned int litmus_skip_type(struct litmus_parser *p)
{
	unsigned int stars = 0;

	while (litmus_is_type(peek(p, 0))) {
		bool is_struct = litmus_tok_is_ident(peek(p, 0), "struct");

		litmus_lex_next(&p->lex);
		if (is_struct && peek(p, 0)->kind == LITMUS_TOK_IDENT)
			litmus_lex_next(&p->lex);
	}
	while (litmus_accept(p, '*'))
		stars++;
	return stars;
}

/* ---- the header -------------------------------------------------------- */

/* The words after "@key" on its line in @text, trimmed, or "" if there is no such line. */
static void header_field(const char *text, size_t len, const char *key, char *buf,
			 size_t buflen, unsigned int *line)
{
	size_t klen = strlen(key), i, n;
	unsigned int l = 1;

	buf[0] = '\0';
	for (i = 0; i + klen <= len; i++) {
		if (text[i] == '\n')
			l++;
		if (memcmp(text + i, key, klen))
			continue;
		i += klen;
		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		for (n = 0; i + n < len && text[i + n] != '\n'; n++)
			;
		/* "(* Result: Never *)" on one line */
		if (n >= 2 && !memcmp(text + i + n - 2, "*)", 2))
			n -= 2;
		while (n && isspace((unsigned char)text[i + n - 1]))
			n--;
		snprintf(buf, buflen, "%.*s", (int)n, text + i);
		*line = l;
		return;
	}
}

/* "Expect: sc=Never tso=Sometimes": what our own tests pin, per model. */
static void parse_expect(struct litmus_parser *p, const char *text, size_t len)
{
	struct litmus_test *t = p->test;
	char field[128], *word, *save = NULL;
	unsigned int line = 0;

	header_field(text, len, "Expect:", field, sizeof(field), &line);
	for (word = strtok_r(field, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(word, '=');
		enum sim_mm mm;

		if (eq)
			*eq = '\0';
		mm = eq ? sim_mm_parse(word) : SIM_MM_NR;
		if (mm == SIM_MM_NR || litmus_verdict_parse(eq + 1) == LITMUS_NO_VERDICT) {
			litmus_error_set(&t->error, line, "Expect: takes MODEL=VERDICT words "
					 "(sc=Never tso=Sometimes)");
			return;
		}
		snprintf(t->expect[mm], sizeof(t->expect[mm]), "%s", eq + 1);
	}
}

static void parse_header(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	unsigned int line = 0;
	const char *name;
	size_t len;

	if (!litmus_tok_is_ident(tok, "C")) {
		if (tok->kind == LITMUS_TOK_IDENT && peek(p, 1)->kind == LITMUS_TOK_IDENT &&
		    peek(p, 1)->line == tok->line)
			litmus_error_set(&p->test->error, tok->line, "not a C litmus test: it is "
					 "for %.*s", (int)tok->len, tok->start);
		else
			litmus_fail_at(p, tok, "'C name' on the first line");
		return;
	}
	line = tok->line;
	litmus_lex_next(&p->lex);
	name = litmus_lex_rest_of_line(&p->lex, &len);
	if (!len || len >= sizeof(p->test->name)) {
		if (len)
			litmus_error_set(&p->test->error, line, "test name longer than %zu "
					 "characters", sizeof(p->test->name) - 1);
		else
			litmus_error_set(&p->test->error, line, "the test has no name after 'C'");
		return;
	}
	memcpy(p->test->name, name, len);
	/* herd's optional description strings. */
	while (peek(p, 0)->kind == LITMUS_TOK_STRING)
		litmus_lex_next(&p->lex);
	/*
	 * The generator's "Cycle=...", "Relax=...", "Prefetch=1:x=F,1:y=T", any
	 * "key=value" line before the '{': herd7 reads them as information.
	 */
	while (peek(p, 0)->kind == LITMUS_TOK_IDENT && litmus_tok_is(peek(p, 1), '=') &&
	       peek(p, 1)->line == peek(p, 0)->line)
		litmus_lex_rest_of_line(&p->lex, &len);
}

/* The header comment ends where the first process starts. */
static void parse_header_comment(struct litmus_parser *p, const char *end)
{
	size_t len = (size_t)(end - p->src);
	unsigned int line = 0;

	header_field(p->src, len, "Result:", p->test->lkmm, sizeof(p->test->lkmm), &line);
	parse_expect(p, p->src, len);
}

/* ---- the initial state --------------------------------------------------- */

/* A number, -number, a location (its address), &location, or ATOMIC_INIT(value). */
static int64_t parse_init_value(struct litmus_parser *p)
{
	struct litmus_token tok = litmus_lex_next(&p->lex);
	int64_t v = 0;
	int loc;

	if (litmus_tok_is(&tok, '-') && peek(p, 0)->kind == LITMUS_TOK_NUMBER)
		return -litmus_lex_next(&p->lex).value;
	if (tok.kind == LITMUS_TOK_NUMBER)
		return tok.value;
	if (litmus_tok_is(&tok, '&'))
		tok = litmus_lex_next(&p->lex);
	if (litmus_tok_is_ident(&tok, "ATOMIC_INIT") ||
	    litmus_tok_is_ident(&tok, "ATOMIC_LONG_INIT")) {
		litmus_expect(p, '(');
		v = parse_init_value(p);
		litmus_expect(p, ')');
		return v;
	}
	if (litmus_tok_is_ident(&tok, "NULL"))
		return 0;
	if (tok.kind != LITMUS_TOK_IDENT) {
		litmus_fail_at(p, &tok, "an initial value");
		return 0;
	}
	loc = litmus_loc(p, tok.start, tok.len, tok.line);
	return loc < 0 ? 0 : LITMUS_LOC_TAG | loc;
}

/* "0:r1=x;", "int *1:r1;" (the type already read) */
static void parse_reg_init(struct litmus_parser *p)
{
	struct litmus_token proc = litmus_lex_next(&p->lex), name;
	struct litmus_reg_init *ri;

	litmus_expect(p, ':');
	name = litmus_lex_next(&p->lex);
	if (name.kind != LITMUS_TOK_IDENT) {
		litmus_fail_at(p, &name, "a register name after ':'");
		return;
	}
	if (proc.value >= LITMUS_MAX_PROCS) {
		litmus_error_set(&p->test->error, proc.line, "no process P%lld (%d at most)",
				 (long long)proc.value, LITMUS_MAX_PROCS);
		return;
	}
	if (p->nr_reg_init == sizeof(p->reg_init) / sizeof(p->reg_init[0])) {
		litmus_error_set(&p->test->error, proc.line, "too many register initialisations");
		return;
	}
	ri = &p->reg_init[p->nr_reg_init++];
	ri->proc = (unsigned int)proc.value;
	ri->line = proc.line;
	ri->name = litmus_token_text(p, &name);
	if (litmus_accept(p, '='))
		ri->value = parse_init_value(p);
}

/* "int x = 1;", "int *p = y;", "atomic_t v = ATOMIC_INIT(1);", "x2=y2;" (the type already read) */
static void parse_loc_init(struct litmus_parser *p, bool is_lock)
{
	struct litmus_token name;
	int loc;

	name = litmus_lex_next(&p->lex);
	if (name.kind != LITMUS_TOK_IDENT) {
		litmus_fail_at(p, &name, "a location name");
		return;
	}
	if (litmus_tok_is(peek(p, 0), '[')) {
		litmus_unsupported(p, peek(p, 0));
		return;
	}
	loc = litmus_loc(p, name.start, name.len, name.line);
	if (loc < 0)
		return;
	p->test->locs[loc].is_lock |= is_lock;
	if (litmus_accept(p, '='))
		p->test->locs[loc].init = parse_init_value(p);
}

static void parse_init(struct litmus_parser *p)
{
	litmus_expect(p, '{');
	while (!failed(p) && !litmus_accept(p, '}')) {
		const struct litmus_token *tok = peek(p, 0);

		bool is_lock = litmus_tok_is_ident(tok, "spinlock_t") ||
			       litmus_tok_is_ident(tok, "raw_spinlock_t");

		if (litmus_accept(p, ';') || litmus_accept(p, ','))
			continue;
		litmus_skip_type(p);
		tok = peek(p, 0);
		if (tok->kind == LITMUS_TOK_NUMBER)
			parse_reg_init(p);
		else if (tok->kind == LITMUS_TOK_IDENT)
			parse_loc_init(p, is_lock);
		else
			litmus_fail_at(p, tok, "an initialisation or '}'");
		if (!litmus_tok_is(peek(p, 0), '}') && !litmus_tok_is(peek(p, 0), ','))
			litmus_expect(p, ';');
	}
}

/* ---- processes ------------------------------------------------------------ */

static bool is_proc_name(const struct litmus_token *tok, unsigned int *n)
{
	size_t i;

	if (tok->kind != LITMUS_TOK_IDENT || tok->len < 2 || tok->len > 4 || tok->start[0] != 'P')
		return false;
	*n = 0;
	for (i = 1; i < tok->len; i++) {
		if (!isdigit((unsigned char)tok->start[i]))
			return false;
		*n = *n * 10 + (unsigned int)(tok->start[i] - '0');
	}
	return true;
}

/* "int *x", "spinlock_t *lck", "struct mutex *m": the name is the location's. */
static void parse_param(struct litmus_parser *p, struct litmus_proc *proc)
{
	bool is_lock = litmus_tok_is_ident(peek(p, 0), "spinlock_t") ||
		       litmus_tok_is_ident(peek(p, 0), "raw_spinlock_t") ||
		       (litmus_tok_is_ident(peek(p, 0), "struct") &&
			litmus_tok_is_ident(peek(p, 1), "mutex"));
	struct litmus_token name;
	int loc;

	litmus_skip_type(p);
	name = litmus_lex_next(&p->lex);
	if (name.kind != LITMUS_TOK_IDENT) {
		litmus_fail_at(p, &name, "a parameter name");
		return;
	}
	loc = litmus_loc(p, name.start, name.len, name.line);
	if (loc < 0)
		return;
	p->test->locs[loc].is_lock |= is_lock;
	proc->params[proc->nr_params++] = (unsigned int)loc;
}

/* The registers the initial state gives @proc, before its body uses them. */
static void init_regs(struct litmus_parser *p, unsigned int n, struct litmus_proc *proc)
{
	unsigned int i;

	for (i = 0; i < p->nr_reg_init; i++) {
		const struct litmus_reg_init *ri = &p->reg_init[i];
		int reg;

		if (ri->proc != n)
			continue;
		reg = litmus_reg_add(p, proc, ri->name, strlen(ri->name), ri->line);
		if (reg >= 0)
			proc->regs[reg].init = ri->value;
	}
}

static void parse_proc(struct litmus_parser *p, unsigned int n)
{
	struct litmus_test *t = p->test;
	struct litmus_token tok = litmus_lex_next(&p->lex);
	struct litmus_proc *proc;

	if (n != t->nr_procs) {
		litmus_error_set(&t->error, tok.line, "P%u where P%u was expected", n,
				 t->nr_procs);
		return;
	}
	if (n >= LITMUS_MAX_PROCS) {
		litmus_error_unsupported(&t->error, tok.line, "more than 8 processes", 21);
		return;
	}
	proc = &t->procs[t->nr_procs++];
	snprintf(proc->name, sizeof(proc->name), "P%u", n);
	proc->line = tok.line;
	init_regs(p, n, proc);
	litmus_expect(p, '(');
	if (litmus_tok_is_ident(peek(p, 0), "void") && litmus_tok_is(peek(p, 1), ')'))
		litmus_lex_next(&p->lex);
	while (!failed(p) && !litmus_accept(p, ')')) {
		if (proc->nr_params && !litmus_accept(p, ','))
			litmus_fail_at(p, peek(p, 0), "',' or ')'");
		else if (proc->nr_params == LITMUS_MAX_LOCS)
			litmus_error_set(&t->error, tok.line, "too many parameters");
		else
			parse_param(p, proc);
	}
	litmus_expect(p, '{');
	if (failed(p))
		return;
	p->proc = proc;
	litmus_lex_set_c_mode(&p->lex, true);
	proc->body = litmus_parse_body(p);
	litmus_lex_set_c_mode(&p->lex, false);
	p->proc = NULL;
}

static void check_reg_init(struct litmus_parser *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_reg_init; i++) {
		const struct litmus_reg_init *ri = &p->reg_init[i];

		if (ri->proc >= p->test->nr_procs) {
			litmus_error_set(&p->test->error, ri->line, "%u:%s: there is no P%u",
					 ri->proc, ri->name, ri->proc);
			return;
		}
	}
}

/* ---- the clauses ----------------------------------------------------------- */

static void parse_clauses(struct litmus_parser *p)
{
	struct litmus_test *t = p->test;

	while (!failed(p) && t->quantifier == LITMUS_Q_NONE) {
		const struct litmus_token *tok = peek(p, 0);

		if (tok->kind == LITMUS_TOK_EOF) {
			return;
		} else if (litmus_tok_is_ident(tok, "locations")) {
			litmus_lex_next(&p->lex);
			litmus_parse_locations(p);
		} else if (litmus_tok_is_ident(tok, "filter")) {
			unsigned int line = litmus_lex_next(&p->lex).line;

			if (t->filter)
				litmus_error_set(&t->error, line, "a second filter clause");
			t->filter = litmus_parse_cond(p);
		} else if (litmus_tok_is_ident(tok, "exists")) {
			litmus_lex_next(&p->lex);
			t->quantifier = LITMUS_Q_EXISTS;
		} else if (litmus_tok_is_ident(tok, "forall")) {
			litmus_lex_next(&p->lex);
			t->quantifier = LITMUS_Q_FORALL;
		} else if (litmus_tok_is(tok, '~') && litmus_tok_is_ident(peek(p, 1), "exists")) {
			litmus_lex_next(&p->lex);
			litmus_lex_next(&p->lex);
			t->quantifier = LITMUS_Q_NOT_EXISTS;
		} else {
			litmus_fail_at(p, tok, "exists, forall, locations or filter");
		}
	}
	if (failed(p))
		return;
	t->cond = litmus_parse_cond(p);
	litmus_accept(p, ';');	/* "forall (0:r0=6);", as herd7 reads it */
	if (peek(p, 0)->kind != LITMUS_TOK_EOF)
		litmus_fail_at(p, peek(p, 0), "the end of the file after the condition");
}

static int observed_cmp(const void *a, const void *b)
{
	const struct litmus_operand *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind == LITMUS_O_REG ? -1 : 1;
	if (x->proc != y->proc)
		return x->proc < y->proc ? -1 : 1;
	return 0;
}

/* Registers by process, then locations; by name within each (herd's order). */
static void sort_observed(struct litmus_test *t)
{
	unsigned int i, j;

	for (i = 1; i < t->nr_observed; i++) {
		struct litmus_operand o = t->observed[i];
		const char *name = o.kind == LITMUS_O_REG ? t->procs[o.proc].regs[o.index].name
							   : t->locs[o.index].name;

		for (j = i; j > 0; j--) {
			const struct litmus_operand *q = &t->observed[j - 1];
			const char *qname = q->kind == LITMUS_O_REG ?
					    t->procs[q->proc].regs[q->index].name :
					    t->locs[q->index].name;
			int c = observed_cmp(q, &o);

			if (c < 0 || (c == 0 && strcmp(qname, name) <= 0))
				break;
			t->observed[j] = *q;
		}
		t->observed[j] = o;
	}
}

/* With no condition and no locations clause, an outcome shows everything. */
static void observe_everything(struct litmus_parser *p)
{
	struct litmus_test *t = p->test;
	unsigned int i, r;

	for (i = 0; i < t->nr_procs; i++) {
		for (r = 0; r < t->procs[i].nr_regs; r++) {
			struct litmus_operand o = { .kind = LITMUS_O_REG, .proc = i, .index = r };

			litmus_observe(p, &o, 0);
		}
	}
	for (i = 0; i < t->nr_locs; i++) {
		struct litmus_operand o = { .kind = LITMUS_O_LOC, .index = i };

		litmus_observe(p, &o, 0);
	}
}

static void parse_file(struct litmus_parser *p)
{
	struct litmus_test *t = p->test;
	unsigned int n;

	parse_header(p);
	if (litmus_tok_is(peek(p, 0), '{'))
		parse_init(p);
	if (!failed(p) && !is_proc_name(peek(p, 0), &n))
		litmus_fail_at(p, peek(p, 0), "the initial state '{' or P0");
	if (!failed(p))
		parse_header_comment(p, peek(p, 0)->start);
	while (!failed(p) && is_proc_name(peek(p, 0), &n))
		parse_proc(p, n);
	check_reg_init(p);
	parse_clauses(p);
	if (t->filter)
		litmus_observe_cond(p, t->filter);
	if (t->cond)
		litmus_observe_cond(p, t->cond);
	if (!failed(p) && !t->nr_observed)
		observe_everything(p);
	sort_observed(t);
}

static char *read_file(const char *path, size_t *len, struct litmus_error *error)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		litmus_error_set(error, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	buf = malloc(LITMUS_MAX_FILE + 1);
	if (!buf)
		die_usage("out of memory");
	*len = fread(buf, 1, LITMUS_MAX_FILE + 1, f);
	if (ferror(f))
		litmus_error_set(error, 0, "cannot read: %s", strerror(errno));
	else if (*len > LITMUS_MAX_FILE)
		litmus_error_set(error, 0, "larger than %u bytes: not a litmus test",
				 LITMUS_MAX_FILE);
	fclose(f);
	return buf;
}

struct litmus_test *litmus_load(const char *path)
{
	struct litmus_test *t = calloc(1, sizeof(*t));
	struct litmus_parser *p = calloc(1, sizeof(*p));
	size_t len = 0;
	char *src;

	if (!t || !p)
		die_usage("out of memory");
	t->path = path;
	src = read_file(path, &len, &t->error);
	if (src && t->error.kind == LITMUS_OK) {
		p->test = t;
		p->src = src;
		litmus_lex_init(&p->lex, src, len, &t->error);
		parse_file(p);
	}
	free(src);
	free(p);
	return t;
}

void litmus_free(struct litmus_test *test)
{
	if (!test)
		return;
	litmus_arena_free(&test->arena);
	free(test);
}

const char *const litmus_verdict_name[] = {
	[LITMUS_NEVER] = "Never",
	[LITMUS_SOMETIMES] = "Sometimes",
	[LITMUS_ALWAYS] = "Always",
	[LITMUS_DEADLOCK] = "DEADLOCK",
	[LITMUS_NO_VERDICT] = "-",
	[LITMUS_INCOMPLETE] = "incomplete",
};

enum litmus_verdict litmus_lkmm_verdict(const struct litmus_test *test)
{
	return test->lkmm_conflict[0] ? LITMUS_NO_VERDICT : litmus_verdict_parse(test->lkmm);
}

enum litmus_verdict litmus_verdict_parse(const char *s)
{
	int v;

	for (v = 0; v < LITMUS_NO_VERDICT; v++) {
		size_t n = strlen(litmus_verdict_name[v]);

		if (!strncmp(s, litmus_verdict_name[v], n) &&
		    (!s[n] || isspace((unsigned char)s[n])))
			return (enum litmus_verdict)v;
	}
	return LITMUS_NO_VERDICT;
}

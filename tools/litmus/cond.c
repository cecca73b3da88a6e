// SPDX-License-Identifier: GPL-2.0
/*
 * herd's clauses: "exists (0:r0=0 /\ ~(x=1 \/ 1:r1=0:r1))", "filter ...",
 * "locations [x; 0:r1]".  Left of '=' a register or a location's final
 * value; right of it a number, a register, or a location's address.
 */
#include <inttypes.h>
#include <string.h>

#include "parse.h"

static struct litmus_cond *parse_or(struct litmus_parser *p);

static struct litmus_cond *new_cond(struct litmus_parser *p, enum litmus_cond_kind kind)
{
	struct litmus_cond *c = litmus_alloc(&p->test->arena, sizeof(*c));

	c->kind = kind;
	return c;
}

/*
 * @lhs: a register or a location; else also a number or an address.
 * @shown_only (locations [...]): a register its process lacks is left out,
 * as herd7 does (C-srcu-nest-6 shows 0:r1, which is P1's): it shows, never
 * decides.
 */
static void parse_operand_in(struct litmus_parser *p, struct litmus_operand *o, bool lhs,
			     bool shown_only)
{
	struct litmus_token tok = litmus_lex_next(&p->lex);
	struct litmus_test *t = p->test;
	int i;

	if (tok.kind == LITMUS_TOK_NUMBER && litmus_accept(p, ':')) {
		struct litmus_token reg = litmus_lex_next(&p->lex);

		if (reg.kind != LITMUS_TOK_IDENT) {
			litmus_fail_at(p, &reg, "a register name after ':'");
			return;
		}
		if (tok.value >= t->nr_procs) {
			litmus_error_set(&t->error, tok.line,
					 "%" PRId64 ":%.*s: there is no P%" PRId64, tok.value,
					 (int)reg.len, reg.start, tok.value);
			return;
		}
		i = litmus_reg_find(&t->procs[tok.value], reg.start, reg.len);
		if (i < 0 && shown_only) {
			o->kind = LITMUS_O_CONST;
			return;
		}
		if (i < 0) {
			litmus_error_set(&t->error, tok.line,
					 "%" PRId64 ":%.*s: P%" PRId64 " has no register %.*s",
					 tok.value, (int)reg.len, reg.start, tok.value,
					 (int)reg.len, reg.start);
			return;
		}
		o->kind = LITMUS_O_REG;
		o->proc = (unsigned int)tok.value;
		o->index = (unsigned int)i;
		return;
	}
	if (!lhs && tok.kind == LITMUS_TOK_NUMBER) {
		o->kind = LITMUS_O_CONST;
		o->value = tok.value;
		return;
	}
	if (!lhs && litmus_tok_is(&tok, '-') && peek(p, 0)->kind == LITMUS_TOK_NUMBER) {
		o->kind = LITMUS_O_CONST;
		o->value = -litmus_lex_next(&p->lex).value;
		return;
	}
	if (tok.kind != LITMUS_TOK_IDENT) {
		litmus_fail_at(p, &tok, lhs ? "a register (0:r0) or a location" : "a value");
		return;
	}
	/* A location the processes never name still has a value: its initial one. */
	i = litmus_loc(p, tok.start, tok.len, tok.line);
	if (i < 0)
		return;
	o->kind = lhs ? LITMUS_O_LOC : LITMUS_O_CONST;
	o->index = (unsigned int)i;
	o->value = LITMUS_LOC_TAG | i;
}

static void parse_operand(struct litmus_parser *p, struct litmus_operand *o, bool lhs)
{
	parse_operand_in(p, o, lhs, false);
}

static struct litmus_cond *parse_atom(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	struct litmus_cond *c;

	if (litmus_tok_is_ident(tok, "true") || litmus_tok_is_ident(tok, "false")) {
		bool is_false = litmus_tok_is_ident(tok, "false");

		litmus_lex_next(&p->lex);
		c = new_cond(p, LITMUS_C_TRUE);
		if (is_false) {
			struct litmus_cond *n = new_cond(p, LITMUS_C_NOT);

			n->a = c;
			c = n;
		}
		return c;
	}
	c = new_cond(p, LITMUS_C_EQ);
	parse_operand(p, &c->lhs, true);
	if (litmus_accept(p, LITMUS_OP_NE)) {
		struct litmus_cond *n = new_cond(p, LITMUS_C_NOT);

		parse_operand(p, &c->rhs, false);
		n->a = c;
		n->not_equal = true;
		return n;
	}
	if (!litmus_accept(p, '=') && !litmus_accept(p, LITMUS_OP_EQ))
		litmus_fail_at(p, peek(p, 0), "'=' or '!='");
	parse_operand(p, &c->rhs, false);
	return c;
}

static struct litmus_cond *parse_not(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	struct litmus_cond *c;
	bool negated;

	if (!litmus_nest(p, tok->line))
		return new_cond(p, LITMUS_C_TRUE);
	/* herd spells negation '~' or "not". */
	negated = litmus_accept(p, '~');
	if (!negated && litmus_tok_is_ident(tok, "not") && litmus_tok_is(peek(p, 1), '(')) {
		litmus_lex_next(&p->lex);
		negated = true;
	}
	if (negated) {
		c = new_cond(p, LITMUS_C_NOT);
		c->a = parse_not(p);
	} else if (litmus_accept(p, '(')) {
		c = parse_or(p);
		litmus_expect(p, ')');
	} else {
		c = parse_atom(p);
	}
	p->depth--;
	return c;
}

static struct litmus_cond *parse_binary(struct litmus_parser *p, enum litmus_cond_kind kind,
					int punct);

/* An operand of /\ is a ~, a parenthesis or an atom; one of \/ is a /\ chain. */
static struct litmus_cond *parse_operand_of(struct litmus_parser *p, enum litmus_cond_kind kind)
{
	return kind == LITMUS_C_AND ? parse_not(p) : parse_binary(p, LITMUS_C_AND, LITMUS_OP_CONJ);
}

static struct litmus_cond *parse_binary(struct litmus_parser *p, enum litmus_cond_kind kind,
					int punct)
{
	unsigned int depth = p->depth;
	struct litmus_cond *c = parse_operand_of(p, kind);

	while (!failed(p) && litmus_accept(p, punct)) {
		struct litmus_cond *both = new_cond(p, kind);

		/* Left-deep: evaluating it recurses as deep as the chain is long. */
		if (!litmus_nest(p, peek(p, 0)->line))
			break;
		both->a = c;
		both->b = parse_operand_of(p, kind);
		c = both;
	}
	p->depth = depth;
	return c;
}

static struct litmus_cond *parse_or(struct litmus_parser *p)
{
	return parse_binary(p, LITMUS_C_OR, LITMUS_OP_DISJ);
}

struct litmus_cond *litmus_parse_cond(struct litmus_parser *p)
{
	return parse_or(p);
}

void litmus_observe(struct litmus_parser *p, const struct litmus_operand *o, unsigned int line)
{
	struct litmus_test *t = p->test;
	unsigned int i;

	if (o->kind == LITMUS_O_CONST)
		return;
	for (i = 0; i < t->nr_observed; i++)
		if (t->observed[i].kind == o->kind && t->observed[i].proc == o->proc &&
		    t->observed[i].index == o->index)
			return;
	if (t->nr_observed == LITMUS_MAX_OBSERVED) {
		if (line)
			litmus_error_set(&t->error, line, "more than %d registers and locations "
					 "to show", LITMUS_MAX_OBSERVED);
		return;
	}
	t->observed[t->nr_observed++] = *o;
}

void litmus_observe_cond(struct litmus_parser *p, const struct litmus_cond *c)
{
	if (!c)
		return;
	if (c->kind == LITMUS_C_EQ) {
		litmus_observe(p, &c->lhs, 1);
		if (c->rhs.kind == LITMUS_O_REG)
			litmus_observe(p, &c->rhs, 1);
	}
	litmus_observe_cond(p, c->a);
	litmus_observe_cond(p, c->b);
}

void litmus_parse_locations(struct litmus_parser *p)
{
	litmus_expect(p, '[');
	while (!failed(p) && !litmus_accept(p, ']')) {
		struct litmus_operand o = { 0 };
		unsigned int line = peek(p, 0)->line;

		if (litmus_accept(p, ';'))
			continue;
		parse_operand_in(p, &o, true, true);
		litmus_observe(p, &o, line);
	}
}

/* ---- evaluation ------------------------------------------------------------- */

int64_t litmus_operand_value(const struct litmus_state *state, const struct litmus_operand *o)
{
	switch (o->kind) {
	case LITMUS_O_REG:
		return state->regs[o->proc][o->index];
	case LITMUS_O_LOC:
		return state->locs[o->index];
	case LITMUS_O_CONST:
		break;
	}
	return o->value;
}

bool litmus_cond_holds(const struct litmus_state *state, const struct litmus_cond *c)
{
	switch (c->kind) {
	case LITMUS_C_TRUE:
		return true;
	case LITMUS_C_EQ:
		return litmus_operand_value(state, &c->lhs) ==
		       litmus_operand_value(state, &c->rhs);
	case LITMUS_C_NOT:
		return !litmus_cond_holds(state, c->a);
	case LITMUS_C_AND:
		return litmus_cond_holds(state, c->a) && litmus_cond_holds(state, c->b);
	case LITMUS_C_OR:
		return litmus_cond_holds(state, c->a) || litmus_cond_holds(state, c->b);
	}
	return false;
}

/* ---- printing ---------------------------------------------------------------- */

void litmus_value_format(const struct litmus_test *test, int64_t v, char *buf, size_t len)
{
	uint64_t index = (uint64_t)v & ~(uint64_t)LITMUS_LOC_MASK;

	if ((v & LITMUS_LOC_MASK) == LITMUS_LOC_TAG && index < test->nr_locs)
		snprintf(buf, len, "%s", test->locs[index].name);
	else
		snprintf(buf, len, "%" PRId64, v);
}

static void append(char *buf, size_t len, size_t *at, const char *s)
{
	int n = snprintf(buf + *at, len - *at, "%s", s);

	if (n > 0)
		*at = *at + (size_t)n < len ? *at + (size_t)n : len - 1;
}

static void format_operand(const struct litmus_test *test, const struct litmus_operand *o,
			   char *buf, size_t len, size_t *at)
{
	char s[160];

	switch (o->kind) {
	case LITMUS_O_REG:
		snprintf(s, sizeof(s), "%u:%s", o->proc, test->procs[o->proc].regs[o->index].name);
		break;
	case LITMUS_O_LOC:
		snprintf(s, sizeof(s), "%s", test->locs[o->index].name);
		break;
	case LITMUS_O_CONST:
		litmus_value_format(test, o->value, s, sizeof(s));
		break;
	}
	append(buf, len, at, s);
}

static void format(const struct litmus_test *test, const struct litmus_cond *c,
		   enum litmus_cond_kind parent, char *buf, size_t len, size_t *at)
{
	/* /\ binds tighter than \/; the top level (LITMUS_C_TRUE) needs none. */
	bool parens = (c->kind == LITMUS_C_OR && parent != LITMUS_C_OR &&
		       parent != LITMUS_C_TRUE) ||
		      (c->kind == LITMUS_C_AND && parent == LITMUS_C_NOT);

	if (parens)
		append(buf, len, at, "(");
	switch (c->kind) {
	case LITMUS_C_TRUE:
		append(buf, len, at, "true");
		break;
	case LITMUS_C_EQ:
		format_operand(test, &c->lhs, buf, len, at);
		append(buf, len, at, "=");
		format_operand(test, &c->rhs, buf, len, at);
		break;
	case LITMUS_C_NOT:
		if (c->a->kind == LITMUS_C_EQ && c->not_equal) {
			format_operand(test, &c->a->lhs, buf, len, at);
			append(buf, len, at, "!=");
			format_operand(test, &c->a->rhs, buf, len, at);
			break;
		}
		append(buf, len, at, "~");
		format(test, c->a, LITMUS_C_NOT, buf, len, at);
		break;
	case LITMUS_C_AND:
	case LITMUS_C_OR:
		format(test, c->a, c->kind, buf, len, at);
		append(buf, len, at, c->kind == LITMUS_C_AND ? " /\\ " : " \\/ ");
		format(test, c->b, c->kind, buf, len, at);
		break;
	}
	if (parens)
		append(buf, len, at, ")");
}

void litmus_cond_format(const struct litmus_test *test, const struct litmus_cond *c, char *buf,
			size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	if (c)
		format(test, c, LITMUS_C_TRUE, buf, len, &at);
}

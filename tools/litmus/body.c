// SPDX-License-Identifier: GPL-2.0
/*
 * The C of a process body: declarations, assignments, if/else, blocks, and
 * expressions over registers, location addresses and kernel primitives.
 * A name is a register of the process if it has one by that name, else a
 * location; an unknown name becomes a register when assigned (a few
 * cmpxchg tests use registers they never declare) and is an error when
 * read.  Loops and anything else outside this subset are refused by name.
 */
#include <ctype.h>
#include <string.h>

#include "parse.h"

static struct litmus_expr *parse_expr(struct litmus_parser *p);
static struct litmus_expr *parse_unary(struct litmus_parser *p);

static struct litmus_expr *new_expr(struct litmus_parser *p, enum litmus_expr_kind kind,
				    unsigned int line)
{
	struct litmus_expr *e = litmus_alloc(&p->test->arena, sizeof(*e));

	e->kind = kind;
	e->height = 1;
	e->site.func = p->proc->name;
	e->site.op = "";
	e->site.expr = "";
	e->site.line = line;
	return e;
}

static void add_arg(struct litmus_parser *p, struct litmus_expr *e, struct litmus_expr *arg)
{
	e->arg[e->nr_args++] = arg;
	if (arg->height + 1 > e->height)
		e->height = arg->height + 1;
	if (e->height > LITMUS_MAX_NESTING)
		litmus_error_set(&p->test->error, e->site.line,
				 "expression nested more than %d deep", LITMUS_MAX_NESTING);
}

/* An expression whose value is used: an unknown name is an error here. */
static struct litmus_expr *rvalue(struct litmus_parser *p, struct litmus_expr *e)
{
	if (e->kind == LITMUS_E_NAME)
		litmus_error_set(&p->test->error, e->site.line, "%s uses '%s', which is neither "
				 "a register nor a location", p->proc->name, e->name);
	return e;
}

/* The source from @start to the next token, blanks squeezed: a site's expression text. */
static const char *source_text(struct litmus_parser *p, const char *start)
{
	const char *end = peek(p, 0)->start;
	char buf[LITMUS_MAX_SOURCE];
	size_t n = 0;
	bool blank = false;

	if (!start || !end || end < start)
		return "";
	for (; start < end && n + 1 < sizeof(buf); start++) {
		if (isspace((unsigned char)*start)) {
			blank = n > 0;
			continue;
		}
		if (blank && n + 2 < sizeof(buf))
			buf[n++] = ' ';
		blank = false;
		buf[n++] = *start;
	}
	return litmus_strndup(&p->test->arena, buf, n);
}

/* ---- expressions ---------------------------------------------------------- */

static void check_call(struct litmus_parser *p, struct litmus_expr *e, const char *name,
		       unsigned int nr_args)
{
	const struct litmus_prim *prim = e->prim;
	struct litmus_expr *loc;

	if (nr_args != prim->nr_args) {
		litmus_error_set(&p->test->error, e->site.line, "%s takes %u argument%s, not %u",
				 name, prim->nr_args, prim->nr_args == 1 ? "" : "s", nr_args);
		return;
	}
	if (prim->loc_arg < 0)
		return;
	loc = e->arg[prim->loc_arg];
	if (prim->lvalue) {
		/* READ_ONCE(*x): the location is what the load would read. */
		if (loc->kind != LITMUS_E_LOAD) {
			litmus_error_set(&p->test->error, e->site.line,
					 "%s takes *pointer, not %s", name, e->site.expr);
			return;
		}
		e->arg[prim->loc_arg] = loc->arg[0];
		loc = loc->arg[0];
	}
	if (loc->kind == LITMUS_E_LOC && litmus_prim_is_lock(prim))
		p->test->locs[loc->index].is_lock = true;
}

static struct litmus_expr *parse_call(struct litmus_parser *p)
{
	struct litmus_token name = litmus_lex_next(&p->lex);
	struct litmus_expr *e = new_expr(p, LITMUS_E_CALL, name.line), *arg;
	const char *first = NULL;
	unsigned int nr_args = 0;
	char *text = litmus_token_text(p, &name);

	e->prim = litmus_prim_find(text, &e->order);
	if (!e->prim) {
		litmus_unsupported(p, &name);
		return e;
	}
	e->site.op = text;
	litmus_expect(p, '(');
	while (!failed(p) && !litmus_accept(p, ')')) {
		if (nr_args && !litmus_accept(p, ',')) {
			litmus_fail_at(p, peek(p, 0), "',' or ')'");
			break;
		}
		if (!nr_args)
			first = peek(p, 0)->start;
		arg = rvalue(p, parse_expr(p));
		if (!nr_args)
			e->site.expr = source_text(p, first);
		if (nr_args++ < 3)
			add_arg(p, e, arg);
	}
	if (!failed(p))
		check_call(p, e, text, nr_args);
	return e;
}

static struct litmus_expr *parse_name(struct litmus_parser *p)
{
	struct litmus_token tok = litmus_lex_next(&p->lex);
	struct litmus_expr *e;
	int i;

	if (litmus_tok_is_ident(&tok, "NULL") || litmus_tok_is_ident(&tok, "false") ||
	    litmus_tok_is_ident(&tok, "true")) {
		e = new_expr(p, LITMUS_E_CONST, tok.line);
		e->value = litmus_tok_is_ident(&tok, "true");
		return e;
	}
	i = litmus_reg_find(p->proc, tok.start, tok.len);
	if (i >= 0) {
		e = new_expr(p, LITMUS_E_REG, tok.line);
		e->index = (unsigned int)i;
		return e;
	}
	i = litmus_loc_find(p->test, tok.start, tok.len);
	if (i >= 0) {
		e = new_expr(p, LITMUS_E_LOC, tok.line);
		e->index = (unsigned int)i;
		return e;
	}
	e = new_expr(p, LITMUS_E_NAME, tok.line);
	e->name = litmus_token_text(p, &tok);
	return e;
}

static struct litmus_expr *parse_primary(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	struct litmus_expr *e;

	if (tok->kind == LITMUS_TOK_NUMBER) {
		e = new_expr(p, LITMUS_E_CONST, tok->line);
		e->value = litmus_lex_next(&p->lex).value;
		return e;
	}
	if (litmus_accept(p, '(')) {
		e = parse_expr(p);
		litmus_expect(p, ')');
		return e;
	}
	if (tok->kind == LITMUS_TOK_IDENT && litmus_tok_is(peek(p, 1), '('))
		return parse_call(p);
	if (tok->kind == LITMUS_TOK_IDENT && !litmus_is_type(tok))
		return parse_name(p);
	e = new_expr(p, LITMUS_E_CONST, tok->line);
	litmus_fail_at(p, tok, "an expression");
	return e;
}

static struct litmus_expr *parse_postfix(struct litmus_parser *p)
{
	struct litmus_expr *e = parse_primary(p);
	const struct litmus_token *tok = peek(p, 0);

	/* x->f, a[i], s.f, r++: not litmus C as the kernel writes it. */
	if (litmus_tok_is(tok, '[') || litmus_tok_is(tok, '.') ||
	    (litmus_tok_is(tok, LITMUS_OP_OTHER) && (tok->len == 2 && tok->start[1] != '=')))
		litmus_unsupported(p, tok);
	return e;
}

static struct litmus_expr *parse_unary_op(struct litmus_parser *p)
{
	struct litmus_token tok = litmus_lex_next(&p->lex);
	struct litmus_expr *e, *arg = rvalue(p, parse_unary(p));

	if (tok.punct == '+')
		return arg;
	e = new_expr(p, LITMUS_E_UNARY, tok.line);
	e->op = tok.punct;
	add_arg(p, e, arg);
	return e;
}

/* *p: a plain load, or the target of a plain store or of READ_ONCE(). */
static struct litmus_expr *parse_deref(struct litmus_parser *p)
{
	struct litmus_token tok = litmus_lex_next(&p->lex);
	struct litmus_expr *e = new_expr(p, LITMUS_E_LOAD, tok.line);

	add_arg(p, e, rvalue(p, parse_unary(p)));
	e->site.op = "plain_load";
	e->site.expr = source_text(p, tok.start);
	return e;
}

static struct litmus_expr *parse_unary(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	struct litmus_expr *e;

	if (!litmus_nest(p, tok->line))
		return new_expr(p, LITMUS_E_CONST, tok->line);
	if (litmus_tok_is(tok, '!') || litmus_tok_is(tok, '~') || litmus_tok_is(tok, '-') ||
	    litmus_tok_is(tok, '+')) {
		e = parse_unary_op(p);
	} else if (litmus_tok_is(tok, '*')) {
		e = parse_deref(p);
	} else if (litmus_tok_is(tok, '&') || litmus_tok_is(tok, LITMUS_OP_OTHER)) {
		litmus_unsupported(p, tok);
		e = new_expr(p, LITMUS_E_CONST, tok->line);
	} else if (litmus_tok_is(tok, '(') && litmus_is_type(peek(p, 1))) {
		/* A cast: values are 64-bit integers whatever their C type. */
		litmus_lex_next(&p->lex);
		litmus_skip_type(p);
		litmus_expect(p, ')');
		e = parse_unary(p);
	} else {
		e = parse_postfix(p);
	}
	p->depth--;
	return e;
}

static int binary_precedence(const struct litmus_token *tok)
{
	if (tok->kind != LITMUS_TOK_PUNCT)
		return 0;
	switch (tok->punct) {
	case '*':
	case '/':
	case '%':
		return 10;
	case '+':
	case '-':
		return 9;
	case LITMUS_OP_SHL:
	case LITMUS_OP_SHR:
		return 8;
	case '<':
	case '>':
	case LITMUS_OP_LE:
	case LITMUS_OP_GE:
		return 7;
	case LITMUS_OP_EQ:
	case LITMUS_OP_NE:
		return 6;
	case '&':
		return 5;
	case '^':
		return 4;
	case '|':
		return 3;
	case LITMUS_OP_LAND:
		return 2;
	case LITMUS_OP_LOR:
		return 1;
	}
	return 0;
}

static struct litmus_expr *parse_binary(struct litmus_parser *p, int min_precedence)
{
	struct litmus_expr *lhs = parse_unary(p);

	while (!failed(p)) {
		int prec = binary_precedence(peek(p, 0));
		struct litmus_token op;
		struct litmus_expr *e;

		if (!prec || prec < min_precedence)
			break;
		op = litmus_lex_next(&p->lex);
		e = new_expr(p, LITMUS_E_BINARY, op.line);
		e->op = op.punct;
		add_arg(p, e, rvalue(p, lhs));
		add_arg(p, e, rvalue(p, parse_binary(p, prec + 1)));
		lhs = e;
	}
	return lhs;
}

static struct litmus_expr *parse_expr(struct litmus_parser *p)
{
	struct litmus_expr *cond = parse_binary(p, 1), *e;
	unsigned int line = peek(p, 0)->line;

	if (!litmus_accept(p, '?'))
		return cond;
	e = new_expr(p, LITMUS_E_TERNARY, line);
	add_arg(p, e, rvalue(p, cond));
	add_arg(p, e, rvalue(p, parse_expr(p)));
	litmus_expect(p, ':');
	add_arg(p, e, rvalue(p, parse_expr(p)));
	return e;
}

/* ---- statements ----------------------------------------------------------- */

static struct litmus_stmt *parse_stmt(struct litmus_parser *p);

static struct litmus_stmt *new_stmt(struct litmus_parser *p, enum litmus_stmt_kind kind)
{
	struct litmus_stmt *s = litmus_alloc(&p->test->arena, sizeof(*s));

	s->kind = kind;
	return s;
}

static struct litmus_stmt *set_reg(struct litmus_parser *p, int reg, struct litmus_expr *value)
{
	struct litmus_stmt *s = new_stmt(p, LITMUS_S_SET_REG);

	s->reg = reg < 0 ? 0 : (unsigned int)reg;
	s->expr = rvalue(p, value);
	return s;
}

/* "int r0;", "intptr_t r1 = READ_ONCE(*x);", "int r1 = 0, r2;": the initialisers run here. */
static struct litmus_stmt *parse_decl(struct litmus_parser *p)
{
	struct litmus_stmt *head = NULL, **tail = &head;

	litmus_skip_type(p);
	do {
		struct litmus_token name;
		int reg;

		while (litmus_accept(p, '*'))
			;
		name = litmus_lex_next(&p->lex);
		if (name.kind != LITMUS_TOK_IDENT) {
			litmus_fail_at(p, &name, "a local's name");
			return head;
		}
		if (litmus_tok_is(peek(p, 0), '[')) {
			litmus_unsupported(p, peek(p, 0));
			return head;
		}
		reg = litmus_reg_add(p, p->proc, name.start, name.len, name.line);
		if (litmus_accept(p, '=')) {
			*tail = set_reg(p, reg, parse_expr(p));
			tail = &(*tail)->next;
		}
	} while (!failed(p) && litmus_accept(p, ','));
	litmus_expect(p, ';');
	return head;
}

/* "r = e;", "*p = e;" (a plain store), "e;" */
static struct litmus_stmt *parse_simple(struct litmus_parser *p)
{
	const char *start = peek(p, 0)->start;
	struct litmus_expr *lhs = parse_expr(p);
	unsigned int line = peek(p, 0)->line;
	struct litmus_stmt *s;

	if (litmus_tok_is(peek(p, 0), LITMUS_OP_OTHER)) {
		litmus_unsupported(p, peek(p, 0));
		return NULL;
	}
	if (!litmus_tok_is(peek(p, 0), '=')) {
		s = new_stmt(p, LITMUS_S_EXPR);
		s->expr = rvalue(p, lhs);
		litmus_expect(p, ';');
		return s;
	}
	if (lhs->kind != LITMUS_E_NAME && lhs->kind != LITMUS_E_REG &&
	    lhs->kind != LITMUS_E_LOAD) {
		litmus_error_set(&p->test->error, line, "cannot assign to '%s' (a location is "
				 "written *x = v or WRITE_ONCE(*x, v))", source_text(p, start));
		return NULL;
	}
	litmus_lex_next(&p->lex);
	if (lhs->kind == LITMUS_E_LOAD) {
		s = new_stmt(p, LITMUS_S_STORE);
		s->addr = lhs->arg[0];
		s->site = lhs->site;
		s->site.op = "plain_store";
		s->expr = rvalue(p, parse_expr(p));
	} else {
		int reg = lhs->kind == LITMUS_E_REG ? (int)lhs->index :
			  litmus_reg_add(p, p->proc, lhs->name, strlen(lhs->name), line);

		s = set_reg(p, reg, parse_expr(p));
	}
	litmus_expect(p, ';');
	return s;
}

static struct litmus_stmt *parse_if(struct litmus_parser *p)
{
	struct litmus_stmt *s = new_stmt(p, LITMUS_S_IF);

	litmus_lex_next(&p->lex);
	litmus_expect(p, '(');
	s->expr = rvalue(p, parse_expr(p));
	litmus_expect(p, ')');
	s->then = parse_stmt(p);
	if (litmus_tok_is_ident(peek(p, 0), "else")) {
		litmus_lex_next(&p->lex);
		s->otherwise = parse_stmt(p);
	}
	return s;
}

static bool is_refused_keyword(const struct litmus_token *tok)
{
	static const char *const keywords[] = {
		"while", "for", "do", "switch", "case", "default", "goto", "return", "break",
		"continue",
	};
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (litmus_tok_is_ident(tok, keywords[i]))
			return true;
	return false;
}

/* Statements up to and including the closing '}'. */
static struct litmus_stmt *parse_list(struct litmus_parser *p)
{
	struct litmus_stmt *head = NULL, **tail = &head;

	while (!failed(p) && !litmus_accept(p, '}')) {
		if (peek(p, 0)->kind == LITMUS_TOK_EOF) {
			litmus_fail_at(p, peek(p, 0), "'}'");
			break;
		}
		*tail = parse_stmt(p);
		while (*tail)
			tail = &(*tail)->next;
	}
	return head;
}

static struct litmus_stmt *parse_stmt(struct litmus_parser *p)
{
	const struct litmus_token *tok = peek(p, 0);
	struct litmus_stmt *s = NULL;

	if (!litmus_nest(p, tok->line))
		return NULL;
	if (litmus_accept(p, '{')) {
		s = new_stmt(p, LITMUS_S_BLOCK);
		s->body = parse_list(p);
	} else if (litmus_tok_is_ident(tok, "if")) {
		s = parse_if(p);
	} else if (is_refused_keyword(tok)) {
		litmus_unsupported(p, tok);
	} else if (litmus_tok_is_ident(tok, "else")) {
		litmus_fail_at(p, tok, "a statement");
	} else if (litmus_accept(p, ';')) {
		s = NULL;
	} else if (litmus_is_type(tok)) {
		s = parse_decl(p);
	} else {
		s = parse_simple(p);
	}
	p->depth--;
	return s;
}

struct litmus_stmt *litmus_parse_body(struct litmus_parser *p)
{
	return parse_list(p);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* What the parts of the parser share: parse.c the file, body.c the C, cond.c the clauses. */
#ifndef TOOLS_LITMUS_PARSE_H
#define TOOLS_LITMUS_PARSE_H

#include "lex.h"
#include "litmus.h"

/* "0:r1=x" in the initial state: applied once the processes are known. */
struct litmus_reg_init {
	unsigned int proc, line;
	const char *name;
	int64_t value;
};

struct litmus_parser {
	struct litmus_lexer lex;
	struct litmus_test *test;
	const char *src;
	struct litmus_proc *proc;	/* whose body is being read, or NULL */
	unsigned int depth;		/* of nested expressions and blocks */
	struct litmus_reg_init reg_init[LITMUS_MAX_PROCS * LITMUS_MAX_REGS];
	unsigned int nr_reg_init;
};

static inline const struct litmus_token *peek(struct litmus_parser *p, unsigned int n)
{
	return litmus_lex_peek(&p->lex, n);
}

static inline bool failed(const struct litmus_parser *p)
{
	return p->test->error.kind != LITMUS_OK;
}

/* Consume the next token if it is @punct. */
bool litmus_accept(struct litmus_parser *p, int punct);
/* Consume @punct, or fail: "expected ';' before '}'". */
void litmus_expect(struct litmus_parser *p, int punct);
void litmus_fail_at(struct litmus_parser *p, const struct litmus_token *tok, const char *what);
void litmus_unsupported(struct litmus_parser *p, const struct litmus_token *tok);
/* Enter one level of nesting; false (and an error) past LITMUS_MAX_NESTING. */
bool litmus_nest(struct litmus_parser *p, unsigned int line);

/* The location @name (creating it), or -1 when the table is full. */
int litmus_loc(struct litmus_parser *p, const char *name, size_t len, unsigned int line);
int litmus_loc_find(const struct litmus_test *test, const char *name, size_t len);
int litmus_reg_find(const struct litmus_proc *proc, const char *name, size_t len);
int litmus_reg_add(struct litmus_parser *p, struct litmus_proc *proc, const char *name,
		   size_t len, unsigned int line);
char *litmus_token_text(struct litmus_parser *p, const struct litmus_token *tok);

/* A type name: "int", "intptr_t", "spinlock_t", "struct", ... */
bool litmus_is_type(const struct litmus_token *tok);
/* Skip a type: its names and "*"s; returns how many "*" it had. */
unsigned int litmus_skip_type(struct litmus_parser *p);

/* body.c: the statements after a process's "{", through its "}". */
struct litmus_stmt *litmus_parse_body(struct litmus_parser *p);

/* cond.c: herd's clauses. */
struct litmus_cond *litmus_parse_cond(struct litmus_parser *p);
void litmus_parse_locations(struct litmus_parser *p);
/* Add @o to what outcomes show, once. */
void litmus_observe(struct litmus_parser *p, const struct litmus_operand *o, unsigned int line);
/* Everything the condition and the filter read, to what outcomes show. */
void litmus_observe_cond(struct litmus_parser *p, const struct litmus_cond *c);

#endif /* TOOLS_LITMUS_PARSE_H */

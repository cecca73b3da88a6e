/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens of a litmus file.  The file mixes two languages: herd's (the
 * header, the initial state, the clauses at the end, with (* OCaml *)
 * comments and the /\ \/ connectives) and C (the process bodies, where
 * "(*" is READ_ONCE(*x)'s, not a comment).  The parser says which one it
 * is reading.
 */
#ifndef TOOLS_LITMUS_LEX_H
#define TOOLS_LITMUS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "litmus.h"

enum litmus_token_kind {
	LITMUS_TOK_EOF,
	LITMUS_TOK_IDENT,
	LITMUS_TOK_NUMBER,
	LITMUS_TOK_STRING,
	LITMUS_TOK_PUNCT,
};

struct litmus_token {
	enum litmus_token_kind kind;
	int punct;
	int64_t value;
	const char *start;
	size_t len;
	unsigned int line;
};

#define LITMUS_LOOKAHEAD 2

struct litmus_lexer {
	const char *path;
	const char *pos, *end;
	unsigned int line;
	bool c_mode;
	struct litmus_token ahead[LITMUS_LOOKAHEAD];
	unsigned int nr_ahead;
	struct litmus_error *error;
};

void litmus_lex_init(struct litmus_lexer *lex, const char *src, size_t len,
		     struct litmus_error *error);
/* Token @n ahead (0 or 1), not consumed.  After an error, every token is EOF. */
const struct litmus_token *litmus_lex_peek(struct litmus_lexer *lex, unsigned int n);
struct litmus_token litmus_lex_next(struct litmus_lexer *lex);
/* Switch between herd's syntax and C's; tokens already read ahead are read again. */
void litmus_lex_set_c_mode(struct litmus_lexer *lex, bool c_mode);
/* The rest of the current line, for "C name" and the header's "Result:". */
const char *litmus_lex_rest_of_line(struct litmus_lexer *lex, size_t *len);

bool litmus_tok_is(const struct litmus_token *tok, int punct);
bool litmus_tok_is_ident(const struct litmus_token *tok, const char *name);

/* Record the first error: a malformed file at @line. */
void litmus_error_set(struct litmus_error *error, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record the first error: @construct is not supported, at @line. */
void litmus_error_unsupported(struct litmus_error *error, unsigned int line, const char *construct,
			      size_t len);

#endif /* TOOLS_LITMUS_LEX_H */

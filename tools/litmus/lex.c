// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"

void litmus_error_set(struct litmus_error *error, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (error->kind != LITMUS_OK)
		return;
	error->kind = LITMUS_MALFORMED;
	error->line = line;
	va_start(ap, fmt);
	vsnprintf(error->what, sizeof(error->what), fmt, ap);
	va_end(ap);
}

void litmus_error_unsupported(struct litmus_error *error, unsigned int line, const char *construct,
			      size_t len)
{
	if (error->kind != LITMUS_OK)
		return;
	if (len >= sizeof(error->construct))
		len = sizeof(error->construct) - 1;
	error->kind = LITMUS_UNSUPPORTED;
	error->line = line;
	memcpy(error->construct, construct, len);
	error->construct[len] = '\0';
	snprintf(error->what, sizeof(error->what), "unsupported: %s", error->construct);
}

void litmus_lex_init(struct litmus_lexer *lex, const char *src, size_t len,
		     struct litmus_error *error)
{
	memset(lex, 0, sizeof(*lex));
	lex->pos = src;
	lex->end = src + len;
	lex->line = 1;
	lex->error = error;
}

static bool at(const struct litmus_lexer *lex, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(lex->end - lex->pos) >= n && !memcmp(lex->pos, s, n);
}

static void advance(struct litmus_lexer *lex, size_t n)
{
	while (n-- && lex->pos < lex->end) {
		if (*lex->pos == '\n')
			lex->line++;
		lex->pos++;
	}
}

/* Skip "(* ... *)", which nests, as herd's lexer does. */
static void skip_herd_comment(struct litmus_lexer *lex)
{
	unsigned int line = lex->line, depth = 0;

	do {
		if (at(lex, "(*")) {
			depth++;
			advance(lex, 2);
		} else if (at(lex, "*)")) {
			depth--;
			advance(lex, 2);
		} else if (lex->pos == lex->end) {
			litmus_error_set(lex->error, line, "comment '(*' never closed");
			return;
		} else {
			advance(lex, 1);
		}
	} while (depth);
}

static void skip_space_and_comments(struct litmus_lexer *lex)
{
	for (;;) {
		if (lex->pos < lex->end && isspace((unsigned char)*lex->pos)) {
			advance(lex, 1);
		} else if (at(lex, "//")) {
			while (lex->pos < lex->end && *lex->pos != '\n')
				advance(lex, 1);
		} else if (at(lex, "/*")) {
			unsigned int line = lex->line;

			advance(lex, 2);
			while (lex->pos < lex->end && !at(lex, "*/"))
				advance(lex, 1);
			if (lex->pos == lex->end) {
				litmus_error_set(lex->error, line, "comment '/*' never closed");
				return;
			}
			advance(lex, 2);
		} else if (!lex->c_mode && at(lex, "(*")) {
			skip_herd_comment(lex);
		} else {
			return;
		}
	}
}

static void lex_number(struct litmus_lexer *lex, struct litmus_token *tok)
{
	unsigned int base = 10, digit;
	uint64_t v = 0;
	bool overflow = false;

	if (at(lex, "0x") || at(lex, "0X")) {
		base = 16;
		advance(lex, 2);
	}
	while (lex->pos < lex->end && isxdigit((unsigned char)*lex->pos)) {
		char c = (char)tolower((unsigned char)*lex->pos);

		digit = isdigit((unsigned char)c) ? (unsigned int)(c - '0') :
						    (unsigned int)(c - 'a' + 10);
		if (digit >= base)
			break;
		if (v > (UINT64_MAX - digit) / base)
			overflow = true;
		v = v * base + digit;
		advance(lex, 1);
	}
	/* C's suffixes: 1UL is 1. */
	while (lex->pos < lex->end && strchr("uUlL", *lex->pos))
		advance(lex, 1);
	if (lex->pos < lex->end && (isalnum((unsigned char)*lex->pos) || *lex->pos == '_'))
		litmus_error_set(lex->error, tok->line, "malformed number '%.*s'",
				 (int)(lex->pos - tok->start + 1), tok->start);
	else if (overflow || v > INT64_MAX)
		litmus_error_set(lex->error, tok->line, "number '%.*s' does not fit in 64 bits",
				 (int)(lex->pos - tok->start), tok->start);
	tok->kind = LITMUS_TOK_NUMBER;
	tok->value = (int64_t)v;
}

static void lex_string(struct litmus_lexer *lex, struct litmus_token *tok)
{
	advance(lex, 1);
	while (lex->pos < lex->end && *lex->pos != '"' && *lex->pos != '\n')
		advance(lex, 1);
	if (lex->pos == lex->end || *lex->pos != '"') {
		litmus_error_set(lex->error, tok->line, "string never closed");
		return;
	}
	advance(lex, 1);
	tok->kind = LITMUS_TOK_STRING;
}

static const struct {
	const char *text;
	int punct;
} puncts[] = {
	/* Longest first. */
	{ "<<=", LITMUS_OP_OTHER }, { ">>=", LITMUS_OP_OTHER },
	{ "/\\", LITMUS_OP_CONJ }, { "\\/", LITMUS_OP_DISJ },
	{ "==", LITMUS_OP_EQ }, { "!=", LITMUS_OP_NE }, { "<=", LITMUS_OP_LE },
	{ ">=", LITMUS_OP_GE }, { "<<", LITMUS_OP_SHL }, { ">>", LITMUS_OP_SHR },
	{ "&&", LITMUS_OP_LAND }, { "||", LITMUS_OP_LOR },
	{ "++", LITMUS_OP_OTHER }, { "--", LITMUS_OP_OTHER }, { "->", LITMUS_OP_OTHER },
	{ "+=", LITMUS_OP_OTHER }, { "-=", LITMUS_OP_OTHER }, { "*=", LITMUS_OP_OTHER },
	{ "/=", LITMUS_OP_OTHER }, { "%=", LITMUS_OP_OTHER }, { "&=", LITMUS_OP_OTHER },
	{ "|=", LITMUS_OP_OTHER }, { "^=", LITMUS_OP_OTHER },
};

static void lex_punct(struct litmus_lexer *lex, struct litmus_token *tok)
{
	unsigned char c = (unsigned char)*lex->pos;
	size_t i;

	tok->kind = LITMUS_TOK_PUNCT;
	for (i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
		if (at(lex, puncts[i].text)) {
			tok->punct = puncts[i].punct;
			advance(lex, strlen(puncts[i].text));
			return;
		}
	}
	if (!strchr("(){}[];,:=<>+-*/%&|^!~?.", c) || !c) {
		if (isprint(c))
			litmus_error_set(lex->error, tok->line, "unexpected character '%c'", c);
		else
			litmus_error_set(lex->error, tok->line, "unexpected byte 0x%02x", c);
		tok->kind = LITMUS_TOK_EOF;
		return;
	}
	tok->punct = c;
	advance(lex, 1);
}

static struct litmus_token lex_token(struct litmus_lexer *lex)
{
	struct litmus_token tok = { .kind = LITMUS_TOK_EOF };

	skip_space_and_comments(lex);
	tok.start = lex->pos;
	tok.line = lex->line;
	if (lex->error->kind != LITMUS_OK || lex->pos == lex->end)
		return tok;
	if (isalpha((unsigned char)*lex->pos) || *lex->pos == '_') {
		while (lex->pos < lex->end &&
		       (isalnum((unsigned char)*lex->pos) || *lex->pos == '_'))
			advance(lex, 1);
		tok.kind = LITMUS_TOK_IDENT;
	} else if (isdigit((unsigned char)*lex->pos)) {
		lex_number(lex, &tok);
	} else if (*lex->pos == '"') {
		lex_string(lex, &tok);
	} else {
		lex_punct(lex, &tok);
	}
	tok.len = (size_t)(lex->pos - tok.start);
	if (lex->error->kind != LITMUS_OK)
		tok.kind = LITMUS_TOK_EOF;
	return tok;
}

const struct litmus_token *litmus_lex_peek(struct litmus_lexer *lex, unsigned int n)
{
	while (lex->nr_ahead <= n)
		lex->ahead[lex->nr_ahead++] = lex_token(lex);
	return &lex->ahead[n];
}

struct litmus_token litmus_lex_next(struct litmus_lexer *lex)
{
	struct litmus_token tok = *litmus_lex_peek(lex, 0);

	lex->nr_ahead--;
	memmove(&lex->ahead[0], &lex->ahead[1], lex->nr_ahead * sizeof(lex->ahead[0]));
	return tok;
}

void litmus_lex_set_c_mode(struct litmus_lexer *lex, bool c_mode)
{
	if (lex->nr_ahead && lex->ahead[0].kind != LITMUS_TOK_EOF) {
		lex->pos = lex->ahead[0].start;
		lex->line = lex->ahead[0].line;
	}
	lex->nr_ahead = 0;
	lex->c_mode = c_mode;
}

const char *litmus_lex_rest_of_line(struct litmus_lexer *lex, size_t *len)
{
	const char *start;

	litmus_lex_set_c_mode(lex, lex->c_mode);
	while (lex->pos < lex->end && (*lex->pos == ' ' || *lex->pos == '\t'))
		lex->pos++;
	start = lex->pos;
	while (lex->pos < lex->end && *lex->pos != '\n')
		lex->pos++;
	*len = (size_t)(lex->pos - start);
	while (*len && isspace((unsigned char)start[*len - 1]))
		(*len)--;
	return start;
}

bool litmus_tok_is(const struct litmus_token *tok, int punct)
{
	return tok->kind == LITMUS_TOK_PUNCT && tok->punct == punct;
}

bool litmus_tok_is_ident(const struct litmus_token *tok, const char *name)
{
	return tok->kind == LITMUS_TOK_IDENT && tok->len == strlen(name) &&
	       !memcmp(tok->start, name, tok->len);
}

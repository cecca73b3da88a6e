// SPDX-License-Identifier: GPL-2.0
#include "number.h"

/* Digits only, at least one; the value, or false past @max. */
static bool parse_digits(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (d > 9 || d > max || n > (max - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*v = n;
	return true;
}

bool sim_parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	return s && parse_digits(s, max, v);
}

bool sim_parse_i64(const char *s, int64_t min, int64_t max, int64_t *v)
{
	uint64_t mag;

	if (!s)
		return false;
	if (*s == '-') {
		/* -(min + 1) + 1: the magnitude of INT64_MIN without overflow. */
		if (min >= 0 || !parse_digits(s + 1, (uint64_t)-(min + 1) + 1, &mag))
			return false;
		*v = mag ? -(int64_t)(mag - 1) - 1 : 0;
		return *v <= max;
	}
	if (max < 0 || !parse_digits(s, (uint64_t)max, &mag))
		return false;
	*v = (int64_t)mag;
	return *v >= min;
}

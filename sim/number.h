/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict decimal numbers, the one parser of every flag, parameter and
 * reproducer field: digits only (a leading '-' where negatives are allowed),
 * no blank, tab or '+' in front, nothing after, and out of range refused --
 * never wrapped, never cut to what fits.  strtoull() alone accepts
 * " -1" as 2^64-1 and atoi() reads "1abc" as 1.
 */
#ifndef SIM_NUMBER_H
#define SIM_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* @s is a whole number from 0 to @max: stores it in @v and returns true. */
bool sim_parse_u64(const char *s, uint64_t max, uint64_t *v);
/* @s is an integer from @min to @max. */
bool sim_parse_i64(const char *s, int64_t min, int64_t max, int64_t *v);

#endif /* SIM_NUMBER_H */

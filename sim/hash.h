/* SPDX-License-Identifier: GPL-2.0 */
/* FNV-1a: the hash of traces, of runs and of reproducer schedules. */
#ifndef SIM_HASH_H
#define SIM_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_BASIS 0xcbf29ce484222325ULL
#define FNV1A_PRIME 0x100000001b3ULL

static inline uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--)
		h = (h ^ *p++) * FNV1A_PRIME;
	return h;
}

#endif /* SIM_HASH_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* splitmix64: small, seedable, the same sequence on every build. */
#ifndef SIM_PRNG_H
#define SIM_PRNG_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n well below 2^32: multiply-shift, no modulo bias worth the name. */
static inline uint32_t prng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(((splitmix64(state) >> 32) * (uint64_t)n) >> 32);
}

#endif /* SIM_PRNG_H */

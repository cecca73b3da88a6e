/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seqcount_t and the latch helpers, with the kernel's barriers.  The
 * kernel's raw_write_seqcount_latch() increments with a plain ++; on x86
 * that store waits in the store buffer like any other, so here it is a
 * marked store the memory model sees.  Macros, so that the trace names the
 * caller's line.
 */
#ifndef _LINUX_SEQLOCK_H
#define _LINUX_SEQLOCK_H

#include <linux/barrier.h>
#include <linux/compiler.h>

typedef struct seqcount {
	unsigned int sequence;
} seqcount_t;

#define SEQCNT_ZERO(name) { .sequence = 0 }
#define seqcount_init(s) ((s)->sequence = 0)

#define SIM_SEQ_LOAD(op, s) \
	((unsigned int)sim_load(SIM_SITE(op, #s), &(s)->sequence, sizeof((s)->sequence), 0, \
				SIM_ORDER_ONCE))

/* Pairs with the first smp_wmb() in raw_write_seqcount_latch(). */
#define raw_read_seqcount_latch(s) ((int)SIM_SEQ_LOAD("raw_read_seqcount_latch", s))

/* Plain, as in the kernel before KCSAN (v5.8); callers hold the writers' lock. */
#define __read_seqcount_retry(s, start) unlikely((s)->sequence != (unsigned int)(start))

#define raw_write_seqcount_latch(s)                                                        \
	do {                                                                               \
		smp_wmb();	/* prior stores before incrementing "sequence" */           \
		sim_store(SIM_SITE("raw_write_seqcount_latch", #s), &(s)->sequence,        \
			  sizeof((s)->sequence), (s)->sequence + 1, 0, SIM_ORDER_ONCE);    \
		smp_wmb();	/* increment "sequence" before following stores */          \
	} while (0)

#endif /* _LINUX_SEQLOCK_H */

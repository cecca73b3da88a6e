/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seqcount_t, seqlock_t and the latch helpers, with the kernel's barriers
 * (include/linux/seqlock.h as of v5.1).  The kernel bumps "sequence" with a
 * plain ++; on x86 that store waits in the store buffer like any other, so
 * here every access to it that a reader may race with is a marked one the
 * memory model sees.  Macros, so that the trace names the caller's line.
 */
#ifndef _LINUX_SEQLOCK_H
#define _LINUX_SEQLOCK_H

#include <linux/barrier.h>
#include <linux/compiler.h>
#include <linux/processor.h>
#include <linux/spinlock.h>

#include "sim/seqlock.h"

typedef struct seqcount {
	unsigned int sequence;
} seqcount_t;

#define SEQCNT_ZERO(name) { .sequence = 0 }
#define seqcount_init(s) ((s)->sequence = 0)

#define SIM_SEQ_LOAD(op, s) \
	((unsigned int)sim_load(SIM_SITE(op, #s), &(s)->sequence, sizeof((s)->sequence), 0, \
				SIM_ORDER_ONCE))
/* Writers are serialized, so the plain read of the old value is their own. */
#define SIM_SEQ_BUMP(op, s)                                                              \
	sim_store(SIM_SITE(op, #s), &(s)->sequence, sizeof((s)->sequence), (s)->sequence + 1, \
		  0, SIM_ORDER_ONCE)

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

/*
 * __read_seqcount_begin(): wait while a writer is in its section (an odd
 * count).  The kernel spins with cpu_relax(); here the reader waits until
 * the count moves, then reads it again (sim/seqlock.c says why).
 */
#define __read_seqcount_begin(s)                                                        \
	({                                                                              \
		unsigned int __ret;                                                     \
		while ((__ret = SIM_SEQ_LOAD("read_seqcount_begin", s)) & 1) {          \
			sim_seqcount_wait(SIM_SITE("read_seqcount_begin", #s),          \
					  &(s)->sequence, __ret);                       \
			cpu_relax();                                                    \
		}                                                                       \
		__ret;                                                                  \
	})

/* The count read before the reader's loads (smp_rmb: pairs with the writer's smp_wmb). */
#define raw_read_seqcount_begin(s)                        \
	({                                                \
		unsigned int __seq = __read_seqcount_begin(s); \
		smp_rmb();                                \
		__seq;                                    \
	})
#define read_seqcount_begin(s) raw_read_seqcount_begin(s)

/*
 * The reader's loads before the count read again; true when a writer ran
 * meanwhile and the reader must retry.  Marked here (the kernel's was plain
 * until v5.8): a lockless reader races with the writer's increment.
 */
#define read_seqcount_retry(s, start)                                               \
	({                                                                          \
		smp_rmb();                                                          \
		unlikely(SIM_SEQ_LOAD("read_seqcount_retry", s) != (unsigned int)(start)); \
	})

/* The writer's section opens: odd count, then its stores (smp_wmb between). */
#define raw_write_seqcount_begin(s)                         \
	do {                                                \
		SIM_SEQ_BUMP("raw_write_seqcount_begin", s); \
		smp_wmb();                                  \
	} while (0)

#define raw_write_seqcount_end(s)                         \
	do {                                              \
		smp_wmb();                                \
		SIM_SEQ_BUMP("raw_write_seqcount_end", s); \
	} while (0)

#define write_seqcount_begin(s) raw_write_seqcount_begin(s)
#define write_seqcount_end(s) raw_write_seqcount_end(s)

/* seqlock_t: a seqcount whose writers are serialized by a spinlock. */
typedef struct {
	struct seqcount seqcount;
	spinlock_t lock;
} seqlock_t;

#define seqlock_init(sl)                           \
	do {                                       \
		seqcount_init(&(sl)->seqcount);    \
		spin_lock_init(&(sl)->lock);       \
	} while (0)

#define read_seqbegin(sl) read_seqcount_begin(&(sl)->seqcount)
#define read_seqretry(sl, start) read_seqcount_retry(&(sl)->seqcount, start)

#define write_seqlock(sl)                                 \
	do {                                              \
		spin_lock(&(sl)->lock);                   \
		write_seqcount_begin(&(sl)->seqcount);    \
	} while (0)

#define write_sequnlock(sl)                               \
	do {                                              \
		write_seqcount_end(&(sl)->seqcount);      \
		spin_unlock(&(sl)->lock);                 \
	} while (0)

#endif /* _LINUX_SEQLOCK_H */

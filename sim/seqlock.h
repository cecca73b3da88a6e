/* SPDX-License-Identifier: GPL-2.0 */
/* The seqcount reader's wait for a writer to leave its section (seqlock.c). */
#ifndef SIM_SEQLOCK_H
#define SIM_SEQLOCK_H

#include "site.h"

/* Until the count every CPU sees is no longer @seen. */
void sim_seqcount_wait(const struct sim_site *site, const unsigned int *sequence,
		       unsigned int seen);

#endif /* SIM_SEQLOCK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interleaving feedback: code coverage barely moves when only the schedule
 * changes, so libFuzzer would keep few of the inputs that reach new
 * interleavings.  After each run the trace is turned into features (which
 * store each load read, which step followed which across a switch, which
 * load missed another CPU's buffered store) counted in libFuzzer's extra
 * counters, which it treats like coverage.
 */
#ifndef FUZZ_FEEDBACK_H
#define FUZZ_FEEDBACK_H

#include <stdbool.h>

/* On unless SCHEDFUZZ_FEEDBACK=0; returns whether it is on. */
bool fuzz_feedback_init(void);
/* Count the features of the run that just ended (its trace). */
void fuzz_feedback_collect(void);

#endif /* FUZZ_FEEDBACK_H */

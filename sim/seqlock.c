// SPDX-License-Identifier: GPL-2.0
/*
 * A seqcount reader that finds a writer in its section spins re-reading the
 * count.  Every spin that reads the same odd value does nothing, so instead
 * of offering each to the decision stream (which makes a bounded search
 * endless) the reader waits until the count every CPU sees has moved, then
 * reads it again: the await rule of DESIGN.md, "Exploration", for this one
 * loop.  A writer that never ends its section is then a deadlock report
 * naming read_seqcount_begin.
 */
#include "engine.h"
#include "seqlock.h"
#include "sched.h"
#include "trace.h"

struct seq_wait {
	const unsigned int *sequence;
	unsigned int seen;
};

static bool moved(const void *arg)
{
	const struct seq_wait *w = arg;

	return (unsigned int)sim_mm_visible_load(w->sequence, sizeof(*w->sequence)) != w->seen;
}

void sim_seqcount_wait(const struct sim_site *site, const unsigned int *sequence,
		       unsigned int seen)
{
	struct seq_wait w = { sequence, seen };

	if (moved(&w))
		return;
	sim_trace_event(SIM_EV_BLOCK, site, 0, "spins until the writer is done", -1);
	sim_block(SIM_TASK_SLEEPING, moved, &w, site);
}

// SPDX-License-Identifier: GPL-2.0
/* Plain loads that see the CPU's own store buffer: see plain.h. */
#include "engine.h"
#include "plain.h"
#include "sched.h"
#include "store_buffer.h"

uint64_t sim_plain_load_own(const volatile void *addr, unsigned int size)
{
	const struct sim_task *t = sim_current();
	const struct sim_buffered_store *s = NULL;

	if (t && sim_run_mm() == SIM_MM_TSO)
		s = store_buffer_forward(t->cpu, addr, size);
	return s ? s->value : sim_mm_raw_load(addr, size);
}

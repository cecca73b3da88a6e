/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asm/processor.h: cpu_relax() marks a busy-wait, so its point prefers
 * another task: a schedule that runs out of bytes still lets the loop end.
 */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include "sim/sched.h"

#define cpu_relax() sim_relax(SIM_SITE("cpu_relax", ""))

#endif /* _ASM_PROCESSOR_H */

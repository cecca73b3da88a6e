/* SPDX-License-Identifier: GPL-2.0 */
/* GFP_NOWAIT and GFP_ATOMIC allocations may fail, as the decision stream says. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#include "sim/alloc.h"

#define __GFP_NOWARN	(1u << 8)	/* only quiets the kernel's warning */
#define __GFP_ZERO	SIM_GFP_ZERO
#define GFP_KERNEL	SIM_GFP_MAY_SLEEP
#define GFP_NOWAIT	SIM_GFP_MAY_FAIL
#define GFP_ATOMIC	SIM_GFP_MAY_FAIL

#endif /* _LINUX_GFP_H */

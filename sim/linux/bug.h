/* SPDX-License-Identifier: GPL-2.0 */
/* BUG_ON and WARN_ON end the run with a report of kind "bug". */
#ifndef _ASM_GENERIC_BUG_H
#define _ASM_GENERIC_BUG_H

#include <linux/types.h>

#include "sim/report.h"

#define BUG() sim_fail(SIM_FAIL_BUG, "BUG", "%s:%d: BUG()", __func__, __LINE__)

#define BUG_ON(cond)                                                                       \
	do {                                                                               \
		if (cond)                                                                  \
			sim_fail(SIM_FAIL_BUG, "BUG_ON", "%s:%d: BUG_ON(%s)", __func__, __LINE__, \
				 #cond);                                                   \
	} while (0)

#define WARN_ON(cond)                                                                 \
	({                                                                            \
		bool __warn = !!(cond);                                               \
		if (__warn)                                                           \
			sim_fail(SIM_FAIL_BUG, "WARN_ON", "%s:%d: WARN_ON(%s)", __func__, \
				 __LINE__, #cond);                                    \
		__warn;                                                               \
	})

#define WARN_ON_ONCE(cond) WARN_ON(cond)

#endif /* _ASM_GENERIC_BUG_H */

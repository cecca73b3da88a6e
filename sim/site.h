/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a preemption point is: the function and line of the kernel-API call,
 * the call's name and its argument as written.  One static record per call
 * site, so the hot path passes a single pointer and the trace can still say
 * "lru_add_drain_all:812 READ_ONCE lru_drain_gen".
 */
#ifndef SIM_SITE_H
#define SIM_SITE_H

struct sim_site {
	const char *func;
	const char *op;
	const char *expr;
	unsigned int line;
};

#define SIM_SITE(op, expr)                                                                  \
	({                                                                                  \
		static const struct sim_site __sim_site = { __func__, op, expr, __LINE__ }; \
		&__sim_site;                                                                \
	})

#endif /* SIM_SITE_H */

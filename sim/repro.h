/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reproducer files: a small text header that says what to run, then the
 * schedule in hex.  `schedfuzz replay FILE` needs nothing else.
 *
 *	schedfuzz-reproducer 3
 *	scenario demo/lost-update
 *	mm sc
 *	preempt full
 *	param tasks 2
 *	expect invariant final-count
 *	found-by random seed 1 run 0
 *	decisions 3
 *	schedule 000100
 *
 * Lines starting with '#' are comments.  Version 1 had no preempt line: it
 * was written before the preemption models and replays under the rules of
 * then (preempt full-v1).  Versions 1 and 2 offered tso's flushes only at
 * preemption points, not when a task blocks or ends: such a file replays
 * under those rules, and is written back with its version.  A file of
 * another format version is refused, never guessed at.
 */
#ifndef SIM_REPRO_H
#define SIM_REPRO_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "scenario.h"

#define SIM_REPRO_VERSION 3

struct sim_repro {
	char scenario[64];
	enum sim_mm mm;
	enum sim_preempt preempt;
	bool tso_v2;		/* format 1 or 2 under tso: its rules (sim_run_config) */
	unsigned int nr_params;
	char param_name[SIM_MAX_PARAMS][32];
	long param_value[SIM_MAX_PARAMS];
	enum sim_fail_kind expect_kind;
	char expect_name[48];
	char found_by[128];
	uint8_t *schedule;
	size_t len;
};

/*
 * 0, or -1 with a one-line reason in @err and errno set.  The file appears
 * whole or not at all (a hidden temporary renamed over @path).  With a NULL
 * @err it is async-signal-safe: the fatal hook of a crash calls it.
 */
int sim_repro_write(const char *path, const struct sim_repro *r, char *err, size_t errlen);
/* 0, or -1 with a one-line reason in @err. */
int sim_repro_read(const char *path, struct sim_repro *r, char *err, size_t errlen);
void sim_repro_free(struct sim_repro *r);

#endif /* SIM_REPRO_H */

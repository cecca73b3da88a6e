// SPDX-License-Identifier: GPL-2.0
/*
 * The contention figure (sim/contention.h) as JSON, for explore and
 * replay: ,"contention":{...} to append inside their one line.
 */
#include <inttypes.h>

#include "cli.h"
#include "sim/contention.h"

#define MAX_LINES 32

void json_contention(FILE *out, bool over_runs)
{
	struct sim_contention v[MAX_LINES];
	uint64_t total, runs = 1;
	size_t n, i;

	if (over_runs)
		n = sim_contention_totals(v, MAX_LINES, &total, &runs);
	else
		n = sim_contention_last(v, MAX_LINES, &total);
	if (!runs)
		runs = 1;
	fprintf(out, ",\"contention\":{\"line_size\":%d,", SIM_CACHE_LINE);
	if (over_runs)
		fprintf(out, "\"transfers_mean\":%.3f,\"lines\":[", (double)total / (double)runs);
	else
		fprintf(out, "\"transfers\":%" PRIu64 ",\"lines\":[", total);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s{\"line\":", i ? "," : "");
		json_string(out, v[i].name);
		if (over_runs)
			fprintf(out, ",\"transfers_mean\":%.3f}",
				(double)v[i].transfers / (double)runs);
		else
			fprintf(out, ",\"transfers\":%" PRIu64 "}", v[i].transfers);
	}
	fprintf(out, "]}");
}

// SPDX-License-Identifier: GPL-2.0
/* A run's configuration: the scenario's defaults and --param; native/ shares it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "scenario.h"

const char *const sim_preempt_name[SIM_PREEMPT_NR] = {
	[SIM_PREEMPT_NONE] = "none",
	[SIM_PREEMPT_VOLUNTARY] = "voluntary",
	[SIM_PREEMPT_FULL] = "full",
	[SIM_PREEMPT_FULL_V1] = "full-v1",
};

enum sim_preempt sim_preempt_parse(const char *s)
{
	unsigned int p;

	for (p = 0; p < SIM_PREEMPT_NR; p++)
		if (!strcmp(s, sim_preempt_name[p]))
			return (enum sim_preempt)p;
	return SIM_PREEMPT_NR;
}

void sim_config_defaults(struct sim_run_config *cfg, const struct sim_scenario *scenario,
			 struct sim_source *source)
{
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->scenario = scenario;
	cfg->source = source;
	/* The first model the scenario is meant for. */
	cfg->mm = scenario->verdict[SIM_MM_SC] == SIM_VERDICT_NONE &&
		  scenario->verdict[SIM_MM_TSO] != SIM_VERDICT_NONE ? SIM_MM_TSO : SIM_MM_SC;
	cfg->preempt = SIM_PREEMPT_DEFAULT;
	for (i = 0; i < scenario->nr_params && i < SIM_MAX_PARAMS; i++)
		cfg->params[i] = scenario->params[i].def;
}

int sim_config_set_param(struct sim_run_config *cfg, const char *assignment, char *err,
			 unsigned int errlen)
{
	const struct sim_scenario *s = cfg->scenario;
	const char *eq = strchr(assignment, '=');
	unsigned int i;
	int64_t v;

	if (!eq || eq == assignment) {
		snprintf(err, errlen, "parameter '%s' is not NAME=VALUE", assignment);
		return -1;
	}
	for (i = 0; i < s->nr_params; i++) {
		const struct sim_param_spec *p = &s->params[i];

		if (strlen(p->name) != (size_t)(eq - assignment) ||
		    strncmp(p->name, assignment, (size_t)(eq - assignment)))
			continue;
		if (!sim_parse_i64(eq + 1, p->min, p->max, &v)) {
			snprintf(err, errlen, "parameter %s of %s takes an integer from %ld to %ld, "
				 "not '%s'", p->name, s->name, p->min, p->max, eq + 1);
			return -1;
		}
		cfg->params[i] = v;
		return 0;
	}
	snprintf(err, errlen, "scenario %s has no parameter '%.*s'", s->name,
		 (int)(eq - assignment), assignment);
	return -1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lru_add_drain_all() as commit eef1a429f234 ("mm/swap.c: piggyback
 * lru_add_drain_all() calls") left it, quoted in
 * ../shared/seeds/004_9290366d9c4e164a.txt: a caller that waited for the
 * mutex while another drain started and finished returns, its pages
 * drained by that one -- if that one saw them.  Nothing orders the caller's
 * pagevec store before its raw_read_seqcount_latch(), nor the drainer's
 * latch store before its pagevec_count() reads (the smp_wmb()s order
 * stores only): under tso that is store buffering, and a drain is lost.
 */
#include "swap.h"

static void lru_add_drain_all(struct swap_ctx *ctx)
{
	int cpu, seq;

	seq = raw_read_seqcount_latch(&ctx->seqcount);

	mutex_lock(&ctx->lock);

	/*
	 * Piggyback on drain started and finished while we waited for lock:
	 * all pages pended at the time of our enter were drained from vectors.
	 */
	if (__read_seqcount_retry(&ctx->seqcount, seq)) {
		drain_ghost_piggyback(ctx);
		goto done;
	}

	raw_write_seqcount_latch(&ctx->seqcount);
	drain_ghost_drainer(ctx);

	cpumask_clear(&ctx->has_work);

	for_each_online_cpu(cpu) {
		struct work_struct *work = &per_cpu(ctx->lru_add_drain_work, cpu);

		if (pagevec_count(&per_cpu(ctx->lru_add_pvec, cpu))) {
			INIT_WORK(work, lru_add_drain_per_cpu);
			queue_work_on(cpu, ctx->mm_percpu_wq, work);
			cpumask_set_cpu(cpu, &ctx->has_work);
		}
	}

	for_each_cpu(cpu, &ctx->has_work)
		flush_work(&per_cpu(ctx->lru_add_drain_work, cpu));

done:
	mutex_unlock(&ctx->lock);
}

static void *seqcount_latch_setup(void)
{
	return drain_setup(lru_add_drain_all);
}

SIM_SCENARIO(drain_seqcount_latch) = {
	.name = "drain/seqcount-latch",
	.description = "lru_add_drain_all() piggybacking through a seqcount latch (eef1a429f234)",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:drain-lost",
	.fixed_by = "drain/gen-v2",
	.params = drain_params,
	.nr_params = DRAIN_NR_PARAMS,
	.setup = seqcount_latch_setup,
};

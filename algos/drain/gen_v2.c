// SPDX-License-Identifier: GPL-2.0
/*
 * lru_add_drain_all() as Ahmed S. Darwish's "[PATCH v1 2/8] mm/swap: Do
 * not abuse the seqcount_t latching API" (2020-08-27) has it, in
 * ../shared/seeds/004_9290366d9c4e164a.txt: John Ogness' fix -- smp_mb()
 * before smp_load_acquire() at (B), smp_mb() after the increment at (D) --
 * and Peter Zijlstra's __cpumask_set_cpu().  The full barriers on both
 * sides forbid the store-buffering outcome: correct under sc and tso.
 */
#include "swap.h"

static void lru_add_drain_all(struct swap_ctx *ctx)
{
	unsigned int this_gen;
	int cpu;

	/*
	 * Guarantee pagevec counter stores visible by this CPU are visible to
	 * other CPUs before loading the current drain generation.
	 */
	smp_mb();

	/*
	 * (B) Locally cache global LRU draining generation number
	 *
	 * The read barrier ensures that the counter is loaded before the mutex
	 * is taken. It pairs with smp_mb() inside the mutex critical section
	 * at (D).
	 */
	this_gen = smp_load_acquire(&ctx->lru_drain_gen);

	mutex_lock(&ctx->lock);

	/*
	 * (C) Exit the draining operation if a newer generation, from another
	 * lru_add_drain_all(), was already scheduled for draining. Check (A).
	 */
	if (unlikely(this_gen != ctx->lru_drain_gen)) {
		drain_ghost_piggyback(ctx);
		goto done;
	}

	/*
	 * (D) Increment global generation number
	 *
	 * Pairs with smp_load_acquire() at (B), outside of the critical
	 * section. Use a full memory barrier to guarantee that the new global
	 * drain generation number is stored before loading pagevec counters.
	 */
	WRITE_ONCE(ctx->lru_drain_gen, ctx->lru_drain_gen + 1);
	smp_mb();
	drain_ghost_drainer(ctx);

	cpumask_clear(&ctx->has_work);
	for_each_online_cpu(cpu) {
		struct work_struct *work = &per_cpu(ctx->lru_add_drain_work, cpu);

		if (pagevec_count(&per_cpu(ctx->lru_add_pvec, cpu))) {
			INIT_WORK(work, lru_add_drain_per_cpu);
			queue_work_on(cpu, ctx->mm_percpu_wq, work);
			__cpumask_set_cpu(cpu, &ctx->has_work);
		}
	}

	for_each_cpu(cpu, &ctx->has_work)
		flush_work(&per_cpu(ctx->lru_add_drain_work, cpu));

done:
	mutex_unlock(&ctx->lock);
}

static void *gen_v2_setup(void)
{
	return drain_setup(lru_add_drain_all);
}

SIM_SCENARIO(drain_gen_v2) = {
	.name = "drain/gen-v2",
	.description = "lru_add_drain_all() with a generation counter, smp_mb on both sides "
		       "(Darwish, final)",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_CORRECT,
		     [SIM_MM_LKMM] = SIM_VERDICT_CORRECT },
	.params = drain_params,
	.nr_params = DRAIN_NR_PARAMS,
	.setup = gen_v2_setup,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * lru_add_drain_all() as Ahmed S. Darwish's "[PATCH v1 02/25] mm/swap:
 * Don't abuse the seqcount latching API" (2020-05-19) has it, in
 * ../shared/seeds/004_9290366d9c4e164a.txt: a generation counter read with
 * READ_ONCE() + smp_rmb() at (B), bumped with WRITE_ONCE() + smp_wmb() at
 * (D).  John Ogness' litmus test in the same thread shows the lost drain:
 * the caller's pagevec store and the drainer's generation store may each
 * wait in a store buffer past the other CPU's load -- buggy under tso.
 */
#include "swap.h"

static void lru_add_drain_all(struct swap_ctx *ctx)
{
	int cpu, this_gen;

	/*
	 * (B) Cache the LRU draining generation number
	 *
	 * smp_rmb() ensures that the counter is loaded before the mutex is
	 * taken. It pairs with the smp_wmb() inside the mutex critical section
	 * at (D).
	 */
	this_gen = READ_ONCE(ctx->lru_drain_gen);
	smp_rmb();

	mutex_lock(&ctx->lock);

	/*
	 * (C) Exit the draining operation if a newer generation, from another
	 * lru_add_drain_all(), was already scheduled for draining. Check (A).
	 */
	if (unlikely(this_gen != (int)ctx->lru_drain_gen)) {
		drain_ghost_piggyback(ctx);
		goto done;
	}

	/* (D) Increment generation number: pairs with (B). */
	WRITE_ONCE(ctx->lru_drain_gen, ctx->lru_drain_gen + 1);
	smp_wmb();
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

static void *gen_v1_setup(void)
{
	return drain_setup(lru_add_drain_all);
}

SIM_SCENARIO(drain_gen_v1) = {
	.name = "drain/gen-v1",
	.description = "lru_add_drain_all() with a generation counter, smp_rmb/smp_wmb (Darwish v1)",
	.nr_cpus = 2,
	.max_steps = 1000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_CORRECT, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = "invariant:drain-lost",
	.fixed_by = "drain/gen-v2",
	.params = drain_params,
	.nr_params = DRAIN_NR_PARAMS,
	.setup = gen_v1_setup,
};

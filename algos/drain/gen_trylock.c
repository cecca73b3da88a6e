// SPDX-License-Identifier: GPL-2.0
/*
 * lru_add_drain_all() as Hillf Danton's diff (2020-05-20, in reply to
 * Darwish's v1) has it, in ../shared/seeds/004_9290366d9c4e164a.txt: every
 * caller bumps lru_drain_gen outside the lock, one takes the mutex with
 * mutex_trylock() and drains again while the generation moved (at most 128
 * times); the others return at once.  A caller that bumps the generation
 * after the holder's last check, and finds the mutex still held, returns
 * with its pages in its pagevec: a lost drain even under sc.  The
 * unlocked lru_drain_gen++ is a data race, which the TSan build reports
 * first (see README.md).
 */
#include "sanitizer.h"
#include "swap.h"

static void lru_add_drain_all(struct swap_ctx *ctx)
{
	int cpu;
	int loop = 0;
	unsigned int seq;

	seq = ctx->lru_drain_gen++;
	smp_mb();

	if (!mutex_trylock(&ctx->lock)) {
		drain_ghost_piggyback(ctx);
		return;
	}
	drain_ghost_drainer(ctx);
more_work:

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

	smp_mb();
	if (++seq != ctx->lru_drain_gen && loop++ < 128)
		goto more_work;

	smp_mb();
	mutex_unlock(&ctx->lock);
}

static void *gen_trylock_setup(void)
{
	return drain_setup(lru_add_drain_all);
}

/*
 * Two findings, one per build: the lost drain in every build, the race on
 * lru_drain_gen in the TSan build, where TSan reports it in the first run
 * in which two callers overlap -- before any drain can be lost.
 */
SIM_SCENARIO(drain_gen_trylock) = {
	.name = "drain/gen-trylock",
	.description = "lru_add_drain_all() with lru_drain_gen++ outside a mutex_trylock() "
		       "(Hillf Danton)",
	.nr_cpus = 2,
	.max_steps = 2000,
	.verdict = { [SIM_MM_SC] = SIM_VERDICT_BUGGY, [SIM_MM_TSO] = SIM_VERDICT_BUGGY,
		     [SIM_MM_LKMM] = SIM_VERDICT_BUGGY },
	.bug = SIM_TSAN ? "sanitizer:data-race" : "invariant:drain-lost",
	.fixed_by = "drain/gen-v2",
	.params = drain_params,
	.nr_params = DRAIN_NR_PARAMS,
	.setup = gen_trylock_setup,
};

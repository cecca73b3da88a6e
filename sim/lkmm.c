// SPDX-License-Identifier: GPL-2.0
/*
 * The lkmm model (see lkmm.h and sim/README.md for the rules and why they
 * are sound).  Timestamps: a location's stores are numbered 1, 2, ... in
 * modification order (appended as they execute), 0 is the value memory
 * held when the location was first accessed.  A view maps each location to
 * a timestamp; only the first nr_locations entries of any view are used.
 */
#include "engine.h"
#include "lkmm.h"
#include "trace.h"

typedef uint32_t lkmm_ts;

struct view {
	lkmm_ts at[LKMM_LOCATIONS];
};

struct lkmm_store {
	uint64_t value;
	const void *hb_token;
	int32_t event;
	int16_t task;
	bool has_view;
};

struct location {
	const volatile void *addr;
	unsigned int size;
	lkmm_ts newest;			/* the newest store's timestamp */
	struct lkmm_store store[LKMM_HISTORY];	/* by timestamp % LKMM_HISTORY */
	struct view view[LKMM_HISTORY];	/* what each store carries, if has_view */
};

struct cpu_views {
	struct view seen;	/* V: per location, the oldest store this CPU may read */
	struct view pending;	/* P: carried by stores read, not yet ordered before later loads */
	struct view unordered;	/* ... by void RMWs' reads: smp_rmb() leaves them out */
	struct view own;	/* W: this CPU's newest store to each location */
	struct view wmb;	/* its stores before its last smp_wmb() (or mb, lock) */
	bool has_wmb;
};

static struct {
	struct location loc[LKMM_LOCATIONS];
	unsigned int nr_locations;
	struct cpu_views cpu[SIM_MAX_CPUS];
} lkmm;

static void join(struct view *into, const struct view *from)
{
	unsigned int i;

	for (i = 0; i < lkmm.nr_locations; i++)
		if (into->at[i] < from->at[i])
			into->at[i] = from->at[i];
}

/*
 * Copies and clears of views go element by element through a volatile
 * pointer, so that no compiler makes them a memcpy() or memset(): under
 * TSan those are intercepted even in the uninstrumented engine, and the
 * engine's bookkeeping, done on every task's stack, would look like races.
 * Only the first nr_locations entries are used.
 */
static void copy_view(struct view *into, const struct view *from)
{
	volatile lkmm_ts *to = into->at;
	unsigned int i;

	for (i = 0; i < lkmm.nr_locations; i++)
		to[i] = from->at[i];
}

static void clear_view(struct view *v, unsigned int n)
{
	volatile lkmm_ts *to = v->at;
	unsigned int i;

	for (i = 0; i < n; i++)
		to[i] = 0;
}

static lkmm_ts oldest_kept(const struct location *l)
{
	return l->newest >= LKMM_HISTORY ? l->newest - LKMM_HISTORY + 1 : 0;
}

static struct lkmm_store *store_at(struct location *l, lkmm_ts ts)
{
	return &l->store[ts % LKMM_HISTORY];
}

static struct view *view_at(struct location *l, lkmm_ts ts)
{
	return &l->view[ts % LKMM_HISTORY];
}

/* The location of @e, made at its first marked access; -1: no room, fully ordered. */
static int location_of(struct sim_shadow *e, unsigned int size)
{
	struct location *l;
	unsigned int i, j, c, h, nr_cpus = sim_nr_cpus();

	if (!e)
		return -1;
	if (e->lkmm_loc)
		return lkmm.loc[e->lkmm_loc - 1].size == size ? e->lkmm_loc - 1 : -1;
	if (lkmm.nr_locations == LKMM_LOCATIONS)
		return -1;
	i = lkmm.nr_locations++;
	l = &lkmm.loc[i];
	l->addr = (const volatile void *)e->addr;
	l->size = size;
	l->newest = 0;
	l->store[0] = (struct lkmm_store){ .value = sim_mm_raw_load(l->addr, size),
					   .hb_token = e->hb_token, .event = e->writer,
					   .task = -1 };
	/* No view made before has seen it: entries past nr_locations are stale. */
	for (c = 0; c < nr_cpus; c++) {
		lkmm.cpu[c].seen.at[i] = lkmm.cpu[c].pending.at[i] = 0;
		lkmm.cpu[c].unordered.at[i] = 0;
		lkmm.cpu[c].own.at[i] = lkmm.cpu[c].wmb.at[i] = 0;
	}
	for (j = 0; j < i; j++)
		for (h = 0; h < LKMM_HISTORY; h++)
			lkmm.loc[j].view[h].at[i] = 0;
	for (h = 0; h < LKMM_HISTORY; h++)
		clear_view(&l->view[h], i + 1);
	e->lkmm_loc = (int16_t)(i + 1);
	return (int)i;
}

/* @cpu's view reaches every CPU: smp_mb()'s propagation and cumulativity. */
static void full_barrier(unsigned int cpu)
{
	unsigned int nr_cpus = sim_nr_cpus();
	struct cpu_views *v = &lkmm.cpu[cpu];
	unsigned int c;

	join(&v->seen, &v->pending);
	join(&v->seen, &v->unordered);
	/* Cumulative: every later store carries all the CPU has seen. */
	join(&v->wmb, &v->seen);
	v->has_wmb = true;
	/*
	 * Propagation: the other CPUs receive it, but (as a load there may
	 * be satisfied early) only their next ordering makes them see it.
	 */
	for (c = 0; c < nr_cpus; c++)
		if (c != cpu)
			join(&lkmm.cpu[c].pending, &v->seen);
}

void lkmm_full_barrier(unsigned int cpu)
{
	full_barrier(cpu);
}

void lkmm_propagate_all(unsigned int cpu)
{
	struct cpu_views *v = &lkmm.cpu[cpu];
	unsigned int i;

	for (i = 0; i < lkmm.nr_locations; i++)
		v->seen.at[i] = lkmm.loc[i].newest;
}

/*
 * The store at @ts of @l was read by @cpu: what it carries waits in @pending
 * until an ordering joins it, or is seen at once (@acquire).
 */
static void read_store(unsigned int cpu, struct location *l, lkmm_ts ts, bool acquire,
		       struct view *pending)
{
	struct cpu_views *v = &lkmm.cpu[cpu];
	unsigned int i = (unsigned int)(l - lkmm.loc);

	if (v->seen.at[i] < ts)
		v->seen.at[i] = ts;
	if (!store_at(l, ts)->has_view)
		return;
	join(pending, view_at(l, ts));
	if (acquire)
		join(&v->seen, view_at(l, ts));
}

void lkmm_load(struct sim_task *t, struct sim_shadow *e, unsigned int size, unsigned int flags,
	       enum sim_order order, struct lkmm_read *r)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	int i = location_of(e, size);
	struct location *l;
	lkmm_ts from, ts;
	unsigned int n;

	*r = (struct lkmm_read){ .newest = true, .from = e ? e->writer : -1,
				 .hb_token = e ? e->hb_token : NULL, .newer_task = -1 };
	if (i < 0) {
		full_barrier(t->cpu);
		return;
	}
	l = &lkmm.loc[i];
	/* An address dependency: this load comes after the load its address came from. */
	if (flags & SIM_MM_ADDR_DEP)
		join(&v->seen, &v->pending);
	from = v->seen.at[i] > oldest_kept(l) ? v->seen.at[i] : oldest_kept(l);
	if (from > l->newest)
		from = l->newest;	/* never: views hold only executed stores */
	n = l->newest - from + 1;
	ts = l->newest - (n > 1 ? sim_choose(SIM_CHOICE_READ, n) : 0);
	/*
	 * A pointer's READ_ONCE() orders what is loaded through it after it;
	 * which later loads those are the engine cannot see, so it orders all
	 * of them (as hb.c does for TSan).
	 */
	read_store(t->cpu, l, ts, order != SIM_ORDER_ONCE || (flags & SIM_EV_PTR), &v->pending);
	if (order != SIM_ORDER_ONCE && order != SIM_ORDER_ACQUIRE)
		join(&v->seen, &v->pending);
	if (ts == l->newest)
		return;
	*r = (struct lkmm_read){ .value = store_at(l, ts)->value, .from = store_at(l, ts)->event,
				 .hb_token = store_at(l, ts)->hb_token,
				 .newer_task = store_at(l, l->newest)->task,
				 .newer_value = store_at(l, l->newest)->value };
}

/* Append @value to @l, carrying @carried (NULL: nothing but itself). */
static void append(struct sim_task *t, struct location *l, uint64_t value,
		   const struct view *carried, const struct view *also, const void *hb_token)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	unsigned int i = (unsigned int)(l - lkmm.loc);
	lkmm_ts ts = ++l->newest;
	struct lkmm_store *s = store_at(l, ts);

	*s = (struct lkmm_store){ .value = value, .hb_token = hb_token,
				  .event = sim_trace_next(), .task = (int16_t)t->id };
	if (carried || also) {
		struct view *w = view_at(l, ts);

		s->has_view = true;
		if (carried)
			copy_view(w, carried);
		else
			clear_view(w, lkmm.nr_locations);
		if (also)
			join(w, also);
	}
	/*
	 * Not the store itself: a CPU that reads it sees it anyway, and
	 * passing it on (every store carries its CPU's pending view) would
	 * order a load before a later independent store, which LKMM does not.
	 */
	v->seen.at[i] = v->own.at[i] = ts;
}

/* What a store of @t's CPU with @order carries: release all it has seen, else its wmb. */
static const struct view *carried_view(struct sim_task *t, enum sim_order order,
				       struct view *scratch)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];

	if (order == SIM_ORDER_RELEASE || order == SIM_ORDER_FULL) {
		copy_view(scratch, &v->seen);
		join(scratch, &v->pending);
		join(scratch, &v->unordered);
		return scratch;
	}
	/*
	 * Any store may depend on the loads before it (data, control): it
	 * carries what they carried, so a chain of dependencies and rf
	 * passes on what an smp_mb() made them receive.
	 */
	copy_view(scratch, &v->pending);
	if (v->has_wmb)
		join(scratch, &v->wmb);
	return scratch;
}

void lkmm_store(struct sim_task *t, struct sim_shadow *e, unsigned int size, uint64_t value,
		enum sim_order order, const void *hb_token)
{
	static struct view scratch;
	int i = location_of(e, size);

	if (i < 0) {
		full_barrier(t->cpu);
		return;
	}
	append(t, &lkmm.loc[i], value, carried_view(t, order, &scratch), NULL, hb_token);
}

const void *lkmm_rmw(struct sim_task *t, struct sim_shadow *e, unsigned int size, uint64_t value,
		     bool stored, unsigned int flags, enum sim_order order, const void *hb_token)
{
	static struct view scratch;
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	int i = location_of(e, size);
	const struct view *read_view;
	const struct lkmm_store *read;
	struct location *l;

	if (i < 0) {
		full_barrier(t->cpu);
		return e ? e->hb_token : NULL;
	}
	l = &lkmm.loc[i];
	/* A failed cmpxchg orders nothing: it is a load. */
	if (stored && order == SIM_ORDER_FULL)
		full_barrier(t->cpu);
	read = store_at(l, l->newest);
	read_view = read->has_view ? view_at(l, l->newest) : NULL;
	hb_token = hb_token ? hb_token : read->hb_token;
	read_store(t->cpu, l, l->newest, stored && order != SIM_ORDER_ONCE &&
		   order != SIM_ORDER_RELEASE, order == SIM_ORDER_ONCE &&
		   (flags & SIM_MM_NORETURN) ? &v->unordered : &v->pending);
	if (stored && (flags & SIM_MM_LOCK)) {
		/*
		 * Taking a lock: po-unlock-lock-po, with the unlock on this CPU
		 * or read from another, orders the accesses before the unlock
		 * before those after the lock, for every CPU: later stores
		 * carry the earlier ones, the unlocker's included (stronger
		 * here: after any lock, and what the unlock carried).
		 */
		join(&v->seen, &v->pending);
		join(&v->seen, &v->unordered);
		join(&v->wmb, &v->own);
		if (read_view)
			join(&v->wmb, read_view);
		v->has_wmb = true;
	}
	if (stored)
		/* Placed right after the store it read, with what that one carries. */
		append(t, l, value, carried_view(t, order, &scratch), read_view, hb_token);
	if (stored && order == SIM_ORDER_FULL)
		full_barrier(t->cpu);
	return hb_token;
}

void lkmm_fence(struct sim_task *t, enum sim_fence fence)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];

	switch (fence) {
	case SIM_FENCE_MB:
		full_barrier(t->cpu);
		break;
	case SIM_FENCE_RMB:
		join(&v->seen, &v->pending);
		break;
	case SIM_FENCE_WMB:
		join(&v->wmb, &v->own);
		v->has_wmb = true;
		break;
	}
}

/* kfree(): the memory's next life starts with what it holds, seen by every CPU. */
void lkmm_forget(const volatile void *addr, size_t size)
{
	uintptr_t start = (uintptr_t)addr;
	unsigned int i, c, nr_cpus = sim_nr_cpus();

	for (i = 0; i < lkmm.nr_locations; i++) {
		struct location *l = &lkmm.loc[i];

		if ((uintptr_t)l->addr - start >= size)
			continue;
		l->newest++;
		*store_at(l, l->newest) = (struct lkmm_store){
			.value = sim_mm_raw_load(l->addr, l->size), .event = -1, .task = -1 };
		for (c = 0; c < nr_cpus; c++)
			lkmm.cpu[c].seen.at[i] = l->newest;
	}
}

void lkmm_reset(void)
{
	unsigned int c, nr_cpus = sim_nr_cpus() < SIM_MAX_CPUS ? sim_nr_cpus() : SIM_MAX_CPUS;

	lkmm.nr_locations = 0;
	for (c = 0; c < nr_cpus; c++)
		lkmm.cpu[c].has_wmb = false;
}

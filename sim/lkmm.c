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
	bool rmw;		/* an RMW's store: it read the store just before it */
};

struct location {
	const volatile void *addr;
	unsigned int size;
	lkmm_ts newest;			/* the newest store's timestamp */
	struct lkmm_store store[LKMM_HISTORY];	/* by timestamp % LKMM_HISTORY */
	struct view view[LKMM_HISTORY];	/* what each store carries, if has_view */
	/* What its CPU's later stores carry too (pending and wmb views): may_go_before() */
	struct view base[LKMM_HISTORY];
};

struct cpu_views {
	struct view seen;	/* V: per location, the oldest store this CPU may read */
	struct view pending;	/* P: carried by stores read, not yet ordered before later loads */
	struct view unordered;	/* ... by void RMWs' reads: smp_rmb() leaves them out */
	struct view own;	/* W: this CPU's newest store to each location */
	struct view wmb;	/* its stores before its last smp_wmb() (or mb, lock) */
	bool has_wmb;
	/*
	 * Explicit dependencies (lkmm_explicit_deps(): the litmus runner, which
	 * sees registers): a store carries only what the loads it depends on
	 * were ordered after, not the whole pending view.
	 */
	bool explicit_deps;
	struct view ordered;	/* what ordering joined into V (not its own accesses) */
	struct view first;	/* per location, the first store it accessed ... */
	bool accessed[LKMM_LOCATIONS];	/* ... if it did */
	unsigned int nr_loads;
	struct view dep[LKMM_DEP_LOADS];	/* per load: what a store depending on it carries */
	struct view locdep[LKMM_LOCATIONS];	/* per location: what a store to it carries */
	uint64_t next_deps;	/* the loads the next store depends on ... */
	bool has_next_deps;	/* ... if the runner said */
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

/* @v's later accesses are ordered after what @w holds. */
static void order_after(struct cpu_views *v, const struct view *w)
{
	join(&v->seen, w);
	join(&v->ordered, w);
}

/* @v accessed the store at @ts of location @i. */
static void note_access(struct cpu_views *v, unsigned int i, lkmm_ts ts)
{
	if (!v->accessed[i]) {
		v->accessed[i] = true;
		v->first.at[i] = ts;
	}
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

static struct view *base_at(struct location *l, lkmm_ts ts)
{
	return &l->base[ts % LKMM_HISTORY];
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
		struct cpu_views *v = &lkmm.cpu[c];

		v->seen.at[i] = v->pending.at[i] = 0;
		v->unordered.at[i] = 0;
		v->own.at[i] = v->wmb.at[i] = 0;
		v->ordered.at[i] = v->first.at[i] = 0;
		v->accessed[i] = false;
		for (h = 0; h < LKMM_DEP_LOADS; h++)
			v->dep[h].at[i] = 0;
		for (j = 0; j < i; j++)
			v->locdep[j].at[i] = 0;
		clear_view(&v->locdep[i], i + 1);
	}
	/* Nor any store's views: entries past nr_locations are left from an earlier run. */
	for (j = 0; j < i; j++)
		for (h = 0; h < LKMM_HISTORY; h++)
			lkmm.loc[j].view[h].at[i] = lkmm.loc[j].base[h].at[i] = 0;
	for (h = 0; h < LKMM_HISTORY; h++) {
		clear_view(&l->view[h], i + 1);
		clear_view(&l->base[h], i + 1);
	}
	e->lkmm_loc = (int16_t)(i + 1);
	return (int)i;
}

/* @cpu's view reaches every CPU: smp_mb()'s propagation and cumulativity. */
static void full_barrier(unsigned int cpu)
{
	unsigned int nr_cpus = sim_nr_cpus();
	struct cpu_views *v = &lkmm.cpu[cpu];
	unsigned int c;

	order_after(v, &v->pending);
	order_after(v, &v->unordered);
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
		order_after(v, view_at(l, ts));
}

/*
 * May a load of @v reading the store at @ts of @l be hb-after an earlier
 * access of its CPU without reading anything that carries that order?
 * (prop \ id) & int: an access e whose store a store W' overwrites (fre,
 * coe), W' cumul-fence-before the store this load reads.  What that store
 * carries (its cumul-fence past) or the store itself names W', so W' is
 * after the first store this CPU accessed there.  Then everything
 * hb-before e is hb-before this load: what the pending views hold
 * (tests/lkmm/hb+rfi-acquire has the shape).  Any such store says yes,
 * whether or not its W' overwrote e's: more, never less.
 */
static bool hb_after_own(const struct cpu_views *v, struct location *l, lkmm_ts ts)
{
	unsigned int i = (unsigned int)(l - lkmm.loc), j;

	if (v->accessed[i] && v->first.at[i] < ts)
		return true;
	if (!store_at(l, ts)->has_view)
		return false;
	for (j = 0; j < lkmm.nr_locations; j++)
		if (v->accessed[j] && v->first.at[j] < view_at(l, ts)->at[j])
			return true;
	return false;
}

/*
 * Explicit dependencies: what a store that depends on the load of @cpu that
 * just read the store at @ts of @l must carry (@after_own: hb_after_own()
 * before the load): what the load is ordered after (ordering joined into V),
 * what the store it read carries, and if it may be hb-after an earlier
 * access, the pending views.
 */
static void note_load(unsigned int cpu, struct location *l, lkmm_ts ts, bool after_own)
{
	struct cpu_views *v = &lkmm.cpu[cpu];
	unsigned int i = (unsigned int)(l - lkmm.loc), id = v->nr_loads;
	const struct lkmm_store *st = store_at(l, ts);
	struct view *f;

	note_access(v, i, ts);
	if (v->nr_loads < LKMM_DEP_LOADS)
		v->nr_loads++;
	if (!v->explicit_deps)
		return;
	f = id < LKMM_DEP_LOADS - 1 ? &v->dep[id] : NULL;
	if (f) {
		copy_view(f, &v->ordered);
		if (st->has_view)
			join(f, view_at(l, ts));
		if (after_own) {
			join(f, &v->pending);
			join(f, &v->unordered);
		}
	}
	/* A later store to this location is ordered after this load (fr & int). */
	if (f)
		join(&v->locdep[i], f);
	else
		join(&v->locdep[i], &v->pending);
}

void lkmm_load(struct sim_task *t, struct sim_shadow *e, unsigned int size, unsigned int flags,
	       enum sim_order order, struct lkmm_read *r)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	int i = location_of(e, size);
	struct location *l;
	lkmm_ts from, ts;
	unsigned int n;
	bool after_own;

	*r = (struct lkmm_read){ .newest = true, .from = e ? e->writer : -1,
				 .hb_token = e ? e->hb_token : NULL, .newer_task = -1 };
	if (i < 0) {
		full_barrier(t->cpu);
		return;
	}
	l = &lkmm.loc[i];
	/* An address dependency: this load comes after the load its address came from. */
	if (flags & SIM_MM_ADDR_DEP)
		order_after(v, &v->pending);
	from = v->seen.at[i] > oldest_kept(l) ? v->seen.at[i] : oldest_kept(l);
	if (from > l->newest)
		from = l->newest;	/* never: views hold only executed stores */
	n = l->newest - from + 1;
	ts = l->newest - (n > 1 ? sim_choose(SIM_CHOICE_READ, n) : 0);
	after_own = hb_after_own(v, l, ts);
	/*
	 * A pointer's READ_ONCE() orders what is loaded through it after it;
	 * which later loads those are the engine cannot see, so it orders all
	 * of them (as hb.c does for TSan).
	 */
	read_store(t->cpu, l, ts, order != SIM_ORDER_ONCE || (flags & SIM_EV_PTR), &v->pending);
	/*
	 * And after everything hb-before it on this CPU, which can be more
	 * than what the store it reads carries: an earlier load L can be
	 * hb-before it through L -dep-> W -rfi-> L', then L' -fre-> W'
	 * -cumul-fence-> X -rfe-> this load (prop & int): then what L read is
	 * seen from here on (hb_after_own()).
	 */
	if ((order != SIM_ORDER_ONCE || (flags & SIM_EV_PTR)) && after_own) {
		order_after(v, &v->pending);
		order_after(v, &v->unordered);
	}
	/* A full-order load (the engine's own) is a full barrier's read. */
	if (order == SIM_ORDER_FULL)
		order_after(v, &v->pending);
	note_load(t->cpu, l, ts, after_own);
	if (ts == l->newest)
		return;
	*r = (struct lkmm_read){ .value = store_at(l, ts)->value, .from = store_at(l, ts)->event,
				 .hb_token = store_at(l, ts)->hb_token,
				 .newer_task = store_at(l, l->newest)->task,
				 .newer_value = store_at(l, l->newest)->value };
}

/* Every view's entry for @i at or after @q names a store one place later now. */
static void renumber(struct view *w, unsigned int i, lkmm_ts q)
{
	if (w->at[i] >= q)
		w->at[i]++;
}

/*
 * Make room at @q in @l's modification order: the stores from @q on move
 * one place later (the oldest kept one drops out when the history is full),
 * and so does every view's mention of them, so that each view still names
 * the same store.
 */
static void make_room(struct location *l, lkmm_ts q)
{
	unsigned int i = (unsigned int)(l - lkmm.loc), j, c, h;
	lkmm_ts ts;

	for (ts = l->newest; ts >= q; ts--) {
		*store_at(l, ts + 1) = *store_at(l, ts);
		if (store_at(l, ts)->has_view)
			copy_view(view_at(l, ts + 1), view_at(l, ts));
		copy_view(base_at(l, ts + 1), base_at(l, ts));
	}
	l->newest++;
	for (c = 0; c < sim_nr_cpus(); c++) {
		struct cpu_views *v = &lkmm.cpu[c];

		renumber(&v->seen, i, q);
		renumber(&v->pending, i, q);
		renumber(&v->unordered, i, q);
		renumber(&v->own, i, q);
		renumber(&v->wmb, i, q);
		renumber(&v->ordered, i, q);
		renumber(&v->first, i, q);
		for (j = 0; j < LKMM_DEP_LOADS; j++)
			renumber(&v->dep[j], i, q);
		for (j = 0; j < lkmm.nr_locations; j++)
			renumber(&v->locdep[j], i, q);
	}
	for (j = 0; j < lkmm.nr_locations; j++)
		for (h = 0; h < LKMM_HISTORY; h++) {
			renumber(&lkmm.loc[j].view[h], i, q);
			renumber(&lkmm.loc[j].base[h], i, q);
		}
}

/*
 * May a store carrying @carried go before the store at @ts of @l, which
 * executed earlier?  Not if that one is an RMW that read the store before it
 * (atomicity).  Nor if the new store carries anything (but @l itself) that
 * the one at @ts, and so every later store of its CPU, does not: the model
 * is sound because what a CPU learns reaches a store coherence-after it
 * (in the old rule, by executing later: a full barrier's view reaches every
 * CPU's pending view, and stores carry those).  A store going before one
 * that lacks what it carries would break that: a CPU reading the new store,
 * or ordered after it, is then fr- or co-before @ts, and (fre | coe) ;
 * cumul-fence ; rfe orders it before whoever reads @ts's CPU's later
 * stores, which would not see what it saw (tests/litmus/pb+co-before-mb,
 * hb+co-before-dep).
 */
static bool may_go_before(struct location *l, lkmm_ts ts, const struct view *carried)
{
	const struct view *b = base_at(l, ts);
	unsigned int i = (unsigned int)(l - lkmm.loc), j;

	if (store_at(l, ts)->rmw)
		return false;
	for (j = 0; j < lkmm.nr_locations; j++)
		if (j != i && carried->at[j] > b->at[j])
			return false;
	return true;
}

/*
 * Where a store goes in @l's modification order (coherence order, co): after
 * @bound, the newest store its CPU has seen, read, written or carries, and
 * anywhere after that, even before stores that executed earlier (S, 2+2W,
 * R): nothing orders it after them.  Never below the history kept, never
 * before a store may_go_before() refuses (nor before any older one).  A
 * SIM_CHOICE_CO decision, option 0 after the newest, then one place earlier
 * each.
 */
static lkmm_ts place(struct location *l, lkmm_ts bound, const struct view *carried)
{
	lkmm_ts lo = (bound > oldest_kept(l) ? bound : oldest_kept(l)) + 1, q;
	unsigned int k;

	for (q = l->newest; q >= lo && may_go_before(l, q, carried); q--)
		;
	k = l->newest - q;
	return l->newest + 1 - (k ? sim_choose(SIM_CHOICE_CO, k + 1) : 0);
}

/*
 * Put @value at @ts of @l (ts <= newest + 1), carrying @carried and @also
 * (both NULL: nothing but itself).  Returns whether it is the newest store,
 * which memory must then hold.
 */
static bool add_store(struct sim_task *t, struct location *l, lkmm_ts ts, bool rmw,
		      uint64_t value, struct view *carried, const struct view *also,
		      const void *hb_token)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	unsigned int i = (unsigned int)(l - lkmm.loc);
	struct lkmm_store *s;

	if (ts <= l->newest) {
		make_room(l, ts);
		/* Only entries below @ts, but the carried view was made before. */
		if (carried)
			renumber(carried, i, ts);
	} else {
		l->newest = ts;
	}
	/* What every later store of this CPU carries too (carried_view()). */
	copy_view(base_at(l, ts), v->explicit_deps ? &v->ordered : &v->pending);
	if (v->has_wmb)
		join(base_at(l, ts), &v->wmb);
	s = store_at(l, ts);
	*s = (struct lkmm_store){ .value = value, .hb_token = hb_token,
				  .event = sim_trace_next(), .task = (int16_t)t->id, .rmw = rmw };
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
	note_access(v, i, ts);
	/* A later store to this location is ordered after this one (co & int). */
	if (carried)
		join(&v->locdep[i], carried);
	if (also)
		join(&v->locdep[i], also);
	return ts == l->newest;
}

/* What a store of @t's CPU with @order carries: release all it has seen, else its wmb. */
static struct view *carried_view(struct sim_task *t, enum sim_order order, unsigned int loc,
				 bool deps_told, struct view *scratch)
{
	struct cpu_views *v = &lkmm.cpu[t->cpu];

	if (order == SIM_ORDER_RELEASE || order == SIM_ORDER_FULL) {
		copy_view(scratch, &v->seen);
		join(scratch, &v->pending);
		join(scratch, &v->unordered);
		return scratch;
	}
	if (v->has_wmb)
		copy_view(scratch, &v->wmb);
	else
		clear_view(scratch, lkmm.nr_locations);
	if (deps_told && !(v->next_deps >> (LKMM_DEP_LOADS - 1))) {
		uint64_t deps = v->next_deps;
		unsigned int id;

		/*
		 * The loads it depends on (data, address, control), what it is
		 * ordered after anyway (acquires, fences before it: ordered) and
		 * the earlier accesses to its location (overwrite & int).
		 */
		join(scratch, &v->ordered);
		join(scratch, &v->locdep[loc]);
		for (id = 0; deps; id++, deps >>= 1)
			if (deps & 1)
				join(scratch, &v->dep[id]);
		return scratch;
	}
	/*
	 * Any store may depend on the loads before it (data, control): it
	 * carries what they carried, so a chain of dependencies and rf
	 * passes on what an smp_mb() made them receive.
	 */
	join(scratch, &v->pending);
	return scratch;
}

bool lkmm_store(struct sim_task *t, struct sim_shadow *e, unsigned int size, uint64_t value,
		enum sim_order order, const void *hb_token, struct lkmm_read *r)
{
	static struct view scratch;
	struct cpu_views *v = &lkmm.cpu[t->cpu];
	int i = location_of(e, size);
	bool deps_told = v->explicit_deps && v->has_next_deps;
	struct view *carried;
	struct location *l;
	lkmm_ts bound;

	v->has_next_deps = false;
	*r = (struct lkmm_read){ .newest = true, .newer_task = -1 };
	if (i < 0) {
		full_barrier(t->cpu);
		return true;
	}
	l = &lkmm.loc[i];
	/*
	 * After what it carries too: the store may depend on the loads before
	 * it (the engine cannot tell), and a store ordered after a load of a
	 * store carrying x's newer store is ordered after that one (S+wmb+data).
	 */
	carried = carried_view(t, order, (unsigned int)i, deps_told, &scratch);
	bound = v->seen.at[i] > carried->at[i] ? v->seen.at[i] : carried->at[i];
	if (add_store(t, l, place(l, bound, carried), false, value, carried, NULL, hb_token))
		return true;
	r->newest = false;
	r->newer_task = store_at(l, l->newest)->task;
	r->newer_value = store_at(l, l->newest)->value;
	return false;
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
	bool after_own;

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
	after_own = hb_after_own(v, l, l->newest);
	hb_token = hb_token ? hb_token : read->hb_token;
	read_store(t->cpu, l, l->newest, stored && order != SIM_ORDER_ONCE &&
		   order != SIM_ORDER_RELEASE, order == SIM_ORDER_ONCE &&
		   (flags & SIM_MM_NORETURN) ? &v->unordered : &v->pending);
	/* An acquire RMW: as an acquire load (lkmm_load()). */
	if (stored && order == SIM_ORDER_ACQUIRE && after_own) {
		order_after(v, &v->pending);
		order_after(v, &v->unordered);
	}
	note_load(t->cpu, l, l->newest, after_own);
	if (stored && (flags & SIM_MM_LOCK)) {
		/*
		 * Taking a lock: po-unlock-lock-po, with the unlock on this CPU
		 * or read from another, orders the accesses before the unlock
		 * before those after the lock, for every CPU: later stores
		 * carry the earlier ones, the unlocker's included (stronger
		 * here: after any lock, and what the unlock carried).
		 */
		order_after(v, &v->pending);
		order_after(v, &v->unordered);
		join(&v->wmb, &v->own);
		if (read_view)
			join(&v->wmb, read_view);
		v->has_wmb = true;
	}
	if (stored)
		/* Placed right after the store it read, with what that one carries. */
		add_store(t, l, l->newest + 1, true, value,
			  carried_view(t, order, (unsigned int)i, false, &scratch), read_view,
			  hb_token);
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
		order_after(v, &v->pending);
		break;
	case SIM_FENCE_WMB:
		join(&v->wmb, &v->own);
		/*
		 * With explicit dependencies a store carries only its own: the
		 * stores after a wmb are ordered after those before it and all
		 * that was ordered before them (W -wmb-> W' is ppo).
		 */
		if (v->explicit_deps) {
			unsigned int j;

			for (j = 0; j < lkmm.nr_locations; j++)
				join(&v->wmb, &v->locdep[j]);
		}
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
		/* Not an RMW's store: a store may later go just before it. */
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
	for (c = 0; c < nr_cpus; c++) {
		lkmm.cpu[c].has_wmb = false;
		lkmm.cpu[c].explicit_deps = false;
		lkmm.cpu[c].has_next_deps = false;
		lkmm.cpu[c].nr_loads = 0;
	}
}

void lkmm_explicit_deps(void)
{
	lkmm.cpu[sim_current()->cpu].explicit_deps = true;
}

unsigned int lkmm_last_load(void)
{
	const struct cpu_views *v = &lkmm.cpu[sim_current()->cpu];

	return v->nr_loads && v->nr_loads < LKMM_DEP_LOADS ? v->nr_loads - 1 : LKMM_DEP_LOADS - 1;
}

void lkmm_store_deps(uint64_t loads)
{
	struct cpu_views *v = &lkmm.cpu[sim_current()->cpu];

	v->next_deps = loads;
	v->has_next_deps = true;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel API a litmus test may call, and how each maps onto the
 * engine's marked accesses.  Orderings follow Documentation/atomic_t.txt:
 * void atomics and atomic_read/atomic_set order nothing (ONCE), the
 * value-returning ones are fully ordered, and their _relaxed, _acquire and
 * _release forms are what their names say.  RCU and SRCU are the engine's
 * (sim/rcu.h): a read-side critical section, a grace period that waits for
 * the readers begun before it, with herd's names and arguments; an
 * srcu_struct is a location the test names (struct srcu_struct *s).
 * Anything not in this table is refused by its name: membarrier, bit
 * operations, ...
 */
#include <string.h>

#include "litmus.h"

#define LOAD(n, lv, ord)                                                                    \
	{ .name = n, .kind = LITMUS_P_LOAD, .nr_args = 1, .loc_arg = 0, .lvalue = lv,       \
	  .order = ord }
#define STORE(n, lv, ord)                                                                  \
	{ .name = n, .kind = LITMUS_P_STORE, .nr_args = 2, .loc_arg = 0, .lvalue = lv,     \
	  .operand_arg = 1, .order = ord }
#define FENCE(n, f) { .name = n, .kind = LITMUS_P_FENCE, .loc_arg = -1, .fence = f }
#define LOCK_OP(n, k) { .name = n, .kind = k, .nr_args = 1, .loc_arg = 0 }

/* op(p, i): xchg() and atomic_xchg(). */
#define XCHG(n)                                                                             \
	{ .name = n, .kind = LITMUS_P_RMW, .nr_args = 2, .loc_arg = 0, .operand_arg = 1,    \
	  .rmw = SIM_RMW_XCHG, .result = LITMUS_R_OLD, .order = SIM_ORDER_FULL,            \
	  .has_variants = true }
#define CMPXCHG(n)                                                                          \
	{ .name = n, .kind = LITMUS_P_CMPXCHG, .nr_args = 3, .loc_arg = 0,                  \
	  .order = SIM_ORDER_FULL, .has_variants = true }
/* op(i, v): atomic_add(), atomic_fetch_or(), ... */
#define ATOMIC_I(n, op, neg, inv, res, ord, var)                                            \
	{ .name = n, .kind = LITMUS_P_RMW, .nr_args = 2, .loc_arg = 1, .operand_arg = 0,    \
	  .rmw = op, .negate = neg, .invert = inv, .result = res, .order = ord,             \
	  .has_variants = var }
/* op(v): atomic_inc(), atomic_dec_return(), ... */
#define ATOMIC_1(n, delta, res, ord, var)                                                   \
	{ .name = n, .kind = LITMUS_P_RMW, .nr_args = 1, .loc_arg = 0, .operand_arg = -1,   \
	  .operand = delta, .rmw = SIM_RMW_ADD, .result = res, .order = ord,                \
	  .has_variants = var }
/* op(v, a, u) or op(v) meaning op(v, 1, 0): add unless the value is u. */
#define ADD_UNLESS(n, args, res)                                                            \
	{ .name = n, .kind = LITMUS_P_ADD_UNLESS, .nr_args = args, .loc_arg = 0,            \
	  .operand_arg = args == 3 ? 1 : -1, .operand = 1, .result = res,                   \
	  .order = SIM_ORDER_FULL }

#define ONCE SIM_ORDER_ONCE
#define FULL SIM_ORDER_FULL

static const struct litmus_prim prims[] = {
	LOAD("READ_ONCE", true, ONCE),
	LOAD("smp_load_acquire", false, SIM_ORDER_ACQUIRE),
	LOAD("atomic_read", false, ONCE),
	LOAD("atomic_read_acquire", false, SIM_ORDER_ACQUIRE),
	/* An address-dependent load: no weaker than READ_ONCE under sc and tso. */
	LOAD("rcu_dereference", true, ONCE),

	STORE("WRITE_ONCE", true, ONCE),
	STORE("smp_store_release", false, SIM_ORDER_RELEASE),
	STORE("atomic_set", false, ONCE),
	STORE("atomic_set_release", false, SIM_ORDER_RELEASE),
	STORE("rcu_assign_pointer", true, SIM_ORDER_RELEASE),
	{ .name = "smp_store_mb", .kind = LITMUS_P_STORE_MB, .nr_args = 2, .loc_arg = 0,
	  .lvalue = true, .operand_arg = 1, .order = ONCE, .fence = SIM_FENCE_MB },

	FENCE("smp_mb", SIM_FENCE_MB),
	FENCE("smp_rmb", SIM_FENCE_RMB),
	FENCE("smp_wmb", SIM_FENCE_WMB),
	/* Full barriers here: the void atomics they order are ONCE in the engine. */
	FENCE("smp_mb__before_atomic", SIM_FENCE_MB),
	FENCE("smp_mb__after_atomic", SIM_FENCE_MB),
	FENCE("smp_mb__after_spinlock", SIM_FENCE_MB),
	FENCE("smp_mb__after_unlock_lock", SIM_FENCE_MB),
	{ .name = "barrier", .kind = LITMUS_P_COMPILER_BARRIER, .loc_arg = -1 },

	XCHG("xchg"),
	XCHG("atomic_xchg"),
	CMPXCHG("cmpxchg"),
	CMPXCHG("atomic_cmpxchg"),

	ATOMIC_I("atomic_add", SIM_RMW_ADD, false, false, LITMUS_R_NONE, ONCE, false),
	ATOMIC_I("atomic_sub", SIM_RMW_ADD, true, false, LITMUS_R_NONE, ONCE, false),
	ATOMIC_I("atomic_and", SIM_RMW_AND, false, false, LITMUS_R_NONE, ONCE, false),
	ATOMIC_I("atomic_or", SIM_RMW_OR, false, false, LITMUS_R_NONE, ONCE, false),
	ATOMIC_I("atomic_andnot", SIM_RMW_AND, false, true, LITMUS_R_NONE, ONCE, false),
	ATOMIC_1("atomic_inc", 1, LITMUS_R_NONE, ONCE, false),
	ATOMIC_1("atomic_dec", -1, LITMUS_R_NONE, ONCE, false),

	ATOMIC_I("atomic_add_return", SIM_RMW_ADD, false, false, LITMUS_R_NEW, FULL, true),
	ATOMIC_I("atomic_sub_return", SIM_RMW_ADD, true, false, LITMUS_R_NEW, FULL, true),
	ATOMIC_1("atomic_inc_return", 1, LITMUS_R_NEW, FULL, true),
	ATOMIC_1("atomic_dec_return", -1, LITMUS_R_NEW, FULL, true),
	ATOMIC_I("atomic_fetch_add", SIM_RMW_ADD, false, false, LITMUS_R_OLD, FULL, true),
	ATOMIC_I("atomic_fetch_sub", SIM_RMW_ADD, true, false, LITMUS_R_OLD, FULL, true),
	ATOMIC_I("atomic_fetch_and", SIM_RMW_AND, false, false, LITMUS_R_OLD, FULL, true),
	ATOMIC_I("atomic_fetch_or", SIM_RMW_OR, false, false, LITMUS_R_OLD, FULL, true),
	ATOMIC_I("atomic_fetch_andnot", SIM_RMW_AND, false, true, LITMUS_R_OLD, FULL, true),
	ATOMIC_1("atomic_fetch_inc", 1, LITMUS_R_OLD, FULL, true),
	ATOMIC_1("atomic_fetch_dec", -1, LITMUS_R_OLD, FULL, true),
	ATOMIC_1("atomic_inc_and_test", 1, LITMUS_R_NEW_IS_ZERO, FULL, false),
	ATOMIC_1("atomic_dec_and_test", -1, LITMUS_R_NEW_IS_ZERO, FULL, false),
	ATOMIC_I("atomic_sub_and_test", SIM_RMW_ADD, true, false, LITMUS_R_NEW_IS_ZERO, FULL,
		 false),
	ATOMIC_I("atomic_add_negative", SIM_RMW_ADD, false, false, LITMUS_R_NEW_IS_NEG, FULL,
		 true),

	ADD_UNLESS("atomic_add_unless", 3, LITMUS_R_DONE),
	ADD_UNLESS("atomic_fetch_add_unless", 3, LITMUS_R_OLD),
	ADD_UNLESS("atomic_inc_not_zero", 1, LITMUS_R_DONE),

	LOCK_OP("spin_lock", LITMUS_P_SPIN_LOCK),
	LOCK_OP("spin_trylock", LITMUS_P_SPIN_TRYLOCK),
	LOCK_OP("spin_unlock", LITMUS_P_SPIN_UNLOCK),
	LOCK_OP("spin_is_locked", LITMUS_P_SPIN_IS_LOCKED),
	LOCK_OP("raw_spin_lock", LITMUS_P_SPIN_LOCK),
	LOCK_OP("raw_spin_trylock", LITMUS_P_SPIN_TRYLOCK),
	LOCK_OP("raw_spin_unlock", LITMUS_P_SPIN_UNLOCK),
	LOCK_OP("mutex_lock", LITMUS_P_MUTEX_LOCK),
	LOCK_OP("mutex_trylock", LITMUS_P_MUTEX_TRYLOCK),
	LOCK_OP("mutex_unlock", LITMUS_P_MUTEX_UNLOCK),

	{ .name = "rcu_read_lock", .kind = LITMUS_P_RCU_READ_LOCK, .loc_arg = -1 },
	{ .name = "rcu_read_unlock", .kind = LITMUS_P_RCU_READ_UNLOCK, .loc_arg = -1 },
	{ .name = "synchronize_rcu", .kind = LITMUS_P_SYNCHRONIZE_RCU, .loc_arg = -1 },
	{ .name = "synchronize_rcu_expedited", .kind = LITMUS_P_SYNCHRONIZE_RCU, .loc_arg = -1 },
	{ .name = "srcu_read_lock", .kind = LITMUS_P_SRCU_READ_LOCK, .nr_args = 1, .loc_arg = 0 },
	{ .name = "srcu_read_unlock", .kind = LITMUS_P_SRCU_READ_UNLOCK, .nr_args = 2,
	  .loc_arg = 0, .operand_arg = 1 },
	{ .name = "srcu_down_read", .kind = LITMUS_P_SRCU_READ_LOCK, .nr_args = 1, .loc_arg = 0,
	  .down = true },
	{ .name = "srcu_up_read", .kind = LITMUS_P_SRCU_READ_UNLOCK, .nr_args = 2, .loc_arg = 0,
	  .operand_arg = 1, .down = true },
	{ .name = "synchronize_srcu", .kind = LITMUS_P_SYNCHRONIZE_SRCU, .nr_args = 1,
	  .loc_arg = 0 },
	/* srcu_read_unlock() orders nothing by itself (LKMM's view): this makes it smp_mb(). */
	FENCE("smp_mb__after_srcu_read_unlock", SIM_FENCE_MB),
};

static const struct litmus_prim *lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
		if (!strcmp(prims[i].name, name))
			return &prims[i];
	return NULL;
}

static const struct {
	const char *suffix;
	enum sim_order order;
} variants[] = {
	{ "_relaxed", SIM_ORDER_ONCE },
	{ "_acquire", SIM_ORDER_ACQUIRE },
	{ "_release", SIM_ORDER_RELEASE },
};

const struct litmus_prim *litmus_prim_find(const char *name, enum sim_order *order)
{
	const struct litmus_prim *p;
	char base[64];
	size_t len, i;

	/* Cells are 64-bit: atomic_long_t and atomic64_t are atomic_t. */
	if (!strncmp(name, "atomic_long_", 12))
		snprintf(base, sizeof(base), "atomic_%s", name + 12);
	else if (!strncmp(name, "atomic64_", 9))
		snprintf(base, sizeof(base), "atomic_%s", name + 9);
	else
		snprintf(base, sizeof(base), "%s", name);
	p = lookup(base);
	if (p) {
		*order = p->order;
		return p;
	}
	len = strlen(base);
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		size_t n = strlen(variants[i].suffix);

		if (len <= n || strcmp(base + len - n, variants[i].suffix))
			continue;
		base[len - n] = '\0';
		p = lookup(base);
		if (!p || !p->has_variants)
			return NULL;
		*order = variants[i].order;
		return p;
	}
	return NULL;
}

bool litmus_prim_is_lock(const struct litmus_prim *prim)
{
	switch (prim->kind) {
	case LITMUS_P_SPIN_LOCK:
	case LITMUS_P_SPIN_TRYLOCK:
	case LITMUS_P_SPIN_UNLOCK:
	case LITMUS_P_SPIN_IS_LOCKED:
	case LITMUS_P_MUTEX_LOCK:
	case LITMUS_P_MUTEX_TRYLOCK:
	case LITMUS_P_MUTEX_UNLOCK:
		return true;
	default:
		return false;
	}
}

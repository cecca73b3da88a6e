// SPDX-License-Identifier: GPL-2.0
/*
 * A process of a litmus test, interpreted in its task.  Registers are the
 * task's own; every access to a location -- marked, atomic, a lock word, or
 * plain -- goes through the engine's memory model and is a preemption point,
 * so the decision stream interleaves the processes access by access.  Plain
 * accesses are treated as READ_ONCE/WRITE_ONCE: at least as strong as
 * LKMM's plain accesses, so a "Never" outcome stays out of reach (data
 * races are not reported).
 *
 * Under lkmm the runner also tells the model which loads each store
 * depends on (sim/lkmm.h, explicit dependencies): every value carries the
 * set of loads it was computed from (its taint), a store depends on those
 * of its address and value and on every condition evaluated before it in
 * the process (control dependencies, kept to the end as herd7 does).
 */
#include <inttypes.h>

#include "litmus.h"
#include "sim/engine.h"
#include "sim/lkmm.h"
#include "sim/report.h"

struct exec {
	struct litmus_ctx *ctx;
	int64_t *regs;
	bool deps;				/* lkmm: tell it the dependencies */
	uint64_t taint[LITMUS_MAX_REGS];	/* per register: the loads its value came from */
	uint64_t acc;				/* the loads the expression so far came from */
	uint64_t ctrl;				/* those of every condition so far */
};

/* The value just loaded comes from that load. */
static void loaded(struct exec *x)
{
	if (x->deps)
		x->acc |= 1ULL << lkmm_last_load();
}

/* The next store depends on what its operands and every condition came from. */
static void store_deps(struct exec *x)
{
	if (x->deps)
		lkmm_store_deps(x->acc | x->ctrl);
}

static int64_t eval(struct exec *x, const struct litmus_expr *e);

/* A value used as a pointer: it must be a location's address. */
static struct litmus_cell *cell_at(struct exec *x, int64_t addr, const struct sim_site *site)
{
	uint64_t index = (uint64_t)addr & ~(uint64_t)LITMUS_LOC_MASK;

	if ((addr & LITMUS_LOC_MASK) != LITMUS_LOC_TAG || index >= x->ctx->test->nr_locs) {
		sim_fail(SIM_FAIL_BUG, "bad-pointer", "%s:%u: %s(%s) with %" PRId64 ", which is "
			 "not the address of a location", site->func, site->line, site->op,
			 site->expr, addr);
		index = 0;	/* not reached: the failure ends the run */
	}
	return &x->ctx->cells[index];
}

static void fail_at(const struct litmus_expr *e, const char *what)
{
	sim_fail(SIM_FAIL_BUG, "litmus", "%s:%u: %s", e->site.func, e->site.line, what);
}

/* Arithmetic wraps, as the kernel's does with -fno-strict-overflow. */
static int64_t binary(const struct litmus_expr *e, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (e->op) {
	case '+':
		return (int64_t)(ua + ub);
	case '-':
		return (int64_t)(ua - ub);
	case '*':
		return (int64_t)(ua * ub);
	case '/':
	case '%':
		if (!b) {
			fail_at(e, "division by zero");
			return 0;
		}
		if (b == -1)
			return e->op == '/' ? (int64_t)(0 - ua) : 0;
		return e->op == '/' ? a / b : a % b;
	case LITMUS_OP_SHL:
		return (int64_t)(ua << (ub & 63));
	case LITMUS_OP_SHR:
		return a >> (ub & 63);
	case '<':
		return a < b;
	case '>':
		return a > b;
	case LITMUS_OP_LE:
		return a <= b;
	case LITMUS_OP_GE:
		return a >= b;
	case LITMUS_OP_EQ:
		return a == b;
	case LITMUS_OP_NE:
		return a != b;
	case '&':
		return (int64_t)(ua & ub);
	case '^':
		return (int64_t)(ua ^ ub);
	case '|':
		return (int64_t)(ua | ub);
	}
	return 0;
}

/* atomic_fetch_add_unless() as the kernel writes it: a cmpxchg loop, ordered when it adds. */
static int64_t add_unless(const struct litmus_expr *e, struct litmus_cell *cell, int64_t a,
			  int64_t u, bool *added)
{
	int64_t c = (int64_t)sim_load(&e->site, &cell->value, 8, 0, SIM_ORDER_ONCE);

	*added = false;
	while (c != u) {
		int64_t old = (int64_t)sim_rmw(&e->site, &cell->value, 8, SIM_RMW_CMPXCHG,
					       (uint64_t)a + (uint64_t)c, (uint64_t)c, 0,
					       e->order);

		if (old == c) {
			*added = true;
			break;
		}
		c = old;
	}
	return c;
}

static int64_t rmw(const struct litmus_expr *e, struct litmus_cell *cell, const int64_t *args)
{
	const struct litmus_prim *prim = e->prim;
	uint64_t operand = prim->operand_arg >= 0 ? (uint64_t)args[prim->operand_arg] :
			   (uint64_t)prim->operand;
	uint64_t old, new_value;

	if (prim->negate)
		operand = 0 - operand;
	if (prim->invert)
		operand = ~operand;
	old = sim_rmw(&e->site, &cell->value, 8, prim->rmw, operand, 0,
		      prim->result == LITMUS_R_NONE ? SIM_MM_NORETURN : 0, e->order);
	switch (prim->rmw) {
	case SIM_RMW_ADD:
		new_value = old + operand;
		break;
	case SIM_RMW_AND:
		new_value = old & operand;
		break;
	case SIM_RMW_OR:
		new_value = old | operand;
		break;
	default:
		new_value = operand;
		break;
	}
	switch (prim->result) {
	case LITMUS_R_OLD:
		return (int64_t)old;
	case LITMUS_R_NEW:
		return (int64_t)new_value;
	case LITMUS_R_NEW_IS_ZERO:
		return new_value == 0;
	case LITMUS_R_NEW_IS_NEG:
		return (int64_t)new_value < 0;
	default:
		return 0;
	}
}

/*
 * A load through an address computed at run time (a register, *r1) depends
 * on the load the address came from: the engine cannot see registers, so
 * it is told (lkmm orders such a load; sc and tso need nothing).
 */
static unsigned int dependency(const struct litmus_expr *address)
{
	return address->kind == LITMUS_E_LOC ? 0 : SIM_MM_ADDR_DEP;
}

/* The srcu_struct a location stands for (named after it in run.c). */
static struct srcu_struct *srcu_of(struct litmus_cell *cell)
{
	return &cell->srcu;
}

static int64_t call(struct exec *x, const struct litmus_expr *e)
{
	const struct litmus_prim *prim = e->prim;
	const struct sim_site *site = &e->site;
	struct litmus_cell *cell = NULL;
	int64_t args[3] = { 0 };
	unsigned int i;
	bool added;

	for (i = 0; i < e->nr_args; i++)
		args[i] = eval(x, e->arg[i]);
	if (prim->loc_arg >= 0)
		cell = cell_at(x, args[prim->loc_arg], site);

	switch (prim->kind) {
	case LITMUS_P_LOAD: {
		int64_t v = (int64_t)sim_load(site, &cell->value, 8,
					      dependency(e->arg[prim->loc_arg]), e->order);

		loaded(x);
		return v;
	}
	case LITMUS_P_STORE:
		store_deps(x);
		sim_store(site, &cell->value, 8, (uint64_t)args[prim->operand_arg], 0, e->order);
		return 0;
	case LITMUS_P_STORE_MB:
		store_deps(x);
		sim_store(site, &cell->value, 8, (uint64_t)args[prim->operand_arg], 0, e->order);
		sim_fence(site, prim->fence);
		return 0;
	case LITMUS_P_FENCE:
		sim_fence(site, prim->fence);
		return 0;
	case LITMUS_P_COMPILER_BARRIER:
		return 0;
	case LITMUS_P_RMW: {
		int64_t v = rmw(e, cell, args);

		loaded(x);
		return v;
	}
	case LITMUS_P_CMPXCHG: {
		int64_t v = (int64_t)sim_rmw(site, &cell->value, 8, SIM_RMW_CMPXCHG,
					     (uint64_t)args[2], (uint64_t)args[1], 0, e->order);

		loaded(x);
		return v;
	}
	case LITMUS_P_ADD_UNLESS: {
		int64_t old = add_unless(e, cell, e->nr_args == 3 ? args[1] : 1,
					 e->nr_args == 3 ? args[2] : 0, &added);

		/* Its loop's loads: the last names only the last; any is "unknown". */
		if (x->deps)
			x->acc |= 1ULL << (LKMM_DEP_LOADS - 1);
		return prim->result == LITMUS_R_OLD ? old : added;
	}
	case LITMUS_P_SPIN_LOCK:
		sim_spin_lock(site, &cell->lock);
		return 0;
	case LITMUS_P_SPIN_TRYLOCK:
		/* A lock's loads are more than one: "unknown", as for what it returns. */
		if (x->deps)
			x->acc |= 1ULL << (LKMM_DEP_LOADS - 1);
		return sim_spin_trylock(site, &cell->lock);
	case LITMUS_P_SPIN_UNLOCK:
		sim_spin_unlock(site, &cell->lock);
		return 0;
	case LITMUS_P_SPIN_IS_LOCKED: {
		bool locked = sim_load(site, &cell->lock.locked, sizeof(cell->lock.locked), 0,
				       SIM_ORDER_ONCE) != 0;

		loaded(x);
		return locked;
	}
	case LITMUS_P_MUTEX_LOCK:
		sim_mutex_lock(site, &cell->lock);
		return 0;
	case LITMUS_P_MUTEX_TRYLOCK:
		if (x->deps)
			x->acc |= 1ULL << (LKMM_DEP_LOADS - 1);
		return sim_mutex_trylock(site, &cell->lock);
	case LITMUS_P_MUTEX_UNLOCK:
		sim_mutex_unlock(site, &cell->lock);
		return 0;
	case LITMUS_P_RCU_READ_LOCK:
		sim_rcu_read_lock(site);
		return 0;
	case LITMUS_P_RCU_READ_UNLOCK:
		sim_rcu_read_unlock(site);
		return 0;
	case LITMUS_P_SYNCHRONIZE_RCU:
		sim_synchronize_rcu(site);
		return 0;
	case LITMUS_P_SRCU_READ_LOCK:
		return sim_srcu_read_lock(site, srcu_of(cell), prim->down);
	case LITMUS_P_SRCU_READ_UNLOCK:
		/* An unlock that matches no reader ends nothing, as herd goes on (flagged). */
		sim_srcu_read_unlock_unchecked(site, srcu_of(cell),
					       (int)args[prim->operand_arg], prim->down);
		return 0;
	case LITMUS_P_SYNCHRONIZE_SRCU:
		sim_synchronize_srcu(site, srcu_of(cell));
		return 0;
	}
	return 0;
}

static int64_t eval(struct exec *x, const struct litmus_expr *e)
{
	int64_t a;

	switch (e->kind) {
	case LITMUS_E_CONST:
		return e->value;
	case LITMUS_E_REG:
		x->acc |= x->taint[e->index];
		return x->regs[e->index];
	case LITMUS_E_LOC:
		return LITMUS_LOC_TAG | e->index;
	case LITMUS_E_NAME:
		break;
	case LITMUS_E_UNARY:
		a = eval(x, e->arg[0]);
		if (e->op == '!')
			return !a;
		return e->op == '~' ? ~a : (int64_t)(0 - (uint64_t)a);
	case LITMUS_E_BINARY:
		/* && and || evaluate their right side only when C would: it may load. */
		a = eval(x, e->arg[0]);
		/* What runs after a branch depends on its condition. */
		if (e->op == LITMUS_OP_LAND || e->op == LITMUS_OP_LOR)
			x->ctrl |= x->acc;
		if (e->op == LITMUS_OP_LAND)
			return a && eval(x, e->arg[1]);
		if (e->op == LITMUS_OP_LOR)
			return a || eval(x, e->arg[1]);
		return binary(e, a, eval(x, e->arg[1]));
	case LITMUS_E_TERNARY:
		a = eval(x, e->arg[0]);
		x->ctrl |= x->acc;
		return a ? eval(x, e->arg[1]) : eval(x, e->arg[2]);
	case LITMUS_E_LOAD:
		a = eval(x, e->arg[0]);
		a = (int64_t)sim_load(&e->site, &cell_at(x, a, &e->site)->value, 8,
				      dependency(e->arg[0]), SIM_ORDER_ONCE);
		loaded(x);
		return a;
	case LITMUS_E_CALL:
		return call(x, e);
	}
	return 0;
}

static void exec_list(struct exec *x, const struct litmus_stmt *s)
{
	int64_t v;

	for (; s; s = s->next) {
		switch (s->kind) {
		case LITMUS_S_EXPR:
			x->acc = 0;
			eval(x, s->expr);
			break;
		case LITMUS_S_SET_REG:
			x->acc = 0;
			x->regs[s->reg] = eval(x, s->expr);
			x->taint[s->reg] = x->acc;
			break;
		case LITMUS_S_STORE: {
			struct litmus_cell *cell;

			x->acc = 0;
			v = eval(x, s->expr);
			cell = cell_at(x, eval(x, s->addr), &s->site);
			store_deps(x);
			sim_store(&s->site, &cell->value, 8, (uint64_t)v, 0, SIM_ORDER_ONCE);
			break;
		}
		case LITMUS_S_IF:
			x->acc = 0;
			v = eval(x, s->expr);
			x->ctrl |= x->acc;
			exec_list(x, v ? s->then : s->otherwise);
			break;
		case LITMUS_S_BLOCK:
			exec_list(x, s->body);
			break;
		}
	}
}

void litmus_exec_proc(void *task_arg)
{
	struct litmus_task_arg *arg = task_arg;
	struct exec x = {
		.ctx = arg->ctx,
		.regs = arg->ctx->regs[arg->proc],
		.deps = sim_run_mm() == SIM_MM_LKMM,
	};

	if (x.deps)
		lkmm_explicit_deps();
	exec_list(&x, arg->ctx->test->procs[arg->proc].body);
}

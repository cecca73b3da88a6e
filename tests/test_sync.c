// SPDX-License-Identifier: GPL-2.0
/*
 * The primitives find_vma_rcu() needs besides RCU: seqcount and seqlock
 * readers against a writer, refcount_t's warnings, atomic_inc_not_zero(),
 * the rw_semaphore (exclusion, trylocks, a reader behind a waiting writer),
 * and the red-black tree.  Each comes with a broken use that must fail.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/seqlock.h>
#include <linux/slab.h>

#include "helpers.h"
#include "sched.h"

/*
 * Every schedule of @s under @mm (dfs; under tso within 2 preemptions, as
 * every flush order of unbounded interleavings is too many here): the first
 * failure, or SIM_OK.
 */
static enum sim_fail_kind dfs_all(const struct sim_scenario *s, enum sim_mm mm,
				  struct outcome *o, uint64_t *runs)
{
	struct sim_run_config cfg;
	struct sim_source src;
	struct sim_result res;
	uint64_t run;

	sim_source_dfs(&src, mm == SIM_MM_TSO ? 2 : SIM_DFS_UNBOUNDED);
	sim_config_defaults(&cfg, s, &src);
	cfg.mm = mm;
	for (run = 0; run < 2000000 && !sim_source_exhausted(&src); run++) {
		sim_source_begin_run(&src, run);
		sim_run(&cfg, &res);
		sim_source_end_run(&src, res.steps);
		if (res.failure.kind != SIM_OK) {
			outcome_take(o, &res);
			*runs = run + 1;
			return o->kind;
		}
	}
	ck_assert_msg(sim_source_exhausted(&src) && !src.truncated, "%s %s: dfs unfinished",
		      s->name, sim_mm_name[mm]);
	outcome_take(o, &res);
	*runs = run;
	return SIM_OK;
}

/* ---- seqlock: a reader that retries never sees the pair torn ------------ */

struct seq_ctx {
	seqlock_t lock;
	int a, b;		/* always equal outside the writer's section */
	bool reader_retries;
};

static void seq_writer(void *arg)
{
	struct seq_ctx *ctx = arg;

	write_seqlock(&ctx->lock);
	WRITE_ONCE(ctx->a, 1);
	WRITE_ONCE(ctx->b, 1);
	write_sequnlock(&ctx->lock);
}

static void seq_reader(void *arg)
{
	struct seq_ctx *ctx = arg;
	unsigned int seq;
	int a, b;

	do {
		seq = read_seqbegin(&ctx->lock);
		a = READ_ONCE(ctx->a);
		b = READ_ONCE(ctx->b);
	} while (ctx->reader_retries && read_seqretry(&ctx->lock, seq));
	if (a != b)
		sim_violation("torn-read", "a = %d, b = %d", a, b);
}

static bool seq_retries;

static void *seq_setup(void)
{
	struct seq_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	seqlock_init(&ctx->lock);
	ctx->reader_retries = seq_retries;
	sim_task_create("writer", 0, seq_writer, ctx);
	sim_task_create("reader", 1, seq_reader, ctx);
	return ctx;
}

static const struct sim_scenario seq = {
	.name = "test/seqlock",
	.nr_cpus = 2,
	.max_steps = 400,
	.setup = seq_setup,
};

/* Clean under every model, every schedule; without the retry, torn under sc already. */
START_TEST(test_seqlock)
{
	struct outcome o;
	uint64_t runs;

	seq_retries = true;
	ck_assert_int_eq(dfs_all(&seq, (enum sim_mm)_i, &o, &runs), SIM_OK);
	ck_assert_uint_gt(runs, 10);
	seq_retries = false;
	ck_assert_int_eq(dfs_all(&seq, (enum sim_mm)_i, &o, &runs), SIM_FAIL_INVARIANT);
	ck_assert_str_eq(o.name, "torn-read");
}
END_TEST

/* ---- refcount_t and atomic_inc_not_zero --------------------------------- */

static int refcount_case;

static void refcount_task(void *arg)
{
	refcount_t *r = arg;
	atomic_t v = ATOMIC_INIT(0);

	switch (refcount_case) {
	case 0:		/* what a correct user does: no warning */
		refcount_set(r, 1);
		refcount_inc(r);
		if (!refcount_inc_not_zero(r) || refcount_read(r) != 3)
			sim_violation("refcount", "inc_not_zero on 2 gave %d", refcount_read(r));
		if (refcount_dec_and_test(r) || refcount_dec_and_test(r) ||
		    !refcount_dec_and_test(r))
			sim_violation("refcount", "dec_and_test did not see 0 last");
		if (refcount_inc_not_zero(r) || atomic_inc_not_zero(&v) ||
		    atomic_read(&v) != 0)
			sim_violation("refcount", "an increment of 0 went through");
		atomic_set(&v, 5);
		if (!atomic_inc_not_zero(&v) || atomic_read(&v) != 6)
			sim_violation("refcount", "atomic_inc_not_zero(5) gave %d", atomic_read(&v));
		break;
	case 1:		/* get on an object whose last reference is gone */
		refcount_set(r, 0);
		refcount_inc(r);
		break;
	case 2:		/* a put too many */
		refcount_set(r, 1);
		refcount_dec_and_test(r);
		refcount_dec_and_test(r);
		break;
	case 3:		/* refcount_dec() must not drop the last reference */
		refcount_set(r, 1);
		refcount_dec(r);
		break;
	}
}

static void *refcount_setup(void)
{
	refcount_t *r = kzalloc(sizeof(*r), GFP_KERNEL);

	sim_task_create("user", 0, refcount_task, r);
	return r;
}

static const struct sim_scenario refcount = {
	.name = "test/refcount",
	.nr_cpus = 1,
	.max_steps = 100,
	.setup = refcount_setup,
};

START_TEST(test_refcount_warnings)
{
	static const char *const expect[] = { NULL, "refcount-add-on-0", "refcount-underflow",
					      "refcount-dec-to-0" };
	struct outcome o;

	for (refcount_case = 0; refcount_case < (int)ARRAY_SIZE(expect); refcount_case++) {
		run_bytes(&refcount, NULL, 0, &o);
		if (!expect[refcount_case]) {
			ck_assert_msg(o.kind == SIM_OK, "%s", o.message);
			continue;
		}
		ck_assert_int_eq(o.kind, SIM_FAIL_BUG);
		ck_assert_str_eq(o.name, expect[refcount_case]);
		ck_assert_msg(strstr(o.message, "refcount_t: ") && strstr(o.message, "refcount_task"),
			      "%s", o.message);
	}
}
END_TEST

/*
 * Two getters race a put of the last reference: each get either fails or
 * holds a live object, and the object is freed exactly once.  With
 * refcount_inc() instead of inc_not_zero, a get after the last put is found.
 */
struct ref_obj {
	refcount_t ref;
};

struct getters_ctx {
	struct ref_obj *obj;		/* the one pointer, never cleared: RCU's role */
	bool freed;
	bool checked_get;
};

static void put_obj(struct getters_ctx *ctx)
{
	/* The flag is the test's, not the port's: atomic, out of TSan's judgement. */
	if (refcount_dec_and_test(&ctx->obj->ref)) {
		if (__atomic_exchange_n(&ctx->freed, true, __ATOMIC_RELAXED))
			sim_violation("double-free", "the object was freed twice");
	}
}

static void getter(void *arg)
{
	struct getters_ctx *ctx = arg;

	if (ctx->checked_get) {
		if (!refcount_inc_not_zero(&ctx->obj->ref))
			return;
	} else {
		refcount_inc(&ctx->obj->ref);
	}
	if (__atomic_load_n(&ctx->freed, __ATOMIC_RELAXED))
		sim_violation("use-after-free", "a get succeeded on a freed object");
	put_obj(ctx);
}

static void owner(void *arg)
{
	put_obj(arg);
}

static bool getters_checked;

static void *getters_setup(void)
{
	struct getters_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	ctx->obj = kzalloc(sizeof(*ctx->obj), GFP_KERNEL);
	refcount_set(&ctx->obj->ref, 1);
	ctx->checked_get = getters_checked;
	sim_task_create("owner", 0, owner, ctx);
	sim_task_create("get1", 1, getter, ctx);
	sim_task_create("get2", 2, getter, ctx);
	return ctx;
}

static const struct sim_scenario getters = {
	.name = "test/refcount-getters",
	.nr_cpus = 3,
	.max_steps = 200,
	.setup = getters_setup,
};

START_TEST(test_refcount_getters)
{
	struct outcome o;
	uint64_t runs;

	getters_checked = true;
	ck_assert_msg(dfs_all(&getters, (enum sim_mm)_i, &o, &runs) == SIM_OK, "%s", o.message);
	getters_checked = false;
	ck_assert_int_eq(dfs_all(&getters, (enum sim_mm)_i, &o, &runs), SIM_FAIL_BUG);
	ck_assert_str_eq(o.name, "refcount-add-on-0");
}
END_TEST

/* ---- rw_semaphore ------------------------------------------------------- */

struct rwsem_ctx {
	struct rw_semaphore sem;
	/*
	 * Marked: dfs's reduction orders what it sees (plain accesses are
	 * TSan's, sim/README.md), so the lost update is found in every build.
	 */
	int x;
	int writers_in, readers_in;
	int mode;
};

/* A read-modify-write split by a point: exclusion or a lost update. */
static void rw_writer(void *arg)
{
	struct rwsem_ctx *ctx = arg;
	int tmp;

	if (ctx->mode == 1)
		down_read(&ctx->sem);		/* the bug: a writer under the read side */
	else
		down_write(&ctx->sem);
	__atomic_fetch_add(&ctx->writers_in, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&ctx->readers_in, __ATOMIC_RELAXED))
		sim_violation("rwsem-exclusion", "a writer inside with %d readers",
			      __atomic_load_n(&ctx->readers_in, __ATOMIC_RELAXED));
	tmp = READ_ONCE(ctx->x);
	sim_yield();
	WRITE_ONCE(ctx->x, tmp + 1);
	__atomic_fetch_sub(&ctx->writers_in, 1, __ATOMIC_RELAXED);
	if (ctx->mode == 1)
		up_read(&ctx->sem);
	else
		up_write(&ctx->sem);
}

static void rw_reader(void *arg)
{
	struct rwsem_ctx *ctx = arg;

	down_read(&ctx->sem);
	__atomic_fetch_add(&ctx->readers_in, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&ctx->writers_in, __ATOMIC_RELAXED) && ctx->mode != 1)
		sim_violation("rwsem-exclusion", "a reader inside with a writer");
	sim_yield();
	if (ctx->mode == 2)
		down_read(&ctx->sem);		/* recursive read: deadlocks behind a writer */
	(void)READ_ONCE(ctx->x);
	if (ctx->mode == 2)
		up_read(&ctx->sem);
	__atomic_fetch_sub(&ctx->readers_in, 1, __ATOMIC_RELAXED);
	up_read(&ctx->sem);
	if (down_read_trylock(&ctx->sem))
		up_read(&ctx->sem);
	if (down_write_trylock(&ctx->sem))
		up_write(&ctx->sem);
}

static void rw_final(void *arg)
{
	struct rwsem_ctx *ctx = arg;

	if (READ_ONCE(ctx->x) != 2)
		sim_violation("lost-update", "x = %d after two writers", ctx->x);
}

static int rwsem_mode;

static void *rwsem_setup(void)
{
	struct rwsem_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	init_rwsem(&ctx->sem);
	ctx->mode = rwsem_mode;
	sim_task_create("reader", 0, rw_reader, ctx);
	sim_task_create("writer1", 1, rw_writer, ctx);
	sim_task_create("writer2", 2, rw_writer, ctx);
	return ctx;
}

static const struct sim_scenario rwsem = {
	.name = "test/rwsem",
	.nr_cpus = 3,
	.max_steps = 300,
	.setup = rwsem_setup,
	.finish = rw_final,
};

START_TEST(test_rwsem)
{
	struct outcome o;
	uint64_t runs;

	rwsem_mode = 0;
	ck_assert_msg(dfs_all(&rwsem, (enum sim_mm)_i, &o, &runs) == SIM_OK, "%s %s",
		      o.name, o.message);
	rwsem_mode = 1;
	ck_assert_int_eq(dfs_all(&rwsem, (enum sim_mm)_i, &o, &runs), SIM_FAIL_INVARIANT);
	ck_assert_str_eq(o.name, "lost-update");
	rwsem_mode = 2;
	ck_assert_int_eq(dfs_all(&rwsem, (enum sim_mm)_i, &o, &runs), SIM_FAIL_DEADLOCK);
	ck_assert_msg(strstr(o.message, "down_read"), "%s", o.message);
}
END_TEST

/* ---- rbtree: the red-black rules and the order, after every change ------ */

struct knode {
	struct rb_node rb;
	unsigned int key;
};

static bool rb_broken;

/* Black height of @n, or -1 with rb_broken set when a rule or the order fails. */
static int rb_check(const struct rb_node *n, const struct rb_node *parent, unsigned int lo,
		    unsigned int hi)
{
	const struct knode *k;
	int l, r;

	if (!n)
		return 1;
	k = rb_entry(n, struct knode, rb);
	if (rb_parent(n) != parent || k->key < lo || k->key > hi)
		rb_broken = true;
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right))))
		rb_broken = true;
	l = rb_check(n->rb_left, n, lo, k->key ? k->key - 1 : 0);
	r = rb_check(n->rb_right, n, k->key + 1, hi);
	if (l != r)
		rb_broken = true;
	return l + (rb_is_black(n) ? 1 : 0);
}

static bool rb_valid(const struct rb_root *root)
{
	rb_broken = false;
	rb_check(root->rb_node, NULL, 0, ~0u);
	return !rb_broken && (!root->rb_node || rb_is_black(root->rb_node));
}

static void rb_insert_key(struct rb_root *root, struct knode *k)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = k->key < rb_entry(parent, struct knode, rb)->key ? &parent->rb_left
								       : &parent->rb_right;
	}
	rb_link_node(&k->rb, parent, link);
	rb_insert_color(&k->rb, root);
}

#define NR_KEYS 64

static void rb_task(void *arg)
{
	struct knode *nodes = arg;
	struct rb_root root = RB_ROOT;
	unsigned int i, seed = 12345, in = 0, prev;
	bool present[NR_KEYS] = { false };
	struct rb_node *n;

	for (i = 0; i < NR_KEYS; i++) {
		nodes[i].key = i * 7 % NR_KEYS;	/* a permutation */
		RB_CLEAR_NODE(&nodes[i].rb);
	}
	for (i = 0; i < 6 * NR_KEYS; i++) {
		unsigned int j;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 16) % NR_KEYS;
		if (present[j]) {
			rb_erase(&nodes[j].rb, &root);
			RB_CLEAR_NODE(&nodes[j].rb);
			in--;
		} else {
			rb_insert_key(&root, &nodes[j]);
			in++;
		}
		present[j] = !present[j];
		if (!rb_valid(&root))
			sim_violation("rbtree", "not a red-black tree after change %u", i);
	}
	prev = 0;
	for (i = 0, n = rb_first(&root); n; n = rb_next(n), i++) {
		if (i && rb_entry(n, struct knode, rb)->key <= prev)
			sim_violation("rbtree", "rb_next out of order");
		prev = rb_entry(n, struct knode, rb)->key;
	}
	if (i != in)
		sim_violation("rbtree", "walked %u nodes of %u", i, in);
	/* The check can fail: a red root with a red child breaks the rules. */
	if (root.rb_node && root.rb_node->rb_left) {
		rb_set_parent_color(root.rb_node->rb_left, root.rb_node, RB_RED);
		root.rb_node->__rb_parent_color &= ~1UL;
		if (rb_valid(&root))
			sim_violation("rbtree", "a red root went unnoticed");
	}
}

static void *rb_setup(void)
{
	struct knode *nodes = kzalloc(NR_KEYS * sizeof(*nodes), GFP_KERNEL);

	sim_task_create("tree", 0, rb_task, nodes);
	return nodes;
}

static const struct sim_scenario rbtree = {
	.name = "test/rbtree",
	.nr_cpus = 1,
	.max_steps = 100000,
	.setup = rb_setup,
};

START_TEST(test_rbtree)
{
	struct outcome o;

	run_bytes(&rbtree, NULL, 0, &o);
	ck_assert_msg(o.kind == SIM_OK, "%s: %s", o.name, o.message);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("sync");

	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, test_seqlock, 0, SIM_MM_NR);
	tcase_add_test(tc, test_refcount_warnings);
	tcase_add_loop_test(tc, test_refcount_getters, 0, SIM_MM_NR);
	tcase_add_loop_test(tc, test_rwsem, 0, SIM_MM_NR);
	tcase_add_test(tc, test_rbtree);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

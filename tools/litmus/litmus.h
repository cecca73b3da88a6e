/* SPDX-License-Identifier: GPL-2.0 */
/*
 * schedfuzz litmus: the Linux kernel's C litmus tests, parsed into a small
 * program per process and run under the simulator, every schedule of them.
 *
 * A value is a 64-bit integer.  A location's address is a value too
 * (litmus tests store pointers: "x2=y2", "r3=v0"): location i is
 * LITMUS_LOC_TAG | i, which no test writes as a number, so a dereference
 * can tell a location from garbage and an outcome prints it by name.
 */
#ifndef TOOLS_LITMUS_LITMUS_H
#define TOOLS_LITMUS_LITMUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/lock.h"
#include "sim/memory.h"
#include "sim/rcu.h"
#include "sim/scenario.h"
#include "sim/sched.h"
#include "sim/site.h"

#define LITMUS_MAX_PROCS	SIM_MAX_CPUS	/* one CPU each */
#define LITMUS_MAX_LOCS		64
#define LITMUS_MAX_REGS		64		/* per process */
#define LITMUS_MAX_OBSERVED	128
#define LITMUS_MAX_NESTING	100		/* of expressions and blocks: bounds recursion */
#define LITMUS_MAX_FILE		(1u << 20)
#define LITMUS_MAX_SOURCE	256		/* characters of a site's expression text */

#define LITMUS_LOC_TAG		0x4c4f430000000000LL	/* "LOC" */
#define LITMUS_LOC_MASK		0xffffffff00000000LL

/* ---- the parsed test ---------------------------------------------------- */

/* Punctuators of two characters or more; one character stands for itself. */
enum litmus_punct {
	LITMUS_OP_EQ = 256,	/* == */
	LITMUS_OP_NE,		/* != */
	LITMUS_OP_LE,
	LITMUS_OP_GE,
	LITMUS_OP_SHL,
	LITMUS_OP_SHR,
	LITMUS_OP_LAND,		/* && */
	LITMUS_OP_LOR,		/* || */
	LITMUS_OP_CONJ,		/* herd's /\ */
	LITMUS_OP_DISJ,		/* herd's \/ */
	LITMUS_OP_OTHER,	/* ++, ->, +=, ...: C the runner refuses by its text */
};

enum litmus_expr_kind {
	LITMUS_E_CONST,		/* value */
	LITMUS_E_REG,		/* register index of the process */
	LITMUS_E_LOC,		/* the address of location index */
	LITMUS_E_NAME,		/* an unknown name: only as an assignment's target */
	LITMUS_E_UNARY,		/* op arg[0] */
	LITMUS_E_BINARY,	/* arg[0] op arg[1] */
	LITMUS_E_TERNARY,	/* arg[0] ? arg[1] : arg[2] */
	LITMUS_E_LOAD,		/* a plain load *arg[0] */
	LITMUS_E_CALL,		/* a kernel primitive */
};

struct litmus_prim;

struct litmus_expr {
	enum litmus_expr_kind kind;
	int op;			/* '+', LITMUS_OP_EQ, ... */
	int64_t value;
	unsigned int index;
	const char *name;	/* LITMUS_E_NAME */
	const struct litmus_prim *prim;
	enum sim_order order;	/* of a primitive with _relaxed/_acquire/_release forms */
	struct litmus_expr *arg[3];
	unsigned int nr_args;
	unsigned int height;	/* of the tree: evaluation recurses this deep */
	struct sim_site site;	/* LITMUS_E_LOAD and LITMUS_E_CALL; line for all */
};

enum litmus_stmt_kind {
	LITMUS_S_EXPR,		/* expr, for its side effects */
	LITMUS_S_SET_REG,	/* reg = expr */
	LITMUS_S_STORE,		/* a plain store *addr = expr */
	LITMUS_S_IF,		/* if (expr) then else otherwise */
	LITMUS_S_BLOCK,		/* { body } */
};

struct litmus_stmt {
	enum litmus_stmt_kind kind;
	unsigned int reg;
	struct litmus_expr *addr, *expr;
	struct litmus_stmt *then, *otherwise, *body;
	struct litmus_stmt *next;
	struct sim_site site;	/* LITMUS_S_STORE */
};

struct litmus_reg {
	const char *name;
	int64_t init;
};

struct litmus_proc {
	char name[8];			/* "P0": the function the trace names */
	unsigned int line;
	struct litmus_reg regs[LITMUS_MAX_REGS];
	unsigned int nr_regs;
	unsigned int params[LITMUS_MAX_LOCS];	/* locations */
	unsigned int nr_params;
	struct litmus_stmt *body;
};

struct litmus_loc {
	const char *name;
	int64_t init;
	bool is_lock;		/* taken by spin_lock() and friends: its value is the lock word */
};

/* What a condition compares: a register, a location's final value, a number, an address. */
struct litmus_operand {
	enum { LITMUS_O_REG, LITMUS_O_LOC, LITMUS_O_CONST } kind;
	unsigned int proc, index;
	int64_t value;		/* LITMUS_O_CONST, addresses included */
};

enum litmus_cond_kind {
	LITMUS_C_TRUE,
	LITMUS_C_EQ,
	LITMUS_C_NOT,
	LITMUS_C_AND,
	LITMUS_C_OR,
};

struct litmus_cond {
	enum litmus_cond_kind kind;
	bool not_equal;		/* LITMUS_C_NOT of an LITMUS_C_EQ written "a != b" */
	struct litmus_operand lhs, rhs;
	struct litmus_cond *a, *b;
};

enum litmus_quantifier {
	LITMUS_Q_NONE,		/* no clause: every run "satisfies" it */
	LITMUS_Q_EXISTS,
	LITMUS_Q_NOT_EXISTS,
	LITMUS_Q_FORALL,
};

enum litmus_error_kind {
	LITMUS_OK,
	LITMUS_MALFORMED,
	LITMUS_UNSUPPORTED,
};

struct litmus_error {
	enum litmus_error_kind kind;
	unsigned int line;
	char what[256];		/* "unsupported: rcu_read_lock", "expected ';' before '}'" */
	char construct[64];	/* LITMUS_UNSUPPORTED: its name */
};

struct litmus_arena;

struct litmus_test {
	const char *path;
	char name[128];
	char lkmm[32];			/* the header's "Result:", else the index's, or "" */
	bool lkmm_from_index;		/* from a verdict index (verdicts.c), not the header */
	char lkmm_conflict[160];	/* the header and the index contradict: not judged */
	char expect[SIM_MM_NR][16];	/* "Expect: sc=Never tso=Sometimes", "" if none */
	struct litmus_loc locs[LITMUS_MAX_LOCS];
	unsigned int nr_locs;
	struct litmus_proc procs[LITMUS_MAX_PROCS];
	unsigned int nr_procs;
	enum litmus_quantifier quantifier;
	struct litmus_cond *cond, *filter;
	/* What an outcome shows: registers and locations, in the order it prints them. */
	struct litmus_operand observed[LITMUS_MAX_OBSERVED];
	unsigned int nr_observed;
	struct litmus_error error;
	struct litmus_arena *arena;
};

/* Read and parse @path; test->error says whether it worked.  Free with litmus_free(). */
struct litmus_test *litmus_load(const char *path);
void litmus_free(struct litmus_test *test);

/* The verdict words of the kernel's "Result:" lines. */
enum litmus_verdict {
	LITMUS_NEVER,
	LITMUS_SOMETIMES,
	LITMUS_ALWAYS,
	LITMUS_DEADLOCK,
	LITMUS_NO_VERDICT,	/* no header line, or a word we do not know */
	LITMUS_INCOMPLETE,	/* a result: not every schedule ran, Never/Always unproven */
};

extern const char *const litmus_verdict_name[];
/* The first word of @s: "Never DATARACE" is Never. */
enum litmus_verdict litmus_verdict_parse(const char *s);
/* The LKMM verdict @test is judged against: LITMUS_NO_VERDICT if none or a conflict. */
enum litmus_verdict litmus_lkmm_verdict(const struct litmus_test *test);

/* ---- verdict indexes (verdicts.c) ----------------------------------------- */

/* Load an index; false if @explicit is not set and @file is not one. */
bool litmus_verdicts_load(const char *file, bool explicit);
/* The nearest index in @path's folder (or @path, a folder) or one above it. */
void litmus_verdicts_find_near(const char *path);
/* A parsed @test without a "Result:" verdict takes the index's. */
void litmus_verdicts_apply(struct litmus_test *test);
void litmus_verdicts_free(void);

/* ---- the arena: everything a test holds, freed at once ------------------- */

void *litmus_alloc(struct litmus_arena **arena, size_t size);
char *litmus_strndup(struct litmus_arena **arena, const char *s, size_t len);
void litmus_arena_free(struct litmus_arena **arena);

/* ---- conditions ---------------------------------------------------------- */

/* The final state of a run, as a condition sees it. */
struct litmus_state {
	const struct litmus_test *test;
	const int64_t *regs[LITMUS_MAX_PROCS];
	int64_t locs[LITMUS_MAX_LOCS];
};

int64_t litmus_operand_value(const struct litmus_state *state, const struct litmus_operand *o);
bool litmus_cond_holds(const struct litmus_state *state, const struct litmus_cond *c);
/* "0:r0=0 /\ 1:r0=0": the condition as it reads, into @buf. */
void litmus_cond_format(const struct litmus_test *test, const struct litmus_cond *c, char *buf,
			size_t len);
/* A value as an outcome shows it: a number, or a location's name. */
void litmus_value_format(const struct litmus_test *test, int64_t v, char *buf, size_t len);

/* ---- the kernel primitives ------------------------------------------------ */

enum litmus_prim_kind {
	LITMUS_P_LOAD,
	LITMUS_P_STORE,
	LITMUS_P_STORE_MB,	/* smp_store_mb(): a store, then smp_mb() */
	LITMUS_P_FENCE,
	LITMUS_P_COMPILER_BARRIER,
	LITMUS_P_RMW,
	LITMUS_P_CMPXCHG,
	LITMUS_P_ADD_UNLESS,
	LITMUS_P_SPIN_LOCK,
	LITMUS_P_SPIN_TRYLOCK,
	LITMUS_P_SPIN_UNLOCK,
	LITMUS_P_SPIN_IS_LOCKED,
	LITMUS_P_MUTEX_LOCK,
	LITMUS_P_MUTEX_TRYLOCK,
	LITMUS_P_MUTEX_UNLOCK,
	LITMUS_P_RCU_READ_LOCK,
	LITMUS_P_RCU_READ_UNLOCK,
	LITMUS_P_SYNCHRONIZE_RCU,
	LITMUS_P_SRCU_READ_LOCK,	/* and srcu_down_read(): .down */
	LITMUS_P_SRCU_READ_UNLOCK,	/* and srcu_up_read() */
	LITMUS_P_SYNCHRONIZE_SRCU,
};

/* What a read-modify-write returns. */
enum litmus_rmw_result {
	LITMUS_R_NONE,		/* void: atomic_inc() */
	LITMUS_R_OLD,		/* xchg(), atomic_fetch_add() */
	LITMUS_R_NEW,		/* atomic_add_return() */
	LITMUS_R_NEW_IS_ZERO,	/* atomic_dec_and_test() */
	LITMUS_R_NEW_IS_NEG,	/* atomic_add_negative() */
	LITMUS_R_DONE,		/* atomic_add_unless(): whether it added */
};

struct litmus_prim {
	const char *name;
	enum litmus_prim_kind kind;
	unsigned int nr_args;
	int loc_arg;			/* the argument naming the location, -1 for none */
	bool lvalue;			/* written *p, as READ_ONCE's argument: not p */
	bool has_variants;		/* _relaxed, _acquire, _release forms */
	enum sim_order order;		/* of the plain name */
	enum sim_fence fence;
	enum sim_rmw_op rmw;
	int operand_arg;		/* -1: the operand is @operand */
	int64_t operand;
	bool negate, invert;		/* sub: add -i; andnot: and ~i */
	enum litmus_rmw_result result;
	bool down;			/* srcu_down_read(), srcu_up_read() */
};

/*
 * The primitive @name stands for (with its ordering in @order), or NULL.
 * atomic_long_ and atomic64_ forms are the atomic_ ones: cells are 64-bit.
 */
const struct litmus_prim *litmus_prim_find(const char *name, enum sim_order *order);
/* A spinlock or mutex operation: its location is a lock word. */
bool litmus_prim_is_lock(const struct litmus_prim *prim);

/* ---- running ------------------------------------------------------------- */

struct litmus_outcome {
	char *key;			/* "0:r0=0; 1:r0=1" */
	unsigned long long count;
	bool satisfies;			/* the condition holds in it */
};

struct litmus_options {
	enum sim_mm mm;
	const char *strategy;		/* "dfs" or "random" */
	unsigned long long runs;	/* a budget: dfs stops there, incomplete */
	bool runs_given;		/* by --runs, not the default */
	double seconds;			/* --time: 0, no limit */
	unsigned long long seed;
	unsigned int preemption_bound;
	unsigned int delay_bound;	/* 0 in a zeroed struct: no bound, see litmus_run() */
	bool delay_bounded;
	bool no_reduction;		/* dfs: every sequence of answers (to compare) */
	bool trace;			/* print the first run that satisfies the condition */
};

struct litmus_result {
	unsigned long long schedules;	/* runs */
	unsigned long long pruned;	/* ... of which dfs cut short: a prefix already explored */
	bool complete;			/* dfs ran every schedule, without a bound */
	bool out_of_time;		/* stopped by --time */
	unsigned long long finished;	/* runs whose every process returned */
	unsigned long long filtered;	/* ... of which the filter dropped */
	unsigned long long satisfied;	/* ... of the others, those where the condition held */
	unsigned long long deadlocks;
	unsigned long long errors;	/* a run that failed otherwise: a bad pointer, an unlock */
	char first_error[600];
	struct litmus_outcome *outcomes;	/* sorted by key */
	unsigned int nr_outcomes, cap_outcomes;
};

/* Explore @test under @opt.  The test must have parsed. */
void litmus_run(const struct litmus_test *test, const struct litmus_options *opt,
		struct litmus_result *res);
void litmus_result_free(struct litmus_result *res);
enum litmus_verdict litmus_result_verdict(const struct litmus_test *test,
					  const struct litmus_result *res);
/* For exists: was it reached; for ~exists: was it avoided; for forall: did it always hold. */
bool litmus_result_reached(const struct litmus_test *test, const struct litmus_result *res);

/*
 * A location: a value, a lock word for the spinlock and mutex operations,
 * and an srcu_struct for the SRCU ones (struct srcu_struct *s).
 */
struct litmus_cell {
	int64_t value;
	struct sim_lock lock;
	struct srcu_struct srcu;
};

struct litmus_ctx;

struct litmus_task_arg {
	struct litmus_ctx *ctx;
	unsigned int proc;
};

/* A run's state: kzalloc'ed by the scenario's setup, freed with the run. */
struct litmus_ctx {
	const struct litmus_test *test;
	int64_t regs[LITMUS_MAX_PROCS][LITMUS_MAX_REGS];
	struct litmus_cell cells[LITMUS_MAX_LOCS];
	struct litmus_task_arg task_arg[LITMUS_MAX_PROCS];
};

/* A task's function: run the process task_arg->proc of the run's test. */
void litmus_exec_proc(void *task_arg);

/* ---- reporting ----------------------------------------------------------- */

/* Why @res contradicts the header's LKMM verdict, or NULL: see report.c. */
const char *litmus_nonconformance(const struct litmus_test *test, const struct litmus_result *res);
/* The header's "Expect:" for @mm, if any, is what @res says. */
bool litmus_expectation_met(const struct litmus_test *test, enum sim_mm mm,
			    const struct litmus_result *res);

void litmus_print_result(FILE *out, const struct litmus_test *test,
			 const struct litmus_options *opt, const struct litmus_result *res);
void litmus_print_json(FILE *out, const struct litmus_test *test,
		       const struct litmus_options *opt, const struct litmus_result *res);

struct litmus_summary_options {
	enum sim_mm models[SIM_MM_NR];
	unsigned int nr_models;
	bool json;
	bool table_only;		/* --table: the totals and the table, no row per test */
	unsigned int jobs;		/* children at a time; 0 or 1: none */
	unsigned int sample;		/* 1 in @sample tests by their path's hash; 0 or 1: all */
	const char *verdicts;		/* --verdicts FILE, else DIR/INDEX.tsv where there is one */
};

/* The exit status: 0, 1 (a contradiction, a failed run, a crash), 2 (a malformed file). */
int litmus_summary(int nr_dirs, char **dirs, const struct litmus_options *opt,
		   const struct litmus_summary_options *sopt);

#endif /* TOOLS_LITMUS_LITMUS_H */

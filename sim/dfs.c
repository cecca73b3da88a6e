// SPDX-License-Identifier: GPL-2.0
/*
 * Depth-first search over the decision stream, stateless: each run replays
 * the path's answers and takes a new one at its end (Godefroid's VeriSoft).
 * The path grows as long as a run is (own_mem), so no schedule is cut.
 *
 * With reduction (the default under sc and tso, unbounded), the decisions
 * of who takes the next step -- a task, or under tso a CPU's oldest
 * buffered store becoming visible -- are nodes of a sleep-set search
 * (Godefroid 1996): after exploring step p at a node, p sleeps in the
 * subtrees of its later siblings, and stays asleep down a path as long as
 * the steps taken are independent of it (por.h); a sleeping step is not
 * taken.  Each class of schedules equivalent by swapping independent
 * adjacent steps is then run once to its end; a run that reaches a state
 * where every possible step sleeps is a prefix of one already run and is
 * cut short (sim_result.pruned).  A store-buffer decision and the task
 * decision after it at one point are one node: its options are "stop
 * flushing and run task t" for every task t the point offers (peeked from
 * sched.c) and "flush CPU c" for every CPU with a buffered store.
 * Decisions within a step (allocation failure, lkmm's reads-from) are
 * explored in full.
 *
 * Not reduced, every sequence of answers: with a preemption or delay bound
 * (a sleep set is not sound within a bound), under lkmm (its reads-from
 * choices are not proven to commute as por.h says), and for
 * scenarios with a .check hook (it looks at every intermediate state, and
 * the reduction keeps only final ones).
 *
 * The path and the footprints are mutated on the tasks' stacks: element
 * by element, in memory from own_mem, never with libc's mem* (TSan).
 */
#include "decide.h"
#include "engine.h"
#include "own_mem.h"
#include "por.h"
#include "sched.h"
#include "store_buffer.h"

enum dfs_node {
	DFS_PLAIN,	/* every answer, within the bounds */
	DFS_POR,	/* who takes the next step: a sleep-set node */
};

struct dfs_frame {
	uint8_t answer;		/* plain: the answer; por: the option */
	uint16_t n;		/* up to SIM_MAX_CHOICES */
	uint8_t node;
	uint8_t kind;		/* enum sim_choice */
	bool preemptive;	/* an answer but 0 switches away from a task that could go on */
	uint32_t preemptions_before, delays_before;	/* on the path above this frame */
	/* por: options are procs (por.h); the first nr_tasks are tasks */
	uint8_t nr_tasks;
	bool in_point;		/* a store-buffer decision of a point: "stop" exists */
	bool relax;		/* ... of a busy-wait point: "stop" is the last answer */
	uint64_t sleep, done, mine;	/* procs asleep, explored, with a footprint of ours */
	uint64_t backtrack;	/* procs to explore here: the first, and those races add */
	uint64_t held;		/* tasks whose step drains a buffer this node can flush */
	bool full;		/* explore every awake option (a run too long to analyse) */
	uint32_t pool_end;	/* footprints up to here are this frame's or above it */
	uint8_t proc[SIM_POR_PROCS];
	int32_t fp[SIM_POR_PROCS];	/* footprint of each proc in sleep | done | mine */
};

static struct {
	struct dfs_frame *path;
	size_t cap;
	bool por_run;		/* decided at a run's first decision */
	bool por_known;
	bool active;		/* the run in progress is this search's */
	long last_por;		/* the frame whose step is running, or -1 */
	struct sim_source *src;	/* of the run in progress */
	size_t analyse;		/* the run's frames worth a race analysis */
	int pending_task;	/* a store-buffer node chose this task: the next task decision */
	bool point_drains[SIM_MAX_TASKS];	/* see sim_point_drains() */
} dfs = { .last_por = -1, .pending_task = -1 };

static void races_reset(void);

static uint64_t bit(unsigned int proc)
{
	return 1ULL << proc;
}

void sim_source_dfs_reset(struct sim_source *src, uint32_t preemption_bound)
{
	src->preemption_bound = preemption_bound;
	src->delay_bound = SIM_DFS_UNBOUNDED;
	src->reduce = true;
	sim_por_reset();
	races_reset();
	dfs.por_known = false;
}

void sim_source_dfs_delay_bound(struct sim_source *src, uint32_t delay_bound)
{
	src->delay_bound = delay_bound;
}

void sim_source_dfs_no_reduction(struct sim_source *src)
{
	src->reduce = false;
}

bool sim_source_bounded(const struct sim_source *src)
{
	return src->strategy == SIM_STRATEGY_DFS &&
	       (src->preemption_bound != SIM_DFS_UNBOUNDED || src->delay_bound != SIM_DFS_UNBOUNDED);
}

/* A run of another source: the hooks of the memory model leave it alone. */
void sim_dfs_leave(void)
{
	dfs.active = false;
}

void sim_dfs_begin_run(struct sim_source *src)
{
	unsigned int i;

	src->delays = 0;
	src->prune = false;
	dfs.active = true;
	dfs.src = src;
	dfs.analyse = SIZE_MAX;
	for (i = 0; i < SIM_MAX_TASKS; i++)
		dfs.point_drains[i] = false;
	dfs.last_por = -1;
	dfs.pending_task = -1;
	sim_por_record(-1, -1);
}

/*
 * The steps a cut run did not take race with none of its own, so no race
 * says which orders would reverse them: every node on its path explores
 * every awake option (sleep sets alone), and the failing step, whose
 * footprint stops where it failed, commutes with nothing.  A search that
 * stops at its first failure pays nothing; one that goes on past failures
 * (--want, or the tests' every-failure comparison) still reaches them all.
 */
void sim_dfs_run_cut(void)
{
	size_t k;

	if (!dfs.active)
		return;
	sim_por_global();
	for (k = 0; k < dfs.src->pos; k++)
		dfs.path[k].full = true;
}

static struct dfs_frame *frame_at(size_t pos)
{
	if (pos >= dfs.cap) {
		size_t cap = dfs.cap ? 2 * dfs.cap : 4096;

		dfs.path = sim_own_realloc(dfs.path, cap * sizeof(*dfs.path));
		dfs.cap = cap;
	}
	return &dfs.path[pos];
}

static void frame_init(struct dfs_frame *f, const struct sim_source *src, enum sim_choice kind,
		       unsigned int n, enum dfs_node node)
{
	f->answer = 0;
	f->n = (uint16_t)n;
	f->node = (uint8_t)node;
	f->kind = (uint8_t)kind;
	f->preemptive = false;
	f->preemptions_before = src->preemptions;
	f->delays_before = src->delays;
	f->nr_tasks = 0;
	f->in_point = f->relax = false;
	f->sleep = f->done = f->mine = f->backtrack = f->held = 0;
	f->full = false;
	f->pool_end = sim_por_top();
}

/* ---- every answer ------------------------------------------------------ */

static unsigned int plain_choose(struct sim_source *src, enum sim_choice kind, unsigned int n,
				 const uint8_t *tasks, int current)
{
	struct dfs_frame *f = frame_at(src->pos);

	if (src->pos >= src->path_len) {
		/* Below the path so far: a new decision, first answer first. */
		frame_init(f, src, kind, n, DFS_PLAIN);
		f->preemptive = kind == SIM_CHOICE_TASK && current >= 0 && tasks[0] == current;
		src->path_len = src->pos + 1;
	}
	src->pos++;
	if (f->preemptive && f->answer)
		src->preemptions++;
	if (kind == SIM_CHOICE_TASK)
		src->delays += f->answer;
	/* The same prefix gives the same choices: a run is a function of its answers. */
	return f->answer < n ? f->answer : 0;
}

static bool plain_next(const struct sim_source *src, struct dfs_frame *f)
{
	if (f->answer + 1 >= f->n)
		return false;
	if (f->preemptive && f->preemptions_before >= src->preemption_bound)
		return false;
	if (f->kind == SIM_CHOICE_TASK && src->delay_bound != SIM_DFS_UNBOUNDED &&
	    f->delays_before + f->answer + 1u > src->delay_bound)
		return false;
	f->answer++;
	return true;
}

/* ---- sleep sets -------------------------------------------------------- */

/* The first option from @from on that neither sleeps nor was explored, or n. */
static unsigned int next_awake(const struct dfs_frame *f, unsigned int from)
{
	unsigned int i;

	for (i = from; i < f->n; i++)
		if (!((f->sleep | f->done | f->held) & bit(f->proc[i])))
			break;
	return i;
}

/* A new node: what sleeps here is what slept or was explored above, independent of the step. */
static void inherit_sleep(struct dfs_frame *f)
{
	const struct dfs_frame *up;
	unsigned int p;
	uint32_t step;
	uint64_t cand;

	if (dfs.last_por < 0)
		return;
	up = &dfs.path[dfs.last_por];
	step = (uint32_t)up->fp[up->proc[up->answer]];
	cand = (up->sleep | up->done) & ~bit(up->proc[up->answer]);
	for (p = 0; p < SIM_POR_PROCS; p++) {
		if (!(cand & bit(p)) || !sim_por_independent((uint32_t)up->fp[p], step))
			continue;
		f->sleep |= bit(p);
		f->fp[p] = up->fp[p];
	}
}

/* Tasks whose step starts with a drain this node could do flush by flush wait for it. */
static void hold_drains(struct dfs_frame *f)
{
	unsigned int i, j;

	for (i = 0; i < f->nr_tasks; i++) {
		int cpu = sim_sched_drain_first(f->proc[i]);

		if (cpu < 0 && dfs.point_drains[f->proc[i]] && sim_mm_pending(sim_task(f->proc[i])->cpu))
			cpu = (int)sim_task(f->proc[i])->cpu;
		if (cpu < 0)
			continue;
		for (j = f->nr_tasks; j < f->n; j++)
			if (f->proc[j] == SIM_POR_FLUSH(cpu))
				f->held |= bit(f->proc[i]);
	}
}

/* The step of option f->answer starts: its footprint is recorded from here on. */
static void start_step(struct dfs_frame *f, long index)
{
	unsigned int p = f->proc[f->answer];

	if (!(f->mine & bit(p))) {
		f->fp[p] = (int32_t)sim_por_new();
		f->mine |= bit(p);
		f->pool_end = sim_por_top();
	}
	dfs.last_por = index;
	if (p < SIM_POR_TASKS) {
		unsigned int cpu = sim_task(p)->cpu;

		sim_por_record(f->fp[p], (int)cpu);
		/*
		 * Its buffer is empty: the step may be one that waited for the
		 * flushes (held), so it comes after the last of them.
		 */
		if (store_buffer_pushed(cpu) && !store_buffer_len(cpu))
			sim_por_buffer_flushed(cpu, store_buffer_pushed(cpu) - 1);
	} else
		sim_por_record_flush(f->fp[p], p - SIM_POR_TASKS);
}

/*
 * A node of who steps next; @procs its options.  Returns the option, or
 * -1 when every option sleeps (the run is cut short).
 */
static int por_node(struct sim_source *src, enum sim_choice kind, const uint8_t *procs,
		    unsigned int n, unsigned int nr_tasks, bool in_point, bool relax)
{
	long index = (long)src->pos;
	struct dfs_frame *f = frame_at(src->pos);
	unsigned int i;

	if (src->pos >= src->path_len) {
		frame_init(f, src, kind, n, DFS_POR);
		f->nr_tasks = (uint8_t)nr_tasks;
		f->in_point = in_point;
		f->relax = relax;
		for (i = 0; i < n; i++)
			f->proc[i] = procs[i];
		if (in_point)
			hold_drains(f);
		inherit_sleep(f);
		f->answer = (uint8_t)next_awake(f, 0);
		if (f->answer == n) {
			src->prune = true;
			return -1;
		}
		f->backtrack = bit(f->proc[f->answer]);
		src->path_len = src->pos + 1;
	}
	src->pos++;
	start_step(f, index);
	return f->answer;
}

static unsigned int por_task(struct sim_source *src, unsigned int n, const uint8_t *tasks)
{
	unsigned int i;
	int option;

	if (dfs.pending_task >= 0) {
		/* The store-buffer node before it chose; the same offer, so it is there. */
		for (i = 0; i < n && tasks[i] != dfs.pending_task; i++)
			;
		dfs.pending_task = -1;
		return i < n ? i : 0;
	}
	option = por_node(src, SIM_CHOICE_TASK, tasks, n, n, false, false);
	return option < 0 ? 0 : (unsigned int)option;
}

static unsigned int por_flush(struct sim_source *src, unsigned int n)
{
	uint8_t procs[SIM_POR_PROCS], tasks[SIM_MAX_TASKS];
	unsigned int c, i, nr_cpus = 0, nr_tasks = 0, nr;
	bool relax = false, in_point;
	int t = sim_sched_point_candidates(tasks, &relax), option;

	in_point = t >= 0;
	if (in_point)
		nr_tasks = (unsigned int)t;
	for (i = 0; i < nr_tasks; i++)
		procs[i] = tasks[i];
	for (c = 0; c < sim_nr_cpus(); c++)
		if (store_buffer_len(c))
			procs[nr_tasks + nr_cpus++] = (uint8_t)SIM_POR_FLUSH(c);
	if (nr_cpus + in_point != n)
		return plain_choose(src, SIM_CHOICE_FLUSH, n, NULL, -1);	/* not expected */
	nr = nr_tasks + nr_cpus;
	option = por_node(src, SIM_CHOICE_FLUSH, procs, nr, nr_tasks, in_point, relax);
	if (option < 0)
		return 0;
	if ((unsigned int)option < nr_tasks) {
		/* Stop flushing; run that task (asked next only when there is a choice). */
		dfs.pending_task = procs[option];
		return relax ? nr_cpus : 0;
	}
	option -= (int)nr_tasks;
	return in_point && !relax ? (unsigned int)option + 1 : (unsigned int)option;
}

/* A task that may migrate changes the CPU its steps depend through: not followed yet. */
static bool any_unpinned(void)
{
	unsigned int i;

	for (i = 0; i < sim_nr_tasks(); i++)
		if (sim_task(i)->unpinned)
			return true;
	return false;
}

/*
 * A task created at run time past the tasks a proc mask names: the rest of
 * the run is searched whole, and the search no longer says it is complete
 * (a sleep set carried over the plain nodes would not be sound).
 */
static bool por_can_name(struct sim_source *src, const uint8_t *tasks, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (tasks[i] >= SIM_POR_TASKS) {
			src->truncated = true;
			return false;
		}
	}
	return true;
}

unsigned int sim_dfs_choose(struct sim_source *src, enum sim_choice kind, unsigned int n,
			    const uint8_t *tasks, int current)
{
	if (!dfs.por_known) {
		dfs.por_run = src->reduce && !sim_source_bounded(src) &&
			      sim_run_mm() != SIM_MM_LKMM &&
			      !sim_run_checks_steps() && sim_nr_cpus() <= SIM_POR_CPUS &&
			      sim_nr_tasks() <= SIM_POR_TASKS && !any_unpinned();
		dfs.por_known = true;
	}
	if (!dfs.por_run || n > SIM_POR_PROCS)
		return plain_choose(src, kind, n, tasks, current);
	if (kind == SIM_CHOICE_TASK && tasks && !por_can_name(src, tasks, n))
		return plain_choose(src, kind, n, tasks, current);
	switch (kind) {
	case SIM_CHOICE_TASK:
		return tasks ? por_task(src, n, tasks) : plain_choose(src, kind, n, tasks, current);
	case SIM_CHOICE_FLUSH:
		return por_flush(src, n);
	default:
		/* Within a step: every answer, the step's footprint the union of theirs. */
		return plain_choose(src, kind, n, tasks, current);
	}
}

/* The option to explore next: in the backtrack set (all if full), awake, not explored. */
static unsigned int next_to_explore(const struct dfs_frame *f)
{
	unsigned int i;

	for (i = 0; i < f->n; i++) {
		uint64_t b = bit(f->proc[i]);

		if ((f->full || (f->backtrack & b)) && !((f->sleep | f->done | f->held) & b))
			break;
	}
	return i;
}

/* ---- source sets (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014) -------- */

/*
 * After a run, its steps in order (the por frames of the path), with
 * vector clocks of happens-before (program order and dependence).  For
 * each race -- e_i, e_j of different procs, dependent, e_i not ordered
 * before e_j through another step -- some proc that can start the
 * reversed order (an initial of notdep(e_i).e_j) must be explored at the
 * node before e_i.  A run longer than DFS_RACE_STEPS is not analysed:
 * every node on its path explores every awake option (sleep sets alone).
 */
#define DFS_RACE_STEPS 20000

static struct {
	uint32_t *frame;	/* the step's frame */
	uint32_t *clock;	/* [step][proc]: 1 + the last step of proc before it, or 0 */
	uint32_t cap, valid;
} race;

static void races_reset(void)
{
	race.valid = 0;
}

static bool step_dependent(uint32_t i, uint32_t j)
{
	const struct dfs_frame *a = &dfs.path[race.frame[i]], *b = &dfs.path[race.frame[j]];

	if (a->proc[a->answer] == b->proc[b->answer])
		return true;
	return !sim_por_independent((uint32_t)a->fp[a->proc[a->answer]],
				    (uint32_t)b->fp[b->proc[b->answer]]);
}

static bool own_flush(uint32_t i, uint32_t j)
{
	const struct dfs_frame *a = &dfs.path[race.frame[i]], *b = &dfs.path[race.frame[j]];

	return sim_por_own_flush((uint32_t)a->fp[a->proc[a->answer]],
				 (uint32_t)b->fp[b->proc[b->answer]]);
}

static unsigned int step_proc(uint32_t i)
{
	const struct dfs_frame *f = &dfs.path[race.frame[i]];

	return f->proc[f->answer];
}

static uint32_t *clock_of(uint32_t i)
{
	return &race.clock[(size_t)i * SIM_POR_PROCS];
}

/* Step @a happens before step @b (a < b). */
static bool hb(uint32_t a, uint32_t b)
{
	return clock_of(b)[step_proc(a)] >= a + 1;
}

static void add_initial(uint32_t i, uint32_t j, uint32_t m)
{
	struct dfs_frame *f = &dfs.path[race.frame[i]];
	uint64_t initials = 0, seen = 0, options = 0;
	unsigned int pi = step_proc(i), pj = step_proc(j), o;
	uint32_t a, b;

	(void)m;
	for (o = 0; o < f->n; o++)
		options |= bit(f->proc[o]);
	/* v = the steps after e_i not ordered after it, then e_j. */
	for (a = i + 1; a <= j; a++) {
		unsigned int q = step_proc(a);
		bool first;

		if (a < j && hb(i, a))
			continue;
		first = !(seen & bit(q));
		seen |= bit(q);
		if (!first)
			continue;
		for (b = i + 1; b < a; b++)
			if (!hb(i, b) && hb(b, a))
				break;
		if (b == a)
			initials |= bit(q);
	}
	(void)pi;
	/* A held task cannot start here: its CPU's flushes come first. */
	for (o = 0; o < f->nr_tasks; o++) {
		unsigned int p = f->proc[o];

		if ((initials & f->held & bit(p)) && sim_task(p))
			initials |= bit(SIM_POR_FLUSH(sim_task(p)->cpu));
	}
	initials &= ~f->held;
	options &= ~f->held;
	if (f->full || (initials & (f->backtrack | f->done)))
		return;
	if ((initials & bit(pj) & options) && !(f->sleep & bit(pj))) {
		f->backtrack |= bit(pj);
		return;
	}
	for (o = 0; o < f->n; o++) {
		if ((initials & bit(f->proc[o])) && !(f->sleep & bit(f->proc[o]))) {
			f->backtrack |= bit(f->proc[o]);
			return;
		}
	}
	/* Only sleeping initials: they are explored elsewhere.  None offered here: all. */
	if (!(initials & f->sleep & options))
		f->full = true;
}

static void analyse_races(const struct sim_source *src)
{
	size_t k, end = src->pos < dfs.analyse ? src->pos : dfs.analyse;
	int32_t pred[SIM_POR_PROCS];
	uint32_t m = 0, i, j;

	for (k = 0; k < end; k++)
		if (dfs.path[k].node == DFS_POR)
			m++;
	if (m > DFS_RACE_STEPS) {
		for (k = 0; k < src->pos; k++)
			dfs.path[k].full = true;
		race.valid = 0;
		return;
	}
	if (m > race.cap) {
		race.cap = m + 1024;
		race.frame = sim_own_realloc(race.frame, race.cap * sizeof(*race.frame));
		race.clock = sim_own_realloc(race.clock,
					     race.cap * SIM_POR_PROCS * sizeof(*race.clock));
	}
	for (k = 0, m = 0; k < end; k++)
		if (dfs.path[k].node == DFS_POR)
			race.frame[m++] = (uint32_t)k;
	/*
	 * The steps before race.valid are those of the last run, clocks and
	 * races already done; each new step's direct predecessors are its
	 * proc's previous step and, of every other proc, the last step it
	 * depends on (an earlier one comes before that one).
	 */
	for (j = race.valid < m ? race.valid : m; j < m; j++) {
		uint32_t *c = clock_of(j);
		unsigned int p, q, pj = step_proc(j);

		for (p = 0; p < SIM_POR_PROCS; p++) {
			c[p] = 0;
			pred[p] = -1;
		}
		for (i = j; i-- > 0;) {
			unsigned int pi = step_proc(i);

			if (pred[pi] < 0 && (pi == pj || step_dependent(i, j)))
				pred[pi] = (int32_t)i;
		}
		for (p = 0; p < SIM_POR_PROCS; p++) {
			const uint32_t *ci;

			if (pred[p] < 0)
				continue;
			ci = clock_of((uint32_t)pred[p]);
			for (q = 0; q < SIM_POR_PROCS; q++)
				if (ci[q] > c[q])
					c[q] = ci[q];
		}
		c[pj] = j + 1;
		/* A race: a direct predecessor of another proc no other one comes after. */
		for (p = 0; p < SIM_POR_PROCS; p++) {
			uint32_t ip = (uint32_t)pred[p];

			if (pred[p] < 0 || p == pj || own_flush(ip, j))
				continue;
			for (q = 0; q < SIM_POR_PROCS; q++)
				if (q != p && pred[q] >= 0 && clock_of((uint32_t)pred[q])[p] >= ip + 1)
					break;
			if (q == SIM_POR_PROCS)
				add_initial(ip, j, m);
		}
	}
	race.valid = m;
}

/* After a backtrack to frame @d: the steps before the one it is in stay analysed. */
static void races_keep_before(size_t d)
{
	uint32_t n = 0;

	while (n < race.valid && race.frame[n] < d)
		n++;
	/* A plain frame is within the step before it: that step may change too. */
	if (dfs.path[d].node != DFS_POR && n)
		n--;
	race.valid = n;
}

/*
 * No choice, yet maybe a step of another proc: a task starting after one
 * blocked or ended, a flush when no task can run.  A node of one option,
 * so that each step is one proc's (the race analysis needs it); none when
 * the same task simply goes on.
 */
void sim_dfs_single(struct sim_source *src, enum sim_choice kind, unsigned int id)
{
	uint8_t proc;

	if (!dfs.por_known || !dfs.por_run)
		return;
	if (kind == SIM_CHOICE_TASK) {
		if (dfs.pending_task >= 0) {
			dfs.pending_task = -1;
			return;
		}
		if (id >= SIM_POR_TASKS) {
			src->truncated = true;	/* as in por_can_name() */
			return;
		}
		proc = (uint8_t)id;
		if (dfs.last_por >= 0) {
			const struct dfs_frame *f = &dfs.path[dfs.last_por];

			if (f->proc[f->answer] == proc)
				return;
		}
		por_node(src, kind, &proc, 1, 1, false, false);
		return;
	}
	for (proc = 0; proc < sim_nr_cpus() && !store_buffer_len(proc); proc++)
		;
	proc = (uint8_t)SIM_POR_FLUSH(proc);
	por_node(src, kind, &proc, 1, 0, false, false);
}

/*
 * A task's step makes @cpu's buffered stores visible at once.  If its node
 * offered to flush them one by one, that is the same, with every flush a
 * step of its own: the run is cut short and the task held at that node
 * until the buffer is empty (the flushes' subtree offers it again).
 * Otherwise the flushes are part of the task's step, not the flush steps
 * other runs have, which source sets cannot relate: every node above
 * explores every awake option (sleep sets alone).
 */
void sim_dfs_drain(unsigned int cpu)
{
	struct dfs_frame *f;
	unsigned int i, p;

	if (!dfs.active || !dfs.por_known || !dfs.por_run || dfs.last_por < 0)
		return;
	f = &dfs.path[dfs.last_por];
	p = f->proc[f->answer];
	if (p >= SIM_POR_TASKS)
		return;
	for (i = 0; i < f->n && f->proc[i] != SIM_POR_FLUSH(cpu); i++)
		;
	if (i == f->n) {
		long k;

		for (k = 0; k <= dfs.last_por; k++)
			dfs.path[k].full = true;
		return;
	}
	f->held |= bit(p);
	f->backtrack &= ~bit(p);
	/*
	 * The node still explores something: those flushes, unless they sleep
	 * (then what the task would do is explored elsewhere), else the next
	 * option awake (races add the rest, as for any node's first).
	 */
	if (!((f->sleep | f->done) & bit(SIM_POR_FLUSH(cpu))))
		f->backtrack |= bit(SIM_POR_FLUSH(cpu));
	else if (!(f->backtrack & ~(f->sleep | f->done | f->held)))
		for (i = 0; i < f->n; i++)
			if (!((f->sleep | f->done | f->held) & bit(f->proc[i]))) {
				f->backtrack |= bit(f->proc[i]);
				break;
			}
	dfs.analyse = (size_t)dfs.last_por;
	dfs.src->prune = true;
	sim_run_prune();
}

void sim_dfs_point_drains(unsigned int id, bool on)
{
	if (id < SIM_MAX_TASKS)
		dfs.point_drains[id] = on;
}

/* Move to the next path: the deepest decision with an answer left to try. */
void sim_dfs_backtrack(struct sim_source *src)
{
	if (src->prune)
		src->pruned++;
	if (dfs.por_run)
		analyse_races(src);
	src->path_len = src->pos;
	while (src->path_len) {
		struct dfs_frame *f = &dfs.path[src->path_len - 1];
		bool more;

		if (f->node == DFS_PLAIN) {
			more = plain_next(src, f);
		} else {
			if (!(f->held & bit(f->proc[f->answer])))
				f->done |= bit(f->proc[f->answer]);
			f->answer = (uint8_t)next_to_explore(f);
			more = f->answer < f->n;
		}
		if (more) {
			sim_por_truncate(f->pool_end);
			races_keep_before(src->path_len - 1);
			return;
		}
		src->path_len--;
	}
	src->exhausted = true;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The run's trace as libFuzzer features.  A feature is a pair of sites and a
 * kind, hashed into a counter of the extra-counters section; libFuzzer reads
 * that section after every input exactly as it reads its own coverage
 * counters (and buckets their counts), so an input that makes a load read a
 * store it never read before is kept in the corpus.
 *
 * Sites are named by their text and line, never by address, so a feature
 * means the same in every process: a corpus merged across machines stays
 * meaningful.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "sim/hash.h"
#include "sim/trace.h"

#define FEEDBACK_COUNTERS (1u << 15)

/* The section name is libFuzzer's; the counters are zeroed before every input. */
static uint8_t counters[FEEDBACK_COUNTERS]
	__attribute__((section("__libfuzzer_extra_counters"), used, aligned(64)));

static bool enabled;

enum feature_kind {
	FEATURE_READ_SETUP = 1,	/* a load read what setup left */
	FEATURE_READ_OTHER,	/* ... another task's store */
	FEATURE_READ_FORWARDED,	/* ... its CPU's own buffered store (tso) */
	FEATURE_SWITCH,		/* the step after a switch, and the step before it */
	FEATURE_STALE,		/* a load missed another CPU's buffered store to its location */
};

/*
 * Hashing a site's strings at every step would cost more than the step, so
 * each site is hashed once per process and looked up by address.
 */
#define SITE_CACHE 4096

static struct site_hash {
	const struct sim_site *site;
	uint64_t id, location;
} site_cache[SITE_CACHE];

static uint64_t hash_str(uint64_t h, const char *s)
{
	return fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* By value: the cache may be full, and then the entry is computed afresh. */
static struct site_hash site_hash(const struct sim_site *site)
{
	size_t i = ((uintptr_t)site >> 3) % SITE_CACHE, probes;
	struct site_hash h = { site, 1, 1 };

	if (!site)
		return h;
	for (probes = 0; probes < SITE_CACHE; probes++, i = (i + 1) % SITE_CACHE) {
		if (site_cache[i].site == site)
			return site_cache[i];
		if (!site_cache[i].site)
			break;
	}
	/* The location a load or store names: "x" in READ_ONCE(x) and WRITE_ONCE(x, 1). */
	h.location = hash_str(FNV1A_BASIS, site->expr);
	h.id = hash_str(hash_str(h.location, site->func), site->op);
	h.id = fnv1a(h.id, &site->line, sizeof(site->line));
	if (probes < SITE_CACHE)
		site_cache[i] = h;
	return h;
}

/* splitmix64's finaliser: every input bit reaches the counter index. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void feature(enum feature_kind kind, uint64_t a, uint64_t b)
{
	uint8_t *c = &counters[mix(a ^ mix(b + kind)) % FEEDBACK_COUNTERS];

	if (*c != UINT8_MAX)
		(*c)++;
}

/* The store event a load read: a FLUSH stands for its buffered store. */
static const struct sim_event *source_store(const struct sim_event *ev, size_t i)
{
	const struct sim_event *evs = ev - i, *src;

	if (ev->from < 0 || (size_t)ev->from >= i)
		return NULL;
	src = &evs[ev->from];
	if (src->kind == SIM_EV_FLUSH && src->from >= 0 && src->from < ev->from)
		src = &evs[src->from];
	return src;
}

static void reads_from(const struct sim_event *ev, size_t i)
{
	const struct sim_event *src = source_store(ev, i);
	uint64_t load = site_hash(ev->site).id;

	if (!src)
		feature(FEATURE_READ_SETUP, load, 0);
	else if (ev->flags & SIM_EV_FORWARDED)
		feature(FEATURE_READ_FORWARDED, load, site_hash(src->site).id);
	else if (src->task != ev->task)
		feature(FEATURE_READ_OTHER, load, site_hash(src->site).id);
	/* A task reading its own visible store is program order: no news. */
}

/* Stores in store buffers: a FIFO per CPU, SIM_STORE_BUFFER_ENTRIES each. */
#define PENDING_MAX 256

static struct {
	int32_t event[PENDING_MAX];
	unsigned int nr;
} pending;

static void pending_remove(int32_t event)
{
	unsigned int i;

	for (i = 0; i < pending.nr; i++) {
		if (pending.event[i] == event) {
			pending.event[i] = pending.event[--pending.nr];
			return;
		}
	}
}

/* A load that read memory while another CPU's store to the same location waited. */
static void stale_reads(const struct sim_event *evs, const struct sim_event *ev)
{
	struct site_hash load = site_hash(ev->site);
	unsigned int i;

	for (i = 0; i < pending.nr; i++) {
		const struct sim_event *st = &evs[pending.event[i]];
		struct site_hash store = site_hash(st->site);

		if (st->cpu != ev->cpu && store.location == load.location)
			feature(FEATURE_STALE, load.id, store.id);
	}
}

bool fuzz_feedback_init(void)
{
	const char *env = getenv("SCHEDFUZZ_FEEDBACK");

	enabled = !env || strcmp(env, "0");
	return enabled;
}

void fuzz_feedback_collect(void)
{
	const struct sim_event *evs, *prev = NULL;
	size_t nr, i;

	if (!enabled)
		return;
	evs = sim_trace_events(&nr);
	pending.nr = 0;
	for (i = 0; i < nr; i++) {
		const struct sim_event *ev = &evs[i];

		if (ev->kind == SIM_EV_FLUSH) {
			pending_remove(ev->from);
			continue;
		}
		if (ev->kind != SIM_EV_OP)
			continue;
		if (prev && prev->task != ev->task)
			feature(FEATURE_SWITCH, site_hash(prev->site).id, site_hash(ev->site).id);
		prev = ev;
		if (ev->flags & SIM_EV_READ) {
			reads_from(ev, i);
			if (!(ev->flags & SIM_EV_FORWARDED))
				stale_reads(evs, ev);
		}
		if ((ev->flags & SIM_EV_BUFFERED) && pending.nr < PENDING_MAX)
			pending.event[pending.nr++] = (int32_t)i;
	}
}

/*
 * parallel.c - independent work on every core, and the one hash.
 *
 * Reading and parsing a register's files is the same shape of work
 * wherever it happens (the records of a snapshot, the files of the working
 * tree, the files an overview reads): items 0..n-1, each on its own, with
 * allocations that must outlive the workers and findings to keep.  One
 * pool serves them all, sized here once: one thread per core unless the
 * caller says otherwise, none beside the caller's for a few dozen files.
 */
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

/*
 * Fewer items than this run on the caller's thread alone: each item is a
 * file read and parsed (tens of microseconds), starting a thread costs
 * about as much as a couple of them.
 */
#define MIN_ITEMS 64
#define MAX_THREADS 16

unsigned oreg_cores(void)
{
	static atomic_uint cores;
	unsigned n = atomic_load(&cores);

	if (!n) {
		long online = sysconf(_SC_NPROCESSORS_ONLN);

		n = online > 0 ? (unsigned)online : 1;
		atomic_store(&cores, n);
	}
	return n;
}

uint64_t oreg_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	/* FNV-1a: short keys (paths, ids, blob ids) in tables held in memory for one run */
	while (n--)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

struct pool {
	const struct oreg_parallel *job;
	atomic_size_t next;
	atomic_int err;
	pthread_mutex_t lock; /* for the first failure's message */
	char message[512];
};

struct worker {
	struct pool *pool;
	struct oreg_worker mine;
};

static void *work(void *payload)
{
	struct worker *w = payload;
	struct pool *p = w->pool;
	size_t i;
	int err;

	while (!atomic_load(&p->err) && (i = atomic_fetch_add(&p->next, 1)) < p->job->n) {
		if ((err = p->job->fn(p->job->payload, i, &w->mine)) < 0) {
			/* the message is thread-local: carry it to the caller's thread */
			pthread_mutex_lock(&p->lock);
			if (!atomic_load(&p->err)) {
				snprintf(p->message, sizeof(p->message), "%s", oreg_error_message());
				atomic_store(&p->err, err);
			}
			pthread_mutex_unlock(&p->lock);
			break;
		}
	}
	return NULL;
}

int oreg_parallel_for(const struct oreg_parallel *job)
{
	struct pool p = { .job = job };
	struct worker workers[MAX_THREADS];
	pthread_t threads[MAX_THREADS];
	unsigned n = job->threads ? job->threads : oreg_cores(), started = 0, k;
	int err = 0;

	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if (job->n < MIN_ITEMS)
		n = 1;
	atomic_init(&p.next, 0);
	atomic_init(&p.err, 0);
	pthread_mutex_init(&p.lock, NULL);
	for (k = 0; k < n; k++) {
		workers[k].pool = &p;
		oreg_arena_init(&workers[k].mine.arena);
		oreg_findings_init(&workers[k].mine.findings);
	}
	/* the caller's thread is worker 0; a thread that cannot start leaves its share to the others */
	for (k = 1; k < n; k++)
		if (pthread_create(&threads[started], NULL, work, &workers[k]) == 0)
			started++;
	work(&workers[0]);
	for (k = 0; k < started; k++)
		pthread_join(threads[k], NULL);
	for (k = 0; k < n; k++) {
		if (job->arena)
			oreg_arena_adopt(job->arena, &workers[k].mine.arena);
		oreg_arena_release(&workers[k].mine.arena);
		if (job->findings && !err && oreg_findings_move(job->findings, &workers[k].mine.findings) < 0)
			err = OREG_ENOMEM;
		oreg_findings_release(&workers[k].mine.findings);
	}
	pthread_mutex_destroy(&p.lock);
	if (atomic_load(&p.err))
		return oreg_error(atomic_load(&p.err), "%s", p.message);
	return err;
}

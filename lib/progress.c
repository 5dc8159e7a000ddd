/*
 * progress.c - how long work tells the program how far it is, so that the
 * program can show it (progress on a terminal is the program's business,
 * not the library's).  Workers on several threads count items; one of them
 * at a time reports, every few items.
 */
#include "internal.h"

static oreg_progress_fn report_fn;
static void *report_payload;

void oreg_progress_set(oreg_progress_fn fn, void *payload)
{
	report_fn = fn;
	report_payload = payload;
}

void oreg_progress_begin(struct oreg_progress *p, const char *what, size_t total)
{
	p->what = what;
	p->total = total;
	/* about every hundredth item, at most every 64th: a few slow items (commits) report each one */
	for (p->every = 1; p->every < 64 && p->every * 128 <= total; p->every *= 2)
		;
	p->every--;
	atomic_init(&p->done, 0);
	atomic_init(&p->busy, 0);
	if (report_fn)
		report_fn(report_payload, what, 0, total);
}

void oreg_progress_tick(struct oreg_progress *p)
{
	size_t done = atomic_fetch_add(&p->done, 1) + 1;

	/* every few items, and only if no other thread is reporting */
	if (!report_fn || (done & p->every) || atomic_exchange(&p->busy, 1))
		return;
	report_fn(report_payload, p->what, done < p->total ? done : p->total - 1, p->total);
	atomic_store(&p->busy, 0);
}

void oreg_progress_end(struct oreg_progress *p)
{
	if (report_fn)
		report_fn(report_payload, p->what, p->total, p->total);
}

/*
 * histquery.c - questions the documents ask of the history index: which
 * commit the register stood at on a day and its record time (the register's
 * clock, as gitlog.c reads it by walking the chain), and what a folder lost
 * and a record held at a step (the overview's deleted section).
 *
 * Every answer here is the one the walk gives; each function says when the
 * index cannot answer (none to use, a commit off its chain, a damaged part
 * found as it is read), and the caller then reads the history itself.  An
 * index is used when it is there: it is brought up to HEAD, which costs in
 * proportion to the commits since its tip, but never built from nothing for
 * these questions (building it costs more than one walk).
 */
#include "git.h"
#include "histindex.h"

#include <stdlib.h>
#include <string.h>

int oreg_histindex_use(struct oreg_histindex **out, struct oreg_repo *r)
{
	/* opened once (its checksums read once) for every question of the command */
	if (!r->histindex_tried) {
		r->histindex_tried = 1;
		/* whatever keeps the index from being used (damaged, locked, off) leaves the walk to answer */
		if (!oreg_repo_head_unborn(r) && oreg_histindex_open(&r->histindex, r, NULL, OREG_HISTINDEX_NO_BUILD,
				NULL) < 0)
			r->histindex = NULL;
	}
	*out = r->histindex;
	return 0;
}

long oreg_histindex_step_of_rev(struct oreg_histindex *ix, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL;
	long step;

	if (oreg_git_lookup_commit(&c, r, rev) < 0)
		return -1;
	step = oreg_histindex_step(ix, git_commit_id(c)->id);
	git_commit_free(c);
	return step;
}

void oreg_histindex_commit_hex(char out[41], const struct oreg_histindex *ix, uint32_t step)
{
	struct oreg_hx_commit c;

	oreg_histindex_commit(&c, ix, step);
	oreg_oid_hex(out, c.id);
}

int oreg_histindex_as_of(char out[41], struct oreg_repo *r, const char *branch, int32_t day)
{
	long long limit = oreg_day_end_amsterdam(day);
	struct oreg_histindex *ix = NULL;
	struct oreg_hx_commit c;
	uint32_t lo = 0, hi;
	long top;
	int err = 0;

	out[0] = '\0';
	if (oreg_histindex_use(&ix, r) < 0 || !ix)
		return 1;
	if ((top = oreg_histindex_step_of_rev(ix, r, branch ? branch : "HEAD")) < 0)
		return 1;
	/* the record time never decreases along the chain: the first step dated after the day */
	hi = (uint32_t)top + 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		oreg_histindex_commit(&c, ix, mid);
		if (c.record_time > limit)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == (uint32_t)top + 1) {
		oreg_histindex_commit_hex(out, ix, (uint32_t)top);
	} else if (lo == 0) {
		char first[OREG_TIME_SIZE], date[OREG_DATE_SIZE];

		oreg_histindex_commit(&c, ix, 0);
		oreg_time_format(first, c.time, 0, OREG_TIME_DAY);
		err = oreg_error(OREG_ENOTFOUND, "the register's history begins on %s: it did not exist yet on %s", first,
			oreg_date_format(date, day));
	} else {
		oreg_histindex_commit_hex(out, ix, lo - 1);
	}
	return err;
}

int oreg_histindex_record_time(long long *out, struct oreg_repo *r, const char *rev)
{
	struct oreg_histindex *ix = NULL;
	struct oreg_hx_commit c;
	long step;

	*out = 0;
	if (oreg_histindex_use(&ix, r) < 0 || !ix)
		return 1;
	step = oreg_histindex_step_of_rev(ix, r, rev);
	if (step >= 0) {
		oreg_histindex_commit(&c, ix, (uint32_t)step);
		*out = c.record_time;
	}
	return step < 0;
}

int oreg_histindex_find(struct oreg_hx_found *out, struct oreg_histindex *ix, char letter, const char *name,
	size_t len)
{
	struct oreg_buf key = OREG_BUF_INIT;
	int err;

	memset(out, 0, sizeof(*out));
	oreg_buf_addch(&key, letter);
	oreg_buf_add(&key, name, len);
	if ((err = oreg_buf_error(&key)) == 0)
		err = oreg_histindex_lookup(out, ix, key.ptr, key.len);
	oreg_buf_release(&key);
	if (err < 0)
		oreg_hx_found_release(out);
	return err;
}

int oreg_histindex_blob_at(unsigned char id[20], struct oreg_histindex *ix, const char *path, uint32_t step)
{
	struct oreg_hx_found f;
	size_t k;
	int err;

	if ((err = oreg_histindex_find(&f, ix, 'p', path, strlen(path))) < 0)
		return err;
	for (k = f.n; k-- > 0;)
		if (f.items[k].step <= step)
			break;
	err = k < f.n && f.items[k].kind == OREG_HX_PRESENT;
	if (err)
		memcpy(id, f.items[k].id, 20);
	oreg_hx_found_release(&f);
	return err;
}

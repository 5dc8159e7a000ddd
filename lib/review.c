/*
 * review.c - the review of a change from one commit to another, as a
 * reader at one level may see it: the records whose files differ, with
 * their field-level changes, and the rule results of the later commit.
 *
 * What the reader may not see is left out: hidden records and fields do
 * not appear, not even as changed, and a finding whose message could
 * quote them (it lies in a hidden record or field, or, at the public
 * level, it comes from a rule that quotes other records: ref, exclusion,
 * history) is withheld and only counted.  The front end prints what is
 * left (openreg diff); a second front end gets the same policy here.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * A record whose file differs from A to B: its blob ids as the folders
 * hold them, and its two versions as the reader sees them, once built
 * (from a document the range check loaded, or read here).
 */
struct pending {
	char *path;
	unsigned char old_id[20], new_id[20];
	bool has_old, has_new;
	struct oreg_record_version old, new;
	bool got_old, got_new;
};

/* A blob a pending record wants, and which of its versions. */
struct wanted {
	unsigned char id[20];
	size_t at;
	bool is_new;
};

struct build {
	struct oreg_review *r;
	struct oreg_view *view;
	size_t alloc;
	struct pending *pending;
	size_t npending, apending;
	struct wanted *wanted; /* sorted by id */
	size_t nwanted;
	pthread_mutex_t lock; /* the checker's parses may run on every core */
};

static int what_rank(const char *what)
{
	return !strcmp(what, "added") ? 0 : !strcmp(what, "removed") ? 1 : !strcmp(what, "changed") ? 2 : 3;
}

static int compare_changes(const void *pa, const void *pb)
{
	const struct oreg_review_change *a = pa, *b = pb;
	int c = strcmp(a->type, b->type);

	if (c)
		return c;
	if (what_rank(a->what) != what_rank(b->what))
		return what_rank(a->what) - what_rank(b->what);
	return strcmp(a->path, b->path);
}

/* The record at p, its versions in A and in B built, as a change the reader may see (or none). */
static int add_record(struct build *bd, struct pending *p)
{
	struct oreg_review *r = bd->r;
	struct oreg_review_change c;
	const char *path = p->path;
	int err = 0;

	memset(&c, 0, sizeof(c));
	oreg_field_changes_init(&c.fields);
	if ((!p->got_old && (err = oreg_view_record_listed(&p->old, bd->view, r->a, path,
			p->has_old ? p->old_id : NULL)) < 0) ||
		(!p->got_new && (err = oreg_view_record_listed(&p->new, bd->view, r->b, path,
			p->has_new ? p->new_id : NULL)) < 0)) {
		/* a file that is no record's is the layout rule's to report */
		return err == OREG_ENOTFOUND ? 0 : err;
	}
	p->got_old = p->got_new = true;
	c.old = p->old;
	c.new = p->new;
	memset(&p->old, 0, sizeof(p->old));
	memset(&p->new, 0, sizeof(p->new));
	if (c.new.presence == OREG_RECORD_HIDDEN)
		goto drop; /* visibility is judged at B for the whole history: not even "removed" */
	if (c.old.presence == OREG_RECORD_UNREADABLE || c.new.presence == OREG_RECORD_UNREADABLE) {
		c.what = "unreadable";
		/*
		 * Its visibility is unknown: name it only when the readable side
		 * shows the reader may see it, else it may be a confidential one
		 * (an empty path: the front end says "a confidential record").
		 */
		if (!r->confidential && c.old.presence != OREG_RECORD_VISIBLE && c.new.presence != OREG_RECORD_VISIBLE)
			path = "";
	} else if (c.new.presence == OREG_RECORD_VISIBLE && c.old.presence != OREG_RECORD_VISIBLE)
		c.what = "added";
	else if (c.old.presence == OREG_RECORD_VISIBLE && c.new.presence != OREG_RECORD_VISIBLE)
		c.what = "removed";
	else if (c.old.presence == OREG_RECORD_VISIBLE)
		c.what = "changed";
	if (c.what && (!strcmp(c.what, "added") || !strcmp(c.what, "changed")) &&
		(err = oreg_field_diff(&c.fields, c.old.doc ? oreg_document_root(c.old.doc) : NULL,
			c.new.doc ? oreg_document_root(c.new.doc) : NULL)) < 0)
		goto drop;
	if (!c.what || (!strcmp(c.what, "changed") && !c.fields.count))
		goto drop; /* nothing the reader may see changed */
	if (!(c.path = oreg_strdup(path)) ||
		oreg_grow((void **)&r->changes, &bd->alloc, r->nchanges + 1, sizeof(*r->changes)) < 0) {
		err = OREG_ENOMEM;
		goto drop;
	}
	c.type = c.new.type ? c.new.type : c.old.type ? c.old.type : "";
	r->changes[r->nchanges++] = c;
	return 0;
drop:
	free(c.path);
	oreg_field_changes_release(&c.fields);
	oreg_record_version_release(&c.old);
	oreg_record_version_release(&c.new);
	return err < 0 ? err : 0;
}

static int on_change(const struct oreg_entry *old, const struct oreg_entry *new, void *payload)
{
	struct build *bd = payload;
	struct pending *p;

	if (oreg_grow((void **)&bd->pending, &bd->apending, bd->npending + 1, sizeof(*bd->pending)) < 0)
		return OREG_ENOMEM;
	p = &bd->pending[bd->npending];
	memset(p, 0, sizeof(*p));
	if (!(p->path = oreg_strdup((new ? new : old)->path)))
		return OREG_ENOMEM;
	if ((p->has_old = old && old->has_id))
		memcpy(p->old_id, old->id, 20);
	if ((p->has_new = new && new->has_id))
		memcpy(p->new_id, new->id, 20);
	bd->npending++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return memcmp(((const struct wanted *)a)->id, ((const struct wanted *)b)->id, 20);
}

/* The blobs of the listed records, by id, to take their documents from the range check. */
static int want_blobs(struct build *bd)
{
	size_t i, n = 0;

	if (!(bd->wanted = oreg_calloc(bd->npending * 2 + 1, sizeof(*bd->wanted))))
		return OREG_ENOMEM;
	for (i = 0; i < bd->npending; i++) {
		const struct pending *p = &bd->pending[i];

		if (p->has_old) {
			memcpy(bd->wanted[n].id, p->old_id, 20);
			bd->wanted[n].at = i;
			bd->wanted[n++].is_new = false;
		}
		if (p->has_new) {
			memcpy(bd->wanted[n].id, p->new_id, 20);
			bd->wanted[n].at = i;
			bd->wanted[n++].is_new = true;
		}
	}
	qsort(bd->wanted, n, sizeof(*bd->wanted), by_id);
	bd->nwanted = n;
	return 0;
}

/*
 * A document the range check loaded: every listed version with its blob
 * is built from it, and not read again.  A version that cannot be built
 * so is left to add_record, which reads it and reports what it must.
 */
static void on_document(void *payload, const struct oreg_entry *entry, const struct oreg_document *doc)
{
	struct build *bd = payload;
	size_t lo = 0, hi = bd->nwanted;

	pthread_mutex_lock(&bd->lock);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (memcmp(bd->wanted[mid].id, entry->id, 20) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < bd->nwanted && !memcmp(bd->wanted[lo].id, entry->id, 20); lo++) {
		struct pending *p = &bd->pending[bd->wanted[lo].at];
		bool is_new = bd->wanted[lo].is_new;

		if (is_new ? p->got_new : p->got_old)
			continue;
		if (oreg_view_record_document(is_new ? &p->new : &p->old, bd->view, is_new ? bd->r->b : bd->r->a, p->path,
				entry->id, doc) == 0)
			*(is_new ? &p->got_new : &p->got_old) = true;
	}
	pthread_mutex_unlock(&bd->lock);
}

/* Every listed record as a change the reader may see, in the review's order. */
static int collect(struct build *bd)
{
	struct oreg_review *r = bd->r;
	size_t i;
	int err = 0;

	for (i = 0; i < bd->npending && err >= 0; i++)
		err = add_record(bd, &bd->pending[i]);
	if (err >= 0 && r->nchanges)
		qsort(r->changes, r->nchanges, sizeof(*r->changes), compare_changes);
	return err < 0 ? err : 0;
}

static void release_pending(struct build *bd)
{
	size_t i;

	for (i = 0; i < bd->npending; i++) {
		free(bd->pending[i].path);
		oreg_record_version_release(&bd->pending[i].old);
		oreg_record_version_release(&bd->pending[i].new);
	}
	free(bd->pending);
	free(bd->wanted);
}

/* Rules whose messages name other records: shown at the confidential level only. */
static int quotes_other_records(const char *rule)
{
	return !strcmp(rule, "ref") || !strcmp(rule, "exclusion") || !strcmp(rule, "history");
}

static int screen_findings(struct build *bd, struct oreg_findings *all)
{
	struct oreg_review *r = bd->r;
	size_t i;
	int err;

	oreg_findings_sort(all);
	oreg_findings_unique(all);
	r->errors = oreg_findings_errors(all);
	r->warnings = all->count - r->errors;
	for (i = 0; i < all->count; i++) {
		const struct oreg_finding *f = &all->items[i];
		enum oreg_visibility vis = OREG_VISIBILITY_PUBLIC;
		enum oreg_visibility level = r->confidential ? OREG_VISIBILITY_CONFIDENTIAL : OREG_VISIBILITY_PUBLIC;

		if (!r->confidential && quotes_other_records(f->rule)) {
			r->withheld++;
			continue;
		}
		if ((err = oreg_view_pointer_visibility(&vis, bd->view, r->b, f->file, f->pointer)) < 0)
			return err;
		if (vis > level) {
			r->withheld++;
			continue;
		}
		if ((err = oreg_findings_add(&r->findings, f->severity, f->file, f->line, f->column, f->rule,
			f->pointer, "%s", f->message)) < 0)
			return err;
	}
	return 0;
}

/*
 * The rules as the server applies them to a push of A..B: every commit of
 * the range against its first parent (the history rules included), then
 * the final tree against A, so that a review never says "0 errors" for a
 * change the server will refuse.  When A is no ancestor of B there is no
 * range to walk, and B is checked against A.
 */
static int check_range(const struct oreg_review *r, struct oreg_repo *repo, struct oreg_checker *chk,
	struct oreg_snapshot *sa, struct oreg_snapshot *sb, struct oreg_findings *all)
{
	char base[41];

	if (!strcmp(r->a, r->b))
		return 0;
	if (oreg_repo_merge_base(base, repo, r->a, r->b) == 0 && !strcmp(base, r->a))
		return oreg_check_range(chk, r->a, r->b, all);
	return oreg_check_changes(chk, sa, sb, all);
}

int oreg_review_new(struct oreg_review **out, struct oreg_repo *repo, const char *from, const char *to,
	int confidential)
{
	struct build bd = { 0 };
	struct oreg_review *r = oreg_calloc(1, sizeof(*r));
	struct oreg_snapshot *sa = NULL, *sb = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_register *reg = NULL;
	struct oreg_findings all, scratch;
	int err;

	*out = NULL;
	if (!r)
		return OREG_ENOMEM;
	bd.r = r;
	pthread_mutex_init(&bd.lock, NULL);
	r->confidential = confidential;
	oreg_findings_init(&r->findings);
	oreg_findings_init(&all);
	oreg_findings_init(&scratch);
	if ((err = oreg_repo_resolve(r->a, repo, from)) < 0 ||
		(err = oreg_repo_resolve(r->b, repo, to ? to : "HEAD")) < 0 ||
		/* read the commits themselves: a walk from a parent would fail at a shallow clone's boundary */
		(err = oreg_repo_commit(&r->ca, repo, r->a)) < 0 || (err = oreg_repo_commit(&r->cb, repo, r->b)) < 0 ||
		(err = oreg_view_new(&bd.view, repo, confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_snapshot_open(&sa, repo, OREG_SNAPSHOT_COMMIT, r->a)) < 0 ||
		(err = oreg_snapshot_open(&sb, repo, OREG_SNAPSHOT_COMMIT, r->b)) < 0 ||
		(err = oreg_register_load(&reg, oreg_snapshot_read, sb, &scratch)) < 0)
		goto done;
	/*
	 * Every record whose file differs from A to B: folders that are the
	 * same in both are skipped, and each changed record is read by the
	 * blob ids its folders hold, never looked up from the top; the range
	 * check loads most of them anyway, and tells of each document it loads.
	 */
	if ((err = oreg_snapshot_changes(sa, sb, reg ? oreg_register_records_dir(reg) : "records", on_change, &bd)) < 0 ||
		(err = want_blobs(&bd)) < 0 || (err = oreg_checker_new(&chk, repo)) < 0)
		goto done;
	oreg_checker_on_document(chk, on_document, &bd);
	err = check_range(r, repo, chk, sa, sb, &all);
	oreg_checker_on_document(chk, NULL, NULL);
	if (err < 0 || (err = collect(&bd)) < 0)
		goto done;
	err = screen_findings(&bd, &all);
done:
	oreg_findings_release(&all);
	oreg_findings_release(&scratch);
	oreg_checker_free(chk);
	oreg_register_free(reg);
	oreg_snapshot_free(sa);
	oreg_snapshot_free(sb);
	release_pending(&bd);
	pthread_mutex_destroy(&bd.lock);
	oreg_view_free(bd.view);
	if (err < 0) {
		oreg_review_free(r);
		return err;
	}
	*out = r;
	return 0;
}

void oreg_review_free(struct oreg_review *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nchanges; i++) {
		free(r->changes[i].path);
		oreg_field_changes_release(&r->changes[i].fields);
		oreg_record_version_release(&r->changes[i].old);
		oreg_record_version_release(&r->changes[i].new);
	}
	free(r->changes);
	oreg_findings_release(&r->findings);
	oreg_commit_release(&r->ca);
	oreg_commit_release(&r->cb);
	free(r);
}
